import { createHash } from 'node:crypto';
import type { Store } from './store';

/**
 * Digests of the rows a journal entry vouches for. A sale's receipt is rebuilt from its rows, so the
 * journal has to cover those rows, not a summary of them: an edited total, quantity, price, payout,
 * cooperative or payment then no longer matches the digest the entry recorded when it was written.
 * The same holds for returns (the refund), cash sessions (float, count, cash in/out: the Z's drawer) and
 * settlements (what a cooperative is paid, and which lines that payment claims).
 *
 * Columns are listed explicitly (never SELECT *), so a later migration that adds a column does not
 * change the digest of every old sale. The settlement claim (settlement_id) is left out of the sale on
 * purpose: it is set once, later, by the settlement, whose own digest lists the lines it claims.
 */

const SALE = `SELECT id, client_id, till_id, receipt_no, session_id, cashier_id, customer_id, at, total,
  discount_total, voided_at FROM sales WHERE id = ?`;
const SALE_LINES = `SELECT id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
  overridden, gross, discount, amount, vat_code, payout, commission, approved_by, at, voided
  FROM sale_lines WHERE sale_id = ? ORDER BY line_no, id`;
const SALE_PAYMENTS = `SELECT id, method, amount, tendered, change, reference FROM payments WHERE sale_id = ? ORDER BY id`;
const SALE_VOID = 'SELECT at, user_id, approved_by, reason FROM sale_voids WHERE sale_id = ?';

const RETURN = `SELECT id, client_id, till_id, return_no, session_id, sale_id, user_id, approved_by, reason, at, total
  FROM customer_returns WHERE id = ?`;
const RETURN_LINES = `SELECT id, sale_line_id, product_id, cooperative_id, qty, amount, payout, commission, restock, at
  FROM return_lines WHERE return_id = ? ORDER BY id`;
const RETURN_PAYMENTS = `SELECT id, method, amount, tendered, change, reference FROM payments WHERE return_id = ? ORDER BY id`;

// The Z record's own copy of the head (z_seq, z_hash, z_report) is written after the close entry, so it
// cannot be part of what that entry covers; the seal and the printed Z vouch for it instead.
const SESSION = `SELECT id, till_id, opened_by, opened_at, opening_float, closed_by, closed_at, expected_cash,
  counted_cash, counts FROM cash_sessions WHERE id = ?`;
const SESSION_MOVES = `SELECT id, kind, amount, reason, user_id, at FROM cash_movements WHERE session_id = ? ORDER BY id`;

const SETTLEMENT = `SELECT id, number, kind, cooperative_id, period_start, period_end, issued_at, issued_by, net_sales,
  commission, payout, sale_lines, return_lines, paid_at, paid_by, payment_reference FROM settlements WHERE id = ?`;
const SETTLED_SALE_LINES = 'SELECT id FROM sale_lines WHERE settlement_id = ? ORDER BY id';
const SETTLED_RETURN_LINES = 'SELECT id FROM return_lines WHERE settlement_id = ? ORDER BY id';

// These statements are used only here, so switching their cached copies to raw (array) rows is safe.
const raw = (store: Store, sql: string, id: number): unknown[][] =>
  store.stmt(sql).raw(true).all(id) as unknown[][];

function digestOf(tag: string, parts: unknown[]): string {
  // JSON of arrays in a fixed column order: unambiguous, and the same in any JS engine.
  return createHash('sha256').update(tag).update('\n').update(JSON.stringify(parts)).digest('hex');
}

/** Digest of a sale as it is now: header, lines, payments and void. Null when the sale does not exist. */
export function saleDigest(store: Store, saleId: number): string | null {
  const header = store.stmt(SALE).raw(true).get(saleId) as unknown[] | undefined;
  if (!header) return null;
  const voidRow = (store.stmt(SALE_VOID).raw(true).get(saleId) as unknown[] | undefined) ?? null;
  return digestOf('souk-sale/1', [
    header,
    raw(store, SALE_LINES, saleId),
    raw(store, SALE_PAYMENTS, saleId),
    voidRow,
  ]);
}

/** Digest of a customer return as it is now: header, lines and refund payment. */
export function returnDigest(store: Store, returnId: number): string | null {
  const header = store.stmt(RETURN).raw(true).get(returnId) as unknown[] | undefined;
  if (!header) return null;
  return digestOf('souk-return/1', [
    header,
    raw(store, RETURN_LINES, returnId),
    raw(store, RETURN_PAYMENTS, returnId),
  ]);
}

/** Digest of a cash session as it is now: float, count, expected cash and every cash in/out. */
export function sessionDigest(store: Store, sessionId: number): string | null {
  const header = store.stmt(SESSION).raw(true).get(sessionId) as unknown[] | undefined;
  if (!header) return null;
  return digestOf('souk-session/1', [header, raw(store, SESSION_MOVES, sessionId)]);
}

/** Digest of a settlement as it is now: the statement, its payment, and which lines it claims. */
export function settlementDigest(store: Store, settlementId: number): string | null {
  const header = store.stmt(SETTLEMENT).raw(true).get(settlementId) as unknown[] | undefined;
  if (!header) return null;
  return digestOf('souk-settlement/1', [
    header,
    raw(store, SETTLED_SALE_LINES, settlementId),
    raw(store, SETTLED_RETURN_LINES, settlementId),
  ]);
}

export const COVERED_TYPES = ['sale', 'return', 'session', 'settlement'] as const;
export type CoveredType = (typeof COVERED_TYPES)[number];

/** Each covered record type: how to digest one, and every id of its table (for what has no entry). */
export const COVERED: Record<
  CoveredType,
  { digest: (store: Store, id: number) => string | null; ids: string }
> = {
  sale: { digest: saleDigest, ids: 'SELECT id FROM sales ORDER BY id' },
  return: { digest: returnDigest, ids: 'SELECT id FROM customer_returns ORDER BY id' },
  session: { digest: sessionDigest, ids: 'SELECT id FROM cash_sessions ORDER BY id' },
  settlement: { digest: settlementDigest, ids: 'SELECT id FROM settlements ORDER BY id' },
};

/** The record a journal ref names, when it is one whose rows the journal covers. */
export function coveredRecord(ref: string): { type: CoveredType; id: number } | null {
  const m = /^(sale|return|session|settlement):(\d+)$/.exec(ref);
  if (!m) return null;
  return { type: m[1] as CoveredType, id: Number(m[2]) };
}

/** The digest an entry with this ref records at append time, or null for refs whose rows are not covered. */
export function digestForRef(store: Store, ref: string): string | null {
  const rec = coveredRecord(ref);
  return rec ? COVERED[rec.type].digest(store, rec.id) : null;
}
