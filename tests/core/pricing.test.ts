import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartLineToPrice, PriceTier, ProductPricing } from '../../core/pricing';
import {
  PRICE_TIERS,
  PricingError,
  priceCartLines,
  priceLine,
  tierFor,
  unitPriceFor,
  validatePricing,
} from '../../core/pricing';

/** Argan oil by the bottle: 120 / 105 / 90 MAD; semi from 6 bottles, wholesale from 24. */
const argan: ProductPricing = {
  unit: 'piece',
  retailPrice: 12_000,
  semiPrice: 10_500,
  wholesalePrice: 9_000,
  semiMinQty: 6_000,
  wholesaleMinQty: 24_000,
};
/** Amlou by weight: 160 / 150 / 140 MAD/kg; semi from 2 kg, no wholesale by quantity. */
const amlou: ProductPricing = {
  unit: 'kg',
  retailPrice: 16_000,
  semiPrice: 15_000,
  wholesalePrice: 14_000,
  semiMinQty: 2_000,
  wholesaleMinQty: null,
};

function pricingError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PricingError) return e.code;
    throw e;
  }
  return 'none';
}

/** Products whose prices and thresholds pass validatePricing. */
const validProduct = fc
  .record({
    unit: fc.constantFrom('piece' as const, 'kg' as const, 'l' as const),
    prices: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 3, maxLength: 3 }),
    semi: fc.option(fc.integer({ min: 1, max: 1000 })),
    wholesale: fc.option(fc.integer({ min: 0, max: 1000 })),
  })
  .map(({ unit, prices, semi, wholesale }): ProductPricing => {
    const [retail, mid, low] = [...prices].sort((a, b) => b - a) as [number, number, number];
    const semiMinQty = semi === null ? null : semi * 1000;
    const wholesaleMinQty = wholesale === null ? null : (wholesale + (semi ?? 1)) * 1000;
    return { unit, retailPrice: retail, semiPrice: mid, wholesalePrice: low, semiMinQty, wholesaleMinQty };
  });

describe('tierFor', () => {
  it('earns tiers by quantity', () => {
    expect(tierFor(argan, 1_000)).toBe('retail');
    expect(tierFor(argan, 5_000)).toBe('retail');
    expect(tierFor(argan, 6_000)).toBe('semi');
    expect(tierFor(argan, 23_000)).toBe('semi');
    expect(tierFor(argan, 24_000)).toBe('wholesale');
    expect(tierFor(amlou, 1_999)).toBe('retail');
    expect(tierFor(amlou, 2_000)).toBe('semi');
    expect(tierFor(amlou, 1_000_000)).toBe('semi'); // wholesale never by quantity
  });

  it('treats the account tier as a floor, never a ceiling', () => {
    expect(tierFor(argan, 1_000, 'wholesale')).toBe('wholesale');
    expect(tierFor(argan, 1_000, 'semi')).toBe('semi');
    expect(tierFor(argan, 24_000, 'semi')).toBe('wholesale');
    expect(tierFor(argan, 24_000, 'retail')).toBe('wholesale');
    expect(tierFor(argan, 1_000, null)).toBe('retail');
  });
});

describe('priceLine', () => {
  it('prices a line at its tier', () => {
    expect(priceLine(argan, 2_000)).toEqual({
      tier: 'retail',
      unitPrice: 12_000,
      overridden: false,
      gross: 24_000,
      discount: 0,
      amount: 24_000,
    });
    expect(priceLine(argan, 6_000)).toMatchObject({ tier: 'semi', unitPrice: 10_500, amount: 63_000 });
    expect(priceLine(argan, 1_000, { customerTier: 'wholesale' })).toMatchObject({
      tier: 'wholesale',
      amount: 9_000,
    });
  });

  it('prices weighed goods with one rounding', () => {
    // 1.234 kg of amlou at 160 MAD/kg = 197.44; 2.345 kg at 150 = 351.75
    expect(priceLine(amlou, 1_234)).toMatchObject({ tier: 'retail', gross: 19_744, amount: 19_744 });
    expect(priceLine(amlou, 2_345)).toMatchObject({ tier: 'semi', gross: 35_175 });
    // 0.333 kg at 160 = 53.28
    expect(priceLine(amlou, 333).gross).toBe(5_328);
  });

  it('applies a percent or amount discount, rounded once', () => {
    // 10 % of 197.44 = 19.744 -> 19.74
    expect(priceLine(amlou, 1_234, { discount: { kind: 'percent', bp: 1000 } })).toMatchObject({
      gross: 19_744,
      discount: 1_974,
      amount: 17_770,
    });
    expect(priceLine(argan, 1_000, { discount: { kind: 'amount', centimes: 1_500 } })).toMatchObject({
      discount: 1_500,
      amount: 10_500,
    });
    expect(priceLine(argan, 1_000, { discount: { kind: 'percent', bp: 10_000 } }).amount).toBe(0);
    expect(priceLine(argan, 1_000, { discount: { kind: 'amount', centimes: 12_000 } }).amount).toBe(0);
  });

  it('lets an override replace the tier price while still reporting the tier', () => {
    expect(priceLine(argan, 6_000, { overrideUnitPrice: 9_999 })).toMatchObject({
      tier: 'semi',
      unitPrice: 9_999,
      overridden: true,
      gross: 59_994,
    });
    expect(priceLine(argan, 1_000, { overrideUnitPrice: 0 })).toMatchObject({ overridden: true, amount: 0 });
    expect(priceLine(argan, 1_000, { overrideUnitPrice: null }).overridden).toBe(false);
  });

  it('refuses bad quantities, discounts and prices with a code', () => {
    expect(pricingError(() => priceLine(argan, 0))).toBe('INVALID_QUANTITY');
    expect(pricingError(() => priceLine(argan, -1_000))).toBe('INVALID_QUANTITY');
    expect(pricingError(() => priceLine(argan, 1_500))).toBe('INVALID_QUANTITY');
    expect(pricingError(() => priceLine(amlou, 0.5))).toBe('INVALID_QUANTITY');
    expect(
      pricingError(() => priceLine(argan, 1_000, { discount: { kind: 'amount', centimes: 12_001 } })),
    ).toBe('INVALID_DISCOUNT');
    expect(pricingError(() => priceLine(argan, 1_000, { discount: { kind: 'amount', centimes: -1 } }))).toBe(
      'INVALID_DISCOUNT',
    );
    expect(pricingError(() => priceLine(argan, 1_000, { discount: { kind: 'percent', bp: 10_001 } }))).toBe(
      'INVALID_DISCOUNT',
    );
    expect(pricingError(() => priceLine(argan, 1_000, { discount: { kind: 'percent', bp: -5 } }))).toBe(
      'INVALID_DISCOUNT',
    );
    expect(pricingError(() => priceLine(argan, 1_000, { overrideUnitPrice: -1 }))).toBe('INVALID_PRICE');
    expect(pricingError(() => priceLine(argan, 1_000, { overrideUnitPrice: 10.5 }))).toBe('INVALID_PRICE');
    expect(pricingError(() => priceLine({ ...argan, retailPrice: -100 }, 1_000))).toBe('INVALID_PRICE');
  });

  it('never lowers the tier, nor raises the unit price, as quantity grows', () => {
    fc.assert(
      fc.property(
        validProduct,
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.constantFrom<PriceTier | null>(null, ...PRICE_TIERS),
        (p, q1, extra, customerTier) => {
          const a = priceLine(p, q1 * 1000, { customerTier });
          const b = priceLine(p, (q1 + extra) * 1000, { customerTier });
          expect(PRICE_TIERS.indexOf(b.tier)).toBeGreaterThanOrEqual(PRICE_TIERS.indexOf(a.tier));
          expect(b.unitPrice).toBeLessThanOrEqual(a.unitPrice);
          if (customerTier)
            expect(PRICE_TIERS.indexOf(a.tier)).toBeGreaterThanOrEqual(PRICE_TIERS.indexOf(customerTier));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps 0 <= discount <= gross and amount = gross - discount', () => {
    fc.assert(
      fc.property(
        validProduct,
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (p, q, bp) => {
          const quantity = p.unit === 'piece' ? q * 1000 : q;
          const line = priceLine(p, quantity, { discount: { kind: 'percent', bp } });
          expect(line.gross).toBe(Math.round((unitPriceFor(p, line.tier) * quantity) / 1000));
          expect(line.discount).toBeGreaterThanOrEqual(0);
          expect(line.discount).toBeLessThanOrEqual(line.gross);
          expect(line.amount).toBe(line.gross - line.discount);
        },
      ),
    );
  });
});

describe('validatePricing', () => {
  const codes = (p: ProductPricing) => validatePricing(p).map((s) => s.split(':')[0]);

  it('accepts consistent products', () => {
    expect(validatePricing(argan)).toEqual([]);
    expect(validatePricing(amlou)).toEqual([]);
    fc.assert(
      fc.property(validProduct, (p) => {
        expect(validatePricing(p)).toEqual([]);
      }),
    );
  });

  it('reports each inconsistency', () => {
    expect(codes({ ...argan, semiPrice: 12_001 })).toEqual(['SEMI_ABOVE_RETAIL']);
    expect(codes({ ...argan, wholesalePrice: 10_501 })).toEqual(['WHOLESALE_ABOVE_SEMI']);
    expect(codes({ ...argan, semiMinQty: 0 })).toEqual(['BAD_THRESHOLD']);
    expect(codes({ ...argan, semiMinQty: 6_500 })).toEqual(['BAD_THRESHOLD']); // half a bottle
    expect(codes({ ...amlou, semiMinQty: 2_500 })).toEqual([]); // 2.5 kg is fine
    expect(codes({ ...argan, wholesaleMinQty: 5_000 })).toEqual(['THRESHOLDS_REVERSED']);
    expect(codes({ ...argan, retailPrice: 12.5 })).toEqual(['BAD_PRICE', 'SEMI_ABOVE_RETAIL']);
    expect(codes({ ...argan, unit: 'box' as ProductPricing['unit'] })).toEqual(['BAD_UNIT']);
  });
});

describe('priceCartLines: tiers on the cart quantity of a product', () => {
  const line = (quantity: number, extra: Partial<CartLineToPrice> = {}): CartLineToPrice => ({
    productId: 1,
    pricing: argan,
    quantity,
    ...extra,
  });

  it('six one-bottle lines are priced like one line of six', () => {
    const six = priceCartLines(Array.from({ length: 6 }, () => line(1_000)));
    expect(six.map((r) => r.priced?.tier)).toEqual(Array(6).fill('semi'));
    expect(six.reduce((s, r) => s + (r.priced?.amount ?? 0), 0)).toBe(6 * 10_500);
    const one = priceCartLines([line(6_000)]);
    expect(one[0]?.priced?.amount).toBe(6 * 10_500);
  });

  it('two 3 kg weighed lines are 6 kg and earn the 5 kg semi price', () => {
    const couscous: ProductPricing = { ...amlou, retailPrice: 3_000, semiPrice: 2_600, semiMinQty: 5_000 };
    const r = priceCartLines([
      { productId: 7, pricing: couscous, quantity: 3_000 },
      { productId: 7, pricing: couscous, quantity: 3_000 },
    ]);
    expect(r.map((x) => x.priced?.tier)).toEqual(['semi', 'semi']);
    expect(r.map((x) => x.priced?.amount)).toEqual([7_800, 7_800]);
  });

  it('other products do not count toward a product threshold', () => {
    const r = priceCartLines([line(3_000), line(3_000, { productId: 2 })]);
    expect(r.map((x) => x.priced?.tier)).toEqual(['retail', 'retail']);
  });

  it('an overridden or discounted line still counts its quantity and keeps its own price rule', () => {
    const r = priceCartLines([
      line(4_000, { overrideUnitPrice: 5_000 }),
      line(2_000, { discount: { kind: 'percent', bp: 1000 } }),
    ]);
    expect(r[0]?.priced).toMatchObject({ overridden: true, amount: 20_000 });
    expect(r[1]?.priced).toMatchObject({ tier: 'semi', gross: 21_000, discount: 2_100, amount: 18_900 });
  });

  it('a price label keeps its printed amount at retail and takes the tier price once the cart earns it', () => {
    const alone = priceCartLines([line(1_000, { labelAmount: 11_990 })]);
    expect(alone[0]?.priced).toMatchObject({ tier: 'retail', amount: 11_990 });
    const withFive = priceCartLines([line(1_000, { labelAmount: 11_990 }), line(5_000)]);
    expect(withFive[0]?.priced).toMatchObject({ tier: 'semi', amount: 10_500 });
  });

  it('reports a bad line without hiding the others', () => {
    const r = priceCartLines([line(1_500), line(1_000)]);
    expect(r[0]?.error?.code).toBe('INVALID_QUANTITY');
    expect(r[1]?.priced?.amount).toBe(12_000);
  });

  it('property: splitting a quantity into several lines never changes the cart total', () => {
    fc.assert(
      fc.property(
        validProduct,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<PriceTier | null>(null, ...PRICE_TIERS),
        (p, parts, customerTier) => {
          const lines = parts.map((n) => ({ productId: 1, pricing: p, quantity: n * 1000 }));
          const total = parts.reduce((s, n) => s + n * 1000, 0);
          const split = priceCartLines(lines, customerTier);
          const whole = priceLine(p, total, { customerTier });
          for (const r of split) expect(r.priced?.tier).toBe(whole.tier);
          // Whole units: no line rounds, so the split cart costs exactly what one line would.
          expect(split.reduce((s, r) => s + (r.priced?.amount ?? 0), 0)).toBe(whole.amount);
        },
      ),
    );
  });
});
