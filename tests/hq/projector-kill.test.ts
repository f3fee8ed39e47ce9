import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import { adjustStock, receiveDelivery } from '../../db/services/stock';
import { voidSale } from '../../db/services/voids';
import { migrate, openPool, type Pool } from '../../hq/db';
import { projectShop } from '../../hq/projections';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal } from './chain-helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = join(
  mkdtempSync(join(ROOT, 'node_modules', '.cache-souk-projector-')),
  'projector-worker.mjs',
);
const ROUNDS = Number(process.env.SOUK_CHAOS_ROUNDS ?? 6);

describePg('projection survives SIGKILL of the projector mid-batch', () => {
  const pgh = usePostgres();
  let pool: Pool;
  let shop: Fixture;

  beforeAll(async () => {
    await build({
      entryPoints: [fileURLToPath(new URL('./projector-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: WORKER,
      packages: 'external',
    });
    pool = openPool(pgh.current.url);
    await migrate(pool);
    shop = makeFixture();
    // A shop's month: sales of every kind of line, voids, returns, a delivery, adjustments.
    const { oil, amlou, honeyKg } = shop.products;
    receiveDelivery(shop.store, shop.asManager, {
      clientId: uid('d'),
      cooperativeId: shop.coops.argan.id,
      noteRef: 'BL-9',
      lines: [
        { productId: oil.id, quantity: 500_000, lot: 'L9', bestBefore: '2027-09-30' },
        { productId: amlou.id, quantity: 200_000, lot: 'A9', bestBefore: '2027-03-31' },
      ],
    });
    receiveDelivery(shop.store, shop.asManager, {
      clientId: uid('d'),
      cooperativeId: shop.coops.honey.id,
      noteRef: 'BL-10',
      lines: [{ productId: honeyKg.id, quantity: 50_000, lot: 'M9' }],
    });
    for (let i = 0; i < 240; i++) {
      shop.tick(60_000);
      const sale =
        i % 3 === 0
          ? checkout(shop.store, shop.asCashier, {
              clientId: uid(),
              lines: [
                { productId: oil.id, quantity: 1_000 },
                { productId: honeyKg.id, quantity: 250 },
              ],
              payments: [{ method: 'cash', amount: 12_000 + 6_250 }],
            })
          : checkout(shop.store, shop.asCashier, {
              clientId: uid(),
              lines: [{ productId: i % 2 ? amlou.id : oil.id, quantity: 1_000 }],
              payments: [{ method: 'card', amount: i % 2 ? 6_550 : 12_000 }],
            });
      if (i % 17 === 5) voidSale(shop.store, shop.asManager, { saleId: sale.id, reason: 'mistake' });
      else if (i % 19 === 7) {
        createReturn(shop.store, shop.asManager, {
          clientId: uid('r'),
          saleId: sale.id,
          lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1_000, restock: i % 2 === 0 }],
          reason: 'return',
          refundMethod: 'cash',
        });
      } else if (i % 23 === 11) {
        adjustStock(shop.store, shop.asManager, {
          productId: oil.id,
          cooperativeId: shop.coops.argan.id,
          quantity: -1_000,
          reason: 'damaged',
        });
      }
    }
    await copyJournal(pool, { id: 'casa', name: 'Casablanca', store: shop.store });
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    shop?.close();
  });

  const projectedSeq = async () =>
    Number(
      (await pool.query('SELECT projected_seq FROM hq_projection_state WHERE shop_id = $1', ['casa'])).rows[0]
        ?.projected_seq ?? 0,
    );

  /** The projected rows are exactly those of the events up to projected_seq: no half batch, nothing twice. */
  async function expectWholeBatches(): Promise<number> {
    const p = await projectedSeq();
    const { rows } = await pool.query(
      `SELECT
         (SELECT count(*)::int FROM hq_sale_lines WHERE shop_id = 'casa') AS lines,
         (SELECT count(*)::int FROM hq_sale_lines WHERE shop_id = 'casa' AND seq > $1) AS beyond,
         (SELECT COALESCE(sum(jsonb_array_length(rows->'lines')), 0)::int FROM hq_events
           WHERE shop_id = 'casa' AND kind = 'sale' AND seq <= $1) AS expected,
         (SELECT count(*)::int FROM hq_stock_moves WHERE shop_id = 'casa' AND seq > $1) AS moves_beyond`,
      [p],
    );
    expect(rows[0]).toEqual({
      lines: rows[0].expected,
      beyond: 0,
      expected: rows[0].expected,
      moves_beyond: 0,
    });
    return p;
  }

  it(`kills the projector at ${ROUNDS} random moments; every event is projected once and HQ's stock is the shop's`, async () => {
    const last = Number(
      (await pool.query("SELECT max(seq) m FROM hq_events WHERE shop_id = 'casa'")).rows[0].m,
    );
    let killedMidway = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const before = await projectedSeq();
      const child = spawn(process.execPath, [WORKER, pgh.current.url, 'casa', '7'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await expect
        .poll(() => out.includes('ready') || child.exitCode !== null, { timeout: 60_000 })
        .toBe(true);
      // Wait until it has committed at least one batch of this round, then kill it at a random moment after.
      await expect.poll(projectedSeq, { timeout: 60_000, interval: 5 }).toBeGreaterThan(before);
      const delay = Math.floor(Math.random() * 40);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      expect(err).toBe('');
      const p = await expectWholeBatches();
      if (p < last) killedMidway++;
      if (p === last) break;
    }
    expect(killedMidway).toBeGreaterThan(0);
    // A restarted projector finishes the shop; running it again changes nothing.
    await projectShop(pool, 'casa');
    await projectShop(pool, 'casa');
    expect(await expectWholeBatches()).toBe(last);

    // HQ's ledger of the shop's stock is the shop's own stock_levels, per product and cooperative.
    const hq = await pool.query(
      `SELECT product_local_id AS "productId", coop_local_id AS "cooperativeId", sum(qty)::bigint AS "onHand"
       FROM hq_stock_moves WHERE shop_id = 'casa' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const local = shop.db
      .prepare(
        'SELECT product_id productId, cooperative_id cooperativeId, on_hand onHand FROM stock_levels ORDER BY 1, 2',
      )
      .all();
    expect(hq.rows).toEqual(local);
    const sums = await pool.query(
      `SELECT sum(amount)::bigint a, sum(payout)::bigint p FROM hq_sale_lines WHERE shop_id = 'casa' AND NOT voided`,
    );
    expect(sums.rows[0]).toEqual(
      shop.db.prepare('SELECT sum(amount) a, sum(payout) p FROM sale_lines WHERE voided = 0').get(),
    );
  }, 300_000);
});
