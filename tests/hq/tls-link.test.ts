import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import {
  connect as netConnect,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { checkout } from '../../db/services/checkout';
import { HqCatalogPuller } from '../../db/services/hq-catalog-pull';
import { checkHqLink, type HqPushConfig } from '../../db/services/hq-link';
import { HqPusher, hqPushStatus } from '../../db/services/hq-push';
import { startHq, type Hq } from '../../hq/service';
import { pinHqLink } from '../../server/hq-tls';
import { startStation } from '../../server/station';
import { stationTls, type StationTls } from '../../server/tls';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';

/**
 * The shop <-> HQ link over TLS with HQ's certificate pinned (db/services/hq-link.ts states the rule):
 * a real HQ on HTTPS and PostgreSQL, real shop files, and a real man in the middle (a TLS server with its
 * own certificate that decrypts and forwards to HQ) to show that nothing reaches it from a pinned shop.
 */
const ADMIN = 'tls-admin-key-0123456789';
const SHOPS = [
  { id: 'rabat', key: 'tls-key-rabat-0123456789' },
  { id: 'oujda', key: 'tls-key-oujda-0123456789' },
  { id: 'duped', key: 'tls-key-duped-0123456789' },
  { id: 'plain', key: 'tls-key-plain-0123456789' },
];
const FAST = { minBackoffMs: 50, maxBackoffMs: 200, pollMs: 50, requestTimeoutMs: 10_000 };

/** A TLS-terminating relay to HQ with its own certificate: counts the clear bytes it is handed. */
class ManInTheMiddle {
  server: TlsServer | null = null;
  port = 0;
  connections = 0;
  clearBytes = 0;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly tls: StationTls,
    private readonly hqPort: number,
  ) {}

  async open(): Promise<void> {
    this.server = createTlsServer({ key: this.tls.key, cert: this.tls.cert }, (client) => {
      const upstream = tlsConnect({ host: '127.0.0.1', port: this.hqPort, rejectUnauthorized: false });
      this.sockets.add(client).add(upstream);
      client.on('data', (d: Buffer) => {
        this.clearBytes += d.length;
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => client.write(d));
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    // Counted as they come in: the shop drops each one right after the handshake, before the server's own end of it.
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

describePg('the shop <-> HQ link over pinned TLS (real PostgreSQL, HTTPS, a real man in the middle)', () => {
  const pg = usePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'souk-hq-tls-'));
  let hq: Hq;
  let hqTls: StationTls;
  let mitm: ManInTheMiddle;
  const fixtures: Fixture[] = [];
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    hqTls = await stationTls(join(dir, 'hq'), [], 'Souk HQ');
    hq = await startHq({
      db: pg.current.url,
      port: 0,
      adminKey: ADMIN,
      shops: SHOPS,
      tls: { key: hqTls.key, cert: hqTls.cert },
    });
    mitm = new ManInTheMiddle(
      await stationTls(join(dir, 'mitm'), [], 'Souk HQ'),
      Number(new URL(hq.url).port),
    );
    await mitm.open();
  }, 120_000);
  afterAll(async () => {
    for (const r of running) await r.stop();
    await mitm?.close();
    await hq?.close();
    for (const f of fixtures) f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function shopWithSales(n: number): Fixture {
    const f = makeFixture();
    fixtures.push(f);
    for (let i = 0; i < n; i++) {
      f.tick(60_000);
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
        payments: [{ method: 'cash', amount: 12_000, tendered: 20_000 }],
      });
    }
    return f;
  }

  const heldAtHq = async (shopId: string) =>
    (
      await hq.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM hq_events WHERE shop_id = $1', [
        shopId,
      ])
    ).rows[0]!.n;
  const journalLength = (f: Fixture) =>
    (f.store.get<{ n: number }>('SELECT count(*) AS n FROM journal') ?? { n: 0 }).n;

  function pusher(f: Fixture, config: HqPushConfig): HqPusher {
    const p = new HqPusher(f.store, { ...pinHqLink(config), ...FAST });
    running.push(p);
    p.start();
    return p;
  }

  it('serves HTTPS; a shop pinning its certificate pushes its whole journal and pulls the catalogue', async () => {
    expect(hq.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const f = shopWithSales(4);
    const link = { url: hq.url, shopId: 'rabat', key: SHOPS[0]!.key, fingerprint: hqTls.fingerprint };
    // The fingerprint as a manager might type it: lower case, without colons.
    pusher(f, { ...link, fingerprint: hqTls.fingerprint.replace(/:/g, '').toLowerCase() });
    await expect.poll(() => heldAtHq('rabat'), { timeout: 60_000 }).toBe(journalLength(f));
    await expect
      .poll(() => hqPushStatus(f.store, null), { timeout: 30_000 })
      .toMatchObject({
        lag: 0,
        lastError: null,
        flagged: null,
      });
    // The catalogue comes down the same pinned link.
    const puller = new HqCatalogPuller(f.store, pinHqLink(link));
    await expect(puller.pullAll()).resolves.toBeInstanceOf(Array);
    expect(puller.status().lastError).toBeNull();
  }, 120_000);

  it('refuses a man in the middle with HQ_CERT_MISMATCH: not one byte of the push reaches it, nothing at HQ', async () => {
    const f = shopWithSales(3);
    const viaMitm = {
      url: `https://127.0.0.1:${mitm.port}`,
      shopId: 'oujda',
      key: SHOPS[1]!.key,
      fingerprint: hqTls.fingerprint,
    };
    const p = pusher(f, viaMitm);
    await expect
      .poll(() => hqPushStatus(f.store, null).lastError?.code, { timeout: 60_000 })
      .toBe('HQ_CERT_MISMATCH');
    // It keeps trying (and keeps being refused) without ever handing over the key or the journal.
    await expect.poll(() => mitm.connections, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await p.stop();
    expect(hqPushStatus(f.store, null).lastError?.message).toMatch(/not HQ/);
    expect(mitm.clearBytes).toBe(0);
    expect(await heldAtHq('oujda')).toBe(0);
    expect(hqPushStatus(f.store, null)).toMatchObject({ ackedSeq: 0, lag: journalLength(f) });
    // The catalogue's pull (and transfers, through the same request) is refused the same way.
    const puller = new HqCatalogPuller(f.store, pinHqLink(viaMitm));
    await expect(puller.pullAll()).rejects.toMatchObject({ code: 'HQ_CERT_MISMATCH' });
    expect(mitm.clearBytes).toBe(0);
  }, 120_000);

  it("the relay is a working one: a shop pinning the relay's own certificate is read by it", async () => {
    // The control for the test above: the same relay, trusted by mistake, sees the key and the journal.
    const f = shopWithSales(2);
    const before = mitm.clearBytes;
    pusher(f, {
      url: `https://127.0.0.1:${mitm.port}`,
      shopId: 'duped',
      key: SHOPS[2]!.key,
      fingerprint: mitm['tls'].fingerprint,
    });
    await expect.poll(() => heldAtHq('duped'), { timeout: 60_000 }).toBe(journalLength(f));
    expect(mitm.clearBytes).toBeGreaterThan(before);
  }, 120_000);

  it('plain http:// only to this machine: another host, or https:// without a fingerprint, is refused before connecting', async () => {
    const bad = (url: string, fingerprint: string | null = null) => {
      try {
        checkHqLink({ url, shopId: 'plain', key: SHOPS[3]!.key, fingerprint });
        return 'accepted';
      } catch (err) {
        return err instanceof AppError ? err.code : String(err);
      }
    };
    expect(bad('http://hq.example.ma:8790')).toBe('HQ_INSECURE_URL');
    expect(bad('http://192.168.1.10:8790')).toBe('HQ_INSECURE_URL');
    expect(bad('https://hq.example.ma:8790')).toBe('HQ_INSECURE_URL');
    expect(bad('https://hq.example.ma:8790', 'AB:CD')).toBe('HQ_INSECURE_URL');
    expect(bad('ftp://127.0.0.1/')).toBe('HQ_INSECURE_URL');
    expect(bad('http://127.0.0.1:8790')).toBe('accepted');
    expect(bad('http://localhost:8790')).toBe('accepted');
    expect(bad('https://hq.example.ma:8790', hqTls.fingerprint)).toBe('accepted');
    // The station says so at start, before it opens the shop's file.
    const file = join(dir, 'never-opened.db');
    await expect(
      startStation({
        dbFile: file,
        port: 0,
        reportWorkers: 0,
        hq: { url: 'http://192.168.1.10:8790', shopId: 'plain', key: SHOPS[3]!.key },
      }),
    ).rejects.toMatchObject({ code: 'HQ_INSECURE_URL' });
    expect(existsSync(file)).toBe(false);

    // A pusher handed such a URL anyway (no host check before it) says why and never connects: a real
    // listener on this machine's network address counts the connections it gets.
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!lan) {
      console.warn('[tls-link] no non-loopback IPv4 address here: the listener half is skipped');
      return;
    }
    let connections = 0;
    const listener: NetServer = createNetServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '0.0.0.0', r));
    const port = (listener.address() as { port: number }).port;
    try {
      const f = shopWithSales(1);
      const p = new HqPusher(f.store, {
        url: `http://${lan}:${port}`,
        shopId: 'plain',
        key: SHOPS[3]!.key,
        ...FAST,
      });
      running.push(p);
      p.start();
      await expect
        .poll(() => hqPushStatus(f.store, null).lastError?.code, { timeout: 30_000 })
        .toBe('HQ_INSECURE_URL');
      await p.stop();
      expect(connections).toBe(0);
      // The same listener does take a connection, so the zero above is the rule's, not the network's.
      const probe = netConnect(port, lan);
      probe.on('error', () => undefined);
      await expect.poll(() => connections, { timeout: 20_000 }).toBe(1);
    } finally {
      await new Promise<void>((r) => listener.close(() => r()));
    }
  }, 120_000);
});
