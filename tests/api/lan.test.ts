import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { createTill, pairTill } from '../../db/services/tills';
import { pinnedCall } from '../../server/pinned-fetch';
import { startStation, type Station } from '../../server/station';
import { tlsFiles } from '../../server/tls';
import { makeFixture } from '../db/fixture';
import { exchange, json } from './raw-http';

/** An address of this machine that is not loopback: a request to it arrives from a LAN address. */
const LAN_IP = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

interface Call {
  status: number;
  code: string | undefined;
  body: { ok: boolean; result?: unknown; error?: { code: string } };
  headers: Record<string, string>;
}

/** The LAN speaks TLS; plain HTTP is for the station's own machine. */
const scheme = (ip: string) => (ip.startsWith('127.') ? 'http' : 'https');

/** A raw request to `ip`, with exactly the Host (and other) headers given: what a LAN tablet or a rebinding page sends. */
async function call(
  station: Station,
  ip: string,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const port = new URL(station.url).port;
  const body = JSON.stringify(input);
  const head = {
    host: `${ip}:${port}`,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  };
  const raw = `POST /api/${method} HTTP/1.1\r\n${Object.entries(head)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}`;
  const r = await exchange(`${scheme(ip)}://${ip}:${port}`, [raw], { expect: 1 });
  const res = r.responses[0];
  const parsed = json(res) as Call['body'];
  return { status: res?.status ?? 0, code: parsed.error?.code, body: parsed, headers: res?.headers ?? {} };
}

async function getPath(station: Station, ip: string, path: string, headers: Record<string, string> = {}) {
  const port = new URL(station.url).port;
  const head = { host: `${ip}:${port}`, ...headers };
  const raw = `GET ${path} HTTP/1.1\r\n${Object.entries(head)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  const r = await exchange(`${scheme(ip)}://${ip}:${port}`, [raw], { expect: 1 });
  return r.responses[0];
}

describe.skipIf(!LAN_IP)(`a station open to the LAN (reached on ${LAN_IP ?? 'no LAN address'})`, () => {
  const ip = LAN_IP ?? '';
  let station: Station;
  let fresh: Station;
  let dbFile: string;
  let freshDb: string;
  let tillToken: string;

  beforeAll(async () => {
    const f = makeFixture({ withStock: false, openSession: false });
    dbFile = f.file;
    // A paired till, made the way a manager does it, so the tests below have a device token.
    const { pairing } = createTill(
      f.store,
      f.asManager,
      { id: 'T2', name: 'Caisse 2' },
      {
        addresses: [],
        fingerprint: null,
      },
    );
    tillToken = pairTill(f.store, pairing.code).token;
    f.db.close();
    station = await startStation({
      dbFile,
      port: 0,
      host: '0.0.0.0',
      staticDir: null,
      allowedHosts: ['caisse.souk.lan'],
      reportWorkers: 0,
    });
    freshDb = join(mkdtempSync(join(tmpdir(), 'souk-lan-')), 'fresh.db');
    fresh = await startStation({
      dbFile: freshDb,
      port: 0,
      host: '0.0.0.0',
      staticDir: null,
      reportWorkers: 0,
    });
  });
  afterAll(async () => {
    await station.close();
    await fresh.close();
  });

  it('keeps its TLS key and certificate beside the database (key owner-only), the same after a restart', async () => {
    const fingerprint = station.tls?.fingerprint;
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const { keyFile, certFile } = tlsFiles(dbFile);
    expect(new X509Certificate(readFileSync(certFile)).fingerprint256).toBe(fingerprint);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    await station.close();
    station = await startStation({
      dbFile,
      port: 0,
      host: '0.0.0.0',
      staticDir: null,
      allowedHosts: ['caisse.souk.lan'],
      reportWorkers: 0,
    });
    expect(station.tls?.fingerprint).toBe(fingerprint);
    expect(fresh.tls?.fingerprint).not.toBe(fingerprint);
  });

  it('lists users for the login screen only to a paired device', async () => {
    const anonymous = await call(station, ip, 'auth.users', {});
    expect(anonymous.status).toBe(403);
    expect(anonymous.code).toBe('DEVICE_NOT_PAIRED');
    expect(JSON.stringify(anonymous.body)).not.toContain('Youssef');
    expect((await call(station, ip, 'auth.users', {}, { 'x-souk-till': 'x'.repeat(43) })).code).toBe(
      'DEVICE_NOT_PAIRED',
    );
    // The old shared device key is gone: its header admits nothing.
    expect((await call(station, ip, 'auth.users', {}, { 'x-souk-device': 'x'.repeat(43) })).code).toBe(
      'DEVICE_NOT_PAIRED',
    );
    // The rest of the API is behind the same token: no PIN guessing from an unknown device either.
    expect((await call(station, ip, 'auth.login', { userId: 1, pin: '0000' })).code).toBe(
      'DEVICE_NOT_PAIRED',
    );

    const paired = await call(station, ip, 'auth.users', {}, { 'x-souk-till': tillToken });
    expect(paired.status).toBe(200);
    expect(JSON.stringify(paired.body.result)).toContain('Youssef');
    // The station's own machine needs no token, and a paired browser's cookie is as good as the header.
    expect((await call(station, '127.0.0.1', 'auth.users', {})).status).toBe(200);
    expect((await call(station, ip, 'auth.users', {}, { cookie: `souk_till=${tillToken}` })).status).toBe(
      200,
    );
  });

  it('never answers plain HTTP from the LAN: the connection fails its TLS handshake', async () => {
    const port = new URL(station.url).port;
    const raw = `POST /api/auth.users HTTP/1.1\r\nhost: ${ip}:${port}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nx-souk-till: ${tillToken}\r\n\r\n{}`;
    const r = await exchange(`http://${ip}:${port}`, [raw], { timeoutMs: 20_000 });
    expect(r.closed).toBe(true);
    expect(r.responses).toEqual([]);
  });

  it('does first-run setup only from the station itself', async () => {
    const setup = {
      adminName: 'Intrus',
      pin: '4321',
      shopName: 'Pas ma boutique',
    };
    // No device can be paired before setup (no manager yet), and no token would make setup remote anyway.
    const remote = await call(fresh, ip, 'system.setup', setup);
    expect(remote.status).toBe(403);
    expect(remote.code).toBe('LOCAL_ONLY');
    const db = new Database(freshDb, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    db.close();

    const local = await call(fresh, '127.0.0.1', 'system.setup', { ...setup, adminName: 'Khadija' });
    expect(local.status).toBe(200);
  });

  it('answers only to its own names and addresses, so a DNS-rebinding page cannot reach the API', async () => {
    const port = new URL(station.url).port;
    const withToken = { 'x-souk-till': tillToken };
    // The station's address, its configured name and (from its own machine) localhost are fine.
    expect((await call(station, ip, 'system.info', {}, withToken)).status).toBe(200);
    expect(
      (await call(station, ip, 'system.info', {}, { ...withToken, host: `caisse.souk.lan:${port}` })).status,
    ).toBe(200);
    expect((await call(station, '127.0.0.1', 'system.info', {}, { host: `localhost:${port}` })).status).toBe(
      200,
    );
    // A page on attacker.example whose DNS now points at the station sends its own name as Host.
    for (const [from, host] of [
      [ip, `attacker.example:${port}`],
      ['127.0.0.1', `attacker.example:${port}`],
      [ip, `localhost:${port}`], // loopback names only from loopback
      [ip, `${ip}.attacker.example`],
      [ip, ''],
    ] as const) {
      const r = await call(station, from, 'auth.users', {}, { ...withToken, host });
      expect(r.status, `${from} Host: ${host}`).toBe(403);
      expect(r.code, `${from} Host: ${host}`).toBe('HOST_NOT_ALLOWED');
      expect(JSON.stringify(r.body)).not.toContain('Youssef');
    }
    expect((await getPath(station, ip, '/', { host: `attacker.example:${port}` }))?.status).toBe(403);
  });
});

describe.skipIf(!LAN_IP)('server/main.ts --lan', () => {
  it('prints the HTTPS addresses and the certificate fingerprint at start, the one kept beside the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-main-lan-'));
    const db = join(dir, 'shop.db');
    const main = new URL('../../server/main.ts', import.meta.url).pathname;
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', main, '--db', db, '--port', '0', '--lan', '--report-workers', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        proc.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (/fingerprint: \S+\n[\s\S]*loopback only: \S+\n/.test(text)) resolve(text);
        });
        proc.once('exit', (code) => reject(new Error(`station exited (${code}): ${text}`)));
        setTimeout(() => reject(new Error(`no fingerprint printed within 60 s: ${text}`)), 60_000).unref();
      });
      const printed = /fingerprint: (\S+)/.exec(out)?.[1];
      expect(printed).toBe(new X509Certificate(readFileSync(tlsFiles(db).certFile)).fingerprint256);
      const lanUrl = /https:\/\/\S+\//.exec(
        out.split('\n').find((l) => l.includes(LAN_IP ?? '-')) ?? '',
      )?.[0];
      expect(lanUrl).toMatch(new RegExp(`^https://${LAN_IP}:\\d+/$`));
      // What it printed is what a till pins: a pinned call goes through, and needs pairing.
      const r = await pinnedCall(lanUrl!.replace(/\/$/, ''), printed!, 'auth.users', {});
      expect(r.body.error?.code).toBe('DEVICE_NOT_PAIRED');
    } finally {
      proc.kill('SIGTERM');
    }
  }, 90_000);
});

describe('a station on loopback only', () => {
  let station: Station;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-loopback-'));
    station = await startStation({ dbFile: join(dir, 'x.db'), port: 0, staticDir: null, reportWorkers: 0 });
  });
  afterAll(() => station.close());

  it('refuses a rebinding host even from the station machine, and makes no certificate', async () => {
    const port = new URL(station.url).port;
    const evil = await call(station, '127.0.0.1', 'auth.users', {}, { host: `attacker.example:${port}` });
    expect(evil.code).toBe('HOST_NOT_ALLOWED');
    expect((await call(station, '127.0.0.1', 'auth.users', {})).status).toBe(200);
    expect(station.tls).toBeNull();
    expect(station.lanUrl).toBeNull();
    expect(existsSync(tlsFiles(join(dir, 'x.db')).certFile)).toBe(false);
  });
});
