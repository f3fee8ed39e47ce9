import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProduct, updateProduct, type ProductInput } from '../../db/services/products';
import { ApiCallError } from '../../renderer/api/client';
import { errorText } from '../../renderer/i18n';
import { appError, digest } from './db-helpers';
import { makeFixture, type Fixture } from './fixture';

describe('products: the tier set is validated at its field; a conflict names the product holding the value', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterEach(() => f.close());

  const input = (over: Partial<ProductInput> = {}): ProductInput => ({
    sku: 'NEW-1',
    nameFr: 'Nouveau',
    nameAr: '',
    cooperativeId: f.coops.argan.id,
    unit: 'piece',
    vatCode: 'S20',
    retailPrice: 5500,
    semiPrice: 5500,
    wholesalePrice: 5500,
    semiMinQty: null,
    wholesaleMinQty: null,
    qualityLabels: [],
    scaleRef: null,
    terms: null,
    barcodes: [],
    ...over,
  });
  const translated = (err: ReturnType<typeof appError>, lang: 'fr' | 'ar' | 'en' = 'fr') =>
    errorText(new ApiCallError(err.code, err.message, err.details), lang);

  it('refuses tier prices saved without their thresholds (51,00 and 47,50 with both "Seuil" empty)', () => {
    const before = digest(f.db);
    const err = appError(() =>
      updateProduct(f.store, f.asManager, f.products.oil.id, {
        semiPrice: 5100,
        wholesalePrice: 4750,
        semiMinQty: null,
        wholesaleMinQty: null,
      }),
    );
    expect(err.code).toBe('VALIDATION');
    expect(err.details).toMatchObject({ field: 'semiMinQty', issueCode: 'TIER_NEEDS_THRESHOLD' });
    expect((err.details.issues as { field: string }[]).map((i) => i.field)).toEqual([
      'semiMinQty',
      'wholesaleMinQty',
    ]);
    expect(digest(f.db)).toBe(before);
    expect(translated(err)).toBe(
      'Le prix demi-gros est plus bas que le palier précédent mais n’a pas de seuil : indiquez à partir de quelle quantité il s’applique, ou reprenez le prix du palier précédent.',
    );
    expect(translated(err, 'en')).toContain('The semi-wholesale price');
  });

  it('accepts one price for everyone, and tier prices with increasing thresholds', () => {
    expect(createProduct(f.store, f.asManager, input()).semiMinQty).toBeNull();
    const p = createProduct(
      f.store,
      f.asManager,
      input({
        sku: 'NEW-2',
        semiPrice: 5100,
        wholesalePrice: 4750,
        semiMinQty: 6000,
        wholesaleMinQty: 24000,
      }),
    );
    expect([p.semiPrice, p.wholesalePrice, p.semiMinQty, p.wholesaleMinQty]).toEqual([
      5100, 4750, 6000, 24000,
    ]);
    // Only wholesale differs: only its threshold is needed.
    expect(
      createProduct(
        f.store,
        f.asManager,
        input({ sku: 'NEW-3', wholesalePrice: 5000, wholesaleMinQty: 12000 }),
      ).id,
    ).toBeGreaterThan(0);
  });

  it('refuses thresholds that do not increase and prices that rise with the tier, at the field', () => {
    const field = (over: Partial<ProductInput>) => {
      const e = appError(() => createProduct(f.store, f.asManager, input(over)));
      return [e.details.field, e.details.issueCode];
    };
    const tiers = { semiPrice: 5100, wholesalePrice: 4750 };
    expect(field({ ...tiers, semiMinQty: 6000, wholesaleMinQty: 6000 })).toEqual([
      'wholesaleMinQty',
      'THRESHOLDS_REVERSED',
    ]);
    expect(field({ ...tiers, semiMinQty: 24000, wholesaleMinQty: 6000 })).toEqual([
      'wholesaleMinQty',
      'THRESHOLDS_REVERSED',
    ]);
    expect(field({ ...tiers, semiMinQty: 6000 })).toEqual(['wholesaleMinQty', 'TIER_NEEDS_THRESHOLD']);
    expect(field({ semiPrice: 5600, semiMinQty: 6000 })).toEqual(['semiPrice', 'SEMI_ABOVE_RETAIL']);
    expect(
      field({ semiPrice: 5000, wholesalePrice: 5200, semiMinQty: 6000, wholesaleMinQty: 12000 }),
    ).toEqual(['wholesalePrice', 'WHOLESALE_ABOVE_SEMI']);
    expect(field({ ...tiers, semiMinQty: 1500, wholesaleMinQty: 6000 })).toEqual([
      'semiMinQty',
      'BAD_THRESHOLD',
    ]);
  });

  it('says which product holds a SKU, a barcode or a scale reference, in every language', () => {
    const sku = appError(() => createProduct(f.store, f.asManager, input({ sku: 'ARG-250' })));
    expect(sku.code).toBe('CONFLICT');
    expect(sku.details).toMatchObject({
      field: 'sku',
      value: 'ARG-250',
      productId: f.products.oil.id,
      productName: "Huile d'argan alimentaire 250 ml",
    });
    expect(translated(sku)).toBe(
      "La référence ARG-250 existe déjà : produit ARG-250 « Huile d'argan alimentaire 250 ml ». Choisissez une autre référence.",
    );
    const code = appError(() => createProduct(f.store, f.asManager, input({ barcodes: ['6111234567895'] })));
    expect(code.details).toMatchObject({
      field: 'barcode',
      value: '6111234567895',
      productId: f.products.oil.id,
      productName: "Huile d'argan alimentaire 250 ml",
    });
    const onUpdate = appError(() =>
      updateProduct(f.store, f.asManager, f.products.amlou.id, { barcodes: ['6111234567895'] }),
    );
    expect(onUpdate.details).toMatchObject({ field: 'barcode', productId: f.products.oil.id });
    const scale = appError(() =>
      createProduct(f.store, f.asManager, input({ unit: 'kg', scaleRef: '00042' })),
    );
    expect(scale.details).toMatchObject({
      field: 'scaleRef',
      value: '00042',
      productId: f.products.honeyKg.id,
    });
    for (const lang of ['fr', 'ar', 'en'] as const) {
      for (const e of [sku, code, scale]) {
        const text = translated(e, lang);
        expect(text).toContain(String(e.details.value));
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
    expect(translated(code, 'ar')).toContain('ARG-250');
  });
});
