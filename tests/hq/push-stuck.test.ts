import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { HqPusher, hqPushStatus } from '../../db/services/hq-push';
import { makeFixture, uid, type Fixture } from '../db/fixture';

/**
 * An HQ that takes the connection and never answers (a half-dead link, a hung server): the push gives up
 * at its deadline, says why, tries again later, and neither the till nor the station's shutdown waits for it.
 */
describe('pushing to an HQ that never answers', () => {
  let server: Server;
  let port = 0;
  let requests = 0;
  const sockets: Socket[] = [];
  let f: Fixture;

  beforeAll(async () => {
    server = createServer((s) => {
      sockets.push(s);
      // Reads each request, never writes a byte back. Requests are counted, not requests: the client
      // keeps a spare connection open, so a new request may not need a new one.
      s.on('data', (d: Buffer) => (requests += d.toString('latin1').split('POST /hq/v1/push').length - 1));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    port = typeof a === 'object' && a ? a.port : 0;
    f = makeFixture();
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    f.close();
  });

  it('times out, records HQ_UNREACHABLE, retries, keeps the till selling and stops at once', async () => {
    const pusher = new HqPusher(f.store, {
      url: `http://127.0.0.1:${port}`,
      shopId: 'stuck',
      key: 'stuck-key-0123456789',
      requestTimeoutMs: 300,
      minBackoffMs: 50,
      maxBackoffMs: 200,
    });
    pusher.start();
    await expect
      .poll(() => hqPushStatus(f.store, null).lastError?.code, { timeout: 30_000 })
      .toBe('HQ_UNREACHABLE');
    expect(hqPushStatus(f.store, null).lastError?.message).toMatch(/timeout|aborted/i);
    // It keeps trying on its own.
    await expect.poll(() => requests, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // The till sells meanwhile; the sale's entry simply waits in the lag.
    const before = hqPushStatus(f.store, null);
    checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000, tendered: 20_000 }],
    });
    const after = hqPushStatus(f.store, null);
    expect(after.headSeq).toBe(before.headSeq + 1);
    expect(after).toMatchObject({ ackedSeq: 0, lag: after.headSeq });
    await pusher.stop();

    // A request hanging right now is abandoned: stop() does not wait for HQ's deadline (two minutes here).
    const patient = new HqPusher(f.store, {
      url: `http://127.0.0.1:${port}`,
      shopId: 'stuck',
      key: 'stuck-key-0123456789',
      requestTimeoutMs: 120_000,
    });
    const hanging = requests;
    patient.start();
    await expect.poll(() => requests, { timeout: 30_000 }).toBeGreaterThan(hanging);
    const t = Date.now();
    await patient.stop();
    expect(Date.now() - t).toBeLessThan(20_000);
  });
});
