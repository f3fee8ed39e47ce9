import type { Store } from '../store';
import { lookupBarcode, type ScanResult } from './products';
import { getSettings } from './settings';

/**
 * True when a price-embedded label sells its goods for nothing or below the floor: the scale's price can be
 * typed by hand, so 0.00 (or 0.01 for the 1 g the till then recovers) would give goods away unapproved.
 * The implied unit price is amount / quantity; it is compared with floorBp of the retail unit price in exact
 * integers (BigInt: amount x 10^7 can pass 2^53 for a large label on a bulk product).
 */
export function labelBelowFloor(
  amount: number,
  quantity: number,
  retailPrice: number,
  floorBp: number,
): boolean {
  if (amount <= 0) return true;
  return BigInt(amount) * 1000n * 10000n < BigInt(floorBp) * BigInt(retailPrice) * BigInt(quantity);
}

/** Whether selling this scan as a line needs a manager (the till asks for the PIN when it is scanned). */
export function scanNeedsApproval(store: Store, scan: ScanResult): boolean {
  if (scan.kind !== 'price' || scan.labelAmount === null) return false;
  const floorBp = getSettings(store).labelPriceFloorBp;
  return labelBelowFloor(scan.labelAmount, scan.quantity ?? 0, scan.product.retailPrice, floorBp);
}

export interface FlaggedLabel {
  /** 1-based, like every other line error. */
  line: number;
  productId: number;
  code: string;
  amount: number;
  quantity: number;
  retailPrice: number;
}

/** The cart's price labels that need a manager, with what the label says, for the approval prompt. */
export function labelsNeedingApproval(
  store: Store,
  lines: readonly { productId: number; barcode?: string | null }[],
  lookup: (code: string) => ScanResult = (code) => lookupBarcode(store, code),
): FlaggedLabel[] {
  const flagged: FlaggedLabel[] = [];
  lines.forEach((l, i) => {
    if (!l.barcode) return;
    const label = lookup(l.barcode);
    // Checkout ignores a label of another product (the line is priced normally), so it is not a risk here.
    if (label.product.id !== l.productId || !scanNeedsApproval(store, label)) return;
    flagged.push({
      line: i + 1,
      productId: label.product.id,
      code: label.code,
      amount: label.labelAmount ?? 0,
      quantity: label.quantity ?? 0,
      retailPrice: label.product.retailPrice,
    });
  });
  return flagged;
}
