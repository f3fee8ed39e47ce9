import type { Language } from '../languages';
import type { BasisPoints, Centimes, Milli } from '../money';
import type { Unit } from '../quantity';

/**
 * A receipt as pure data, independent of any printer: the sale service builds it once, and the
 * ESC/POS printer, the HTML preview and the text log all render the same document, so a reprint
 * shows exactly what the customer got.
 */

export type PriceTier = 'retail' | 'semi' | 'wholesale';
export type PaymentMethod = 'cash' | 'card' | 'mobile' | 'voucher';

export interface ShopIdentity {
  name: string;
  address: string;
  phone: string;
  /** Identifiant Commun de l'Entreprise (15 digits). */
  ice: string;
  /** Identifiant Fiscal. */
  if: string;
  /** Registre de Commerce. */
  rc: string;
  patente?: string;
}

export interface ReceiptLine {
  nameFr: string;
  nameAr: string;
  tier: PriceTier;
  unit: Unit;
  quantity: Milli;
  /** Per piece / kg / l, VAT inclusive. */
  unitPrice: Centimes;
  discount: Centimes;
  /** What the customer pays for the line, after discount. */
  amount: Centimes;
  vatCode: string;
}

export interface ReceiptTotals {
  total: Centimes;
  discountTotal: Centimes;
  /** Number of articles (pieces count once each; a weighed line counts as one). */
  itemCount: number;
}

export interface VatRow {
  code: string;
  rateBp: BasisPoints;
  gross: Centimes;
  vat: Centimes;
  net: Centimes;
}

export interface ReceiptPayment {
  method: PaymentMethod;
  amount: Centimes;
  tendered?: Centimes;
  change?: Centimes;
}

export interface ReceiptFlags {
  /** A reprint of an already issued receipt: printed "COPIE" so it cannot pass for a second sale. */
  isCopy: boolean;
  /** A refund or void: amounts are shown as they are recorded (negative). */
  isRefund: boolean;
}

export interface ReceiptDocument {
  shop: ShopIdentity;
  tillId: string;
  /** Continuous per till; also the CODE128 barcode a return scans. */
  receiptNumber: number;
  saleId: string;
  cashier: string;
  /** UTC epoch milliseconds; shown in Africa/Casablanca. */
  timestamp: number;
  /** Casablanca's offset at `timestamp` from the station's tz database (core/time.ts), so screens print what paper does. */
  utcOffsetMinutes?: number;
  language: Language;
  lines: ReceiptLine[];
  totals: ReceiptTotals;
  vat: VatRow[];
  payments: ReceiptPayment[];
  footer: string;
  flags: ReceiptFlags;
  /** A refund slip: receiptNumber is the return's number, and the sale it refunds is named. */
  refund?: { saleReceiptNumber: number };
}

export class ReceiptError extends Error {
  constructor(
    readonly code: 'RECEIPT_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'ReceiptError';
  }
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** Printer code pages cannot shape Arabic, so any string holding an Arabic letter is drawn as an image. */
export function hasArabic(text: string): boolean {
  return ARABIC.test(text);
}

/** The barcode printed on the receipt: the receipt number, zero-padded so scanners see a fixed length. */
export function receiptBarcodeData(
  doc: Pick<ReceiptDocument, 'tillId' | 'receiptNumber'> & { refund?: unknown },
): string {
  // A refund slip's number is from the return series: "R" keeps a scan of it from finding a sale.
  return `${doc.refund ? 'R' : ''}${String(doc.receiptNumber).padStart(8, '0')}`;
}

/** Checks what renderers rely on: integers everywhere money or quantities appear. */
export function validateReceiptDocument(doc: ReceiptDocument): void {
  const ints: [number, string][] = [
    [doc.receiptNumber, 'receiptNumber'],
    [doc.timestamp, 'timestamp'],
    [doc.totals.total, 'totals.total'],
    [doc.totals.discountTotal, 'totals.discountTotal'],
    [doc.totals.itemCount, 'totals.itemCount'],
  ];
  doc.lines.forEach((l, i) => {
    ints.push([l.quantity, `lines[${i}].quantity`], [l.unitPrice, `lines[${i}].unitPrice`]);
    ints.push([l.discount, `lines[${i}].discount`], [l.amount, `lines[${i}].amount`]);
  });
  doc.vat.forEach((v, i) => {
    ints.push([v.rateBp, `vat[${i}].rateBp`], [v.gross, `vat[${i}].gross`]);
    ints.push([v.vat, `vat[${i}].vat`], [v.net, `vat[${i}].net`]);
  });
  doc.payments.forEach((p, i) => {
    ints.push([p.amount, `payments[${i}].amount`]);
    if (p.tendered !== undefined) ints.push([p.tendered, `payments[${i}].tendered`]);
    if (p.change !== undefined) ints.push([p.change, `payments[${i}].change`]);
  });
  for (const [value, what] of ints) {
    if (!Number.isSafeInteger(value)) {
      throw new ReceiptError('RECEIPT_INVALID', `${what} must be a safe integer, got ${value}`);
    }
  }
  if (doc.receiptNumber < 0) throw new ReceiptError('RECEIPT_INVALID', 'receiptNumber must be >= 0');
}
