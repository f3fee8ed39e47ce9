import { vatBreakdown, type VatBreakdownRow } from '../../core/vat';
import type { Store } from '../store';
import { priceCart, saleLineDraft, type CheckoutLineInput, type SaleLineDraft } from './checkout';
import { customerTierOf } from './products';

export interface QuoteInput {
  lines: CheckoutLineInput[];
  customerId?: number | null;
}

/** A sale line as checkout would write it, before payouts exist, with what the shelf holds. */
export type QuoteLine = SaleLineDraft & {
  /** On hand for this product and cooperative, before this cart. */
  onHand: number;
  /** The cart wants more of this product from this cooperative (all its lines together) than is on hand. */
  short: boolean;
};

export interface Quote {
  lines: QuoteLine[];
  total: number;
  discountTotal: number;
  vat: VatBreakdownRow[];
}

/**
 * What checkout would charge for this cart, through checkout's own pricing (priceCart), without writing
 * anything: any client can show the server's total before taking the payment.
 */
export function quoteSale(store: Store, input: QuoteInput): Quote {
  // Read-only and synchronous on the station's one connection: no write lock is taken for a quote.
  const priced = priceCart(store, input.lines, customerTierOf(store, input.customerId));
  const wanted = new Map<string, number>();
  const keyOf = (l: { product: { id: number }; cooperativeId: number }) =>
    `${l.product.id}:${l.cooperativeId}`;
  for (const l of priced) wanted.set(keyOf(l), (wanted.get(keyOf(l)) ?? 0) + l.quantity);
  const lines = priced.map((l, i): QuoteLine => {
    const level = store.get<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
      l.product.id,
      l.cooperativeId,
    );
    const onHand = level?.on_hand ?? 0;
    return {
      ...saleLineDraft(l, i),
      onHand,
      short: onHand < (wanted.get(keyOf(l)) ?? 0),
    };
  });
  return {
    lines,
    total: lines.reduce((s, l) => s + l.amount, 0),
    discountTotal: lines.reduce((s, l) => s + l.discount, 0),
    vat: vatBreakdown(lines),
  };
}
