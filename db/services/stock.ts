import { fail } from '../../core/errors';
import { lineAmount } from '../../core/money';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';

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

function onHand(store: Store, productId: number, cooperativeId: number): number {
  return (
    store.get<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
      productId,
      cooperativeId,
    )?.on_hand ?? 0
  );
}

function move(
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

/** A cooperative's consignment delivery: its lines (lot, best-before) enter the ledger together. */
export function receiveDelivery(
  store: Store,
  actor: Actor,
  input: DeliveryInput,
): { deliveryId: number; replayed: boolean } {
  return store.tx(() => {
    const existing = store.get<{ id: number }>(
      'SELECT id FROM deliveries WHERE client_id = ?',
      input.clientId,
    );
    if (existing) return { deliveryId: existing.id, replayed: true };
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

/** Unsold or expiring goods go back to their cooperative; a printed return note documents them. */
export function returnToCooperative(
  store: Store,
  actor: Actor,
  input: CoopReturnInput,
): { returnId: number; replayed: boolean } {
  return store.tx(() => {
    const existing = store.get<{ id: number }>(
      'SELECT id FROM coop_returns WHERE client_id = ?',
      input.clientId,
    );
    if (existing) return { returnId: existing.id, replayed: true };
    if (input.lines.length === 0) fail('VALIDATION', 'A return note needs at least one line.', {});
    if (!store.get('SELECT 1 FROM cooperatives WHERE id = ?', input.cooperativeId)) {
      fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {
        cooperativeId: input.cooperativeId,
      });
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
    const wanted = new Map<number, number>();
    input.lines.forEach((line, i) => {
      const p = productFor(store, line.productId, i + 1);
      if (!isValidQuantity(p.unit, line.quantity)) {
        fail('INVALID_QUANTITY', `Line ${i + 1}: ${line.quantity} is not a valid quantity of ${p.name_fr}.`, {
          line: i + 1,
        });
      }
      const total = (wanted.get(p.id) ?? 0) + line.quantity;
      wanted.set(p.id, total);
      const available = onHand(store, p.id, input.cooperativeId);
      if (available < total) {
        fail(
          'OUT_OF_STOCK',
          `Only ${available} of ${p.name_fr} are on hand for this cooperative; ${total} to return.`,
          {
            productId: p.id,
            cooperativeId: input.cooperativeId,
            onHand: available,
            requested: total,
          },
        );
      }
      const { lastInsertRowid: lineId } = store.run(
        'INSERT INTO coop_return_lines (coop_return_id, product_id, qty, lot) VALUES (?, ?, ?, ?)',
        returnId,
        p.id,
        line.quantity,
        line.lot ?? '',
      );
      move(store, {
        productId: p.id,
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

export interface StockRow {
  productId: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  cooperativeId: number;
  cooperativeName: string;
  cooperativeNameAr: string;
  onHand: number;
  value: { retail: number; semi: number; wholesale: number };
  /** Days since the oldest delivery still on the shelf (first in, first out). */
  ageDays: number | null;
  nearestBestBefore: string | null;
  soldLast30Days: number;
}

const DAY = 86_400_000;

/**
 * Stock on hand per (product, cooperative). Which lots are still on the shelf is worked out first-in,
 * first-out from the deliveries, newest first, until the quantity on hand is covered.
 */
export function stockOnHand(
  store: Store,
  filter: { cooperativeId?: number | null; productId?: number | null; includeEmpty?: boolean } = {},
): StockRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.cooperativeId) {
    where.push('l.cooperative_id = ?');
    params.push(filter.cooperativeId);
  }
  if (filter.productId) {
    where.push('l.product_id = ?');
    params.push(filter.productId);
  }
  if (!filter.includeEmpty) where.push('l.on_hand <> 0');
  const now = store.now();
  const rows = store.all<{
    product_id: number;
    cooperative_id: number;
    on_hand: number;
    sku: string;
    name_fr: string;
    name_ar: string;
    unit: Unit;
    retail_price: number;
    semi_price: number;
    wholesale_price: number;
    coop_name: string;
    coop_name_ar: string;
    sold30: number;
  }>(
    `SELECT l.product_id, l.cooperative_id, l.on_hand, p.sku, p.name_fr, p.name_ar, p.unit, p.retail_price, p.semi_price,
       p.wholesale_price, c.name_fr coop_name, c.name_ar coop_name_ar,
       COALESCE((SELECT SUM(qty) FROM sale_lines s WHERE s.product_id = l.product_id AND s.cooperative_id = l.cooperative_id
         AND s.voided = 0 AND s.at >= ?), 0) sold30
     FROM stock_levels l JOIN products p ON p.id = l.product_id JOIN cooperatives c ON c.id = l.cooperative_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY c.name_fr, p.name_fr`,
    now - 30 * DAY,
    ...params,
  );
  return rows.map((r) => {
    let ageDays: number | null = null;
    let nearest: string | null = null;
    let remaining = r.on_hand;
    const lots = store.all<{ qty: number; best_before: string | null; received_at: number }>(
      `SELECT dl.qty, dl.best_before, d.received_at FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
       WHERE dl.product_id = ? AND d.cooperative_id = ? ORDER BY d.received_at DESC, dl.id DESC`,
      r.product_id,
      r.cooperative_id,
    );
    for (const lot of lots) {
      if (remaining <= 0) break;
      remaining -= lot.qty;
      ageDays = Math.floor((now - lot.received_at) / DAY);
      if (lot.best_before && (nearest === null || lot.best_before < nearest)) nearest = lot.best_before;
    }
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
      ageDays,
      nearestBestBefore: nearest,
      soldLast30Days: r.sold30,
    };
  });
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
