import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IncomingTransfer } from '../../core/hq-catalog-wire';
import { stockLots } from '../../db/services/stock';
import { receiveTransfer, sendTransfer } from '../../db/services/transfers';
import { chainDashboard } from '../../hq/dashboard-data';
import { migrate, openPool, type Pool } from '../../hq/db';
import { portalReturnsDue, portalStock } from '../../hq/portal-data';
import { projectAll } from '../../hq/projections';
import { makeFixture, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal } from './chain-helpers';

const DAY = 86_400_000;

/**
 * A lot that travels between shops keeps its age: HQ's stock per shop (portal) and its ageing (dashboard) date a
 * received transfer by the day the cooperative first delivered the lot to the chain, with the lot's best-before,
 * as the receiving shop itself does; an entry journaled without those dates is dated on arrival.
 */
describePg('a transferred lot keeps its age and best-before at HQ', () => {
  const pgh = usePostgres();
  let pool: Pool;
  let rabat: Fixture;
  let fes: Fixture;
  let meknes: Fixture;
  let coopId = 0;
  // The fixture's delivery to Rabat (oil, lot L1, best before 2027-06-30).
  const delivered = Date.UTC(2026, 10, 2, 9, 0, 0);
  const sent = delivered + 100 * DAY;
  const arrived = sent + DAY;

  beforeAll(async () => {
    pool = openPool(pgh.current.url);
    await migrate(pool);
    rabat = makeFixture();
    // The receiving shops hold no stock of their own: all their oil came by transfer.
    fes = makeFixture({ withStock: false });
    meknes = makeFixture({ withStock: false });
    rabat.setClock(sent);
    for (const [transferId, toShop] of [
      ['tr-fes', 'fes'],
      ['tr-meknes', 'meknes'],
    ] as const)
      sendTransfer(rabat.store, rabat.asManager, {
        transferId,
        toShop,
        lines: [{ productId: rabat.products.oil.id, quantity: 5_000 }],
      });
    const sends = (
      rabat.db.prepare("SELECT payload FROM journal WHERE kind = 'transfer.send' ORDER BY seq").all() as {
        payload: string;
      }[]
    ).map((r) => JSON.parse(r.payload) as { transferId: string; lines: IncomingTransfer['lines'] });
    for (const [shop, id, payload] of [
      [fes, 'fes', sends[0]!],
      [meknes, 'meknes', sends[1]!],
    ] as const) {
      shop.setClock(arrived);
      receiveTransfer(
        shop.store,
        shop.asManager,
        {
          transferId: payload.transferId,
          fromShop: 'rabat',
          toShop: id,
          sentAt: sent,
          note: '',
          lines: payload.lines,
        },
        { received: [5_000] },
      );
    }
    await copyJournal(pool, { id: 'rabat', name: 'Rabat', store: rabat.store });
    await copyJournal(pool, { id: 'fes', name: 'Fès', store: fes.store });
    await copyJournal(pool, { id: 'meknes', name: 'Meknès', store: meknes.store });
    // Meknès journaled its receive as shops did before the lines carried the lot's dates.
    await pool.query(
      `UPDATE hq_events SET payload = jsonb_set(payload, '{lines}',
         (SELECT jsonb_agg(l - 'receivedAt' - 'bestBefore') FROM jsonb_array_elements(payload->'lines') l))
       WHERE shop_id = 'meknes' AND kind = 'transfer.receive'`,
    );
    await projectAll(pool);
    coopId = (await pool.query("SELECT id FROM hq_coops WHERE code = 'reg:200512'")).rows[0].id as number;
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    for (const f of [rabat, fes, meknes]) f?.close();
  });

  it('the receiving shop dates the lot by its first delivery itself (what HQ must agree with)', () => {
    const [lot] = stockLots(fes.store, fes.products.oil.id, fes.coops.argan.id);
    expect(lot).toMatchObject({ receivedAt: delivered, bestBefore: '2027-06-30', onHand: 5_000 });
  });

  it('portal: stock in each shop with the age of its oldest lot and the nearest best-before', async () => {
    expect((await pool.query('SELECT count(*)::int n FROM hq_projection_errors')).rows[0].n).toBe(0);
    const oil = (await portalStock(pool, coopId)).filter((r) => r.nameFr.startsWith('Huile'));
    expect(oil.map((r) => [r.shopId, r.onHand, r.oldestAt, r.nearestBestBefore])).toEqual([
      ['fes', 5_000, delivered, '2027-06-30'],
      ['meknes', 5_000, arrived, null],
      ['rabat', 40_000, delivered, '2027-06-30'],
    ]);
    // Lots due back to the cooperative: Fès's transferred lot is there with its best-before and first delivery.
    const due = await portalReturnsDue(pool, coopId, '2027-06-20');
    expect(
      due.filter((l) => l.nameFr.startsWith('Huile')).map((l) => [l.shopId, l.left, l.receivedAt]),
    ).toEqual([
      ['fes', 5_000, delivered],
      ['rabat', 40_000, delivered],
    ]);
  });

  it('dashboard: the transferred lot ages from its first delivery, an undated one from its arrival', async () => {
    const d = await chainDashboard(pool, delivered, arrived + DAY, arrived + DAY);
    // 102 days after the delivery, 1 day after the arrival: <30, 30-90, 90-180, >180 days.
    expect(Object.fromEntries(d.ageing.map((a) => [a.shopId, a.buckets]))).toEqual({
      fes: [0, 0, 1, 0],
      meknes: [1, 0, 0, 0],
      rabat: [0, 0, 3, 0],
    });
  });
});
