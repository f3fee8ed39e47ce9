import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { checkout } from '../../db/services/checkout';
import { updateProduct } from '../../db/services/products';
import { quoteSale } from '../../db/services/quote';
import { makeFixture, uid, type Fixture } from './fixture';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

const OIL_CODE = '6111234567895';
const BAD_PAYMENT = [{ method: 'card' as const, amount: 1 }];

/**
 * Checkout prices a line with the product row its scanned code already loaded instead of reading it again
 * by id (issue 10: a fifth of an HTTP checkout's queries). These pin down that a line is still the product
 * it names, and that each wrong request is refused with the error it got before, whatever else is wrong.
 */
describe('checkout reuses the scanned product rows', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('refuses an unknown product before a bad payment, even with a valid code of another product', () => {
    const input = {
      clientId: uid(),
      lines: [{ productId: 999_999, quantity: 1000, barcode: OIL_CODE }],
      payments: BAD_PAYMENT,
    };
    expect(code(() => checkout(f.store, f.asCashier, input))).toBe('NOT_FOUND');
    expect(code(() => quoteSale(f.store, input))).toBe('NOT_FOUND');
  });

  it('sells the product the line names when its code is another product’s', () => {
    const amlou = f.products.amlou;
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: amlou.id, quantity: 1000, barcode: OIL_CODE }],
      payments: [{ method: 'card', amount: amlou.retailPrice }],
    });
    expect(sale.lines[0]).toMatchObject({ productId: amlou.id, nameFr: amlou.nameFr, amount: 6550 });
  });

  it('refuses a bad quantity before a bad payment, the product read from its code', () => {
    const input = {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1500, barcode: OIL_CODE }],
      payments: BAD_PAYMENT,
    };
    expect(code(() => checkout(f.store, f.asCashier, input))).toBe('INVALID_QUANTITY');
  });

  it('refuses a product no longer sold as before: its code no longer scans', () => {
    updateProduct(f.store, f.asManager, f.products.oil.id, { active: false });
    const input = {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1000, barcode: OIL_CODE }],
      payments: BAD_PAYMENT,
    };
    expect(code(() => checkout(f.store, f.asCashier, input))).toBe('UNKNOWN_BARCODE');
    // The quote has not looked the code up before pricing: the product's own refusal comes first.
    expect(code(() => quoteSale(f.store, input))).toBe('VALIDATION');
    const plain = { ...input, lines: [{ productId: f.products.oil.id, quantity: 1000 }] };
    expect(code(() => checkout(f.store, f.asCashier, plain))).toBe('VALIDATION');
  });

  it('quotes a code that does not scan with the error it always had, after the product’s own checks', () => {
    const line = { productId: f.products.oil.id, quantity: 1000, barcode: '6111234567888' };
    expect(code(() => quoteSale(f.store, { lines: [line] }))).toBe('UNKNOWN_BARCODE');
    expect(code(() => quoteSale(f.store, { lines: [{ ...line, quantity: 1500 }] }))).toBe('INVALID_QUANTITY');
  });
});
