import { createHash } from 'node:crypto';
import { lineAmount, percentOf } from '../core/money';
import type { Db } from '../db/open';

export interface BareLine {
  id: number;
  cooperativeId: number;
  commissionBp: number;
  nameFr: string;
  nameAr: string;
  price: number;
}

/**
 * The floor a checkout is measured against: one IMMEDIATE transaction writing the rows a sale writes (the
 * till's counter, the sale, its lines, their stock movements, the payment, a hash-chained journal entry)
 * with prepared statements and nothing else, so every trigger the schema has fires as it does for a sale.
 */
export function bareCheckout(
  db: Db,
  till: { tillId: string; sessionId: number; cashierId: number },
): (clientId: string, cart: readonly BareLine[]) => void {
  const s = {
    till: db.prepare('SELECT next_receipt_no FROM tills WHERE id = ?').pluck(),
    bump: db.prepare('UPDATE tills SET next_receipt_no = next_receipt_no + 1 WHERE id = ?'),
    sale: db.prepare(
      `INSERT INTO sales (client_id, till_id, receipt_no, session_id, cashier_id, customer_id, at, total, discount_total)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 0)`,
    ),
    line: db.prepare(
      `INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
         overridden, gross, discount, amount, vat_code, payout, commission, approved_by, at)
       VALUES (?, ?, ?, ?, ?, ?, 'piece', ?, 'retail', ?, 0, ?, 0, ?, 'S20', ?, ?, NULL, ?)`,
    ),
    move: db.prepare(
      "INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, 'sale', ?, ?, ?)",
    ),
    pay: db.prepare(
      'INSERT INTO payments (sale_id, method, amount, tendered, change, reference) VALUES (?, ?, ?, NULL, NULL, NULL)',
    ),
    last: db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
    journal: db.prepare(
      'INSERT INTO journal (seq, at, user_id, kind, ref, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  const tx = db.transaction((clientId: string, cart: readonly BareLine[]) => {
    const receiptNo = s.till.get(till.tillId) as number;
    s.bump.run(till.tillId);
    const at = Date.now();
    const amounts = cart.map((p) => lineAmount(p.price, 1000));
    const total = amounts.reduce((sum, a) => sum + a, 0);
    const saleId = Number(
      s.sale.run(clientId, till.tillId, receiptNo, till.sessionId, till.cashierId, at, total).lastInsertRowid,
    );
    cart.forEach((p, i) => {
      const amount = amounts[i] as number;
      const commission = percentOf(amount, p.commissionBp);
      const lineId = s.line.run(
        saleId,
        i + 1,
        p.id,
        p.cooperativeId,
        p.nameFr,
        p.nameAr,
        1000,
        p.price,
        amount,
        amount,
        amount - commission,
        commission,
        at,
      ).lastInsertRowid;
      s.move.run(p.id, p.cooperativeId, -1000, lineId, at, till.cashierId);
    });
    s.pay.run(saleId, 'card', total);
    const last = s.last.get() as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? '0'.repeat(64);
    const payload = JSON.stringify({ till: till.tillId, receiptNo, total });
    const hash = createHash('sha256')
      .update(`${prev}\n${seq}\n${at}\n${till.cashierId}\nsale\nsale:${saleId}\n${payload}`)
      .digest('hex');
    s.journal.run(seq, at, till.cashierId, 'sale', `sale:${saleId}`, payload, prev, hash);
  });
  return (clientId, cart) => tx.immediate(clientId, cart);
}
