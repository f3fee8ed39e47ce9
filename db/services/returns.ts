import type { PaymentMethod } from '../../core/cash';
import { fail } from '../../core/errors';
import { divRound } from '../../core/money';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { appendJournal } from '../journal';
import { tillOf, type Actor, type Store } from '../store';
import { currentSessionId } from './cash';
import { contentFingerprint, refuseReusedClientId } from './client-ids';
import type { CustomerReturn } from '../../core/sale';

export interface ReturnInput {
  clientId: string;
  saleId: number;
  lines: { saleLineId: number; quantity: number; restock: boolean }[];
  reason: string;
  refundMethod: PaymentMethod;
}

// The shape is core's (core/sale.ts), re-exported for the handlers that import it from here.
export type { CustomerReturn };

/** The share of a sold line's money for the first `qty` units returned, so partial returns add up exactly. */
function shareOf(total: number, soldQty: number, qty: number): number {
  return divRound(total * qty, soldQty);
}

/** What makes two returns the same: the sale, each line in order (sale line, quantity, restock), reason, refund. */
function returnFingerprint(r: Omit<ReturnInput, 'clientId'>): string {
  return contentFingerprint({
    saleId: r.saleId,
    lines: r.lines.map((l) => [l.saleLineId, l.quantity, l.restock]),
    reason: r.reason,
    refundMethod: r.refundMethod,
  });
}

/**
 * A customer brings items back: money goes back, stock goes back on the shelf of the same cooperative
 * (unless damaged), and the cooperative's next statement carries the return as a negative line.
 */
export function createReturn(store: Store, actor: Actor, input: ReturnInput): CustomerReturn {
  return store.tx(() => {
    const existing = store.get<{ id: number; return_no: number; till_id: string; reason: string }>(
      'SELECT id, return_no, till_id, reason FROM customer_returns WHERE client_id = ?',
      input.clientId,
    );
    if (existing) {
      const stored = getReturn(store, existing.id);
      refuseReusedClientId(
        'customer_return',
        input.clientId,
        returnFingerprint({ ...stored, reason: existing.reason }),
        returnFingerprint(input),
        `return ${existing.return_no} on till ${existing.till_id}`,
        { returnId: existing.id, tillId: existing.till_id, returnNo: existing.return_no },
      );
      return { ...stored, replayed: true };
    }
    const approver = actor.role === 'cashier' ? actor.approvedBy : actor.userId;
    if (!approver) fail('APPROVAL_REQUIRED', 'A refund needs a manager PIN.', {});
    if (input.lines.length === 0) fail('VALIDATION', 'Choose at least one line to return.', {});
    const sale = store.get<{ id: number; receipt_no: number; voided_at: number | null }>(
      'SELECT id, receipt_no, voided_at FROM sales WHERE id = ?',
      input.saleId,
    );
    if (!sale) fail('NOT_FOUND', `No sale with id ${input.saleId}.`, { saleId: input.saleId });
    if (sale.voided_at !== null)
      fail('SALE_VOIDED', `Receipt ${sale.receipt_no} was voided: nothing to return.`, {});
    const tillId = tillOf(store, actor);
    const sessionId = currentSessionId(store, tillId);
    const at = store.now();

    // Requests for the same line in one return take consecutive slices, like separate returns would.
    const earlierInThisReturn = new Map<number, number>();
    const prepared = input.lines.map((req) => {
      const line = store.get<{
        id: number;
        sale_id: number;
        product_id: number;
        cooperative_id: number;
        name_fr: string;
        unit: Unit;
        qty: number;
        amount: number;
        payout: number;
      }>('SELECT * FROM sale_lines WHERE id = ?', req.saleLineId);
      if (!line || line.sale_id !== sale.id) {
        fail('NOT_FOUND', `Line ${req.saleLineId} is not on receipt ${sale.receipt_no}.`, {
          saleLineId: req.saleLineId,
        });
      }
      if (!isValidQuantity(line.unit, req.quantity)) {
        fail(
          'INVALID_QUANTITY',
          `${req.quantity} is not a valid quantity to return for ${line.name_fr}.`,
          {},
        );
      }
      const already = (
        store.get<{ q: number }>(
          'SELECT COALESCE(SUM(qty), 0) q FROM return_lines WHERE sale_line_id = ?',
          line.id,
        ) as {
          q: number;
        }
      ).q;
      const pending = input.lines.filter((l) => l.saleLineId === line.id).reduce((s, l) => s + l.quantity, 0);
      if (already + pending > line.qty) {
        fail('RETURN_EXCEEDS_SALE', `Only ${line.qty - already} of ${line.name_fr} can still be returned.`, {
          saleLineId: line.id,
          returnable: line.qty - already,
        });
      }
      const from = already + (earlierInThisReturn.get(line.id) ?? 0);
      earlierInThisReturn.set(line.id, from - already + req.quantity);
      const amount =
        shareOf(line.amount, line.qty, from + req.quantity) - shareOf(line.amount, line.qty, from);
      const payout =
        shareOf(line.payout, line.qty, from + req.quantity) - shareOf(line.payout, line.qty, from);
      return { req, line, amount, payout, commission: amount - payout };
    });
    const total = prepared.reduce((s, p) => s + p.amount, 0);
    if (total <= 0) fail('VALIDATION', 'Nothing to refund.', {});

    const till = store.get<{ next_return_no: number }>(
      'SELECT next_return_no FROM tills WHERE id = ?',
      tillId,
    );
    if (!till) fail('NOT_FOUND', `Till ${tillId} is not configured.`, { tillId });
    store.run('UPDATE tills SET next_return_no = next_return_no + 1 WHERE id = ?', tillId);
    const { lastInsertRowid: returnId } = store.run(
      `INSERT INTO customer_returns (client_id, till_id, return_no, session_id, sale_id, user_id, approved_by, reason, at, total)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.clientId,
      tillId,
      till.next_return_no,
      sessionId,
      sale.id,
      actor.userId,
      approver,
      input.reason,
      at,
      total,
    );
    for (const p of prepared) {
      const { lastInsertRowid: rlId } = store.run(
        `INSERT INTO return_lines (return_id, sale_line_id, product_id, cooperative_id, qty, amount, payout, commission, restock, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        returnId,
        p.line.id,
        p.line.product_id,
        p.line.cooperative_id,
        p.req.quantity,
        p.amount,
        p.payout,
        p.commission,
        p.req.restock ? 1 : 0,
        at,
      );
      if (p.req.restock) {
        store.run(
          "INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, 'customer_return', ?, ?, ?)",
          p.line.product_id,
          p.line.cooperative_id,
          p.req.quantity,
          rlId,
          at,
          actor.userId,
        );
      }
    }
    store.run(
      'INSERT INTO payments (return_id, method, amount) VALUES (?, ?, ?)',
      returnId,
      input.refundMethod,
      total,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'return',
      ref: `return:${returnId}`,
      payload: {
        saleId: sale.id,
        total,
        approvedBy: approver,
        lines: prepared.map((p) => [p.line.id, p.req.quantity, p.amount]),
      },
    });
    return getReturn(store, returnId);
  });
}

export function getReturn(store: Store, id: number): CustomerReturn {
  const r = store.get<{
    id: number;
    client_id: string;
    till_id: string;
    return_no: number;
    sale_id: number;
    at: number;
    total: number;
  }>('SELECT * FROM customer_returns WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No return with id ${id}.`, { returnId: id });
  const method = store.get<{ method: PaymentMethod }>('SELECT method FROM payments WHERE return_id = ?', id);
  const lines = store
    .all<{
      id: number;
      sale_line_id: number;
      product_id: number;
      cooperative_id: number;
      qty: number;
      amount: number;
      payout: number;
      commission: number;
      restock: number;
    }>('SELECT * FROM return_lines WHERE return_id = ? ORDER BY id', id)
    .map((l) => ({
      id: l.id,
      saleLineId: l.sale_line_id,
      productId: l.product_id,
      cooperativeId: l.cooperative_id,
      quantity: l.qty,
      amount: l.amount,
      payout: l.payout,
      commission: l.commission,
      restock: l.restock === 1,
    }));
  return {
    id: r.id,
    clientId: r.client_id,
    tillId: r.till_id,
    returnNo: r.return_no,
    saleId: r.sale_id,
    at: r.at,
    total: r.total,
    refundMethod: method?.method ?? 'cash',
    lines,
    replayed: false,
  };
}
