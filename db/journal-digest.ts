import { createHash } from 'node:crypto';
import type { Store } from './store';

/**
 * Digests of the rows a journal entry vouches for. A sale's receipt is rebuilt from its rows, so the
 * journal has to cover those rows, not a summary of them: an edited total, quantity, price, payout,
 * cooperative or payment then no longer matches the digest the entry recorded when it was written.
 *
 * Columns are listed explicitly (never SELECT *), so a later migration that adds a column does not
 * change the digest of every old sale. The settlement claim (settlement_id) is left out on purpose:
 * it is set once, later, by the settlement, whose own journal entry covers it.
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

/** The record a journal ref names, when it is one whose rows the journal covers. */
export function coveredRecord(ref: string): { type: 'sale' | 'return'; id: number } | null {
  const m = /^(sale|return):(\d+)$/.exec(ref);
  if (!m) return null;
  return { type: m[1] as 'sale' | 'return', id: Number(m[2]) };
}

/** The digest an entry with this ref records at append time, or null for refs whose rows are not covered. */
export function digestForRef(store: Store, ref: string): string | null {
  const rec = coveredRecord(ref);
  if (!rec) return null;
  return rec.type === 'sale' ? saleDigest(store, rec.id) : returnDigest(store, rec.id);
}
