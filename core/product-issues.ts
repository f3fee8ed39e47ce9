/**
 * Typed problems of a product record or of a CSV row: a stable code (translated by the renderer as
 * `issue.<CODE>`, whose text also says how to fix it), the field it concerns, the params the sentence names,
 * and an English message for logs and API clients that do not translate.
 */
import { validatePricing, type ProductPricing } from './pricing';

export const ISSUE_CODES = [
  // The product record (db/services/products.ts and the CSV import alike).
  'BAD_UNIT',
  'BAD_PRICE',
  'SEMI_ABOVE_RETAIL',
  'WHOLESALE_ABOVE_SEMI',
  'BAD_THRESHOLD',
  'THRESHOLDS_REVERSED',
  'TIER_NEEDS_THRESHOLD',
  'SKU_EMPTY',
  'NAME_EMPTY',
  'BAD_SCALE_REF',
  'BAD_COMMISSION',
  'PAYOUT_ABOVE_RETAIL',
  'BAD_BARCODE',
  'BAD_LOW_STOCK_ALERT',
  // The CSV file only.
  'CSV_EMPTY',
  'CSV_UNCLOSED_QUOTE',
  'CSV_STRAY_QUOTE',
  'MISSING_COLUMNS',
  'UNKNOWN_COLUMN',
  'CELL_COUNT',
  'REQUIRED',
  'SKU_REPEATS',
  'SKU_OTHER_COOP',
  'BAD_VAT',
  'BAD_AMOUNT',
  'BAD_QUANTITY',
  'BARCODE_REPEATS',
  'BARCODE_TAKEN',
  'SCALE_REF_REPEATS',
  'SCALE_REF_TAKEN',
  'WRITE_CONFLICT',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type IssueParams = Record<string, string | number>;

export interface ProductIssue {
  code: IssueCode;
  /** The ProductInput field (retailPrice, semiMinQty, barcodes...), so an editor shows it at its input. */
  field: string;
  params: IssueParams;
  message: string;
}

const PRICE_FIELD: Record<string, string> = {
  retail: 'retailPrice',
  semi: 'semiPrice',
  wholesale: 'wholesalePrice',
};
const MIN_FIELD: Record<string, string> = { semi: 'semiMinQty', wholesale: 'wholesaleMinQty' };

/**
 * The tier set, stricter than validatePricing (which the till also relies on for old records):
 * - prices never rise with the tier (retail >= semi >= wholesale);
 * - a tier priced below the tier above needs its threshold: a manager who types a semi price and leaves
 *   "Seuil" empty believes it applies from some quantity, and it never would. (An account customer still
 *   gets their tier's price; a product sold at one price to everyone keeps all three prices equal.)
 * - thresholds strictly increase: at equal thresholds the semi tier could never apply.
 */
export function pricingIssues(p: ProductPricing): ProductIssue[] {
  const issues: ProductIssue[] = [];
  for (const text of validatePricing(p)) {
    const sep = text.indexOf(': ');
    const code = text.slice(0, sep) as IssueCode;
    const message = text.slice(sep + 2);
    const tier = /^(retail|semi|wholesale)/.exec(message)?.[1] ?? '';
    let field = 'unit';
    if (code === 'BAD_PRICE') field = PRICE_FIELD[tier] ?? 'retailPrice';
    else if (code === 'SEMI_ABOVE_RETAIL') field = 'semiPrice';
    else if (code === 'WHOLESALE_ABOVE_SEMI') field = 'wholesalePrice';
    else if (code === 'BAD_THRESHOLD') field = MIN_FIELD[tier] ?? 'semiMinQty';
    else if (code === 'THRESHOLDS_REVERSED') field = 'wholesaleMinQty';
    issues.push({ code, field, params: {}, message });
  }
  if (
    p.semiMinQty !== null &&
    p.wholesaleMinQty !== null &&
    p.wholesaleMinQty === p.semiMinQty &&
    !issues.some((i) => i.code === 'THRESHOLDS_REVERSED')
  ) {
    issues.push({
      code: 'THRESHOLDS_REVERSED',
      field: 'wholesaleMinQty',
      params: {},
      message: `wholesale minimum ${p.wholesaleMinQty} equals the semi minimum: the semi tier could never apply`,
    });
  }
  if (p.semiMinQty === null && p.semiPrice < p.retailPrice) {
    issues.push({
      code: 'TIER_NEEDS_THRESHOLD',
      field: 'semiMinQty',
      params: { tier: 'semi' },
      message: 'the semi price is below retail but has no minimum quantity',
    });
  }
  if (p.wholesaleMinQty === null && p.wholesalePrice < p.semiPrice) {
    issues.push({
      code: 'TIER_NEEDS_THRESHOLD',
      field: 'wholesaleMinQty',
      params: { tier: 'wholesale' },
      message: 'the wholesale price is below the semi price but has no minimum quantity',
    });
  }
  return issues;
}
