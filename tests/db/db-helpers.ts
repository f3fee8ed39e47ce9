import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { AppError } from '../../core/errors';
import type { Db } from '../../db/open';

/** The AppError code fn throws; anything else (no throw, a raw SqliteError) fails the test loudly. */
export function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** The AppError itself, for tests that read its message or details. */
export function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/**
 * A hash of every row of every table (FTS shadow tables included) and the schema version: two equal
 * digests mean nothing at all was written in between.
 */
export function digest(db: Db): string {
  const h = createHash('sha256');
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
    )
    .all() as { name: string }[];
  for (const { name } of tables) {
    const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((r) =>
      JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
    );
    rows.sort();
    h.update(`${name}\n${rows.join('\n')}\n`);
  }
  h.update(String(db.pragma('user_version', { simple: true })));
  return h.digest('hex');
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

export function onHand(db: Db, productId: number, cooperativeId: number): number {
  const r = db
    .prepare('SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?')
    .get(productId, cooperativeId) as { on_hand: number } | undefined;
  return r?.on_hand ?? 0;
}

/**
 * Stock conservation, recomputed three independent ways for every (product, cooperative) that ever had
 * a movement or a source document: the projection, the ledger and the business documents agree, and
 * nothing is below zero.
 */
export function expectStockConserved(db: Db): void {
  const rows = db
    .prepare(
      `WITH keys AS (
         SELECT product_id p, cooperative_id c FROM stock_movements
         UNION SELECT product_id, cooperative_id FROM stock_levels
         UNION SELECT dl.product_id, d.cooperative_id FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
         UNION SELECT product_id, cooperative_id FROM sale_lines
         UNION SELECT product_id, cooperative_id FROM stock_adjustments
         UNION SELECT cl.product_id, cr.cooperative_id FROM coop_return_lines cl JOIN coop_returns cr ON cr.id = cl.coop_return_id
         UNION SELECT product_id, cooperative_id FROM transfer_out_lines
         UNION SELECT product_id, cooperative_id FROM transfer_in_lines
       )
       SELECT k.p, k.c,
         (SELECT on_hand FROM stock_levels WHERE product_id = k.p AND cooperative_id = k.c) level,
         (SELECT COALESCE(SUM(qty), 0) FROM stock_movements WHERE product_id = k.p AND cooperative_id = k.c) ledger,
         (SELECT COALESCE(SUM(dl.qty), 0) FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
            WHERE dl.product_id = k.p AND d.cooperative_id = k.c) received,
         (SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE product_id = k.p AND cooperative_id = k.c) sold,
         (SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE product_id = k.p AND cooperative_id = k.c AND voided = 1) voided,
         (SELECT COALESCE(SUM(qty), 0) FROM return_lines WHERE product_id = k.p AND cooperative_id = k.c AND restock = 1) restocked,
         (SELECT COALESCE(SUM(cl.qty), 0) FROM coop_return_lines cl JOIN coop_returns cr ON cr.id = cl.coop_return_id
            WHERE cl.product_id = k.p AND cr.cooperative_id = k.c) to_coop,
         (SELECT COALESCE(SUM(qty), 0) FROM stock_adjustments WHERE product_id = k.p AND cooperative_id = k.c) adjusted,
         (SELECT COALESCE(SUM(qty), 0) FROM transfer_out_lines WHERE product_id = k.p AND cooperative_id = k.c) sent,
         (SELECT COALESCE(SUM(qty), 0) FROM transfer_in_lines WHERE product_id = k.p AND cooperative_id = k.c) arrived
       FROM keys k`,
    )
    .all() as {
    p: number;
    c: number;
    level: number | null;
    ledger: number;
    received: number;
    sold: number;
    voided: number;
    restocked: number;
    to_coop: number;
    adjusted: number;
    sent: number;
    arrived: number;
  }[];
  for (const r of rows) {
    const fromDocuments =
      r.received - r.sold + r.voided + r.restocked - r.to_coop + r.adjusted - r.sent + r.arrived;
    const where = `product ${r.p} / cooperative ${r.c}`;
    expect(r.level ?? 0, `${where}: stock_levels vs ledger`).toBe(r.ledger);
    expect(r.ledger, `${where}: ledger vs documents`).toBe(fromDocuments);
    expect(r.ledger, `${where}: never negative`).toBeGreaterThanOrEqual(0);
  }
  // Every movement points at the document that caused it, with the matching quantity.
  const orphans = count(
    db,
    `SELECT COUNT(*) n FROM stock_movements m WHERE NOT CASE m.kind
       WHEN 'receipt' THEN EXISTS (SELECT 1 FROM delivery_lines WHERE id = m.ref_id AND qty = m.qty)
       WHEN 'sale' THEN EXISTS (SELECT 1 FROM sale_lines WHERE id = m.ref_id AND qty = -m.qty)
       WHEN 'void' THEN EXISTS (SELECT 1 FROM sale_lines WHERE id = m.ref_id AND qty = m.qty AND voided = 1)
       WHEN 'customer_return' THEN EXISTS (SELECT 1 FROM return_lines WHERE id = m.ref_id AND qty = m.qty AND restock = 1)
       WHEN 'coop_return' THEN EXISTS (SELECT 1 FROM coop_return_lines WHERE id = m.ref_id AND qty = -m.qty)
       WHEN 'adjustment' THEN EXISTS (SELECT 1 FROM stock_adjustments WHERE id = m.ref_id AND qty = m.qty)
       WHEN 'transfer_out' THEN EXISTS (SELECT 1 FROM transfer_out_lines WHERE id = m.ref_id AND qty = -m.qty)
       WHEN 'transfer_in' THEN EXISTS (SELECT 1 FROM transfer_in_lines WHERE id = m.ref_id AND qty = m.qty)
       ELSE 0 END`,
  );
  expect(orphans, 'stock movements without their document').toBe(0);
}

/** Receipt and return numbers of every till run 1..N with no gap, and the till's counters point past N. */
export function expectGaplessNumbers(db: Db): void {
  const tills = db.prepare('SELECT id, next_receipt_no, next_return_no FROM tills').all() as {
    id: string;
    next_receipt_no: number;
    next_return_no: number;
  }[];
  for (const t of tills) {
    const receipts = (
      db.prepare('SELECT receipt_no FROM sales WHERE till_id = ? ORDER BY receipt_no').all(t.id) as {
        receipt_no: number;
      }[]
    ).map((r) => r.receipt_no);
    expect(receipts, `receipts of till ${t.id}`).toEqual(receipts.map((_, i) => i + 1));
    expect(t.next_receipt_no).toBe(receipts.length + 1);
    const returns = (
      db.prepare('SELECT return_no FROM customer_returns WHERE till_id = ? ORDER BY return_no').all(t.id) as {
        return_no: number;
      }[]
    ).map((r) => r.return_no);
    expect(returns, `return numbers of till ${t.id}`).toEqual(returns.map((_, i) => i + 1));
    expect(t.next_return_no).toBe(returns.length + 1);
  }
}

/** Every sale is whole: lines, a movement per line, payments adding up to the total, one journal entry. */
export function expectSalesWhole(db: Db): void {
  // Grouped joins rather than correlated subqueries: the crash test checks thousands of sales per round.
  const rows = db
    .prepare(
      `WITH lines AS (SELECT sale_id, COUNT(*) n, SUM(amount) amount FROM sale_lines GROUP BY sale_id),
         pays AS (SELECT sale_id, SUM(amount) paid FROM payments WHERE sale_id IS NOT NULL GROUP BY sale_id),
         moved AS (SELECT l.sale_id, COUNT(*) n FROM stock_movements m JOIN sale_lines l ON l.id = m.ref_id
                   WHERE m.kind = 'sale' AND m.qty = -l.qty GROUP BY l.sale_id),
         jr AS (SELECT ref, COUNT(*) n FROM journal WHERE kind = 'sale' GROUP BY ref)
       SELECT s.id, s.total, COALESCE(lines.n, 0) lines, COALESCE(lines.amount, 0) line_total,
         COALESCE(pays.paid, 0) paid, COALESCE(moved.n, 0) moved, COALESCE(jr.n, 0) journal
       FROM sales s LEFT JOIN lines ON lines.sale_id = s.id LEFT JOIN pays ON pays.sale_id = s.id
         LEFT JOIN moved ON moved.sale_id = s.id LEFT JOIN jr ON jr.ref = 'sale:' || s.id`,
    )
    .all() as {
    id: number;
    total: number;
    lines: number;
    line_total: number;
    paid: number;
    moved: number;
    journal: number;
  }[];
  const broken = rows.filter(
    (s) =>
      s.lines === 0 ||
      s.line_total !== s.total ||
      s.paid !== s.total ||
      s.moved !== s.lines ||
      s.journal !== 1,
  );
  expect(broken, 'sales that are not whole').toEqual([]);
}

/**
 * Settlements add up: each issued statement equals the lines it claims (sales minus returns), payout +
 * commission = net to the centime, claimed lines lie in its period, and everything before a cooperative's
 * last period end is claimed (voided sale lines excepted).
 */
export function expectSettlementsConsistent(db: Db): void {
  const settlements = db.prepare('SELECT * FROM settlements ORDER BY id').all() as {
    id: number;
    cooperative_id: number;
    period_start: number;
    period_end: number;
    net_sales: number;
    commission: number;
    payout: number;
    sale_lines: number;
    return_lines: number;
  }[];
  for (const s of settlements) {
    const sales = db
      .prepare(
        `SELECT COUNT(*) n, COALESCE(SUM(amount), 0) amount, COALESCE(SUM(payout), 0) payout,
           COALESCE(SUM(commission), 0) commission, MIN(at) first, MAX(at) last,
           SUM(cooperative_id <> ?) foreign_lines, SUM(voided) voided
         FROM sale_lines WHERE settlement_id = ?`,
      )
      .get(s.cooperative_id, s.id) as Record<string, number | null>;
    const rets = db
      .prepare(
        `SELECT COUNT(*) n, COALESCE(SUM(amount), 0) amount, COALESCE(SUM(payout), 0) payout,
           COALESCE(SUM(commission), 0) commission, MIN(at) first, MAX(at) last, SUM(cooperative_id <> ?) foreign_lines
         FROM return_lines WHERE settlement_id = ?`,
      )
      .get(s.cooperative_id, s.id) as Record<string, number | null>;
    const where = `settlement ${s.id}`;
    expect(s.payout + s.commission, `${where}: payout + commission = net`).toBe(s.net_sales);
    expect(s.net_sales, `${where}: net = claimed sales - returns`).toBe(
      (sales.amount ?? 0) - (rets.amount ?? 0),
    );
    expect(s.payout, `${where}: payout`).toBe((sales.payout ?? 0) - (rets.payout ?? 0));
    expect(s.commission, `${where}: commission`).toBe((sales.commission ?? 0) - (rets.commission ?? 0));
    expect([sales.n, rets.n], `${where}: line counts`).toEqual([s.sale_lines, s.return_lines]);
    expect(sales.foreign_lines ?? 0, `${where}: other cooperatives' lines`).toBe(0);
    expect(rets.foreign_lines ?? 0, `${where}: other cooperatives' returns`).toBe(0);
    expect(sales.voided ?? 0, `${where}: voided lines claimed`).toBe(0);
    for (const r of [sales, rets]) {
      if (r.n === 0) continue;
      expect(r.first as number, `${where}: claimed line before period start`).toBeGreaterThanOrEqual(
        s.period_start,
      );
      expect(r.last as number, `${where}: claimed line after period end`).toBeLessThan(s.period_end);
    }
  }
  const unclaimed = db
    .prepare(
      `WITH last AS (SELECT cooperative_id c, MAX(period_end) e FROM settlements GROUP BY cooperative_id)
       SELECT (SELECT COUNT(*) FROM sale_lines s JOIN last ON last.c = s.cooperative_id
                WHERE s.at < last.e AND s.voided = 0 AND s.settlement_id IS NULL)
            + (SELECT COUNT(*) FROM return_lines r JOIN last ON last.c = r.cooperative_id
                WHERE r.at < last.e AND r.settlement_id IS NULL) n`,
    )
    .get() as { n: number };
  expect(unclaimed.n, 'lines before a period end left unclaimed').toBe(0);
  const perCoop = db
    .prepare(
      `SELECT cooperative_id, SUM(payout + commission) pc, SUM(amount) amount FROM sale_lines GROUP BY cooperative_id
       UNION ALL
       SELECT cooperative_id, SUM(payout + commission), SUM(amount) FROM return_lines GROUP BY cooperative_id`,
    )
    .all() as { cooperative_id: number; pc: number; amount: number }[];
  for (const r of perCoop)
    expect(r.pc, `cooperative ${r.cooperative_id}: payout + commission`).toBe(r.amount);
  // A line's returns never exceed it, and returned money never exceeds what the line brought in.
  const overReturned = count(
    db,
    `SELECT COUNT(*) n FROM sale_lines l JOIN (SELECT sale_line_id, SUM(qty) q, SUM(amount) a, SUM(payout) p
       FROM return_lines GROUP BY sale_line_id) r ON r.sale_line_id = l.id
     WHERE r.q > l.qty OR r.a > l.amount OR r.p > l.payout OR (r.q = l.qty AND (r.a <> l.amount OR r.p <> l.payout))`,
  );
  expect(overReturned, 'sale lines whose returns do not add up').toBe(0);
}
