import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../core/barcode';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import {
  createProduct,
  getProduct,
  lookupBarcode,
  searchProducts,
  updateProduct,
} from '../../db/services/products';
import { code, digest } from './db-helpers';
import { makeFixture, type Fixture } from './fixture';

const rule = (kind: 'weight' | 'price') => {
  const r = DEFAULT_NOMENCLATURE.find((x) => x.kind === kind);
  if (!r) throw new Error(`no ${kind} rule`);
  return r;
};
const withCheck = (body: string) => body + String(gs1CheckDigit(body));

describe('catalog search', () => {
  let f: Fixture;
  beforeAll(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterAll(() => f.close());

  const skus = (q: string) => searchProducts(f.store, q).map((h) => h.sku);

  it('finds French names without accents, apostrophes or case', () => {
    expect(skus('huile argan')).toEqual(['ARG-250']);
    expect(skus('HUILE')).toEqual(['ARG-250']);
    expect(skus('hùilé d’argan')).toEqual(['ARG-250']);
    expect(skus('amandes')).toEqual(['AML-300']);
    expect(skus('miel thym')).toEqual(['MIEL-THYM']);
    // By cooperative name too: every Tighanimine product.
    expect(skus('tighanimine').sort()).toEqual(['AML-300', 'ARG-250']);
  });

  it('finds Arabic names with or without hamza and tashkeel', () => {
    expect(skus('زيت الاركان')).toEqual(['ARG-250']);
    expect(skus('زيت الأركان')).toEqual(['ARG-250']);
    expect(skus('أملو')).toEqual(['AML-300']);
    expect(skus('املو')).toEqual(['AML-300']);
    expect(skus('عَسَل')).toEqual(['MIEL-THYM']);
  });

  it('finds by SKU prefix and by barcode, returns nothing for nonsense, and hides inactive products', () => {
    expect(skus('ARG-2')).toEqual(['ARG-250']);
    expect(skus('aml')).toEqual(['AML-300']);
    expect(skus('6111234567895')).toEqual(['ARG-250']);
    expect(skus('6111234')).toEqual(['ARG-250']);
    const hit = searchProducts(f.store, 'huile argan')[0];
    expect(hit).toMatchObject({
      barcode: '6111234567895',
      retailPrice: 12_000,
      cooperativeName: 'Coopérative Tighanimine',
    });
    expect(skus('zzzz')).toEqual([]);
    expect(skus('   ')).toEqual([]);
    expect(skus('"')).toEqual([]);
    updateProduct(f.store, f.asManager, f.products.amlou.id, { active: false });
    expect(skus('amlou')).toEqual([]);
    updateProduct(f.store, f.asManager, f.products.amlou.id, { active: true });
    expect(skus('amlou')).toEqual(['AML-300']);
  });
});

describe('barcode lookup', () => {
  let f: Fixture;
  beforeAll(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterAll(() => f.close());

  it('resolves a GTIN and a shop-made internal code to one piece', () => {
    expect(lookupBarcode(f.store, '6111234567895')).toMatchObject({
      kind: 'gtin',
      quantity: 1_000,
      labelAmount: null,
      product: { id: f.products.oil.id },
    });
    const internal = getProduct(f.store, f.products.amlou.id).barcodes[0];
    expect(internal).toMatch(/^20\d{11}$/);
    expect(lookupBarcode(f.store, internal as string)).toMatchObject({
      kind: 'internal',
      quantity: 1_000,
      product: { id: f.products.amlou.id },
    });
    // A scanner prefix and trailing newline are cleaned up first.
    expect(lookupBarcode(f.store, ']E06111234567895\r\n').product.id).toBe(f.products.oil.id);
  });

  it('reads the weight from a 21 label and the price from a 23 label', () => {
    const weight = makeEmbeddedCode(rule('weight'), '00042', 1_234);
    expect(weight.startsWith('2100042')).toBe(true);
    expect(lookupBarcode(f.store, weight)).toMatchObject({
      kind: 'weight',
      quantity: 1_234,
      labelAmount: null,
      product: { id: f.products.honeyKg.id },
    });
    const price = makeEmbeddedCode(rule('price'), '00042', 4_560);
    expect(lookupBarcode(f.store, price)).toMatchObject({
      kind: 'price',
      quantity: 182,
      labelAmount: 4_560,
      product: { id: f.products.honeyKg.id },
    });
  });

  it('tells an unknown valid code from a malformed one', () => {
    expect(code(() => lookupBarcode(f.store, withCheck('611123400001')))).toBe('UNKNOWN_BARCODE');
    expect(code(() => lookupBarcode(f.store, makeEmbeddedCode(rule('weight'), '00077', 500)))).toBe(
      'UNKNOWN_BARCODE',
    );
    expect(code(() => lookupBarcode(f.store, withCheck('200000099999')))).toBe('UNKNOWN_BARCODE');
    expect(code(() => lookupBarcode(f.store, '6111234567890'))).toBe('INVALID_BARCODE'); // wrong check digit
    expect(code(() => lookupBarcode(f.store, 'huile'))).toBe('INVALID_BARCODE');
    expect(code(() => lookupBarcode(f.store, '12345'))).toBe('INVALID_BARCODE');
    expect(code(() => lookupBarcode(f.store, ''))).toBe('INVALID_BARCODE');
  });
});

describe('products', () => {
  let f: Fixture;
  beforeAll(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterAll(() => f.close());

  const input = (
    over: Partial<Parameters<typeof createProduct>[2]> = {},
  ): Parameters<typeof createProduct>[2] => ({
    sku: 'SAV-100',
    nameFr: 'Savon à l’huile d’argan',
    nameAr: 'صابون بزيت الأركان',
    cooperativeId: f.coops.argan.id,
    unit: 'piece',
    vatCode: 'S20',
    retailPrice: 3_500,
    semiPrice: 3_200,
    wholesalePrice: 3_000,
    semiMinQty: 12_000,
    wholesaleMinQty: 48_000,
    qualityLabels: [],
    scaleRef: null,
    terms: null,
    barcodes: [],
    ...over,
  });

  it('refuses inconsistent prices, bad barcodes, reused SKUs, barcodes and scale references, writing nothing', () => {
    const before = digest(f.db);
    expect(code(() => createProduct(f.store, f.asManager, input({ semiPrice: 4_000 })))).toBe('VALIDATION');
    expect(code(() => createProduct(f.store, f.asManager, input({ barcodes: ['6111234567890'] })))).toBe(
      'VALIDATION',
    );
    expect(code(() => createProduct(f.store, f.asManager, input({ sku: '  ' })))).toBe('VALIDATION');
    expect(code(() => createProduct(f.store, f.asManager, input({ scaleRef: '42' })))).toBe('VALIDATION');
    expect(
      code(() =>
        createProduct(f.store, f.asManager, input({ terms: { kind: 'fixed', payoutPerUnit: 9_999 } })),
      ),
    ).toBe('VALIDATION');
    expect(code(() => createProduct(f.store, f.asManager, input({ sku: 'ARG-250' })))).toBe('CONFLICT');
    expect(code(() => createProduct(f.store, f.asManager, input({ barcodes: ['6111234567895'] })))).toBe(
      'CONFLICT',
    );
    expect(code(() => createProduct(f.store, f.asManager, input({ scaleRef: '00042' })))).toBe('CONFLICT');
    expect(digest(f.db)).toBe(before);
    const upc = withCheck('61112345678');
    const p = createProduct(f.store, f.asManager, input({ barcodes: [upc], internalBarcode: true }));
    // A 12-digit UPC is stored in its 13-digit form; the internal code is a new one, not the amlou's.
    expect(p.barcodes).toContain(`0${upc}`);
    const internal = p.barcodes.filter((c) => c.startsWith('20'));
    expect(internal).toHaveLength(1);
    expect(getProduct(f.store, f.products.amlou.id).barcodes).not.toContain(internal[0]);
    expect(lookupBarcode(f.store, upc).product.id).toBe(p.id);
    expect(updateProduct(f.store, f.asManager, p.id, { retailPrice: 3_800 }).retailPrice).toBe(3_800);
    expect(code(() => updateProduct(f.store, f.asManager, p.id, { sku: 'ARG-250' }))).toBe('CONFLICT');
  });
});
