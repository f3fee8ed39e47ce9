/**
 * The pure half of the hash-chained journal, shared by the shop (db/journal.ts, db/journal-digest.ts) and HQ
 * (hq/ingest.ts), so both hash exactly the same text. Hashing itself is left to the caller (node:crypto):
 * core has no I/O and no platform crypto.
 */

export const GENESIS = '0'.repeat(64);

/**
 * Hash format versions. Entries keep the version they were written with (journal.hv), so journals from
 * before migration 003 still verify: version 1 joined the fields with newlines and covered no rows;
 * version 2 also covers the digest of the record the entry names and encodes the fields as a JSON array,
 * so no field can bleed into the next.
 */
export const HASH_VERSION = 2;

export interface JournalRow {
  seq: number;
  at: number;
  user_id: number | null;
  kind: string;
  ref: string;
  /** The JSON text exactly as the shop wrote it: the hash covers these characters. */
  payload: string;
  prev_hash: string;
  hash: string;
  hv: number;
  digest: string | null;
}

/** The text whose SHA-256 is an entry's hash. */
export function entryHashText(prev: string, r: Omit<JournalRow, 'prev_hash' | 'hash'>): string {
  if (r.hv === 1) {
    return `${prev}\n${r.seq}\n${r.at}\n${r.user_id ?? ''}\n${r.kind}\n${r.ref}\n${r.payload}`;
  }
  return `souk-journal/${r.hv}\n${JSON.stringify([prev, r.seq, r.at, r.user_id, r.kind, r.ref, r.payload, r.digest])}`;
}

/**
 * Checks one entry against the one before it. Besides the hash and the link, an entry may not fall back to
 * an older hash format than the entries before it: that would drop the row digests.
 */
export function entryIntact(
  row: JournalRow,
  prev: string,
  expectedSeq: number,
  minVersion: number,
  hash: (text: string) => string,
): boolean {
  return (
    row.seq === expectedSeq &&
    row.prev_hash === prev &&
    row.hv >= minVersion &&
    row.hv <= HASH_VERSION &&
    row.hash === hash(entryHashText(prev, row))
  );
}

/**
 * The records whose rows an entry's digest covers, part by part, with their columns in digest order.
 * Columns are listed explicitly (never SELECT *), so a later migration that adds a column does not change
 * the digest of every old sale. A sale's settlement claim (settlement_id) is left out on purpose: it is set
 * once, later, by the settlement, whose own digest lists the lines it claims.
 */
export interface RecordPart {
  name: string;
  table: string;
  columns: readonly string[];
  /** `id = ?` for the header; the foreign key for the rest. */
  where: string;
  /** One row (or null) rather than a list. */
  single: boolean;
  orderBy?: string;
}

export interface RecordShape {
  tag: string;
  parts: readonly RecordPart[];
}

export const COVERED_TYPES = ['sale', 'return', 'session', 'settlement'] as const;
export type CoveredType = (typeof COVERED_TYPES)[number];

const PAYMENT_COLUMNS = ['id', 'method', 'amount', 'tendered', 'change', 'reference'] as const;

export const RECORD_SHAPES: Record<CoveredType, RecordShape> = {
  sale: {
    tag: 'souk-sale/1',
    parts: [
      {
        name: 'sale',
        table: 'sales',
        where: 'id',
        single: true,
        columns: [
          'id',
          'client_id',
          'till_id',
          'receipt_no',
          'session_id',
          'cashier_id',
          'customer_id',
          'at',
          'total',
          'discount_total',
          'voided_at',
        ],
      },
      {
        name: 'lines',
        table: 'sale_lines',
        where: 'sale_id',
        single: false,
        orderBy: 'line_no, id',
        columns: [
          'id',
          'line_no',
          'product_id',
          'cooperative_id',
          'name_fr',
          'name_ar',
          'unit',
          'qty',
          'tier',
          'unit_price',
          'overridden',
          'gross',
          'discount',
          'amount',
          'vat_code',
          'payout',
          'commission',
          'approved_by',
          'at',
          'voided',
        ],
      },
      {
        name: 'payments',
        table: 'payments',
        where: 'sale_id',
        single: false,
        orderBy: 'id',
        columns: PAYMENT_COLUMNS,
      },
      {
        name: 'void',
        table: 'sale_voids',
        where: 'sale_id',
        single: true,
        columns: ['at', 'user_id', 'approved_by', 'reason'],
      },
    ],
  },
  return: {
    tag: 'souk-return/1',
    parts: [
      {
        name: 'return',
        table: 'customer_returns',
        where: 'id',
        single: true,
        columns: [
          'id',
          'client_id',
          'till_id',
          'return_no',
          'session_id',
          'sale_id',
          'user_id',
          'approved_by',
          'reason',
          'at',
          'total',
        ],
      },
      {
        name: 'lines',
        table: 'return_lines',
        where: 'return_id',
        single: false,
        orderBy: 'id',
        columns: [
          'id',
          'sale_line_id',
          'product_id',
          'cooperative_id',
          'qty',
          'amount',
          'payout',
          'commission',
          'restock',
          'at',
        ],
      },
      {
        name: 'payments',
        table: 'payments',
        where: 'return_id',
        single: false,
        orderBy: 'id',
        columns: PAYMENT_COLUMNS,
      },
    ],
  },
  // The Z record's own copy of the head (z_seq, z_hash, z_report) is written after the close entry, so it
  // cannot be part of what that entry covers; the seal and the printed Z vouch for it instead.
  session: {
    tag: 'souk-session/1',
    parts: [
      {
        name: 'session',
        table: 'cash_sessions',
        where: 'id',
        single: true,
        columns: [
          'id',
          'till_id',
          'opened_by',
          'opened_at',
          'opening_float',
          'closed_by',
          'closed_at',
          'expected_cash',
          'counted_cash',
          'counts',
        ],
      },
      {
        name: 'moves',
        table: 'cash_movements',
        where: 'session_id',
        single: false,
        orderBy: 'id',
        columns: ['id', 'kind', 'amount', 'reason', 'user_id', 'at'],
      },
    ],
  },
  settlement: {
    tag: 'souk-settlement/1',
    parts: [
      {
        name: 'settlement',
        table: 'settlements',
        where: 'id',
        single: true,
        columns: [
          'id',
          'number',
          'kind',
          'cooperative_id',
          'period_start',
          'period_end',
          'issued_at',
          'issued_by',
          'net_sales',
          'commission',
          'payout',
          'sale_lines',
          'return_lines',
          'paid_at',
          'paid_by',
          'payment_reference',
        ],
      },
      {
        name: 'saleLines',
        table: 'sale_lines',
        where: 'settlement_id',
        single: false,
        orderBy: 'id',
        columns: ['id'],
      },
      {
        name: 'returnLines',
        table: 'return_lines',
        where: 'settlement_id',
        single: false,
        orderBy: 'id',
        columns: ['id'],
      },
    ],
  },
};

/** The record a journal ref names, when it is one whose rows the journal covers. */
export function coveredRecord(ref: string): { type: CoveredType; id: number } | null {
  const m = /^(sale|return|session|settlement):(\d+)$/.exec(ref);
  if (!m) return null;
  return { type: m[1] as CoveredType, id: Number(m[2]) };
}

/** The text whose SHA-256 is a record's digest, from its parts as arrays in column order. */
export function recordDigestText(tag: string, parts: unknown[]): string {
  // JSON of arrays in a fixed column order: unambiguous, and the same in any JS engine.
  return `${tag}\n${JSON.stringify(parts)}`;
}

/**
 * A record's rows as they travel to HQ: one object per row, named by part (`{ sale, lines, payments,
 * void }`). Objects rather than arrays so HQ's projections read them by column name; the digest is
 * recomputed from them in RECORD_SHAPES' column order, so key order (which jsonb does not keep) is moot.
 */
export type RecordRows = Record<string, Record<string, unknown> | Record<string, unknown>[] | null>;

/**
 * The digest text of rows received as objects; null when the header is missing (the shop had no such
 * record) or the rows do not have the record's shape.
 */
export function recordRowsDigestText(type: CoveredType, rows: RecordRows): string | null {
  const shape = RECORD_SHAPES[type];
  const parts: unknown[] = [];
  let complete = true;
  for (const [i, part] of shape.parts.entries()) {
    const value = rows[part.name];
    const asArray = (o: Record<string, unknown>) =>
      part.columns.map((c) => {
        if (!(c in o)) complete = false;
        return o[c];
      });
    if (part.single) {
      if (value === null || value === undefined) {
        if (i === 0) return null;
        parts.push(null);
      } else if (Array.isArray(value)) return null;
      else parts.push(asArray(value));
    } else {
      if (!Array.isArray(value)) return null;
      parts.push(value.map(asArray));
    }
  }
  // A row without one of its columns is not the shop's row, even if that column would have been null.
  return complete ? recordDigestText(shape.tag, parts) : null;
}
