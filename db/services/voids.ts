import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { getSale, type Sale } from './checkout';

/**
 * A void cancels a sale of the open session (a mistake at the till). It is recorded, never deleted:
 * the sale keeps its receipt number, its stock comes back through compensating movements.
 */
export function voidSale(store: Store, actor: Actor, input: { saleId: number; reason: string }): Sale {
  return store.tx(() => {
    const approver = actor.role === 'cashier' ? actor.approvedBy : actor.userId;
    if (!approver) fail('APPROVAL_REQUIRED', 'Voiding a sale needs a manager PIN.', {});
    const sale = getSale(store, input.saleId);
    if (sale.voided) fail('SALE_VOIDED', `Receipt ${sale.receiptNo} is already voided.`, { saleId: sale.id });
    const open = store.get<{ id: number }>(
      'SELECT id FROM cash_sessions WHERE id = ? AND closed_at IS NULL',
      sale.sessionId,
    );
    if (!open) {
      fail(
        'VALIDATION',
        `Receipt ${sale.receiptNo} belongs to a closed cash session: make a customer return instead.`,
        {
          saleId: sale.id,
        },
      );
    }
    if (sale.lines.some((l) => l.returnedQuantity > 0)) {
      fail('VALIDATION', `Receipt ${sale.receiptNo} already has returned items: it cannot be voided.`, {
        saleId: sale.id,
      });
    }
    const settled = store.get(
      'SELECT 1 FROM sale_lines WHERE sale_id = ? AND settlement_id IS NOT NULL',
      sale.id,
    );
    if (settled)
      fail('ALREADY_SETTLED', `Receipt ${sale.receiptNo} is already settled.`, { saleId: sale.id });
    // An issued invoice is immutable and already in the buyer's hands: voiding its sale would leave it
    // billing goods that were never sold. The correction is a customer return, then a credit note.
    const invoiced = store.get<{ number: string }>(
      'SELECT i.number FROM invoice_sales s JOIN invoices i ON i.id = s.invoice_id WHERE s.sale_id = ?',
      sale.id,
    );
    if (invoiced)
      fail(
        'ALREADY_INVOICED',
        `Receipt ${sale.receiptNo} is on invoice ${invoiced.number}: make a customer return and a credit note instead.`,
        { saleId: sale.id, number: invoiced.number },
      );
    const at = store.now();
    store.run(
      'INSERT INTO sale_voids (sale_id, at, user_id, approved_by, reason) VALUES (?, ?, ?, ?, ?)',
      sale.id,
      at,
      actor.userId,
      approver,
      input.reason,
    );
    store.run('UPDATE sales SET voided_at = ? WHERE id = ?', at, sale.id);
    store.run('UPDATE sale_lines SET voided = 1 WHERE sale_id = ?', sale.id);
    for (const l of sale.lines) {
      store.run(
        "INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, 'void', ?, ?, ?)",
        l.productId,
        l.cooperativeId,
        l.quantity,
        l.id,
        at,
        actor.userId,
      );
    }
    appendJournal(store, {
      userId: actor.userId,
      kind: 'sale.void',
      ref: `sale:${sale.id}`,
      payload: { receiptNo: sale.receiptNo, total: sale.total, reason: input.reason, approvedBy: approver },
    });
    return getSale(store, sale.id);
  });
}
