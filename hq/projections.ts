/**
 * Projects every shop's events (hq_events) into the chain tables (migration 002). Per shop, in seq order,
 * a batch at a time: the batch's rows and the new projected_seq commit in one transaction, under a lock on
 * the shop's projection row, so an event is projected exactly once even when two projectors run, the
 * projector is killed mid-batch (the batch rolls back and is done again) or a shop re-sends a batch
 * (ingest keeps one row per (shop, seq), and the projection only moves forward).
 */
import type pg from 'pg';
import { catalogueCoopFor, linkShopCoop, unifyWithCatalogue } from './projections-coops';
import { eventFacts, type EventFacts, type ShopEvent } from './projections-events';

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const BATCH = 500;

interface EventRow {
  seq: string;
  at: string;
  kind: string;
  ref: string;
  payload: unknown;
  rows: unknown;
}

/** Projects one shop's pending events; resolves to how many were projected. */
export async function projectShop(pool: pg.Pool, shopId: string, batch = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await projectBatch(pool, shopId, batch);
    total += done;
    if (done < batch) return total;
  }
}

/** Projects every shop's pending events (after an ingest, at start, before a statement is drafted). */
export async function projectAll(pool: pg.Pool): Promise<number> {
  const shops = await pool.query<{ id: string }>('SELECT id FROM hq_shops ORDER BY id');
  let total = 0;
  for (const s of shops.rows) total += await projectShop(pool, s.id);
  return total;
}

async function projectBatch(pool: pg.Pool, shopId: string, batch: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO hq_projection_state (shop_id) VALUES ($1) ON CONFLICT (shop_id) DO NOTHING',
      [shopId],
    );
    const state = await client.query<{ projected_seq: string }>(
      'SELECT projected_seq FROM hq_projection_state WHERE shop_id = $1 FOR UPDATE',
      [shopId],
    );
    const from = Number(state.rows[0]?.projected_seq ?? 0);
    const events = await client.query<EventRow>(
      `SELECT seq, at, kind, ref, payload, rows FROM hq_events
       WHERE shop_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [shopId, from, batch],
    );
    let last = from;
    const pending = new Pending();
    for (const r of events.rows) {
      const seq = Number(r.seq);
      // Contiguous only: ingest never stores a gap, but a projection must not skip one if it did.
      if (seq !== last + 1) break;
      const event: ShopEvent = {
        shopId,
        seq,
        at: Number(r.at),
        kind: r.kind,
        ref: r.ref,
        payload: r.payload,
        rows: r.rows,
      };
      let facts: EventFacts;
      try {
        facts = eventFacts(event);
      } catch (err) {
        await client.query(
          `INSERT INTO hq_projection_errors (shop_id, seq, kind, message, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [shopId, seq, r.kind, String(err instanceof Error ? err.message : err).slice(0, 2000), Date.now()],
        );
        facts = {};
      }
      await applyFacts(client, event, facts, pending);
      last = seq;
    }
    await pending.flush(client, shopId);
    if (last > from) {
      await client.query(
        'UPDATE hq_projection_state SET projected_seq = $2, updated_at = $3 WHERE shop_id = $1',
        [shopId, last, Date.now()],
      );
    }
    await client.query('COMMIT');
    return last - from;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The chain cooperative of a shop's cooperative, when HQ knows it (null until its coop.create arrives). */
const COOP_OF = `(SELECT coop_id FROM hq_shop_coops sc WHERE sc.shop_id = $1 AND sc.local_id = x.coop_local_id)`;

/**
 * Rows waiting to be written, across the events of a batch: a shop's journal is mostly sales, so their
 * lines and stock moves go in with one statement per table per batch instead of one per event. Facts that
 * read or change what came before them (a cooperative, a void, a shop's own statement) flush it first, so
 * the effect is exactly that of applying the events one by one, in order.
 */
class Pending {
  sales: Record<string, unknown>[] = [];
  returns: Record<string, unknown>[] = [];
  moves: Record<string, unknown>[] = [];

  get size(): number {
    return this.sales.length + this.returns.length + this.moves.length;
  }

  add(e: ShopEvent, f: EventFacts): void {
    for (const l of f.saleLines ?? []) {
      this.sales.push({
        seq: e.seq,
        line_id: l.lineId,
        sale_id: l.saleId,
        product_local_id: l.productLocalId,
        coop_local_id: l.coopLocalId,
        name_fr: l.nameFr,
        name_ar: l.nameAr,
        unit: l.unit,
        tier: l.tier,
        qty: l.qty,
        amount: l.amount,
        payout: l.payout,
        commission: l.commission,
        at: l.at,
        voided: l.voided,
      });
    }
    for (const l of f.returnLines ?? []) {
      this.returns.push({
        seq: e.seq,
        line_id: l.lineId,
        return_id: l.returnId,
        sale_line_id: l.saleLineId,
        product_local_id: l.productLocalId,
        coop_local_id: l.coopLocalId,
        qty: l.qty,
        amount: l.amount,
        payout: l.payout,
        commission: l.commission,
        restock: l.restock,
        at: l.at,
      });
    }
    for (const m of f.moves ?? []) {
      this.moves.push({
        seq: e.seq,
        n: m.n,
        kind: m.kind,
        product_local_id: m.productLocalId,
        coop_local_id: m.coopLocalId,
        qty: m.qty,
        at: m.at,
        lot: m.lot,
        best_before: m.bestBefore,
        reason: m.reason,
      });
    }
  }

  async flush(db: Queryable, shop: string): Promise<void> {
    if (this.sales.length > 0) {
      await db.query(
        `INSERT INTO hq_sale_lines (shop_id, line_id, sale_id, seq, product_local_id, coop_local_id, coop_id, name_fr,
           name_ar, unit, tier, qty, amount, payout, commission, at, voided, voided_at)
         SELECT $1, x.line_id, x.sale_id, x.seq, x.product_local_id, x.coop_local_id, ${COOP_OF}, x.name_fr, x.name_ar,
           x.unit, x.tier, x.qty, x.amount, x.payout, x.commission, x.at, x.voided,
           -- A sale pushed after its void already shows its lines voided; the void's own event sets the time.
           CASE WHEN x.voided THEN x.at END
         FROM json_to_recordset($2::json) AS x(seq bigint, line_id bigint, sale_id bigint, product_local_id int,
           coop_local_id int, name_fr text, name_ar text, unit text, tier text, qty bigint, amount bigint,
           payout bigint, commission bigint, at bigint, voided boolean)
         ON CONFLICT (shop_id, line_id) DO NOTHING`,
        [shop, JSON.stringify(this.sales)],
      );
    }
    if (this.returns.length > 0) {
      await db.query(
        `INSERT INTO hq_return_lines (shop_id, line_id, return_id, seq, sale_line_id, product_local_id, coop_local_id,
           coop_id, qty, amount, payout, commission, restock, at)
         SELECT $1, x.line_id, x.return_id, x.seq, x.sale_line_id, x.product_local_id, x.coop_local_id, ${COOP_OF},
           x.qty, x.amount, x.payout, x.commission, x.restock, x.at
         FROM json_to_recordset($2::json) AS x(seq bigint, line_id bigint, return_id bigint, sale_line_id bigint,
           product_local_id int, coop_local_id int, qty bigint, amount bigint, payout bigint, commission bigint,
           restock boolean, at bigint)
         ON CONFLICT (shop_id, line_id) DO NOTHING`,
        [shop, JSON.stringify(this.returns)],
      );
    }
    if (this.moves.length > 0) {
      await db.query(
        `INSERT INTO hq_stock_moves (shop_id, seq, n, kind, product_local_id, coop_local_id, coop_id, qty, at, lot,
           best_before, reason)
         SELECT $1, x.seq, x.n, x.kind, x.product_local_id, x.coop_local_id, ${COOP_OF}, x.qty, x.at, x.lot,
           x.best_before::date, x.reason
         FROM json_to_recordset($2::json) AS x(seq bigint, n int, kind text, product_local_id int, coop_local_id int,
           qty bigint, at bigint, lot text, best_before text, reason text)
         ON CONFLICT (shop_id, seq, n) DO NOTHING`,
        [shop, JSON.stringify(this.moves)],
      );
    }
    this.sales = [];
    this.returns = [];
    this.moves = [];
  }
}

/** Facts that must see every earlier row written, or that later rows depend on. */
const needsFlush = (f: EventFacts) =>
  f.transferMoves !== undefined ||
  f.coop !== undefined ||
  f.coopUpdate !== undefined ||
  f.coopLink !== undefined ||
  f.voidedSaleId !== undefined ||
  f.shopSettlement !== undefined;

async function applyFacts(db: Queryable, e: ShopEvent, f: EventFacts, pending: Pending): Promise<void> {
  const shop = e.shopId;
  if (needsFlush(f)) await pending.flush(db, shop);
  if (f.coop) {
    const c = f.coop;
    const payload = e.payload as Record<string, unknown>;
    const text = (k: string) => (typeof payload[k] === 'string' && payload[k] !== '' ? payload[k] : null);
    // The chain catalogue's cooperative, when this is one (projections-coops.ts): HQ names it.
    const cat = await catalogueCoopFor(db, c);
    // Otherwise the first shop to bring a cooperative names it; the others join it by its code.
    const { rows } = cat
      ? { rows: [{ id: (await unifyWithCatalogue(db, cat, true, e.at))! }] }
      : await db.query<{ id: number }>(
          `INSERT INTO hq_coops (code, name_fr, name_ar, region, womens, registration_no, ice, bank_name,
         bank_account, phone, commission_bp, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
          [
            c.code,
            c.nameFr,
            c.nameAr,
            c.region,
            c.womens,
            text('registrationNo'),
            text('ice'),
            text('bankName'),
            text('bankAccount'),
            text('phone'),
            Number.isSafeInteger(payload.commissionBp) ? payload.commissionBp : 0,
            e.at,
          ],
        );
    const coopId = rows[0]!.id;
    await db.query(
      'INSERT INTO hq_shop_coops (shop_id, local_id, coop_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [shop, c.localId, coopId],
    );
    // Lines that arrived before their cooperative (a shop whose journal started after it was created).
    for (const table of ['hq_sale_lines', 'hq_return_lines', 'hq_stock_moves']) {
      await db.query(
        `UPDATE ${table} SET coop_id = $3 WHERE shop_id = $1 AND coop_local_id = $2 AND coop_id IS NULL`,
        [shop, c.localId, coopId],
      );
    }
  }
  if (f.coopUpdate) {
    const u = f.coopUpdate;
    await db.query(
      `UPDATE hq_coops SET name_fr = COALESCE($3, name_fr), name_ar = COALESCE($4, name_ar),
         region = COALESCE($5, region), womens = COALESCE($6, womens)
       WHERE id = (SELECT coop_id FROM hq_shop_coops WHERE shop_id = $1 AND local_id = $2)
         -- The chain catalogue's cooperatives are named by HQ, not by a shop's edit.
         AND code NOT IN (SELECT code FROM hq_catalog_coops)`,
      [shop, u.localId, u.nameFr ?? null, u.nameAr ?? null, u.region ?? null, u.womens ?? null],
    );
  }
  if (f.coopLink) await linkShopCoop(db, shop, f.coopLink.localId, f.coopLink.code, e.at);
  if (f.product) {
    const p = f.product;
    await db.query(
      `INSERT INTO hq_shop_products (shop_id, local_id, sku, name_fr, name_ar, unit, coop_local_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (shop_id, local_id) DO UPDATE SET sku = COALESCE(EXCLUDED.sku, hq_shop_products.sku),
         name_fr = COALESCE(EXCLUDED.name_fr, hq_shop_products.name_fr),
         name_ar = COALESCE(EXCLUDED.name_ar, hq_shop_products.name_ar),
         unit = COALESCE(EXCLUDED.unit, hq_shop_products.unit),
         coop_local_id = COALESCE(EXCLUDED.coop_local_id, hq_shop_products.coop_local_id)`,
      [shop, p.localId, p.sku, p.nameFr, p.nameAr, p.unit, p.coopLocalId],
    );
  }
  if (f.voidedSaleId !== undefined) {
    await db.query(
      `UPDATE hq_sale_lines SET voided = true, voided_at = $3
       WHERE shop_id = $1 AND sale_id = $2 AND (NOT voided OR voided_at IS DISTINCT FROM $3)`,
      [shop, f.voidedSaleId, e.at],
    );
  }
  pending.add(e, f);
  if (f.transferMoves && f.transferMoves.length > 0) {
    // This shop's product (by SKU) and cooperative (by chain code); a line HQ cannot place is recorded, not lost.
    const { rowCount } = await db.query(
      `INSERT INTO hq_stock_moves (shop_id, seq, n, kind, product_local_id, coop_local_id, coop_id, qty, at, lot,
         best_before, reason)
       SELECT $1, $2, x.n, x.kind, p.local_id, sc.local_id, c.id, x.qty, x.at, x.lot, x.best_before::date, x.reason
       FROM json_to_recordset($3::json) AS x(n int, kind text, sku text, coop_code text, qty bigint, at bigint,
         lot text, best_before text, reason text)
       JOIN hq_coops c ON c.code = x.coop_code
       JOIN LATERAL (SELECT local_id FROM hq_shop_coops WHERE shop_id = $1 AND coop_id = c.id ORDER BY local_id LIMIT 1) sc
         ON true
       JOIN LATERAL (SELECT local_id FROM hq_shop_products WHERE shop_id = $1 AND sku = x.sku ORDER BY local_id LIMIT 1) p
         ON true
       ON CONFLICT (shop_id, seq, n) DO NOTHING`,
      [
        shop,
        e.seq,
        JSON.stringify(
          f.transferMoves.map((m) => ({
            n: m.n,
            kind: m.kind,
            sku: m.sku,
            coop_code: m.coopCode,
            qty: m.qty,
            at: m.at,
            lot: m.lot,
            best_before: m.bestBefore,
            reason: m.reason,
          })),
        ),
      ],
    );
    if ((rowCount ?? 0) < f.transferMoves.length) {
      await db.query(
        `INSERT INTO hq_projection_errors (shop_id, seq, kind, message, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [
          shop,
          e.seq,
          e.kind,
          'a transfer line names a product or cooperative HQ does not know for this shop',
          Date.now(),
        ],
      );
    }
  }
  if (f.shopSettlement) {
    const s = f.shopSettlement;
    await db.query(
      `UPDATE hq_sale_lines SET shop_settlement = $3
       WHERE shop_id = $1 AND line_id = ANY($2::bigint[]) AND shop_settlement IS NULL`,
      [shop, s.saleLineIds, s.number],
    );
    await db.query(
      `UPDATE hq_return_lines SET shop_settlement = $3
       WHERE shop_id = $1 AND line_id = ANY($2::bigint[]) AND shop_settlement IS NULL`,
      [shop, s.returnLineIds, s.number],
    );
  }
  // A batch's rows are held in memory until a flush; keep that bounded.
  if (pending.size >= 5_000) await pending.flush(db, shop);
}

const running = new Map<string, { again: boolean; done: Promise<void> }>();

/**
 * Projects a shop's new events soon after they are acknowledged, off the push's path: one projector per
 * shop at a time, and a push arriving while it runs makes it go round once more. Failures are logged and
 * left for the next push, the next start or the next statement (which projects everything first).
 */
export function scheduleProjection(pool: pg.Pool, shopId: string): Promise<void> {
  const current = running.get(shopId);
  if (current) {
    current.again = true;
    return current.done;
  }
  const state = { again: false, done: Promise.resolve() };
  state.done = (async () => {
    try {
      do {
        state.again = false;
        await projectShop(pool, shopId);
      } while (state.again);
    } catch (err) {
      console.error(`[hq] projecting ${shopId} failed:`, err instanceof Error ? err.message : err);
    } finally {
      running.delete(shopId);
    }
  })();
  running.set(shopId, state);
  return state.done;
}
