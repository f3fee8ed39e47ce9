import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../api/contract';
import { createTill, pairTill } from '../../db/services/tills';
import { makeFixture } from '../db/fixture';

/**
 * HTTP-layer fuzzing: 100,000 generated requests (paths, methods, headers, bodies, chunking, broken
 * framing) pipelined over many keep-alive connections. After every batch the station must still
 * answer and must not have written anything. Seeded: SOUK_FUZZ_SEED=<n> replays a failing run.
 */
const SEED = Number(process.env.SOUK_FUZZ_SEED ?? 20261201);
const TOTAL = Number(process.env.SOUK_FUZZ_REQUESTS ?? 100_000);
const BATCH = 5_000;
const CONNECTIONS = 16;
const PIPELINE = 128;
const TLS_PIPELINE = 8;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const METHODS = Object.keys(contract);
const LAN_IP = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

const PATH_PIECES = [
  'api',
  'health',
  'device',
  'index.html',
  'assets',
  '..',
  '.',
  '',
  '%2e%2e',
  '%2f',
  '%5c',
  '%00',
  '%',
  '%E0',
  '%E0%A4%A',
  '%c0%af',
  '..%c0%af..',
  '%zz',
  '%ff%fe',
  '%F0%9F%98%80',
  '%D8%B3%D9%88%D9%82',
  'a'.repeat(300),
  '~root',
  '\\..\\',
  'api%2fsystem.info',
  'app.js',
];

function fuzzString(r: Rng): string {
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz0123456789',
    '"\\/\b\f\n\r\t',
    'éàçسوق٠١٢😀\u0000\u001f\u2028\ud800',
    '{}[]:,-+.eE',
  ];
  let s = '';
  const n = r.chance(0.01) ? r.int(1000) : r.int(20);
  for (let i = 0; i < n; i++) {
    const a = r.pick(alphabets);
    s += a[r.int(a.length)];
  }
  return s;
}

function fuzzValue(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 6 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 63, 1000, 12000, Number.MIN_VALUE]);
    case 3:
      return r.int(10_000) - 100;
    case 4:
    case 5:
      return fuzzString(r);
    case 6:
      return Array.from({ length: r.int(5) }, () => fuzzValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const keys = [
        '__proto__',
        'constructor',
        'prototype',
        'userId',
        'pin',
        'code',
        'id',
        'approval',
        'lines',
      ];
      for (let i = r.int(5); i > 0; i--)
        o[r.chance(0.5) ? r.pick(keys) : fuzzString(r)] = fuzzValue(r, depth + 1);
      return o;
    }
  }
}

/** Bodies that are near enough to valid to reach the handlers of the public methods. */
function nearValid(r: Rng, method: string): unknown {
  switch (method) {
    case 'auth.login':
      return { userId: r.int(6), pin: r.pick(['0000', '1234', '99', 'abcd', '12345678']) };
    case 'system.setup':
      return { adminName: fuzzString(r) || 'x', pin: '4321', shopName: fuzzString(r) || 'y' };
    default:
      return r.chance(0.5) ? {} : fuzzValue(r);
  }
}

function jsonBody(r: Rng, method: string): string {
  const roll = r.int(10);
  if (roll === 0) return '';
  if (roll === 1) return fuzzString(r); // not JSON at all
  if (roll === 2) return JSON.stringify(fuzzValue(r)).slice(0, r.int(40)); // cut JSON
  if (roll === 3) return r.chance(0.1) ? '['.repeat(4000) : '['.repeat(r.int(100)); // deep nesting
  const value = r.chance(0.4) ? nearValid(r, method) : fuzzValue(r);
  return JSON.stringify(value) ?? 'null';
}

function randomPath(r: Rng): string {
  if (r.chance(0.45)) {
    const method = r.chance(0.8) ? r.pick(METHODS) : fuzzString(r).replace(/[^\x21-\x7e]/g, '%41');
    const mutated = r.chance(0.2)
      ? method.replace(/./, r.pick(['%', '%E0', '%2e', '.', '/', '%00']))
      : method;
    return `/api/${mutated}${r.chance(0.1) ? `?${r.pick(PATH_PIECES)}=${r.pick(PATH_PIECES)}` : ''}`;
  }
  const parts = Array.from({ length: 1 + r.int(4) }, () => r.pick(PATH_PIECES));
  return `/${parts.join(r.chance(0.8) ? '/' : '')}${r.chance(0.1) ? '?key=' + fuzzString(r).replace(/[^\w]/g, '') : ''}`;
}

const HEADER_NAMES = [
  'authorization',
  'content-type',
  'cookie',
  'x-souk-till',
  'accept',
  'origin',
  'referer',
  'x-forwarded-for',
  'accept-encoding',
  'user-agent',
  'x-fuzz',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON;charset="utf-8"',
  'application/jsonfoo',
  'application/json; charset=latin1',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json;;;',
  'application/json; charset',
];

export interface FuzzRequest {
  bytes: Buffer;
  /** HEAD: the response has no body whatever its content-length says. */
  head: boolean;
  /** May end the connection (malformed framing, Connection: close, ...): sent last on its connection. */
  terminal: boolean;
}

function token(r: Rng): string {
  return fuzzString(r).replace(/[^\x21-\x7e]/g, '') || 'x';
}

/** A header value HTTP allows (visible ASCII, space, tab, obs-text bytes), so the connection stays usable. */
function headerValue(r: Rng): string {
  return Buffer.from(fuzzString(r), 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '.')
    .trim();
}

/** Control characters in a header value: the parser must refuse them, and only that request's connection. */
function badHeaderValue(r: Rng): string {
  return `${fuzzString(r)}${r.pick(['\0', '\b', '\f', '\x1f', '\x7f', '\r'])}${fuzzString(r)}`.replace(
    /\n/g,
    '',
  );
}

function generate(r: Rng, port: number, ip: string, tillToken: string): FuzzRequest {
  const kind = r.int(100);
  // Mostly the station's own address, so most requests get past the Host check to the API behind it.
  const hostName = r.chance(0.8)
    ? `${ip}:${port}`
    : r.pick([`localhost:${port}`, 'attacker.example', '', `${ip}.attacker.example`, `[::1]:${port}`]);
  const headers: [string, string][] = [['host', hostName]];
  for (let i = r.int(4); i > 0; i--) headers.push([r.pick(HEADER_NAMES), headerValue(r)]);
  if (r.chance(0.3)) headers.push(['authorization', `Bearer ${token(r)}`]);
  if (r.chance(0.7)) headers.push(['x-souk-till', r.chance(0.85) ? tillToken : token(r)]);
  let terminal = false;
  let head = false;
  let body = '';
  let chunked = false;
  let method: string;
  let path: string;
  if (kind < 72) {
    method = 'POST';
    path = `/api/${r.pick(METHODS)}`;
    if (r.chance(0.2)) path = randomPath(r);
    headers.push(['content-type', r.chance(0.85) ? 'application/json' : r.pick(CONTENT_TYPES)]);
    body = jsonBody(r, path.slice(5));
    chunked = r.chance(0.15);
  } else if (kind < 94) {
    method = r.pick(['GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT', 'PATCH']);
    head = method === 'HEAD';
    path = randomPath(r);
  } else if (kind < 97) {
    // Requests the server may answer by closing: bodies it does not read, odd framing it must refuse.
    terminal = true;
    method = r.pick(['GET', 'POST', 'PUT', 'TRACE', 'PROPFIND']);
    path = randomPath(r);
    body = r.chance(0.5) ? fuzzString(r) : JSON.stringify(fuzzValue(r));
    chunked = r.chance(0.3);
    if (r.chance(0.3)) headers.push(['connection', 'close']);
    if (r.chance(0.1)) headers.push(['expect', '100-continue']);
    if (r.chance(0.1)) headers.push(['upgrade', 'websocket'], ['connection', 'upgrade']);
    if (r.chance(0.2)) body = 'x'.repeat(5000); // over the fuzz station's body limit
  } else {
    terminal = true;
    const broken = [
      `${token(r)} ${randomPath(r)} HTTP/1.1\r\nhost: ${hostName}\r\n\r\n`,
      `GET ${randomPath(r)} HTTP/9.9\r\nhost: ${hostName}\r\n\r\n`,
      `GET ${randomPath(r)}\r\n\r\n`,
      `GET /health HTTP/1.1\r\nhost: ${hostName}\r\nbad header\r\n\r\n`,
      `GET /health HTTP/1.1\r\nhost: ${hostName}\r\n${token(r)}: ${headerValue(r)}\r\n\r\n`,
      `GET /health HTTP/1.1\r\nhost: ${hostName}\r\nx-bad: ${badHeaderValue(r)}\r\n\r\n`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ncontent-length: -1\r\n\r\n{}`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nffffffffffffffff\r\n{}`,
      `POST /api/system.info HTTP/1.1\r\nhost: ${hostName}\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{}`, // body that never comes
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nhost: ${hostName}\r\n\r\n`,
      `GET /health HTTP/1.1\r\nhost: ${hostName}\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`,
      `GET /health HTTP/1.1\r\nhost: ${hostName}\r\n${Array.from({ length: 3000 }, (_, i) => `h${i}: 1`).join('\r\n')}\r\n\r\n`,
      `CONNECT ${ip}:${port} HTTP/1.1\r\nhost: ${hostName}\r\n\r\n`,
      Buffer.from(Array.from({ length: 1 + r.int(200) }, () => r.int(256))).toString('latin1'),
      `GET /he\0alth HTTP/1.1\r\nhost: ${hostName}\r\n\r\n`,
      `GET /health HTTP/1.1\nhost: ${hostName}\n\n`,
    ];
    return { bytes: Buffer.from(r.pick(broken), 'latin1'), head: false, terminal };
  }
  const lines = [`${method} ${path} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  const payload = Buffer.from(body, 'utf8');
  let framed: Buffer;
  if (chunked) {
    lines.push('transfer-encoding: chunked');
    const parts: Buffer[] = [];
    for (let at = 0; at < payload.length;) {
      const n = Math.min(payload.length - at, 1 + r.int(64));
      const ext = r.chance(0.1) ? `;${token(r).replace(/[;\s]/g, '')}` : '';
      parts.push(
        Buffer.from(`${n.toString(16)}${ext}\r\n`),
        payload.subarray(at, at + n),
        Buffer.from('\r\n'),
      );
      at += n;
    }
    parts.push(Buffer.from('0\r\n\r\n'));
    framed = Buffer.concat(parts);
  } else {
    if (payload.length > 0 || method === 'POST') lines.push(`content-length: ${payload.length}`);
    framed = payload;
  }
  return {
    bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framed]),
    head,
    terminal,
  };
}

/**
 * Reads responses off a pipelined stream, in order, as bytes arrive (HEAD ones have no body; 1xx are
 * interim). Responses without a length end at the close, which only Node's own 400s to bad framing do.
 */
function responseReader(reqs: FuzzRequest[]) {
  let buf: Buffer = Buffer.alloc(0);
  let at = 0;
  const statuses: number[] = [];
  return {
    statuses,
    push(chunk: Buffer): number {
      buf = at === buf.length ? chunk : Buffer.concat([buf.subarray(at), chunk]);
      at = 0;
      while (statuses.length < reqs.length) {
        const end = buf.indexOf('\r\n\r\n', at);
        if (end < 0) break;
        const head = buf.subarray(at, end).toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        if (status === 0) throw new Error(`not an HTTP response: ${JSON.stringify(head.slice(0, 80))}`);
        if (status >= 100 && status < 200) {
          at = end + 4;
          continue;
        }
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        const bodyLength = reqs[statuses.length]?.head ? 0 : length;
        if (buf.length < end + 4 + bodyLength) break;
        statuses.push(status);
        at = end + 4 + bodyLength;
      }
      return statuses.length;
    },
  };
}

let tlsSession: Buffer | undefined;

/** Sends `reqs` pipelined on one connection; returns how many were answered before the server closed. */
function pipeline(port: number, host: string, reqs: FuzzRequest[], statuses: number[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // The LAN speaks TLS (the station's self-signed certificate, trusted here); loopback plain HTTP.
    const tls = host !== '127.0.0.1';
    // Resuming the last TLS session, as a till's keep-alive connection would: the fuzz is about what the
    // requests say, not about paying a full handshake per pipeline on a loaded two-core machine.
    const socket = tls
      ? tlsConnect({ host, port, rejectUnauthorized: false, session: tlsSession })
      : connect({ host, port });
    if (tls) socket.once('session', (session: Buffer) => (tlsSession = session));
    const reader = responseReader(reqs);
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      statuses.push(...reader.statuses);
      if (err) reject(err);
      else resolve(reader.statuses.length);
    };
    // Far above what any request needs (the fuzz station's body deadline is 200 ms): a hang is a failure.
    const timer = setTimeout(
      () => finish(new Error(`no answer within 15 s to a pipeline of ${reqs.length}`)),
      15_000,
    );
    socket.on('data', (c: Buffer) => {
      try {
        if (reader.push(c) === reqs.length) finish();
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.on(tls ? 'secureConnect' : 'connect', () => socket.write(Buffer.concat(reqs.map((q) => q.bytes))));
  });
}

function snapshot(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    const head = db.prepare('SELECT max(rowid) AS h FROM journal').get() as { h: number | null } | undefined;
    counts['(journal head)'] = head?.h ?? 0;
    return counts;
  } finally {
    db.close();
  }
}

let child: ChildProcess;
let stderr = '';
let station: { url: string };
let tillToken: string;
let dbFile: string;

beforeAll(async () => {
  const f = makeFixture({ withStock: true, openSession: true });
  // A paired till: most LAN requests carry its token and reach the API behind the gate.
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
  dbFile = f.file;
  // A renderer folder, as a real station serves one: the static path must survive the fuzz too.
  const staticDir = join(dirname(dbFile), 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Souk POS</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  const options = {
    staticDir,
    host: LAN_IP ? '0.0.0.0' : '127.0.0.1',
    limits: {
      maxBodyBytes: 4096,
      maxInflightBodyBytes: 64 * 1024,
      bodyTimeoutMs: 200,
      headersTimeoutMs: 1000,
      lingerMs: 100,
    },
  };
  const entry = new URL('./fuzz-station.ts', import.meta.url).pathname;
  child = spawn(process.execPath, ['--import', 'tsx', entry, dbFile, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  station = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as typeof station);
    });
    child.once('exit', (code) => reject(new Error(`fuzz station exited (${code}): ${stderr}`)));
  });
});
afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe('HTTP fuzzing', () => {
  it(`survives ${TOTAL} generated requests (seed ${SEED}), answering each batch and writing nothing`, async () => {
    const port = Number(new URL(station.url).port);
    const r = rng(SEED);
    const before = snapshot(dbFile);
    // A second connection sees any commit the station makes: data_version changes.
    const watcher = new Database(dbFile, { readonly: true });
    const version = () => (watcher.pragma('data_version', { simple: true }) as number) ?? 0;
    const v0 = version();
    const statuses: number[] = [];
    let sent = 0;
    let connections = 0;
    // One connection in four from the LAN, over TLS, with shorter pipelines: a TLS pipeline that ends in a
    // malformed request loses the answers still queued behind it (Node destroys the socket on a parse error
    // before TLS has flushed them), and every one of them is sent again on a new connection.
    const hosts = LAN_IP ? ['127.0.0.1', '127.0.0.1', '127.0.0.1', LAN_IP] : ['127.0.0.1'];
    const started = Date.now();
    while (sent < TOTAL) {
      const batchEnd = Math.min(TOTAL, sent + BATCH);
      // One pipeline per connection: up to PIPELINE requests, ending at the first that may close it.
      const queue: { host: string; reqs: FuzzRequest[] }[] = [];
      for (let made = sent; made < batchEnd;) {
        const host = r.pick(hosts);
        const hostHeaderIp = host === '127.0.0.1' && r.chance(0.5) ? '127.0.0.1' : (LAN_IP ?? '127.0.0.1');
        const ip = host === '127.0.0.1' ? hostHeaderIp : host;
        const reqs: FuzzRequest[] = [];
        while (reqs.length < (host === '127.0.0.1' ? PIPELINE : TLS_PIPELINE) && made < batchEnd) {
          const req = generate(r, port, ip, tillToken);
          reqs.push(req);
          made++;
          if (req.terminal) break;
        }
        queue.push({ host, reqs });
      }
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          connections++;
          const answered = await pipeline(port, next.host, next.reqs, statuses);
          // What the server did not get to (it closed after a bad request) goes on a new connection.
          const unanswered = next.reqs.slice(Math.max(answered, 1));
          if (unanswered.length > 0) queue.unshift({ host: next.host, reqs: unanswered });
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      sent = batchEnd;
      const health = await pipeline(
        port,
        '127.0.0.1',
        [
          {
            bytes: Buffer.from('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'),
            head: false,
            terminal: false,
          },
        ],
        [],
      );
      expect(
        child.exitCode,
        `station process alive after ${sent} requests (seed ${SEED}): ${stderr}`,
      ).toBeNull();
      expect(health, `station answers after ${sent} requests (seed ${SEED})`).toBe(1);
      expect(version(), `nothing committed after ${sent} requests (seed ${SEED})`).toBe(v0);
    }
    const seconds = (Date.now() - started) / 1000;
    watcher.close();
    expect(snapshot(dbFile)).toEqual(before);
    const byStatus = new Map<number, number>();
    for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
    console.log(
      `[fuzz] seed ${SEED}: ${sent} requests, ${statuses.length} answers on ${connections} connections in ${seconds.toFixed(1)} s;`,
      Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])),
    );
    // Most requests are well framed: they must be answered, not dropped.
    expect(statuses.length).toBeGreaterThan(TOTAL * 0.9);
    // The station's own failure statuses mean a bug: nothing a client sends is an internal error.
    expect(statuses.filter((s) => s === 500 || s === 502 || s === 504)).toEqual([]);
  }, 300_000);
});
