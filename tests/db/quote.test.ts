import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import { checkout } from '../../db/services/checkout';
import { quoteSale } from '../../db/services/quote';
import { receiveDelivery } from '../../db/services/stock';
import { makeFixture, uid, type Fixture } from './fixture';

describe('sales quote and checkout price the cart as a whole', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  const count = (table: string) =>
    (f.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('six one-bottle lines reach the semi tier at checkout, and the quote said so without writing', () => {
    const lines = Array.from({ length: 6 }, () => ({ productId: f.products.oil.id, quantity: 1000 }));
    const before = [count('sales'), count('stock_movements'), count('journal')];
    const quote = quoteSale(f.store, { lines });
    expect([count('sales'), count('stock_movements'), count('journal')]).toEqual(before);
    expect(quote.lines.every((l) => l.tier === 'semi')).toBe(true);
    expect(quote.total).toBe(6 * 10800);
    expect(quote.vat).toEqual([expect.objectContaining({ code: 'S20', gross: 6 * 10800 })]);
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines,
      payments: [{ method: 'card', amount: quote.total }],
    });
    expect(sale.total).toBe(quote.total);
    expect(sale.lines.map((l) => l.tier)).toEqual(Array(6).fill('semi'));
    expect(sale.vat).toEqual(quote.vat);
  });

  it('two weight labels of 1.2 kg of honey are 2.4 kg and earn the 2 kg semi price', () => {
    const label = makeEmbeddedCode(DEFAULT_NOMENCLATURE[0]!, '00042', 1200);
    const lines = [label, label].map((barcode) => ({
      productId: f.products.honeyKg.id,
      quantity: 1200,
      barcode,
    }));
    const quote = quoteSale(f.store, { lines });
    expect(quote.lines.map((l) => [l.tier, l.amount])).toEqual([
      ['semi', 27600],
      ['semi', 27600],
    ]);
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines,
      payments: [{ method: 'cash', amount: quote.total }],
    });
    expect(sale.total).toBe(55200);
  });

  it('reports the stock on hand per cooperative and a shortage over all lines of the product', () => {
    const quote = quoteSale(f.store, {
      lines: [
        { productId: f.products.amlou.id, quantity: 20_000 },
        { productId: f.products.amlou.id, quantity: 11_000 },
        { productId: f.products.oil.id, quantity: 1000 },
      ],
    });
    expect(quote.lines.map((l) => [l.onHand, l.short])).toEqual([
      [30_000, true],
      [30_000, true],
      [50_000, false],
    ]);
  });

  it('property: the quote total is the checkout total for any cart', () => {
    const products = () => [f.products.oil, f.products.amlou, f.products.honeyKg];
    for (const [cooperativeId, product] of [
      [f.coops.argan.id, f.products.oil],
      [f.coops.argan.id, f.products.amlou],
      [f.coops.honey.id, f.products.honeyKg],
    ] as const) {
      receiveDelivery(f.store, f.asManager, {
        clientId: uid('d'),
        cooperativeId,
        noteRef: 'BL-PROP',
        lines: [{ productId: product.id, quantity: 1_000_000, lot: 'PROP', bestBefore: null }],
      });
    }
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 2 }), n: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (picks) => {
          const lines = picks.map(({ p, n }) => {
            const product = products()[p]!;
            return { productId: product.id, quantity: product.unit === 'piece' ? n * 1000 : n * 317 };
          });
          const quote = quoteSale(f.store, { lines });
          const sale = checkout(f.store, f.asCashier, {
            clientId: uid(),
            lines,
            payments: [{ method: 'card', amount: quote.total }],
          });
          expect(sale.total).toBe(quote.total);
          expect(sale.lines.map((l) => [l.tier, l.amount])).toEqual(
            quote.lines.map((l) => [l.tier, l.amount]),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});
