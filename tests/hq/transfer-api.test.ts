import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_CATALOG_PATH } from '../../core/hq-catalog-wire';
import { startHq, type Hq } from '../../hq/service';
import { describePg, usePostgres } from '../helpers/postgres';
import { postApi } from '../helpers/api-call';
import { startTestStation, type TestStation } from '../helpers/station';

async function onHand(s: TestStation, tok: string): Promise<number> {
  const rows = (await s.call('stock.onHand', {}, tok)).result as { productId: number; onHand: number }[];
  return rows.find((r) => r.productId === s.products.oil.id)?.onHand ?? 0;
}

/**
 * A TCP link to the station that forwards what the client sends and drops the connection at the first byte
 * of the answer: the request is served, its answer never arrives.
 */
async function cuttingProxy(port: string): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.once('data', () => {
      client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const STAFF = 'hq-staff-key-for-the-transfer-api';
const SHOPS = [
  { id: 'agadir', key: 'key-agadir-0123456789abcdef' },
  { id: 'oujda', key: 'key-oujda-0123456789abcdef0' },
];

describePg('transfers.* and the catalogue pull on two real stations started with --hq', () => {
  const pg = usePostgres();
  let hq: Hq;
  const stations: TestStation[] = [];

  beforeAll(async () => {
    hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: SHOPS });
    for (const s of SHOPS) {
      stations.push(
        await startTestStation({
          fixture: s.id === 'oujda' ? { withStock: false } : {},
          station: {
            reportWorkers: 0,
            hq: { url: hq.url, shopId: s.id, key: s.key, pollMs: 50, minBackoffMs: 50, maxBackoffMs: 500 },
          },
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    for (const s of stations) await s.close();
    await hq?.close();
  });

  it('a manager sends 10 units over HTTP; the other shop sees them incoming, receives once, a second receive is 409', async () => {
    const [agadir, oujda] = stations as [TestStation, TestStation];
    const tokA = await agadir.login(agadir.users.manager.id, '2468');
    const tokB = await oujda.login(oujda.users.manager.id, '2468');
    const cashier = await agadir.login(agadir.users.cashier.id, '1357');
    const transferId = '0d9c8b7a-6f5e-4d3c-8b2a-19f8e7d6c5b4';
    const input = {
      transferId,
      toShop: 'oujda',
      lines: [{ productId: agadir.products.oil.id, quantity: 10_000, lot: 'L1' }],
    };
    expect((await agadir.call('transfers.send', input, cashier)).code).toBe('FORBIDDEN');
    const sent = await agadir.call('transfers.send', input, tokA);
    expect(sent.ok, sent.code).toBe(true);
    expect(sent.result).toMatchObject({ transferId, replayed: false });

    const incoming = async () =>
      (await oujda.call('transfers.incoming', {}, tokB)).result as { transferId: string }[];
    // The send reaches HQ with A's journal push; B then finds it there.
    await expect
      .poll(async () => (await incoming()).map((t) => t.transferId), { timeout: 30_000 })
      .toEqual([transferId]);
    const got = await oujda.call('transfers.receive', { transferId, received: [10_000] }, tokB);
    expect(got.ok, got.code).toBe(true);
    expect(got.result.shortfall).toBe(0);
    // The same count again is a retry: the stored receipt; another count is a second receive, refused.
    const again = await oujda.call('transfers.receive', { transferId, received: [10_000] }, tokB);
    expect(again.ok, again.code).toBe(true);
    expect(again.result).toEqual({ ...got.result, replayed: true });
    const recount = await oujda.call('transfers.receive', { transferId, received: [9_000] }, tokB);
    expect([recount.status, recount.code]).toEqual([409, 'TRANSFER_ALREADY_RECEIVED']);
    const unknown = await oujda.call(
      'transfers.receive',
      { transferId: 'no-such-transfer', received: [1_000] },
      tokB,
    );
    expect(unknown.code).toBe('NOT_FOUND');

    const list = (await oujda.call('transfers.list', {}, tokB)).result as {
      direction: string;
      lines: unknown[];
    }[];
    expect(list[0]).toMatchObject({
      direction: 'in',
      lines: [{ sku: 'ARG-250', sent: 10_000, received: 10_000 }],
    });
    expect(await onHand(agadir, tokA)).toBe(40_000);
    expect(await onHand(oujda, tokB)).toBe(10_000);
  });

  it('a receive whose answer the link lost is retried and gets the stored receipt; nothing enters twice', async () => {
    const [agadir, oujda] = stations as [TestStation, TestStation];
    const tokA = await agadir.login(agadir.users.manager.id, '2468');
    const tokB = await oujda.login(oujda.users.manager.id, '2468');
    const transferId = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
    const sent = await agadir.call(
      'transfers.send',
      { transferId, toShop: 'oujda', lines: [{ productId: agadir.products.oil.id, quantity: 5_000 }] },
      tokA,
    );
    expect(sent.ok, sent.code).toBe(true);
    await expect
      .poll(
        async () =>
          ((await oujda.call('transfers.incoming', {}, tokB)).result as { transferId: string }[]).map(
            (t) => t.transferId,
          ),
        { timeout: 30_000 },
      )
      .toEqual([transferId]);
    const before = await onHand(oujda, tokB);

    // A link that carries the request to the station and cuts as the answer starts back: the receive is
    // done at the station, the manager's screen only sees the connection drop.
    const cut = await cuttingProxy(new URL(oujda.url).port);
    try {
      const lost = await postApi(cut.url, 'transfers.receive', { transferId, received: [4_000] }, tokB).then(
        () => 'answered',
        () => 'lost',
      );
      expect(lost).toBe('lost');
    } finally {
      await cut.close();
    }
    expect(await onHand(oujda, tokB)).toBe(before + 4_000);

    const retry = await oujda.call('transfers.receive', { transferId, received: [4_000] }, tokB);
    expect(retry.ok, retry.code).toBe(true);
    expect(retry.result).toMatchObject({ shortfall: 1_000, replayed: true });
    expect(await onHand(oujda, tokB)).toBe(before + 4_000);
    const lines = (await oujda.call('transfers.list', {}, tokB)).result.filter(
      (t: { transferId: string }) => t.transferId === transferId,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].lines).toMatchObject([{ sent: 5_000, received: 4_000 }]);
  });

  it('the station pulls the chain catalogue by itself: a price HQ sets reaches the till', async () => {
    const [agadir] = stations as [TestStation];
    const staff = (path: string, body: unknown) =>
      fetch(`${hq.url}${HQ_CATALOG_PATH}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await staff('/coops', {
      code: 'reg:200512',
      nameFr: 'Coopérative Tighanimine',
      nameAr: 'تعاونية تيغانيمين',
      registrationNo: '2005/12',
      region: 'Souss-Massa',
      womens: true,
      commissionBp: 2500,
    });
    const refused = await staff('/products', {
      sku: 'ARG-250',
      nameFr: "Huile d'argan alimentaire 250 ml",
      coopCode: 'reg:200512',
      unit: 'piece',
      vatCode: 'S20',
      retailPrice: 14_000,
      semiPrice: 12_000,
      wholesalePrice: 10_000,
    });
    // A product the shop's rules would refuse (tier prices without thresholds) is refused at HQ already.
    expect(refused.status).toBe(400);
    expect(
      (
        await staff('/products', {
          sku: 'ARG-250',
          nameFr: "Huile d'argan alimentaire 250 ml",
          coopCode: 'reg:200512',
          unit: 'piece',
          vatCode: 'S20',
          retailPrice: 14_000,
          semiPrice: 12_000,
          wholesalePrice: 10_000,
          semiMinQty: 6_000,
          wholesaleMinQty: 24_000,
        })
      ).status,
    ).toBe(200);
    // The station's puller polls every 30 s; kicking it stands for "soon" without waiting a fixed time.
    agadir.station.ctx.hqCatalog?.kick();
    const tok = await agadir.login(agadir.users.manager.id, '2468');
    await expect
      .poll(
        async () =>
          (
            (await agadir.call('products.get', { id: agadir.products.oil.id }, tok)).result as {
              retailPrice: number;
            }
          ).retailPrice,
        {
          timeout: 30_000,
        },
      )
      .toBe(14_000);
  }, 60_000);
});
