import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanBanner } from '../../server/main';
import { startStation, type Station } from '../../server/station';
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
  const r = await exchange(`http://${ip}:${port}`, [raw], { expect: 1 });
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
  const r = await exchange(`http://${ip}:${port}`, [raw], { expect: 1 });
  return r.responses[0];
}

describe.skipIf(!LAN_IP)(`a station open to the LAN (reached on ${LAN_IP ?? 'no LAN address'})`, () => {
  const ip = LAN_IP ?? '';
  let station: Station;
  let fresh: Station;
  let dbFile: string;
  let freshDb: string;

  beforeAll(async () => {
    const f = makeFixture({ withStock: false, openSession: false });
    f.db.close();
    dbFile = f.file;
    station = await startStation({
      dbFile,
      port: 0,
      host: '0.0.0.0',
      staticDir: null,
      allowedHosts: ['caisse.souk.lan'],
    });
    freshDb = join(mkdtempSync(join(tmpdir(), 'souk-lan-')), 'fresh.db');
    fresh = await startStation({ dbFile: freshDb, port: 0, host: '0.0.0.0', staticDir: null });
  });
  afterAll(async () => {
    await station.close();
    await fresh.close();
  });

  it('keeps a device key beside the database, owner-only, the same after a restart', async () => {
    const key = station.deviceKey;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = `${dbFile}.device-key`;
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(statSync(file).mode & 0o077).toBe(0);
    await station.close();
    station = await startStation({
      dbFile,
      port: 0,
      host: '0.0.0.0',
      staticDir: null,
      allowedHosts: ['caisse.souk.lan'],
    });
    expect(station.deviceKey).toBe(key);
    expect(fresh.deviceKey).not.toBe(key);
  });

  it('lists users for the login screen only to a device that presents the key', async () => {
    const key = station.deviceKey ?? '';
    const anonymous = await call(station, ip, 'auth.users', {});
    expect(anonymous.status).toBe(403);
    expect(anonymous.code).toBe('DEVICE_NOT_PAIRED');
    expect(JSON.stringify(anonymous.body)).not.toContain('Youssef');
    expect((await call(station, ip, 'auth.users', {}, { 'x-souk-device': 'x'.repeat(43) })).code).toBe(
      'DEVICE_NOT_PAIRED',
    );
    // The rest of the API is behind the same key: no PIN guessing from an unknown device either.
    expect((await call(station, ip, 'auth.login', { userId: 1, pin: '0000' })).code).toBe(
      'DEVICE_NOT_PAIRED',
    );

    const paired = await call(station, ip, 'auth.users', {}, { 'x-souk-device': key });
    expect(paired.status).toBe(200);
    expect(JSON.stringify(paired.body.result)).toContain('Youssef');
    // The station's own machine needs no key.
    const local = await call(station, '127.0.0.1', 'auth.users', {});
    expect(local.status).toBe(200);
  });

  it('pairs a browser with the printed link: a cookie the API then accepts', async () => {
    const key = station.deviceKey ?? '';
    const port = Number(new URL(station.url).port);
    const banner = lanBanner(port, key, [ip]);
    const link = /http:\/\/\S+\/device\?key=\S+/.exec(banner)?.[0] ?? '';
    expect(link).toBe(`http://${ip}:${port}/device?key=${key}`);
    expect(banner).toContain('x-souk-device');

    expect((await getPath(station, ip, `/device?key=${'y'.repeat(43)}`))?.status).toBe(403);
    const pairing = await getPath(station, ip, new URL(link).pathname + new URL(link).search);
    expect(pairing?.status).toBe(303);
    const cookie = pairing?.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const r = await call(station, ip, 'auth.users', {}, { cookie: cookie.split(';')[0] ?? '' });
    expect(r.status).toBe(200);
  });

  it('does first-run setup only from the station itself', async () => {
    const setup = {
      adminName: 'Intrus',
      pin: '4321',
      shopName: 'Pas ma boutique',
    };
    const remote = await call(fresh, ip, 'system.setup', setup, { 'x-souk-device': fresh.deviceKey ?? '' });
    expect(remote.status).toBe(403);
    expect(remote.code).toBe('LOCAL_ONLY');
    const db = new Database(freshDb, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    db.close();

    const local = await call(fresh, '127.0.0.1', 'system.setup', { ...setup, adminName: 'Khadija' });
    expect(local.status).toBe(200);
  });

  it('answers only to its own names and addresses, so a DNS-rebinding page cannot reach the API', async () => {
    const key = station.deviceKey ?? '';
    const port = new URL(station.url).port;
    const withKey = { 'x-souk-device': key };
    // The station's address, its configured name and (from its own machine) localhost are fine.
    expect((await call(station, ip, 'system.info', {}, withKey)).status).toBe(200);
    expect(
      (await call(station, ip, 'system.info', {}, { ...withKey, host: `caisse.souk.lan:${port}` })).status,
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
      const r = await call(station, from, 'auth.users', {}, { ...withKey, host });
      expect(r.status, `${from} Host: ${host}`).toBe(403);
      expect(r.code, `${from} Host: ${host}`).toBe('HOST_NOT_ALLOWED');
      expect(JSON.stringify(r.body)).not.toContain('Youssef');
    }
    expect((await getPath(station, ip, '/', { host: `attacker.example:${port}` }))?.status).toBe(403);
  });
});

describe.skipIf(!LAN_IP)('server/main.ts --lan', () => {
  it('prints a pairing link at start that admits a LAN browser, and the key is the one kept beside the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-main-lan-'));
    const db = join(dir, 'shop.db');
    const main = new URL('../../server/main.ts', import.meta.url).pathname;
    const proc = spawn(process.execPath, ['--import', 'tsx', main, '--db', db, '--port', '0', '--lan'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        proc.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (/device\?key=\S+\n/.test(text)) resolve(text);
        });
        proc.once('exit', (code) => reject(new Error(`station exited (${code}): ${text}`)));
        setTimeout(() => reject(new Error(`no pairing link printed within 30 s: ${text}`)), 30_000).unref();
      });
      const key = readFileSync(`${db}.device-key`, 'utf8').trim();
      const link = new URL(
        /http:\/\/\S+\/device\?key=\S+/.exec(
          out.split('\n').find((l) => l.includes(LAN_IP ?? '-')) ?? '',
        )?.[0] ?? '',
      );
      expect(link.searchParams.get('key')).toBe(key);
      expect(out).toContain('No TLS');
      const station = { url: `http://${LAN_IP}:${link.port}` } as Station;
      const pairing = await getPath(station, LAN_IP ?? '', link.pathname + link.search);
      expect(pairing?.status).toBe(303);
      const cookie = (pairing?.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      expect((await call(station, LAN_IP ?? '', 'auth.users', {}, { cookie })).status).toBe(200);
      expect((await call(station, LAN_IP ?? '', 'auth.users', {})).code).toBe('DEVICE_NOT_PAIRED');
    } finally {
      proc.kill('SIGTERM');
    }
  }, 60_000);
});

describe('a station on loopback only', () => {
  let station: Station;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-loopback-'));
    station = await startStation({ dbFile: join(dir, 'x.db'), port: 0, staticDir: null });
  });
  afterAll(() => station.close());

  it('refuses a rebinding host even from the station machine, and makes no device key', async () => {
    const port = new URL(station.url).port;
    const evil = await call(station, '127.0.0.1', 'auth.users', {}, { host: `attacker.example:${port}` });
    expect(evil.code).toBe('HOST_NOT_ALLOWED');
    expect((await call(station, '127.0.0.1', 'auth.users', {})).status).toBe(200);
    expect(station.deviceKey).toBeNull();
    expect(existsSync(join(dir, 'x.db.device-key'))).toBe(false);
  });
});
