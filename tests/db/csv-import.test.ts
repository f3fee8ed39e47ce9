import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../core/errors';
import { importProductsCsv } from '../../db/services/csv-import';
import { lookupBarcode, searchProducts } from '../../db/services/products';
import { appError, code, count, digest } from './db-helpers';
import { makeFixture, type Fixture } from './fixture';

/** As French Excel saves it: BOM, ';' separators, decimal commas, CRLF, a quoted field with a ';'. */
const GOOD = [
  '\ufeffsku;name_fr;name_ar;unit;vat;retail_price;semi_price;wholesale_price;semi_min_qty;wholesale_min_qty;barcode;quality_labels;scale_ref',
  'COUS-1;Couscous d’orge;كسكس الشعير;piece;20;32,50;30,00;28,75;6;24;6111234567901;bio|équitable;',
  'SAF-1;"Safran de Taliouine; 1 g";زعفران تالوين;piece;7%;95;;;;;;;',
  'ZAA-1;Zaatar en vrac;زعتر;kg;EX;180,5;170;160;2,5;10;;;00077',
].join('\r\n');

describe('CSV product import', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterEach(() => f.close());

  const run = (csv: string, dryRun = false) =>
    importProductsCsv(f.store, f.asManager, { cooperativeId: f.coops.argan.id, csv, dryRun });

  it('imports every row of a French Excel file, in centimes and milli-units', () => {
    expect(run(GOOD)).toEqual({ dryRun: false, rows: 3, created: 3, updated: 0, errors: [] });
    const rows = f.db
      .prepare(
        `SELECT sku, name_fr, name_ar, unit, vat_code, retail_price, semi_price, wholesale_price, semi_min_qty, scale_ref,
           quality_labels FROM products WHERE sku IN ('COUS-1', 'SAF-1', 'ZAA-1') ORDER BY sku`,
      )
      .all();
    expect(rows).toEqual([
      {
        sku: 'COUS-1',
        name_fr: 'Couscous d’orge',
        name_ar: 'كسكس الشعير',
        unit: 'piece',
        vat_code: 'S20',
        retail_price: 3_250,
        semi_price: 3_000,
        wholesale_price: 2_875,
        semi_min_qty: 6_000,
        scale_ref: null,
        quality_labels: '["bio","équitable"]',
      },
      {
        sku: 'SAF-1',
        name_fr: 'Safran de Taliouine; 1 g',
        name_ar: 'زعفران تالوين',
        unit: 'piece',
        vat_code: 'R7',
        retail_price: 9_500,
        semi_price: 9_500,
        wholesale_price: 9_500,
        semi_min_qty: null,
        scale_ref: null,
        quality_labels: '[]',
      },
      {
        sku: 'ZAA-1',
        name_fr: 'Zaatar en vrac',
        name_ar: 'زعتر',
        unit: 'kg',
        vat_code: 'EX',
        retail_price: 18_050,
        semi_price: 17_000,
        wholesale_price: 16_000,
        semi_min_qty: 2_500,
        scale_ref: '00077',
        quality_labels: '[]',
      },
    ]);
    expect(lookupBarcode(f.store, '6111234567901').product.sku).toBe('COUS-1');
    expect(searchProducts(f.store, 'safran').map((h) => h.sku)).toEqual(['SAF-1']);
    expect(count(f.db, "SELECT COUNT(*) n FROM journal WHERE kind = 'catalog.import'")).toBe(1);
  });

  it('a dry run reports what would happen and writes nothing', () => {
    const before = digest(f.db);
    expect(run(GOOD, true)).toEqual({ dryRun: true, rows: 3, created: 3, updated: 0, errors: [] });
    expect(digest(f.db)).toBe(before);
  });

  it('re-importing updates the same products instead of duplicating them', () => {
    run(GOOD);
    const cheaper = GOOD.replace('32,50;30,00;28,75', '31,00;29,00;27,00').replace(
      'Zaatar en vrac',
      'Zaatar (vrac)',
    );
    expect(run(cheaper)).toMatchObject({ created: 0, updated: 3, errors: [] });
    expect(count(f.db, "SELECT COUNT(*) n FROM products WHERE sku IN ('COUS-1', 'SAF-1', 'ZAA-1')")).toBe(3);
    expect(
      f.db.prepare("SELECT retail_price, wholesale_price FROM products WHERE sku = 'COUS-1'").get(),
    ).toEqual({
      retail_price: 3_100,
      wholesale_price: 2_700,
    });
    expect(searchProducts(f.store, 'zaatar vrac').map((h) => h.sku)).toEqual(['ZAA-1']);
    expect(lookupBarcode(f.store, '6111234567901').product.sku).toBe('COUS-1');
  });

  it('names the line and column of each bad row and imports none of the good ones', () => {
    const bad = [
      'sku;name_fr;unit;vat;retail_price;barcode',
      'OK-1;Bon produit;piece;20;10,00;',
      'BAD-1;Mauvaise unité;sac;20;10,00;', // line 3: unit
      'BAD-2;Mauvais prix;piece;20;dix;', // line 4: retail_price
      'OK-2;Autre bon produit;kg;EX;5;',
      'BAD-3;Mauvais code;piece;14;12;6111234567890', // line 6: barcode check digit
    ].join('\n');
    const before = digest(f.db);
    const err: AppError = appError(() => run(bad));
    expect(err.code).toBe('CSV_INVALID');
    const errors = err.details.errors as { line: number; column: string }[];
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'unit'],
      [4, 'retail_price'],
      [6, 'barcode'],
    ]);
    expect(digest(f.db)).toBe(before);
    // The same problems are reported by a dry run.
    expect(code(() => run(bad, true))).toBe('CSV_INVALID');
  });

  it('reports VAT, repeated SKUs and barcodes, a SKU of another cooperative, and structural problems', () => {
    const errorsOf = (csv: string) =>
      (appError(() => run(csv)).details.errors as { line: number; column: string | null }[]).map((e) => [
        e.line,
        e.column,
      ]);
    expect(
      errorsOf(
        [
          'sku;name_fr;unit;vat;retail_price;barcode;colour',
          'A;a;piece;19;1;6111234567901;',
          'A;b;piece;20;1;6111234567901;',
          'MIEL-THYM;c;kg;EX;1;;',
          'D;d;piece;20',
          'E;e;piece;20;1;6111234567895;',
        ].join('\n'),
      ),
    ).toEqual([
      [1, 'colour'],
      [2, 'vat'],
      [3, 'sku'],
      [3, 'barcode'],
      [4, 'sku'],
      [5, '*'],
      [6, 'barcode'], // the argan oil's code
    ]);
    expect(code(() => run('sku;name_fr\nA;b'))).toBe('CSV_INVALID');
    expect(code(() => run(''))).toBe('CSV_INVALID');
    expect(code(() => run('sku;name_fr;unit;vat;retail_price\n"A;b;piece;20;1'))).toBe('CSV_INVALID');
    expect(code(() => importProductsCsv(f.store, f.asManager, { cooperativeId: 999, csv: GOOD }))).toBe(
      'NOT_FOUND',
    );
  });

  it('rolls the whole file back when a conflict only shows at write time', () => {
    const before = digest(f.db);
    // Scale reference 00042 is the honey's: only the insert finds it.
    const csv = [
      'sku;name_fr;unit;vat;retail_price;scale_ref',
      'X-1;Premier;kg;EX;10;',
      'X-2;Second;kg;EX;10;00042',
    ].join('\n');
    const err = appError(() => run(csv));
    expect(err.code).toBe('CSV_INVALID');
    expect((err.details.errors as { line: number }[])[0]?.line).toBe(3);
    expect(digest(f.db)).toBe(before);
  });
});
