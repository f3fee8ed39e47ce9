import { fail } from '../core/errors';
import { effectiveTerms } from '../core/payout';
import { vatBreakdown } from '../core/vat';
import {
  priceCart,
  settlePayments,
  type CheckoutInput,
  type Sale,
  type SaleLine,
} from '../db/services/checkout';
import type { OfflineLinePricing, OfflineSaleInput } from '../db/services/offline-sales';
import { labelsNeedingApproval } from '../db/services/price-labels';
import { customerTierOf, lookupBarcode } from '../db/services/products';
import type { Store } from '../db/store';

/** A sale the till cannot make alone: a manager's PIN is checked by the station. */
export function needsStation(store: Store, input: CheckoutInput): boolean {
  return (
    input.lines.some((l) => (l.overrideUnitPrice ?? null) !== null || (l.discount ?? null) !== null) ||
    labelsNeedingApproval(store, input.lines).length > 0
  );
}

export interface LocalSale {
  sale: Sale;
  /** The sales.checkout input the drainer replays: the cart, the till's number and how it priced it. */
  request: OfflineSaleInput;
}

/**
 * Prices and settles a sale from the till's catalogue cache with checkout's own priceCart (one pricing path
 * with the station), and records what it priced with (tier prices, VAT, the consignor's terms, a label's
 * amount) so the station's replay prices the same lines the same way. Refuses what checkout would refuse
 * for the cart itself (unknown product, bad quantity, payments that do not add up), with the same codes;
 * it never refuses for stock: the till does not know the shelf.
 */
export function priceLocalSale(
  store: Store,
  input: CheckoutInput,
  made: { tillId: string; receiptNo: number; localId: number; cashierId: number; at: number },
): LocalSale {
  if (input.lines.length === 0) fail('VALIDATION', 'A sale needs at least one line.', {});
  const priced = priceCart(store, input.lines, customerTierOf(store, input.customerId));
  const total = priced.reduce((s, l) => s + l.amount, 0);
  const payments = settlePayments(total, input.payments);
  const offlineLines: OfflineLinePricing[] = priced.map((l, i) => {
    const line = input.lines[i]!;
    const label = line.barcode ? lookupBarcode(store, line.barcode) : null;
    const coop = store.get<{ commission_bp: number }>(
      'SELECT commission_bp FROM cooperatives WHERE id = ?',
      l.cooperativeId,
    );
    const productTerms = l.cooperativeId === l.product.cooperativeId ? l.product.terms : null;
    return {
      quantity: l.quantity,
      unit: l.product.unit,
      retailPrice: l.product.retailPrice,
      semiPrice: l.product.semiPrice,
      wholesalePrice: l.product.wholesalePrice,
      semiMinQty: l.product.semiMinQty,
      wholesaleMinQty: l.product.wholesaleMinQty,
      vatCode: l.vatCode,
      terms: effectiveTerms({ kind: 'commission', rateBp: coop?.commission_bp ?? 0 }, productTerms),
      labelAmount:
        label && label.kind === 'price' && label.product.id === l.product.id ? label.labelAmount : null,
    };
  });
  const lines: SaleLine[] = priced.map((l, i) => ({
    id: made.localId * 1000 + i + 1,
    lineNo: i + 1,
    productId: l.product.id,
    cooperativeId: l.cooperativeId,
    nameFr: l.product.nameFr,
    nameAr: l.product.nameAr,
    unit: l.product.unit,
    quantity: l.quantity,
    tier: l.tier,
    unitPrice: l.unitPrice,
    overridden: l.overridden,
    gross: l.gross,
    discount: l.discount,
    amount: l.amount,
    vatCode: l.vatCode,
    vatRateBp: l.vatRateBp,
    payout: l.payout,
    commission: l.commission,
    returnedQuantity: 0,
  }));
  const sale: Sale = {
    id: made.localId,
    clientId: input.clientId,
    tillId: made.tillId,
    receiptNo: made.receiptNo,
    sessionId: 0,
    cashierId: made.cashierId,
    customerId: input.customerId ?? null,
    at: made.at,
    total,
    discountTotal: priced.reduce((s, l) => s + l.discount, 0),
    voided: false,
    lines,
    payments,
    vat: vatBreakdown(lines),
    change: payments.reduce((s, p) => s + (p.change ?? 0), 0),
    replayed: false,
  };
  return {
    sale,
    request: {
      clientId: input.clientId,
      customerId: input.customerId ?? null,
      lines: input.lines,
      payments: input.payments,
      receiptNo: made.receiptNo,
      offline: { at: made.at, cashierId: made.cashierId, total, lines: offlineLines },
    },
  };
}
