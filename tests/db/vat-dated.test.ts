import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vatBreakdown, vatCodeAt, vatRateAt, type VatRate } from '../../core/vat';
import { checkout, getSale } from '../../db/services/checkout';
import { getProduct, updateProduct } from '../../db/services/products';
import { addVatRate, applyDueVatMoves, productVat, scheduleProductVat } from '../../db/services/vat-rates';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
afterEach(() => f?.close());

function sellAmlou(fx: ReturnType<typeof makeFixture>) {
  return checkout(fx.store, fx.asCashier, {
    clientId: randomUUID(),
    lines: [{ productId: fx.products.amlou.id, quantity: 1_000 }],
    payments: [{ method: 'card', amount: fx.products.amlou.retailPrice }],
  });
}

describe('core: rate and code at a day', () => {
  const rates: VatRate[] = [
    { code: 'R7', rateBp: 700, validFrom: '2000-01-01', validTo: '2026-12-31', source: 'a' },
    { code: 'R7', rateBp: 800, validFrom: '2027-01-01', validTo: null, source: 'b' },
  ];
  it('takes the row covering the day, validTo inclusive, and none outside', () => {
    expect(vatRateAt(rates, 'R7', '2026-12-31')).toBe(700);
    expect(vatRateAt(rates, 'R7', '2027-01-01')).toBe(800);
    expect(vatRateAt(rates, 'R7', '1999-12-31')).toBeNull();
    expect(vatRateAt(rates, 'S20', '2027-01-01')).toBeNull();
  });
  it('takes the latest scheduled code due by the day', () => {
    const s = [
      { vatCode: 'R10' as const, validFrom: '2025-01-01' },
      { vatCode: 'EX' as const, validFrom: '2026-01-01' },
    ];
    expect(vatCodeAt('R7', s, '2024-12-31')).toBe('R7');
    expect(vatCodeAt('R7', s, '2025-06-01')).toBe('R10');
    expect(vatCodeAt('R7', s, '2026-01-01')).toBe('EX');
  });
  it('groups one code sold at two rates apart', () => {
    const rows = vatBreakdown([
      { vatCode: 'R7', amount: 10_700, vatRateBp: 700 },
      { vatCode: 'R7', amount: 10_800, vatRateBp: 800 },
    ]);
    expect(rows.map((r) => [r.rateBp, r.gross, r.vat])).toEqual([
      [800, 10_800, 800],
      [700, 10_700, 700],
    ]);
  });
});

describe('dated VAT on sale lines', () => {
  it('a sale takes the rate in force on its shop day, and an earlier line keeps its own', () => {
    f = makeFixture({ withStock: true });
    const code = f.products.amlou.vatCode;
    // 23:30 UTC on 31 December is already 1 January in Casablanca (UTC+1).
    f.setClock(Date.UTC(2026, 11, 31, 22, 30));
    const before = sellAmlou(f);
    expect(before.lines[0]).toMatchObject({ vatCode: code, vatRateBp: 700 });
    addVatRate(f.store, f.asAdmin, { code, rateBp: 800, validFrom: '2027-01-01', source: 'test law' });
    f.setClock(Date.UTC(2026, 11, 31, 22, 50));
    const stillOld = sellAmlou(f);
    expect(stillOld.lines[0]?.vatRateBp).toBe(700);
    f.setClock(Date.UTC(2026, 11, 31, 23, 30));
    const after = sellAmlou(f);
    expect(after.lines[0]?.vatRateBp).toBe(800);
    expect(after.vat[0]).toMatchObject({ code, rateBp: 800 });
    // History is never recomputed: the first sale reads back at the rate it was sold at.
    expect(getSale(f.store, before.id).lines[0]?.vatRateBp).toBe(700);
    expect(getSale(f.store, before.id).vat[0]?.rateBp).toBe(700);
  });

  it('a product moves to an exempt code from a day; lines sold before stay at their code', () => {
    f = makeFixture({ withStock: true });
    const amlou = f.products.amlou;
    f.setClock(Date.UTC(2027, 0, 10, 10, 0));
    scheduleProductVat(f.store, f.asManager, {
      productId: amlou.id,
      vatCode: 'EX',
      vatExemption: 'packaged-dates',
      validFrom: '2027-02-01',
    });
    const before = sellAmlou(f);
    expect(before.lines[0]).toMatchObject({ vatCode: amlou.vatCode, vatRateBp: 700 });
    f.setClock(Date.UTC(2027, 1, 1, 9, 0));
    const after = sellAmlou(f);
    expect(after.lines[0]).toMatchObject({ vatCode: 'EX', vatRateBp: 0 });
    expect(getSale(f.store, before.id).lines[0]?.vatCode).toBe(amlou.vatCode);
  });

  it('refuses an exemption wording on a taxed code, and a raw UPDATE of a sold line rate', () => {
    f = makeFixture({ withStock: true });
    expect(() =>
      scheduleProductVat(f!.store, f!.asManager, {
        productId: f!.products.amlou.id,
        vatCode: 'S20',
        vatExemption: 'packaged-dates',
        validFrom: '2027-02-01',
      }),
    ).toThrow(/EX only/);
    const sale = sellAmlou(f);
    const id = sale.lines[0]!.id;
    expect(() => f!.db.prepare('UPDATE sale_lines SET vat_rate_bp = 2000 WHERE id = ?').run(id)).toThrow(
      /VAT code and rate it was sold at/,
    );
    expect(() => f!.db.prepare("UPDATE sale_lines SET vat_code = 'S20' WHERE id = ?").run(id)).toThrow(
      /VAT code and rate/,
    );
  });

  it('a code written on the product after a move fell due is the one sold, not the older move', () => {
    f = makeFixture({ withStock: true });
    const amlou = f.products.amlou;
    f.setClock(Date.UTC(2027, 0, 10, 10, 0));
    scheduleProductVat(f.store, f.asManager, {
      productId: amlou.id,
      vatCode: 'R10',
      validFrom: '2027-01-20',
    });
    f.setClock(Date.UTC(2027, 0, 25, 10, 0));
    expect(sellAmlou(f).lines[0]).toMatchObject({ vatCode: 'R10', vatRateBp: 1000 });
    // HQ's catalogue or the product form sets the code straight on the row, from today.
    updateProduct(f.store, f.asManager, amlou.id, { vatCode: 'S20' });
    expect(sellAmlou(f).lines[0]).toMatchObject({ vatCode: 'S20', vatRateBp: 2000 });
    expect(productVat(f.store, amlou.id)).toMatchObject({ vatCode: 'S20', rateBpToday: 2000 });
    // A price change leaves the code alone.
    updateProduct(f.store, f.asManager, amlou.id, {
      retailPrice: 7000,
      semiPrice: 6000,
      wholesalePrice: 5000,
    });
    expect(productVat(f.store, amlou.id).vatCode).toBe('S20');
  });

  it('a move that falls due is written on its product row, once, for the tills and invoices that read it', () => {
    f = makeFixture({ withStock: true });
    const oil = f.products.oil;
    f.setClock(Date.UTC(2027, 0, 10, 10, 0));
    scheduleProductVat(f.store, f.asManager, {
      productId: oil.id,
      vatCode: 'EX',
      vatExemption: 'artisanal-olive-oil',
      validFrom: '2027-02-01',
    });
    expect(applyDueVatMoves(f.store)).toBe(0);
    expect(getProduct(f.store, oil.id).vatCode).toBe('S20');
    // 00:30 on 1 February in Casablanca.
    f.setClock(Date.UTC(2027, 0, 31, 23, 30));
    expect(applyDueVatMoves(f.store)).toBe(1);
    expect(getProduct(f.store, oil.id).vatCode).toBe('EX');
    expect(f.db.prepare('SELECT vat_exemption FROM products WHERE id = ?').get(oil.id)).toEqual({
      vat_exemption: 'artisanal-olive-oil',
    });
    expect(applyDueVatMoves(f.store)).toBe(0);
  });
});
