/**
 * Stock rows as every layer sees them: what db/services/stock.ts returns, what api/schemas.ts sends
 * (checked equal at compile time), what the stock screens, the CSV export and the statement's
 * "left on the shelf" table read.
 */
import type { PriceTier } from './pricing';
import type { Unit } from './quantity';

/** Stock of one product held for one cooperative. */
export interface StockRow {
  productId: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  cooperativeId: number;
  cooperativeName: string;
  cooperativeNameAr: string;
  /** Milli-units. */
  onHand: number;
  /** What it is worth at each tier's price, centimes. */
  value: Record<PriceTier, number>;
  /** Days since the oldest delivery still on the shelf (first in, first out). */
  ageDays: number | null;
  nearestBestBefore: string | null;
  /** Shop days from today to nearestBestBefore: negative once expired, 0 on its last day. */
  bestBeforeDaysLeft: number | null;
  soldLast30Days: number;
  /** The product's low-stock alert (milli-units): the row is low at or below it; null when none is set. */
  lowStockAlert: number | null;
}

export interface StockPage {
  rows: StockRow[];
  /** Rows matching the filter over every page. */
  total: number;
  offset: number;
  limit: number;
  /** Value of everything matching the filter, per tier (each row rounded as it is shown, then summed). */
  value: Record<PriceTier, number>;
}

/** One received lot of a product from a cooperative, with what remains of it. */
export interface StockLot {
  /** A cooperative's delivery, or a transfer received from another shop of the chain. */
  source: 'delivery' | 'transfer';
  /** The delivery line (or, for a transfer, the transfer_in_lines row): unique within its source. */
  deliveryLineId: number;
  /** The delivery (or transfers_in row). */
  deliveryId: number;
  /** The delivery note's number, or the transfer's id (printed on its transfer note). */
  noteRef: string;
  /** The shop a transfer came from; null for a delivery. */
  fromShop: string | null;
  lot: string;
  bestBefore: string | null;
  /** When the cooperative delivered it to the chain (a transferred lot keeps its first shop's date). */
  receivedAt: number;
  received: number;
  /** What of the lot is still on the shelf, first in, first out; 0 once sold or returned. */
  onHand: number;
  daysLeft: number | null;
}
