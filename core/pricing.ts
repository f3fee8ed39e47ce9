/**
 * Three price tiers (retail, semi-wholesale, wholesale), as in the Maroc Taswiq shops. A tier is earned
 * by the quantity on the line or granted by the customer's account; prices are TTC centimes per unit.
 */
import { BP_PER_UNIT, MILLI_PER_UNIT, lineAmount, percentOf } from './money';
import type { Unit } from './quantity';
import { UNITS, isValidQuantity } from './quantity';

export const PRICE_TIERS = ['retail', 'semi', 'wholesale'] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];

export interface ProductPricing {
  unit: Unit;
  retailPrice: number;
  semiPrice: number;
  wholesalePrice: number;
  /** Milli-units from which the tier applies; null = the tier is never earned by quantity. */
  semiMinQty: number | null;
  wholesaleMinQty: number | null;
}

export type LineDiscount = { kind: 'percent'; bp: number } | { kind: 'amount'; centimes: number };

export interface PricedLine {
  tier: PriceTier;
  unitPrice: number;
  overridden: boolean;
  gross: number;
  discount: number;
  amount: number;
}

export type PricingErrorCode = 'INVALID_QUANTITY' | 'INVALID_DISCOUNT' | 'INVALID_PRICE';

export class PricingError extends Error {
  constructor(
    readonly code: PricingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function rank(tier: PriceTier): number {
  return PRICE_TIERS.indexOf(tier);
}

/** An account tier is a floor: a wholesale customer buying one jar still pays wholesale. */
export function tierFor(p: ProductPricing, quantity: number, customerTier?: PriceTier | null): PriceTier {
  let earned: PriceTier = 'retail';
  if (p.wholesaleMinQty !== null && quantity >= p.wholesaleMinQty) earned = 'wholesale';
  else if (p.semiMinQty !== null && quantity >= p.semiMinQty) earned = 'semi';
  return customerTier && rank(customerTier) > rank(earned) ? customerTier : earned;
}

export function unitPriceFor(p: ProductPricing, tier: PriceTier): number {
  switch (tier) {
    case 'retail':
      return p.retailPrice;
    case 'semi':
      return p.semiPrice;
    case 'wholesale':
      return p.wholesalePrice;
  }
}

function isPrice(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function discountOf(gross: number, discount: LineDiscount): number {
  if (discount.kind === 'percent') {
    if (!Number.isSafeInteger(discount.bp) || discount.bp < 0 || discount.bp > BP_PER_UNIT) {
      throw new PricingError(
        'INVALID_DISCOUNT',
        `percent discount must be 0..10000 basis points, got ${discount.bp}`,
      );
    }
    return percentOf(gross, discount.bp);
  }
  if (discount.kind === 'amount') {
    const { centimes } = discount;
    if (!Number.isSafeInteger(centimes) || centimes < 0) {
      throw new PricingError(
        'INVALID_DISCOUNT',
        `discount must be a non-negative integer of centimes, got ${centimes}`,
      );
    }
    if (centimes > gross) {
      throw new PricingError('INVALID_DISCOUNT', `discount ${centimes} exceeds the line amount ${gross}`);
    }
    return centimes;
  }
  throw new PricingError(
    'INVALID_DISCOUNT',
    `unknown discount kind "${String((discount as { kind: unknown }).kind)}"`,
  );
}

export function priceLine(
  p: ProductPricing,
  quantity: number,
  opts: {
    customerTier?: PriceTier | null;
    overrideUnitPrice?: number | null;
    discount?: LineDiscount | null;
    /** The quantity the tier thresholds are measured on: the whole cart's quantity of the product. */
    tierQuantity?: number;
  } = {},
): PricedLine {
  if (!isValidQuantity(p.unit, quantity)) {
    const why =
      p.unit === 'piece' ? 'a positive whole number of pieces (multiple of 1000)' : 'a positive integer';
    throw new PricingError('INVALID_QUANTITY', `quantity must be ${why}, got ${quantity}`);
  }
  const tier = tierFor(p, opts.tierQuantity ?? quantity, opts.customerTier);
  const override = opts.overrideUnitPrice;
  const overridden = override !== null && override !== undefined;
  const unitPrice = overridden ? override : unitPriceFor(p, tier);
  if (!isPrice(unitPrice)) {
    const source = overridden ? 'override unit price' : `${tier} price`;
    throw new PricingError(
      'INVALID_PRICE',
      `${source} must be a non-negative integer of centimes, got ${unitPrice}`,
    );
  }
  const gross = lineAmount(unitPrice, quantity);
  const discount = opts.discount ? discountOf(gross, opts.discount) : 0;
  return { tier, unitPrice, overridden, gross, discount, amount: gross - discount };
}

export interface CartLineToPrice {
  /** Lines with the same productId count together toward the product's tier thresholds. */
  productId: number;
  pricing: ProductPricing;
  quantity: number;
  /** A price-embedded label: the amount printed on it. */
  labelAmount?: number | null;
  overrideUnitPrice?: number | null;
  discount?: LineDiscount | null;
}

export type CartLinePricing = { priced: PricedLine; error: null } | { priced: null; error: PricingError };

/** Each product's quantity over the whole cart (lines with an invalid quantity are left out). */
export function cartQuantities(lines: readonly CartLineToPrice[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const l of lines) {
    if (!isValidQuantity(l.pricing.unit, l.quantity)) continue;
    totals.set(l.productId, (totals.get(l.productId) ?? 0) + l.quantity);
  }
  return totals;
}

/**
 * Prices a whole cart, the one path for the till's live total, the server's quote and checkout.
 * Tiers are earned by the cart's whole quantity of a product: two 3 kg labels of couscous are 6 kg, and six
 * one-bottle lines are priced like one line of six. A price label keeps its printed (retail) amount unless
 * the cart earns a better tier, when the label's quantity is priced at that tier.
 */
export function priceCartLines(
  lines: readonly CartLineToPrice[],
  customerTier: PriceTier | null = null,
): CartLinePricing[] {
  const totals = cartQuantities(lines);
  return lines.map((l): CartLinePricing => {
    const tierQuantity = totals.get(l.productId) ?? l.quantity;
    try {
      const label = l.labelAmount ?? null;
      if (label !== null) {
        if (!isPrice(label))
          throw new PricingError(
            'INVALID_PRICE',
            `label amount must be a non-negative integer, got ${label}`,
          );
        const priced = priceLine(l.pricing, l.quantity, { customerTier, tierQuantity });
        const labelled = priced.tier === 'retail' ? { ...priced, gross: label, amount: label } : priced;
        return { priced: labelled, error: null };
      }
      const priced = priceLine(l.pricing, l.quantity, {
        customerTier,
        tierQuantity,
        overrideUnitPrice: l.overrideUnitPrice ?? null,
        discount: l.discount ?? null,
      });
      return { priced, error: null };
    } catch (err) {
      if (err instanceof PricingError) return { priced: null, error: err };
      throw err;
    }
  });
}

/** Problems as "CODE: message" strings; an empty list means the prices are consistent. */
export function validatePricing(p: ProductPricing): string[] {
  const problems: string[] = [];
  if (!UNITS.includes(p.unit))
    problems.push(`BAD_UNIT: unit must be one of ${UNITS.join(', ')}, got "${p.unit}"`);
  const prices = { retail: p.retailPrice, semi: p.semiPrice, wholesale: p.wholesalePrice };
  for (const [tier, price] of Object.entries(prices)) {
    if (!isPrice(price))
      problems.push(`BAD_PRICE: ${tier} price must be a non-negative integer, got ${price}`);
  }
  if (p.semiPrice > p.retailPrice) {
    problems.push(`SEMI_ABOVE_RETAIL: semi price ${p.semiPrice} is above retail price ${p.retailPrice}`);
  }
  if (p.wholesalePrice > p.semiPrice) {
    problems.push(
      `WHOLESALE_ABOVE_SEMI: wholesale price ${p.wholesalePrice} is above semi price ${p.semiPrice}`,
    );
  }
  const thresholds = { semi: p.semiMinQty, wholesale: p.wholesaleMinQty };
  for (const [tier, min] of Object.entries(thresholds)) {
    if (min === null) continue;
    if (!Number.isSafeInteger(min) || min <= 0) {
      problems.push(`BAD_THRESHOLD: ${tier} minimum quantity must be a positive integer, got ${min}`);
    } else if (p.unit === 'piece' && min % MILLI_PER_UNIT !== 0) {
      problems.push(
        `BAD_THRESHOLD: ${tier} minimum quantity must be whole pieces (multiple of 1000), got ${min}`,
      );
    }
  }
  if (p.semiMinQty !== null && p.wholesaleMinQty !== null && p.wholesaleMinQty < p.semiMinQty) {
    problems.push(
      `THRESHOLDS_REVERSED: wholesale minimum ${p.wholesaleMinQty} is below semi minimum ${p.semiMinQty}`,
    );
  }
  return problems;
}
