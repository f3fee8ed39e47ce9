import { createHash } from 'node:crypto';
import {
  COVERED_TYPES,
  coveredRecord,
  RECORD_SHAPES,
  recordDigestText,
  type CoveredType,
  type RecordPart,
  type RecordRows,
} from '../core/journal-chain';
import type { Store } from './store';

/**
 * Digests of the rows a journal entry vouches for. A sale's receipt is rebuilt from its rows, so the
 * journal has to cover those rows, not a summary of them: an edited total, quantity, price, payout,
 * cooperative or payment then no longer matches the digest the entry recorded when it was written.
 * The same holds for returns (the refund), cash sessions (float, count, cash in/out: the Z's drawer) and
 * settlements (what a cooperative is paid, and which lines that payment claims).
 *
 * Which columns of which tables, in which order, is core/journal-chain.ts's RECORD_SHAPES: HQ recomputes
 * the same digests from the rows the shop pushes (db/services/hq-push.ts).
 */

export { COVERED_TYPES, coveredRecord, type CoveredType };

const partSql = (p: RecordPart): string =>
  `SELECT ${p.columns.join(', ')} FROM ${p.table} WHERE ${p.where} = ?${p.orderBy ? ` ORDER BY ${p.orderBy}` : ''}`;

const SQL: Record<CoveredType, string[]> = Object.fromEntries(
  COVERED_TYPES.map((t) => [t, RECORD_SHAPES[t].parts.map(partSql)]),
) as Record<CoveredType, string[]>;

/**
 * The record's parts as arrays in column order (the digest's input), or null when its header row does not
 * exist. These statements are used only here and in recordRows, so switching their cached copies between
 * raw (array) and object rows per call is safe.
 */
function recordParts(store: Store, type: CoveredType, id: number, raw: boolean): unknown[] | null {
  const parts: unknown[] = [];
  for (const [i, part] of RECORD_SHAPES[type].parts.entries()) {
    const stmt = store.stmt(SQL[type][i]!).raw(raw);
    if (part.single) {
      const row = (stmt.get(id) as unknown) ?? null;
      if (i === 0 && row === null) return null;
      parts.push(row);
    } else {
      parts.push(stmt.all(id));
    }
  }
  return parts;
}

function digestOf(type: CoveredType, id: number, store: Store): string | null {
  const parts = recordParts(store, type, id, true);
  if (!parts) return null;
  return createHash('sha256').update(recordDigestText(RECORD_SHAPES[type].tag, parts)).digest('hex');
}

/** Digest of a sale as it is now: header, lines, payments and void. Null when the sale does not exist. */
export const saleDigest = (store: Store, saleId: number): string | null => digestOf('sale', saleId, store);

/** Digest of a customer return as it is now: header, lines and refund payment. */
export const returnDigest = (store: Store, returnId: number): string | null =>
  digestOf('return', returnId, store);

/** Digest of a cash session as it is now: float, count, expected cash and every cash in/out. */
export const sessionDigest = (store: Store, sessionId: number): string | null =>
  digestOf('session', sessionId, store);

/** Digest of a settlement as it is now: the statement, its payment, and which lines it claims. */
export const settlementDigest = (store: Store, settlementId: number): string | null =>
  digestOf('settlement', settlementId, store);

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

/** The digest an entry with this ref records at append time, or null for refs whose rows are not covered. */
export function digestForRef(store: Store, ref: string): string | null {
  const rec = coveredRecord(ref);
  return rec ? COVERED[rec.type].digest(store, rec.id) : null;
}

/**
 * The rows of the record a ref names, by part name, as they are now (what the HQ push carries); null for
 * a ref whose rows the journal does not cover, or a record that does not exist.
 */
export function recordRows(store: Store, ref: string): RecordRows | null {
  const rec = coveredRecord(ref);
  if (!rec) return null;
  const parts = recordParts(store, rec.type, rec.id, false);
  if (!parts) return null;
  return Object.fromEntries(
    RECORD_SHAPES[rec.type].parts.map((p, i) => [p.name, parts[i] as RecordRows[string]]),
  );
}
