import { fail } from '../../core/errors';
import { lineAmount } from '../../core/money';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { searchTokens } from '../../core/search-text';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import { appendJournal } from '../journal';
import { contentFingerprint, refuseReusedClientId } from './client-ids';
import type { Db } from '../open';
import { Store, type Actor } from '../store';
import type { StockLot, StockPage, StockRow } from '../../core/stock';

// The shapes are core's (core/stock.ts), re-exported for the services and handlers that import them from here.
export type { StockLot, StockPage, StockRow };

export interface DeliveryInput {
  clientId: string;
  cooperativeId: number;
  noteRef: string;
  comment?: string;
  lines: { productId: number; quantity: number; lot?: string; bestBefore?: string | null }[];
}

interface ProductCheck {
  id: number;
  sku: string;
  name_fr: string;
  unit: Unit;
  cooperative_id: number;
  coop_name: string;
}

function productFor(store: Store, productId: number, lineNo: number): ProductCheck {
  const p = store.get<ProductCheck>(
    `SELECT p.id, p.sku, p.name_fr, p.unit, p.cooperative_id, c.name_fr coop_name
     FROM products p JOIN cooperatives c ON c.id = p.cooperative_id WHERE p.id = ?`,
    productId,
  );
  if (!p) fail('NOT_FOUND', `Line ${lineNo}: no product with id ${productId}.`, { line: lineNo, productId });
  return p;
}

/** Stock on hand of a product for one cooperative, milli-units: what a return or a transfer is checked against. */
export function onHand(store: Store, productId: number, cooperativeId: number): number {
  return (
    store.get<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
      productId,
      cooperativeId,
    )?.on_hand ?? 0
  );
}

/** One row of the ledger (stock_movements); its trigger keeps stock_levels. */
export function move(
  store: Store,
  m: {
    productId: number;
    cooperativeId: number;
    qty: number;
    kind: string;
    refId: number;
    at: number;
    userId: number;
  },
): void {
  store.run(
    'INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    m.productId,
    m.cooperativeId,
    m.qty,
    m.kind,
    m.refId,
    m.at,
    m.userId,
  );
}

/** YYYY-MM-DD naming a day that exists (no 2027-02-30, no month 13). */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** What makes two deliveries the same: cooperative, note, comment, each line in order (product, quantity, lot, best-before). */
function deliveryFingerprint(d: Omit<DeliveryInput, 'clientId'>): string {
  return contentFingerprint({
    cooperativeId: d.cooperativeId,
    noteRef: d.noteRef,
    comment: d.comment ?? '',
    lines: d.lines.map((l) => [l.productId, l.quantity, l.lot ?? '', l.bestBefore ?? null]),
  });
}

/** A cooperative's consignment delivery: its lines (lot, best-before) enter the ledger together. */
export function receiveDelivery(
  store: Store,
  actor: Actor,
  input: DeliveryInput,
): { deliveryId: number; replayed: boolean } {
  return store.tx(() => {
    const existing = store.get<{ id: number; cooperative_id: number; note_ref: string; comment: string }>(
      'SELECT id, cooperative_id, note_ref, comment FROM deliveries WHERE client_id = ?',
      input.clientId,
    );
    if (existing) {
      const lines = store.all<{
        productId: number;
        quantity: number;
        lot: string;
        bestBefore: string | null;
      }>(
        'SELECT product_id productId, qty quantity, lot, best_before bestBefore FROM delivery_lines WHERE delivery_id = ? ORDER BY id',
        existing.id,
      );
      refuseReusedClientId(
        'delivery',
        input.clientId,
        deliveryFingerprint({
          cooperativeId: existing.cooperative_id,
          noteRef: existing.note_ref,
          comment: existing.comment,
          lines,
        }),
        deliveryFingerprint(input),
        `delivery ${existing.id} (note ${existing.note_ref})`,
        { deliveryId: existing.id },
      );
      return { deliveryId: existing.id, replayed: true };
    }
    if (input.lines.length === 0) fail('VALIDATION', 'A delivery needs at least one line.', {});
    const coop = store.get<{ id: number }>('SELECT id FROM cooperatives WHERE id = ?', input.cooperativeId);
    if (!coop) fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {});
    const at = store.now();
    const { lastInsertRowid: deliveryId } = store.run(
      'INSERT INTO deliveries (client_id, cooperative_id, note_ref, received_at, user_id, comment) VALUES (?, ?, ?, ?, ?, ?)',
      input.clientId,
      input.cooperativeId,
      input.noteRef,
      at,
      actor.userId,
      input.comment ?? '',
    );
    input.lines.forEach((line, i) => {
      const p = productFor(store, line.productId, i + 1);
      if (p.cooperative_id !== input.cooperativeId) {
        fail(
          'VALIDATION',
          `Line ${i + 1}: ${p.name_fr} belongs to ${p.coop_name}, not to this cooperative.`,
          {
            line: i + 1,
            productId: p.id,
          },
        );
      }
      if (!isValidQuantity(p.unit, line.quantity)) {
        fail('INVALID_QUANTITY', `Line ${i + 1}: ${line.quantity} is not a valid quantity of ${p.name_fr}.`, {
          line: i + 1,
        });
      }
      if (line.bestBefore && !isCalendarDate(line.bestBefore)) {
        fail('VALIDATION', `Line ${i + 1}: best-before must be a date YYYY-MM-DD.`, { line: i + 1 });
      }
      const { lastInsertRowid: lineId } = store.run(
        'INSERT INTO delivery_lines (delivery_id, product_id, qty, lot, best_before) VALUES (?, ?, ?, ?, ?)',
        deliveryId,
        p.id,
        line.quantity,
        line.lot ?? '',
        line.bestBefore ?? null,
      );
      move(store, {
        productId: p.id,
        cooperativeId: input.cooperativeId,
        qty: line.quantity,
        kind: 'receipt',
        refId: lineId,
        at,
        userId: actor.userId,
      });
    });
    appendJournal(store, {
      userId: actor.userId,
      kind: 'delivery',
      ref: `delivery:${deliveryId}`,
      payload: input,
    });
    return { deliveryId, replayed: false };
  });
}

export interface CoopReturnInput {
  clientId: string;
  cooperativeId: number;
  reason: string;
  lines: { productId: number; quantity: number; lot?: string }[];
}

/** What makes two returns to a cooperative the same: cooperative, reason, each line in order (product, quantity, lot). */
function coopReturnFingerprint(r: Omit<CoopReturnInput, 'clientId'>): string {
  return contentFingerprint({
    cooperativeId: r.cooperativeId,
    reason: r.reason,
    lines: r.lines.map((l) => [l.productId, l.quantity, l.lot ?? '']),
  });
}

/** Unsold or expiring goods go back to their cooperative; a printed return note documents them. */
export function returnToCooperative(
  store: Store,
  actor: Actor,
  input: CoopReturnInput,
): { returnId: number; replayed: boolean } {
  return store.tx(() => {
    const existing = store.get<{ id: number; cooperative_id: number; reason: string }>(
      'SELECT id, cooperative_id, reason FROM coop_returns WHERE client_id = ?',
      input.clientId,
    );
    if (existing) {
      const lines = store.all<{ productId: number; quantity: number; lot: string }>(
        'SELECT product_id productId, qty quantity, lot FROM coop_return_lines WHERE coop_return_id = ? ORDER BY id',
        existing.id,
      );
      refuseReusedClientId(
        'coop_return',
        input.clientId,
        coopReturnFingerprint({ cooperativeId: existing.cooperative_id, reason: existing.reason, lines }),
        coopReturnFingerprint(input),
        `return note ${existing.id}`,
        { returnId: existing.id },
      );
      return { returnId: existing.id, replayed: true };
    }
    if (input.lines.length === 0) fail('VALIDATION', 'A return note needs at least one line.', {});
    const coop = store.get<{ name_fr: string }>(
      'SELECT name_fr FROM cooperatives WHERE id = ?',
      input.cooperativeId,
    );
    if (!coop) {
      fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {
        cooperativeId: input.cooperativeId,
      });
    }
    // Every line is checked before anything is written, and each product's total (two lots of one product
    // are two lines) once against the stock before the return: line by line, the second lot was checked
    // against stock the first had already taken out.
    const wanted = new Map<number, { product: ProductCheck; total: number }>();
    input.lines.forEach((line, i) => {
      const p = productFor(store, line.productId, i + 1);
      if (!isValidQuantity(p.unit, line.quantity)) {
        fail('INVALID_QUANTITY', `Line ${i + 1}: ${line.quantity} is not a valid quantity of ${p.name_fr}.`, {
          line: i + 1,
        });
      }
      wanted.set(p.id, { product: p, total: (wanted.get(p.id)?.total ?? 0) + line.quantity });
    });
    for (const { product: p, total } of wanted.values()) {
      const available = onHand(store, p.id, input.cooperativeId);
      if (available < total) {
        fail(
          'OUT_OF_STOCK',
          `Only ${available} of ${p.name_fr} are on hand for this cooperative; ${total} to return.`,
          {
            productId: p.id,
            productName: p.name_fr,
            cooperativeId: input.cooperativeId,
            cooperativeName: coop.name_fr,
            onHand: available,
            requested: total,
          },
        );
      }
    }
    const at = store.now();
    const { lastInsertRowid: returnId } = store.run(
      'INSERT INTO coop_returns (client_id, cooperative_id, user_id, reason, at) VALUES (?, ?, ?, ?, ?)',
      input.clientId,
      input.cooperativeId,
      actor.userId,
      input.reason,
      at,
    );
    input.lines.forEach((line) => {
      const { lastInsertRowid: lineId } = store.run(
        'INSERT INTO coop_return_lines (coop_return_id, product_id, qty, lot) VALUES (?, ?, ?, ?)',
        returnId,
        line.productId,
        line.quantity,
        line.lot ?? '',
      );
      move(store, {
        productId: line.productId,
        cooperativeId: input.cooperativeId,
        qty: -line.quantity,
        kind: 'coop_return',
        refId: lineId,
        at,
        userId: actor.userId,
      });
    });
    appendJournal(store, {
      userId: actor.userId,
      kind: 'coop_return',
      ref: `coop_return:${returnId}`,
      payload: input,
    });
    return { returnId, replayed: false };
  });
}

export const ADJUSTMENT_REASONS = ['count', 'damaged', 'expired', 'theft', 'sample', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** A correction with a reason; stock can never go below zero. */
export function adjustStock(
  store: Store,
  actor: Actor,
  input: {
    productId: number;
    cooperativeId: number;
    quantity: number;
    reason: AdjustmentReason;
    note?: string;
  },
): { adjustmentId: number; onHand: number } {
  return store.tx(() => {
    const p = productFor(store, input.productId, 1);
    if (!(ADJUSTMENT_REASONS as readonly string[]).includes(input.reason)) {
      fail(
        'VALIDATION',
        `"${String(input.reason)}" is not an adjustment reason (${ADJUSTMENT_REASONS.join(', ')}).`,
        {
          reason: input.reason,
        },
      );
    }
    if (input.quantity === 0 || !Number.isSafeInteger(input.quantity))
      fail('INVALID_QUANTITY', 'An adjustment must change the quantity.', {});
    if (p.unit === 'piece' && input.quantity % 1000 !== 0)
      fail('INVALID_QUANTITY', `${p.name_fr} is counted in whole pieces.`, {});
    const before = onHand(store, p.id, input.cooperativeId);
    if (before + input.quantity < 0) {
      fail('OUT_OF_STOCK', `Only ${before} of ${p.name_fr} are on hand; cannot remove ${-input.quantity}.`, {
        productId: p.id,
        cooperativeId: input.cooperativeId,
        onHand: before,
        requested: -input.quantity,
      });
    }
    const at = store.now();
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO stock_adjustments (product_id, cooperative_id, qty, reason, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      p.id,
      input.cooperativeId,
      input.quantity,
      input.reason,
      input.note ?? '',
      actor.userId,
      at,
    );
    move(store, {
      productId: p.id,
      cooperativeId: input.cooperativeId,
      qty: input.quantity,
      kind: 'adjustment',
      refId: id,
      at,
      userId: actor.userId,
    });
    appendJournal(store, {
      userId: actor.userId,
      kind: 'stock.adjust',
      ref: `adjustment:${id}`,
      payload: input,
    });
    return { adjustmentId: id, onHand: before + input.quantity };
  });
}

export const STOCK_SORTS = ['name', 'cooperative', 'onHand', 'value', 'age', 'bestBefore', 'sold30'] as const;
export type StockSort = (typeof STOCK_SORTS)[number];

/** What the stock list shows; every filter is applied in SQL, so a page costs the same whatever the catalogue. */
export interface StockQuery {
  cooperativeId?: number | null;
  productId?: number | null;
  includeEmpty?: boolean;
  /** Words of a name, SKU, barcode or cooperative, folded like the till's search (products_fts). */
  search?: string | null;
  /** On hand strictly below this many milli-units, whatever the product's own alert. */
  belowQty?: number | null;
  /** On hand at or below the product's own low-stock alert (products without one are left out). */
  lowStock?: boolean;
  /** A lot still on the shelf reaches its best-before within this many days (expired ones included). */
  expiringWithinDays?: number | null;
  /** No sale in this many days, and on the shelf at least as long (a lot received yesterday is not slow). */
  slowDays?: number | null;
  sort?: StockSort;
  dir?: 'asc' | 'desc';
}

const DAY = 86_400_000;
export const STOCK_PAGE_MAX = 500;

interface RawStockRow {
  product_id: number;
  cooperative_id: number;
  on_hand: number;
  oldest_at: number | null;
  best_before: string | null;
  days_left: number | null;
  sold30: number;
  low_stock_alert: number | null;
  sku: string;
  name_fr: string;
  name_ar: string;
  unit: Unit;
  retail_price: number;
  semi_price: number;
  wholesale_price: number;
  coop_name: string;
  coop_name_ar: string;
}

/** The shop's calendar day `days` after today's, as YYYY-MM-DD (best-before dates are shop days). */
function shopDay(now: number, days = 0): string {
  const today = localDayKey(now, zoneOffsetMinutes(now));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The FTS query for what was typed: every word a prefix, as the till's search builds it. */
function ftsPrefixMatch(text: string): string | null {
  const tokens = searchTokens(text).slice(0, 8);
  return tokens.length ? tokens.map((t) => `"${t.replace(/"/g, '')}"*`).join(' ') : null;
}

/** Centimes of price x milli-quantity, half away from zero: core/money lineAmount, in SQL. */
const sqlLineAmount = (price: string) =>
  `(CASE WHEN r.on_hand >= 0 THEN (r.on_hand * ${price} + 500) / 1000 ELSE -((500 - r.on_hand * ${price}) / 1000) END)`;

/** Sort keys by result column, so the same ORDER BY serves a page taken before or after the lots are joined. */
const ORDER: Record<StockSort, string> = {
  name: 'k_name COLLATE NOCASE',
  cooperative: 'k_coop COLLATE NOCASE',
  onHand: 'on_hand',
  value: 'value_key',
  age: 'oldest_at',
  bestBefore: 'best_before',
  sold30: 'sold30',
};

/**
 * One statement for the whole list: the filter, which lots are still on the shelf (first in, first out:
 * deliveries newest first until the quantity on hand is covered, by a running sum), 30-day sales and the
 * slow-mover test as index seeks, then sort, count and totals over the filtered set. When neither the
 * sort nor a filter needs the lots, the page is cut first and only its rows' lots are read: the running
 * sum over every delivery line is most of the cost (about a second at 100,000 products).
 */
function stockSql(
  store: Store,
  q: StockQuery,
  paged: boolean,
): { sql: string; params: unknown[]; now: number } {
  const now = store.now();
  const cheap: string[] = [];
  const cheapParams: unknown[] = [];
  if (q.cooperativeId) {
    cheap.push('l.cooperative_id = ?');
    cheapParams.push(q.cooperativeId);
  }
  if (q.productId) {
    cheap.push('l.product_id = ?');
    cheapParams.push(q.productId);
  }
  if (!q.includeEmpty) cheap.push('l.on_hand <> 0');
  const match = q.search ? ftsPrefixMatch(q.search) : null;
  if (match) {
    cheap.push('l.product_id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)');
    cheapParams.push(match);
  }
  if (q.belowQty !== null && q.belowQty !== undefined) {
    cheap.push('l.on_hand < ?');
    cheapParams.push(q.belowQty);
  }
  if (q.lowStock) {
    cheap.push(
      'l.on_hand <= (SELECT a.low_stock_alert FROM products a WHERE a.id = l.product_id AND a.low_stock_alert IS NOT NULL)',
    );
  }
  const derived: string[] = [];
  const derivedParams: unknown[] = [];
  if (q.expiringWithinDays !== null && q.expiringWithinDays !== undefined) {
    derived.push('r.best_before IS NOT NULL AND r.best_before <= ?');
    derivedParams.push(shopDay(now, q.expiringWithinDays));
  }
  if (q.slowDays !== null && q.slowDays !== undefined) {
    const since = now - q.slowDays * DAY;
    derived.push(`r.oldest_at <= ? AND NOT EXISTS (SELECT 1 FROM sale_lines s WHERE s.product_id = r.product_id
      AND s.cooperative_id = r.cooperative_id AND s.voided = 0 AND s.at >= ?)`);
    derivedParams.push(since, since);
  }
  const sort = q.sort ?? 'name';
  const key = ORDER[sort];
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  // Rows without an age or a best-before go last either way; the ids make every page boundary stable.
  const nullsLast = sort === 'age' || sort === 'bestBefore' ? `${key} IS NULL, ` : '';
  const then = sort === 'name' ? '' : `, ${ORDER.name}`;
  const orderBy = `ORDER BY ${nullsLast}${key} ${dir}${then}, k_pid, k_cid`;
  const pageFirst = paged && derived.length === 0 && sort !== 'age' && sort !== 'bestBefore';
  const windowTotals = `, COUNT(*) OVER () AS total, SUM(${sqlLineAmount('retail_price')}) OVER () AS total_retail,
        SUM(${sqlLineAmount('semi_price')}) OVER () AS total_semi,
        SUM(${sqlLineAmount('wholesale_price')}) OVER () AS total_wholesale`;
  const columns = `p.sku, p.name_fr, p.name_ar, p.unit, p.retail_price, p.semi_price, p.wholesale_price, p.low_stock_alert,
      c.name_fr AS coop_name, c.name_ar AS coop_name_ar, r.on_hand * p.retail_price AS value_key,
      p.name_fr AS k_name, c.name_fr AS k_coop, r.product_id AS k_pid, r.cooperative_id AS k_cid,
      (SELECT COALESCE(SUM(s.qty), 0) FROM sale_lines s WHERE s.product_id = r.product_id
        AND s.cooperative_id = r.cooperative_id AND s.voided = 0 AND s.at >= ?) AS sold30`;
  const cand = `cand AS (
      SELECT l.product_id, l.cooperative_id, l.on_hand FROM stock_levels l
      ${cheap.length ? `WHERE ${cheap.join(' AND ')}` : ''}
    )`;
  const shelfOf = (rows: string) => `lot_rows AS (${lotRows(`IN (SELECT product_id FROM ${rows})`)}),
    lots AS (
      SELECT product_id, cooperative_id, best_before, received_at,
        COALESCE(SUM(qty) OVER (PARTITION BY product_id, cooperative_id ORDER BY ${LOT_ORDER}
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS newer
      FROM lot_rows
    ),
    shelf AS (
      SELECT lots.product_id, lots.cooperative_id, MIN(lots.received_at) AS oldest_at, MIN(lots.best_before) AS best_before
      FROM lots JOIN ${rows} x ON x.product_id = lots.product_id AND x.cooperative_id = lots.cooperative_id
      WHERE lots.newer < x.on_hand
      GROUP BY lots.product_id, lots.cooperative_id
    )`;
  const daysLeft = 'CAST(julianday(best_before) - julianday(?) AS INTEGER) AS days_left';
  const sold30Since = now - 30 * DAY;
  if (pageFirst) {
    const sql = `
    WITH ${cand},
    page AS (
      SELECT r.product_id, r.cooperative_id, r.on_hand, ${columns} ${windowTotals}
      FROM cand r JOIN products p ON p.id = r.product_id JOIN cooperatives c ON c.id = r.cooperative_id
      ${orderBy} LIMIT ? OFFSET ?
    ),
    ${shelfOf('page')}
    SELECT page.*, shelf.oldest_at, shelf.best_before, ${daysLeft}
    FROM page LEFT JOIN shelf ON shelf.product_id = page.product_id AND shelf.cooperative_id = page.cooperative_id
    ${orderBy}`;
    return { sql, params: [...cheapParams, sold30Since, '?LIMIT', '?OFFSET', shopDay(now)], now };
  }
  const sql = `
    WITH ${cand},
    ${shelfOf('cand')},
    r AS (
      SELECT cand.product_id, cand.cooperative_id, cand.on_hand, shelf.oldest_at, shelf.best_before
      FROM cand LEFT JOIN shelf ON shelf.product_id = cand.product_id AND shelf.cooperative_id = cand.cooperative_id
    )
    SELECT r.product_id, r.cooperative_id, r.on_hand, r.oldest_at, r.best_before, ${daysLeft}, ${columns}
      ${paged ? windowTotals : ''}
    FROM r JOIN products p ON p.id = r.product_id JOIN cooperatives c ON c.id = r.cooperative_id
    ${derived.length ? `WHERE ${derived.join(' AND ')}` : ''}
    ${orderBy}
    ${paged ? 'LIMIT ? OFFSET ?' : ''}`;
  return {
    sql,
    params: [
      ...cheapParams,
      shopDay(now),
      sold30Since,
      ...derivedParams,
      ...(paged ? ['?LIMIT', '?OFFSET'] : []),
    ],
    now,
  };
}

/** The statement's parameters with the page's limit and offset in the places stockSql marked. */
function withPage(params: unknown[], limit: number, offset: number): unknown[] {
  return params.map((p) => (p === '?LIMIT' ? limit : p === '?OFFSET' ? offset : p));
}

function toStockRow(r: RawStockRow, now: number): StockRow {
  return {
    productId: r.product_id,
    sku: r.sku,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    unit: r.unit,
    cooperativeId: r.cooperative_id,
    cooperativeName: r.coop_name,
    cooperativeNameAr: r.coop_name_ar,
    onHand: r.on_hand,
    value: {
      retail: lineAmount(r.retail_price, r.on_hand),
      semi: lineAmount(r.semi_price, r.on_hand),
      wholesale: lineAmount(r.wholesale_price, r.on_hand),
    },
    ageDays: r.oldest_at === null ? null : Math.floor((now - r.oldest_at) / DAY),
    nearestBestBefore: r.best_before,
    bestBeforeDaysLeft: r.days_left,
    soldLast30Days: r.sold30,
    lowStockAlert: r.low_stock_alert,
  };
}

/** One page of the stock list, with the count and value of the whole filtered list: one query. */
export function stockPage(store: Store, q: StockQuery & { offset?: number; limit?: number }): StockPage {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), STOCK_PAGE_MAX);
  const offset = Math.max(q.offset ?? 0, 0);
  const { sql, params, now } = stockSql(store, q, true);
  const raw = store.all<
    RawStockRow & { total: number; total_retail: number; total_semi: number; total_wholesale: number }
  >(sql, ...withPage(params, limit, offset));
  const first = raw[0];
  // Past the last page there is no row to carry the window totals: count again, without the rows.
  const totals = first ?? (offset > 0 ? countOnly(store, q) : null);
  return {
    rows: raw.map((r) => toStockRow(r, now)),
    total: totals?.total ?? 0,
    offset,
    limit,
    value: {
      retail: totals?.total_retail ?? 0,
      semi: totals?.total_semi ?? 0,
      wholesale: totals?.total_wholesale ?? 0,
    },
  };
}

function countOnly(
  store: Store,
  q: StockQuery,
): { total: number; total_retail: number; total_semi: number; total_wholesale: number } | null {
  const { sql, params } = stockSql(store, q, true);
  return store.get(sql, ...withPage(params, 1, 0)) ?? null;
}

/**
 * Every row of the filtered list, read one at a time (stmt.iterate): the CSV export streams it without
 * holding the list. Give it a connection of its own: better-sqlite3 refuses any other statement on a
 * connection while an iteration is open on it.
 */
export function* iterateStock(db: Db, q: StockQuery, now: number): Generator<StockRow> {
  const { sql, params } = stockSql(new Store(db, { now: () => now }), q, false);
  for (const r of db.prepare(sql).iterate(...params) as IterableIterator<RawStockRow>)
    yield toStockRow(r, now);
}

/** Stock on hand per (product, cooperative): a page when a limit is given, else the whole filtered list (a statement's). */
export function stockOnHand(
  store: Store,
  filter: StockQuery & { offset?: number; limit?: number } = {},
): StockRow[] {
  if (filter.limit !== undefined) return stockPage(store, filter).rows;
  const { sql, params, now } = stockSql(store, filter, false);
  return store.all<RawStockRow>(sql, ...params).map((r) => toStockRow(r, now));
}

/**
 * Every lot that came into the shop, one row each: a delivery line, or a transfer line received from another
 * shop of the chain (what arrived of it, dated when its cooperative delivered it to the chain, as the sender
 * carried it; the transfer's sent date for lines received before that was carried). `products` is the SQL
 * condition on product_id.
 */
const lotRows = (products: string) => `
      SELECT dl.product_id, d.cooperative_id, dl.best_before, d.received_at, dl.qty, 'delivery' AS source,
        dl.id, dl.delivery_id AS head_id, d.note_ref, dl.lot, NULL AS from_shop
      FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
      WHERE dl.product_id ${products}
      UNION ALL
      SELECT tl.product_id, tl.cooperative_id, tl.best_before, COALESCE(tl.received_at, ti.sent_at), tl.qty,
        'transfer', tl.id, tl.transfer_in_id, ti.transfer_id, tl.lot, ti.from_shop
      FROM transfer_in_lines tl JOIN transfers_in ti ON ti.id = tl.transfer_in_id
      WHERE tl.product_id ${products} AND tl.qty > 0`;
/** Newest lot first: what is on hand is the newest lots' (first in, first out), so what left was the oldest. */
const LOT_ORDER = 'received_at DESC, source DESC, id DESC';

/** The lots received of one product from one cooperative (deliveries and transfers in), newest first, with what remains of each. */
export function stockLots(store: Store, productId: number, cooperativeId: number): StockLot[] {
  const now = store.now();
  return store.all<StockLot>(
    `WITH lv AS (SELECT COALESCE((SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?), 0) AS on_hand),
     lot_rows AS (${lotRows('= ?')}),
     lots AS (
       SELECT *, COALESCE(SUM(qty) OVER (ORDER BY ${LOT_ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS newer
       FROM lot_rows WHERE cooperative_id = ?
     )
     SELECT lots.source, lots.id AS deliveryLineId, lots.head_id AS deliveryId, lots.note_ref AS noteRef,
       lots.from_shop AS fromShop, lots.lot, lots.best_before AS bestBefore, lots.received_at AS receivedAt,
       lots.qty AS received, MAX(0, MIN(lots.qty, lv.on_hand - lots.newer)) AS onHand,
       CAST(julianday(lots.best_before) - julianday(?) AS INTEGER) AS daysLeft
     FROM lots, lv ORDER BY ${LOT_ORDER}`,
    productId,
    cooperativeId,
    productId,
    productId,
    cooperativeId,
    shopDay(now),
  );
}

export function stockMovements(
  store: Store,
  productId: number,
  cooperativeId: number,
): { id: number; qty: number; kind: string; refId: number | null; at: number }[] {
  return store.all(
    'SELECT id, qty, kind, ref_id refId, at FROM stock_movements WHERE product_id = ? AND cooperative_id = ? ORDER BY id',
    productId,
    cooperativeId,
  );
}
