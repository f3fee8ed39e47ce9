import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_CATALOG_PATH } from '../../core/hq-catalog-wire';
import { startHq, type Hq } from '../../hq/service';
import { describePg, usePostgres } from '../helpers/postgres';
import { startTestStation, type TestStation } from '../helpers/station';

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
    const again = await oujda.call('transfers.receive', { transferId, received: [10_000] }, tokB);
    expect([again.status, again.code]).toEqual([409, 'TRANSFER_ALREADY_RECEIVED']);
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
    const stock = async (s: TestStation, tok: string) =>
      ((await s.call('stock.onHand', {}, tok)).result as { productId: number; onHand: number }[]).find(
        (r) => r.productId === s.products.oil.id,
      )?.onHand ?? 0;
    expect(await stock(agadir, tokA)).toBe(40_000);
    expect(await stock(oujda, tokB)).toBe(10_000);
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
