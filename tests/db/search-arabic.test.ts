import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch } from '../../core/search-text';
import { openDatabase } from '../../db/open';
import { ensureSearchIndex } from '../../db/search-index';
import { createProduct, searchProducts } from '../../db/services/products';
import { Store } from '../../db/store';
import { makeFixture, type Fixture } from './fixture';

describe('Arabic search without the article, on real SQLite FTS5', () => {
  let f: Fixture;
  beforeAll(() => {
    f = makeFixture({ withStock: false, openSession: false });
    const base = {
      cooperativeId: f.coops.argan.id,
      unit: 'piece' as const,
      vatCode: 'S20' as const,
      retailPrice: 4500,
      semiPrice: 4500,
      wholesalePrice: 4500,
      semiMinQty: null,
      wholesaleMinQty: null,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [],
    };
    createProduct(f.store, f.asManager, { ...base, sku: 'ROSE', nameFr: 'Eau de rose', nameAr: 'ماءُ الوردِ' });
    createProduct(f.store, f.asManager, {
      ...base,
      sku: 'MSK',
      nameFr: 'Huile de nigelle',
      nameAr: 'زيتُ الحبّةِ السوداء بالنعناع',
    });
    createProduct(f.store, f.asManager, { ...base, sku: 'MLH', nameFr: 'Sel', nameAr: 'ملح البحر للطبخ' });
  });
  afterAll(() => f.close());

  const skus = (q: string) =>
    searchProducts(f.store, q)
      .map((h) => h.sku)
      .sort();

  it('"ورد" finds "ماء الورد"; with or without the article, and typed half-way', () => {
    expect(skus('ورد')).toEqual(['ROSE']);
    expect(skus('الورد')).toEqual(['ROSE']);
    expect(skus('ماء ورد')).toEqual(['ROSE']);
    expect(skus('الو')).toEqual(['ROSE']);
    expect(skus('الور')).toEqual(['ROSE']);
  });

  it('strips the article after و ب ف ك too: "لوز" finds "أملو باللوز", "نعناع" finds "بالنعناع"', () => {
    expect(skus('لوز')).toEqual(['AML-300']);
    expect(skus('باللوز')).toEqual(['AML-300']);
    expect(skus('نعناع')).toEqual(['MSK']);
    expect(skus('والورد')).toEqual(['ROSE']);
  });

  it('across ة/ه, ى/ي, أ/إ/آ/ا, tatweel and diacritics', () => {
    expect(skus('حبه سوداء')).toEqual(['MSK']);
    expect(skus('الحبّة')).toEqual(['MSK']);
    expect(skus('ســوداء')).toEqual(['MSK']);
    expect(skus('املو')).toEqual(['AML-300']);
    expect(skus('إملو')).toEqual(['AML-300']);
    expect(skus('آملو')).toEqual(['AML-300']);
    expect(foldForSearch('مصطفى')).toBe(foldForSearch('مصطفي'));
    expect(skus('بحر')).toEqual(['MLH']);
  });

  it('keeps a word that only looks like it has an article ("والد", "بالغ" stay whole)', () => {
    expect(skus('ملح')).toEqual(['MLH']);
    expect(skus('وز')).toEqual([]);
  });

  it('French keeps matching across accents', () => {
    expect(skus('eau de rose')).toEqual(['ROSE']);
    expect(skus('HUILÉ nigèlle')).toEqual(['MSK']);
  });

  it('an index written by the older folding is rebuilt once when the database is opened', () => {
    // What the index held before: the folded text with the article still on every word.
    f.db
      .prepare(
        "UPDATE products_fts SET text = 'ماء الورد' WHERE rowid = (SELECT id FROM products WHERE sku = 'ROSE')",
      )
      .run();
    f.db.prepare('UPDATE search_index_state SET version = 1').run();
    expect(skus('ورد')).toEqual([]);
    const again = openDatabase(f.file);
    try {
      const store = new Store(again, { tillId: 'T1' });
      expect(searchProducts(store, 'ورد').map((h) => h.sku)).toEqual(['ROSE']);
      expect(ensureSearchIndex(again)).toBe(0);
    } finally {
      again.close();
    }
  });
});
