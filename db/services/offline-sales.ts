import { fail } from '../../core/errors';
import { linePayout, PayoutError, type ConsignmentTerms } from '../../core/payout';
import { priceCartLines, type ProductPricing } from '../../core/pricing';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { vatBreakdown, vatRateAt, vatRateBp, type VatCode } from '../../core/vat';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import {
  assertNextReceipt,
  cartFingerprint,
  insertSaleRows,
  replayedSale,
  settlePayments,
  type CheckoutInput,
  type Sale,
} from './checkout';
import { currentSessionId } from './cash';
import { accountTierForReplay } from './customers';
import { PRODUCT_SELECT, toProduct, type ProductRow } from './products';
import { listVatRates, shopDay } from './vat-rates';

/** What the till priced one line with, from its catalogue cache: the station prices the line with it again. */
export interface OfflineLinePricing extends ProductPricing {
  /** The quantity sold: a price label's is the one its amount implies at the till's price. */
  quantity: number;
  vatCode: VatCode;
  /** The terms the till had for this product and consignor (the product's own, else the cooperative's). */
  terms: ConsignmentTerms;
  /** A price-embedded label's printed amount. */
  labelAmount: number | null;
}

export interface OfflineSaleInput extends CheckoutInput {
  receiptNo: number;
  offline: {
    /** When the till made the sale (its clock): the sale's time for sessions, reports and settlements. */
    at: number;
    /** The cashier logged in on the till when the sale was made. */
    cashierId: number;
    /** The total the till charged; the station's repricing must find the same. */
    total: number;
    lines: OfflineLinePricing[];
  };
}

export interface Shortfall {
  id: number;
  tillId: string;
  receiptNo: number;
  saleId: number;
  at: number;
  productId: number;
  productName: string;
  sku: string;
  unit: Unit;
  cooperativeId: number;
  cooperativeName: string;
  /** Milli-units this sale line took that the shelf did not hold. */
  quantity: number;
  /** On hand now for the product and cooperative; the shortfall is open while it is below zero. */
  onHandNow: number;
  open: boolean;
}

/**
 * A sale the till made while the station was unreachable, replayed by its till host (issue 11). It is
 * written as the online checkout writes a sale (one transaction: sale, lines with frozen payouts, payments,
 * stock movements, journal entry, in the till's open cash session), with three differences: the time and
 * cashier are the till's, every line is priced and paid out with what the till had (its catalogue cache,
 * through the same priceCartLines and linePayout, so the totals are identical), and it is never refused for
 * stock: the goods have left, so the stock may go below zero and each such line is kept as a shortfall for
 * the manager. The receipt number must be the till's next one; a replay of a stored client id returns the
 * stored sale.
 */
export function checkoutOffline(store: Store, actor: Actor, tillId: string, input: OfflineSaleInput): Sale {
  return store.tx(() => {
    const fingerprint = cartFingerprint(input);
    const replay = replayedSale(store, input.clientId, fingerprint);
    if (replay) return replay;
    const { offline } = input;
    if (input.lines.length === 0) fail('VALIDATION', 'A sale needs at least one line.', {});
    if (offline.lines.length !== input.lines.length) {
      fail(
        'VALIDATION',
        `The offline sale prices ${offline.lines.length} lines but has ${input.lines.length}.`,
        {
          lines: input.lines.length,
          priced: offline.lines.length,
        },
      );
    }
    // The till cannot check a manager PIN without the station, so it never sells a discount offline;
    // one that arrives anyway needs the approval an online sale needs.
    const needsApproval = input.lines.some(
      (l) => (l.overrideUnitPrice ?? null) !== null || (l.discount ?? null) !== null,
    );
    if (needsApproval && actor.role === 'cashier' && !actor.approvedBy)
      fail('APPROVAL_REQUIRED', 'A discount or price override needs a manager PIN.', {});
    const cashier = store.get<{ id: number }>('SELECT id FROM users WHERE id = ?', offline.cashierId);
    if (!cashier) fail('NOT_FOUND', `No user with id ${offline.cashierId}.`, { userId: offline.cashierId });

    const sessionId = currentSessionId(store, tillId);
    // An account erased or deactivated since the sale was made is still the one it was sold to.
    const customerTier = accountTierForReplay(store, input.customerId);
    const loaded = input.lines.map((line, i) => {
      const r = store.get<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = ?`, line.productId);
      // A product made inactive since the till's cache was refreshed was still sold: it is recorded.
      if (!r) fail('NOT_FOUND', `No product with id ${line.productId}.`, { productId: line.productId });
      const product = toProduct(r);
      const pricing = offline.lines[i]!;
      if (pricing.unit !== product.unit || !isValidQuantity(product.unit, pricing.quantity)) {
        fail(
          'INVALID_QUANTITY',
          `Line ${i + 1}: ${pricing.quantity} is not a valid quantity for ${product.nameFr}.`,
          {
            line: i + 1,
            productId: product.id,
            quantity: pricing.quantity,
          },
        );
      }
      const cooperativeId = line.cooperativeId ?? product.cooperativeId;
      const coop = store.get<{ name_fr: string }>(
        'SELECT name_fr FROM cooperatives WHERE id = ?',
        cooperativeId,
      );
      if (!coop) fail('NOT_FOUND', `No cooperative with id ${cooperativeId}.`, { cooperativeId });
      return { line, product, pricing, cooperativeId };
    });
    const priced = priceCartLines(
      loaded.map((l) => ({
        productId: l.product.id,
        pricing: l.pricing,
        quantity: l.pricing.quantity,
        labelAmount: l.pricing.labelAmount,
        overrideUnitPrice: l.line.overrideUnitPrice ?? null,
        discount: l.line.discount ?? null,
      })),
      customerTier,
    );
    const lines = loaded.map((l, i) => {
      const result = priced[i];
      if (!result?.priced) {
        const err = result?.error;
        fail(
          err?.code ?? 'INVALID_PRICE',
          `Line ${i + 1} (${l.product.nameFr}): ${err?.message ?? 'not priced'}`,
          {
            line: i + 1,
            productId: l.product.id,
          },
        );
      }
      let split: { payout: number; commission: number };
      try {
        split = linePayout(l.pricing.terms, result.priced.amount, l.pricing.quantity);
      } catch (err) {
        if (err instanceof PayoutError) fail(err.code, `Line ${i + 1}: ${err.message}`, { line: i + 1 });
        throw err;
      }
      return { ...l, ...result.priced, ...split };
    });
    const total = lines.reduce((s, l) => s + l.amount, 0);
    if (total !== offline.total) {
      fail(
        'PAYMENT_MISMATCH',
        `The till charged ${offline.total} but its prices give ${total} (centimes): the sale cannot be recorded as priced.`,
        { total, charged: offline.total },
      );
    }
    const discountTotal = lines.reduce((s, l) => s + l.discount, 0);
    const payments = settlePayments(total, input.payments);

    const till = store.get<{ next_receipt_no: number }>(
      'SELECT next_receipt_no FROM tills WHERE id = ?',
      tillId,
    );
    if (!till) fail('NOT_FOUND', `Till ${tillId} is not configured.`, { tillId });
    assertNextReceipt(tillId, till.next_receipt_no, input.receiptNo);
    const receiptNo = input.receiptNo;
    store.run('UPDATE tills SET next_receipt_no = next_receipt_no + 1 WHERE id = ?', tillId);

    const at = offline.at;
    const approvedBy = needsApproval ? (actor.approvedBy ?? actor.userId) : null;
    // The till's code at the rate in force on the till's sale day; an offline sale is never refused, so a
    // day the table does not cover falls back to the code's fixed rate.
    const rates = listVatRates(store);
    const rateOf = (code: VatCode): number => vatRateAt(rates, code, shopDay(at)) ?? vatRateBp(code);
    const { saleId, lines: saleLines } = insertSaleRows(
      store,
      {
        clientId: input.clientId,
        tillId,
        receiptNo,
        sessionId,
        cashierId: offline.cashierId,
        customerId: input.customerId ?? null,
        at,
        total,
        discountTotal,
        fingerprint,
      },
      lines.map((l, i) => ({
        lineNo: i + 1,
        productId: l.product.id,
        cooperativeId: l.cooperativeId,
        nameFr: l.product.nameFr,
        nameAr: l.product.nameAr,
        unit: l.product.unit,
        quantity: l.pricing.quantity,
        tier: l.tier,
        unitPrice: l.unitPrice,
        overridden: l.overridden,
        gross: l.gross,
        discount: l.discount,
        amount: l.amount,
        vatCode: l.pricing.vatCode,
        vatRateBp: rateOf(l.pricing.vatCode),
        payout: l.payout,
        commission: l.commission,
        approvedBy: l.overridden || l.discount > 0 ? approvedBy : null,
      })),
      payments,
      // The goods have left: a line the shelf did not hold is kept as a shortfall for the manager.
      (line, saleId) => {
        const level = store.get<{ on_hand: number }>(
          'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
          line.productId,
          line.cooperativeId,
        );
        const below = -(level?.on_hand ?? 0);
        if (below <= 0) return;
        store.run(
          `INSERT INTO stock_shortfalls (sale_line_id, sale_id, till_id, receipt_no, product_id, cooperative_id, qty, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          line.id,
          saleId,
          tillId,
          receiptNo,
          line.productId,
          line.cooperativeId,
          Math.min(below, line.quantity),
          at,
        );
      },
    );
    store.run(
      'INSERT INTO offline_sales (sale_id, received_at, replayed_by) VALUES (?, ?, ?)',
      saleId,
      store.now(),
      actor.userId,
    );
    appendJournal(store, {
      userId: offline.cashierId,
      kind: 'sale',
      ref: `sale:${saleId}`,
      payload: {
        till: tillId,
        receiptNo,
        total,
        lines: saleLines.map((l) => [l.productId, l.cooperativeId, l.quantity, l.amount, l.payout]),
        payments: payments.map((p) => [p.method, p.amount]),
        approvedBy,
        offline: { at, replayedBy: actor.userId },
      },
    });
    return {
      id: saleId,
      clientId: input.clientId,
      tillId,
      receiptNo,
      sessionId,
      cashierId: offline.cashierId,
      customerId: input.customerId ?? null,
      at,
      total,
      discountTotal,
      voided: false,
      lines: saleLines,
      payments,
      vat: vatBreakdown(saleLines),
      change: payments.reduce((s, p) => s + (p.change ?? 0), 0),
      replayed: false,
    };
  });
}

/**
 * Every line an offline sale sold beyond the shelf, newest first, with what the shelf holds now: a count
 * (stock.adjust) or a late delivery (stock.receive) brings it back to zero or above, which closes it.
 */
export function listShortfalls(
  store: Store,
  options: { openOnly?: boolean; limit?: number } = {},
): Shortfall[] {
  const rows = store.all<{
    id: number;
    till_id: string;
    receipt_no: number;
    sale_id: number;
    at: number;
    product_id: number;
    name_fr: string;
    sku: string;
    unit: Unit;
    cooperative_id: number;
    coop_name: string;
    qty: number;
    on_hand: number | null;
  }>(
    `SELECT s.id, s.till_id, s.receipt_no, s.sale_id, s.at, s.product_id, p.name_fr, p.sku, p.unit, s.cooperative_id,
       c.name_fr AS coop_name, s.qty, l.on_hand
     FROM stock_shortfalls s
     JOIN products p ON p.id = s.product_id
     JOIN cooperatives c ON c.id = s.cooperative_id
     LEFT JOIN stock_levels l ON l.product_id = s.product_id AND l.cooperative_id = s.cooperative_id
     ${options.openOnly ? 'WHERE COALESCE(l.on_hand, 0) < 0' : ''}
     ORDER BY s.at DESC, s.id DESC LIMIT ?`,
    options.limit ?? 500,
  );
  return rows.map((r) => ({
    id: r.id,
    tillId: r.till_id,
    receiptNo: r.receipt_no,
    saleId: r.sale_id,
    at: r.at,
    productId: r.product_id,
    productName: r.name_fr,
    sku: r.sku,
    unit: r.unit,
    cooperativeId: r.cooperative_id,
    cooperativeName: r.coop_name,
    quantity: r.qty,
    onHandNow: r.on_hand ?? 0,
    open: (r.on_hand ?? 0) < 0,
  }));
}
