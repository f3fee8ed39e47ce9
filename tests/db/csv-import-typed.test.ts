import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CsvRowError } from '../../core/csv';
import { ISSUE_CODES } from '../../core/product-issues';
import { UNITS } from '../../core/quantity';
import { importProductsCsv } from '../../db/services/csv-import';
import { CATALOGS, LANGUAGES, translate, type MessageKey } from '../../renderer/i18n';
import { appError, count } from './db-helpers';
import { makeFixture, type Fixture } from './fixture';

describe('CSV import: units as displayed, typed row errors, every missing field', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterEach(() => f.close());

  const run = (csv: string, dryRun = false) =>
    importProductsCsv(f.store, f.asManager, { cooperativeId: f.coops.argan.id, csv, dryRun });
  const rowErrors = (csv: string): CsvRowError[] => appError(() => run(csv)).details.errors as CsvRowError[];

  it('accepts the unit as the app displays it in French, Arabic and English, and the API values', () => {
    const spellings = new Set<string>(UNITS);
    for (const lang of LANGUAGES) for (const u of UNITS) spellings.add(CATALOGS[lang][`unit.${u}`]);
    // "pce" is what the French screen shows next to every piece price: the file that copies it is right.
    expect(spellings).toContain('pce');
    const lines = ['sku;name_fr;unit;vat;retail_price'];
    let i = 0;
    for (const s of spellings) lines.push(`U-${i++};Produit ${s};${s};20;10,00`);
    lines.push(`U-${i++};Produit PCE;PCE;20;10,00`, `U-${i++};Produit Pièce;Pièce;20;10,00`);
    const res = run(lines.join('\n'));
    expect(res.created).toBe(lines.length - 1);
    const units = f.db
      .prepare("SELECT name_fr, unit FROM products WHERE sku LIKE 'U-%' ORDER BY id")
      .all() as { name_fr: string; unit: string }[];
    const byLabel = new Map(units.map((u) => [u.name_fr.replace('Produit ', ''), u.unit]));
    for (const u of UNITS)
      for (const lang of LANGUAGES) expect(byLabel.get(CATALOGS[lang][`unit.${u}`])).toBe(u);
    expect(byLabel.get('PCE')).toBe('piece');
  });

  it('flags every empty required cell of a row, name_fr included, even beside other errors', () => {
    const errors = rowErrors(
      [
        'sku;name_fr;unit;vat;retail_price',
        'A-1;;pce;20;10,00', // only the name is missing
        ';;;;', // everything is missing
        'A-3;;sac;19;dix', // name missing beside three bad cells
      ].join('\n'),
    );
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'name_fr', 'REQUIRED'],
      [3, 'sku', 'REQUIRED'],
      [3, 'name_fr', 'REQUIRED'],
      [3, 'unit', 'REQUIRED'],
      [3, 'vat', 'REQUIRED'],
      [3, 'retail_price', 'REQUIRED'],
      [4, 'name_fr', 'REQUIRED'],
      [4, 'unit', 'BAD_UNIT'],
      [4, 'vat', 'BAD_VAT'],
      [4, 'retail_price', 'BAD_AMOUNT'],
    ]);
    expect(errors[0]?.params).toEqual({ column: 'name_fr' });
    expect(errors[7]?.params).toEqual({ value: 'sac' });
    expect(count(f.db, "SELECT COUNT(*) n FROM products WHERE sku LIKE 'A-%'")).toBe(0);
  });

  it('gives every row error a code and params that read in each language with no placeholder left', () => {
    const errors = [
      ...rowErrors(
        [
          'sku;name_fr;unit;vat;retail_price;semi_price;wholesale_price;semi_min_qty;barcode;scale_ref;colour',
          'B-1;b;kg;20;10;12;;;;;', // semi above retail
          'B-1;b;kg;20;10;;;;6111234567890;1234;', // repeat, bad code, bad scale ref
          'B-3;b;piece;20;10;;;;6111234567895;00042;', // the oil's code, the honey's scale reference
          'MIEL-THYM;h;kg;EX;1;;;;;;', // another cooperative's SKU
          'B-5;b;kg;20', // too few cells
          'B-6;b;kg;20;10;9;;;;;', // a semi price and no threshold
          'B-7;b;piece;20;10;9;9;1,5;;;', // half a piece as threshold
        ].join('\n'),
      ),
      ...rowErrors('sku;name_fr\nA;b'),
      ...rowErrors('sku;name_fr;unit;vat;retail_price\n"A;b;piece;20;1'),
      ...rowErrors(''),
    ];
    const codes = new Set(errors.map((e) => e.code));
    for (const c of [
      'UNKNOWN_COLUMN',
      'SEMI_ABOVE_RETAIL',
      'SKU_REPEATS',
      'TIER_NEEDS_THRESHOLD',
      'BAD_BARCODE',
      'BAD_SCALE_REF',
      'BAD_THRESHOLD',
      'BARCODE_TAKEN',
      'SCALE_REF_TAKEN',
      'SKU_OTHER_COOP',
      'CELL_COUNT',
      'MISSING_COLUMNS',
      'CSV_UNCLOSED_QUOTE',
      'CSV_EMPTY',
    ])
      expect(codes, c).toContain(c);
    const taken = errors.find((e) => e.code === 'BARCODE_TAKEN');
    expect(taken?.params).toMatchObject({ value: '6111234567895', sku: 'ARG-250' });
    for (const e of errors) {
      expect(ISSUE_CODES).toContain(e.code);
      expect(e.message.length).toBeGreaterThan(5);
      for (const lang of LANGUAGES) {
        const text = translate(lang, `issue.${e.code}` as MessageKey, e.params);
        expect(text, `${lang} ${e.code}`).not.toMatch(/\{\w+\}/);
      }
    }
    expect(translate('fr', 'issue.BARCODE_TAKEN', taken?.params)).toBe(
      "Le code-barres 6111234567895 est déjà celui du produit ARG-250 (Huile d'argan alimentaire 250 ml) : retirez-le de cette ligne.",
    );
  });

  it('has a translation, saying how to fix it, for every issue code in every language', () => {
    for (const c of ISSUE_CODES)
      for (const lang of LANGUAGES)
        expect(CATALOGS[lang][`issue.${c}` as MessageKey], `${lang} ${c}`).toBeTruthy();
  });

  it('accepts amounts with a comma or a dot and a leftover currency, VAT written 20 %, 7,0 or exonéré', () => {
    const res = run(
      [
        'sku;name_fr;unit;vat;retail_price;semi_price;semi_min_qty',
        'C-1;c;pce;20 %;32,50 DH;30.00;6',
        'C-2;c;kg;7,0;1 040,00 MAD;;',
        'C-3;c;l;exonéré;5;;',
      ].join('\n'),
    );
    expect(res.created).toBe(3);
    expect(
      f.db
        .prepare(
          "SELECT sku, vat_code, retail_price, semi_price FROM products WHERE sku LIKE 'C-%' ORDER BY sku",
        )
        .all(),
    ).toEqual([
      { sku: 'C-1', vat_code: 'S20', retail_price: 3250, semi_price: 3000 },
      { sku: 'C-2', vat_code: 'R7', retail_price: 104000, semi_price: 104000 },
      { sku: 'C-3', vat_code: 'EX', retail_price: 500, semi_price: 500 },
    ]);
  });
});
