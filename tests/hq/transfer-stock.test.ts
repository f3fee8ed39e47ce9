import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IncomingTransfer } from '../../core/hq-catalog-wire';
import { receiveTransfer, sendTransfer } from '../../db/services/transfers';
import { migrate, openPool, type Pool } from '../../hq/db';
import { portalStock } from '../../hq/portal-data';
import { projectAll } from '../../hq/projections';
import { makeFixture, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal } from './chain-helpers';

describePg('stock moved between shops, as HQ projects it', () => {
  const pgh = usePostgres();
  let pool: Pool;
  let rabat: Fixture;
  let fes: Fixture;
  beforeAll(async () => {
    pool = openPool(pgh.current.url);
    await migrate(pool);
    rabat = makeFixture();
    fes = makeFixture();
  });
  afterAll(async () => {
    await pool?.end();
    rabat?.close();
    fes?.close();
  });

  it('a transfer leaves one shop and enters the other: HQ stock per shop is each shop’s own', async () => {
    const sent = sendTransfer(rabat.store, rabat.asManager, {
      transferId: 'tr-1',
      toShop: 'fes',
      lines: [{ productId: rabat.products.oil.id, quantity: 5_000, lot: 'L1', bestBefore: '2027-06-30' }],
    });
    expect(sent.replayed).toBe(false);
    const payload = JSON.parse(
      (
        rabat.db.prepare("SELECT payload FROM journal WHERE kind = 'transfer.send'").get() as {
          payload: string;
        }
      ).payload,
    ) as { lines: IncomingTransfer['lines'] };
    fes.tick(86_400_000);
    receiveTransfer(
      fes.store,
      fes.asManager,
      {
        transferId: 'tr-1',
        fromShop: 'rabat',
        toShop: 'fes',
        sentAt: rabat.now(),
        note: '',
        lines: payload.lines,
      },
      { received: [4_000] },
    );
    await copyJournal(pool, { id: 'rabat', name: 'Rabat', store: rabat.store });
    await copyJournal(pool, { id: 'fes', name: 'Fès', store: fes.store });
    await projectAll(pool);

    for (const [id, f] of [
      ['rabat', rabat],
      ['fes', fes],
    ] as const) {
      const hq = await pool.query(
        `SELECT product_local_id AS "productId", coop_local_id AS "cooperativeId", sum(qty)::bigint AS "onHand"
         FROM hq_stock_moves WHERE shop_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
        [id],
      );
      const local = f.db
        .prepare(
          'SELECT product_id productId, cooperative_id cooperativeId, on_hand onHand FROM stock_levels ORDER BY 1, 2',
        )
        .all();
      expect(hq.rows, id).toEqual(local);
    }
    expect((await pool.query('SELECT count(*)::int n FROM hq_projection_errors')).rows[0].n).toBe(0);
    const coop = (await pool.query("SELECT id FROM hq_coops WHERE code = 'reg:200512'")).rows[0].id as number;
    const oil = (await portalStock(pool, coop)).filter((r) => r.nameFr.startsWith('Huile'));
    expect(oil.map((r) => [r.shopId, r.onHand])).toEqual([
      ['fes', 54_000],
      ['rabat', 45_000],
    ]);
  });
});
