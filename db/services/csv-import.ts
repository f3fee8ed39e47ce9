import { isValidGtin, normalizeScan } from '../../core/barcode';
import { CsvError, parseCsv } from '../../core/csv';
import { AppError, fail } from '../../core/errors';
import { MAX_CENTIMES, MAX_MILLI, parseDirhams } from '../../core/money';
import { UNITS, type Unit } from '../../core/quantity';
import { VAT_CODES, type VatCode } from '../../core/vat';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { insertProduct, productProblems, writeProduct, type ProductInput } from './products';

export interface CsvRowError {
  line: number;
  column: string | null;
  message: string;
}

export interface CsvImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: CsvRowError[];
}

const REQUIRED = ['sku', 'name_fr', 'unit', 'vat', 'retail_price'] as const;
const KNOWN = [
  ...REQUIRED,
  'name_ar',
  'semi_price',
  'wholesale_price',
  'semi_min_qty',
  'wholesale_min_qty',
  'barcode',
  'quality_labels',
  'scale_ref',
] as const;

const VAT_ALIASES: Record<string, VatCode> = {
  '20': 'S20',
  '14': 'R14',
  '10': 'R10',
  '7': 'R7',
  '0': 'Z0',
  ex: 'EX',
  exonere: 'EX',
  exempt: 'EX',
};

/** "6" pieces or "2,5" kg -> milli-units, without floats. */
function parseQuantity(text: string): number | null {
  const m = /^(\d+)(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/**
 * Imports a cooperative's product list: every row is validated first and every problem is reported
 * with its line and column; the import then writes all rows in one transaction or none at all.
 * Existing SKUs of the same cooperative are updated.
 */
export function importProductsCsv(
  store: Store,
  actor: Actor,
  input: { cooperativeId: number; csv: string; dryRun?: boolean },
): CsvImportResult {
  const errors: CsvRowError[] = [];
  let table;
  try {
    table = parseCsv(input.csv);
  } catch (err) {
    if (err instanceof CsvError)
      fail('CSV_INVALID', `CSV line ${err.line}: ${err.message}.`, {
        errors: [{ line: err.line, column: null, message: err.message }],
      });
    throw err;
  }
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    fail('CSV_INVALID', `Missing column(s): ${missing.join(', ')}.`, {
      errors: [{ line: 1, column: missing.join(','), message: `missing column(s) ${missing.join(', ')}` }],
    });
  }
  const unknown = table.header.filter((h) => !(KNOWN as readonly string[]).includes(h));
  for (const u of unknown) errors.push({ line: 1, column: u, message: `unknown column "${u}"` });
  const coop = store.get<{ id: number }>('SELECT id FROM cooperatives WHERE id = ?', input.cooperativeId);
  if (!coop) fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {});

  const inputs: { line: number; input: ProductInput; existingId: number | null }[] = [];
  const seenSku = new Map<string, number>();
  const seenCode = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (name: string): string => {
      const i = table.header.indexOf(name);
      return i < 0 ? '' : (row.cells[i] ?? '').trim();
    };
    const err = (column: string, message: string) => errors.push({ line: row.line, column, message });
    if (row.cells.length !== table.header.length) {
      err('*', `expected ${table.header.length} cells, found ${row.cells.length}`);
      continue;
    }
    const before = errors.length;
    const sku = cell('sku');
    if (!sku) err('sku', 'SKU is empty');
    else if (seenSku.has(sku)) err('sku', `SKU ${sku} repeats line ${seenSku.get(sku)}`);
    else seenSku.set(sku, row.line);
    const unit = cell('unit').toLowerCase() as Unit;
    if (!(UNITS as readonly string[]).includes(unit)) err('unit', `unit must be one of ${UNITS.join(', ')}`);
    const vatRaw = cell('vat').toUpperCase().replace('%', '').trim();
    const vat = (VAT_CODES as readonly string[]).includes(vatRaw)
      ? (vatRaw as VatCode)
      : VAT_ALIASES[vatRaw.toLowerCase()];
    if (!vat) err('vat', `VAT must be 20, 14, 10, 7, 0 or EX, not "${cell('vat')}"`);
    const price = (column: string, fallback: number | null): number | null => {
      const raw = cell(column);
      if (!raw) return fallback;
      const v = parseDirhams(raw);
      // The same bound as the API's (api/schemas.ts): an import is not a way round it.
      if (v === null || v < 0 || v > MAX_CENTIMES) {
        err(column, `"${raw}" is not an amount in dirhams`);
        return null;
      }
      return v;
    };
    const retail = price('retail_price', null);
    if (retail === null && cell('retail_price') === '') err('retail_price', 'retail price is empty');
    const semi = price('semi_price', retail);
    const wholesale = price('wholesale_price', semi);
    const qty = (column: string): number | null => {
      const raw = cell(column);
      if (!raw) return null;
      const q = parseQuantity(raw);
      if (q === null || q <= 0 || q > MAX_MILLI) err(column, `"${raw}" is not a positive quantity`);
      return q;
    };
    const semiMin = qty('semi_min_qty');
    const wholesaleMin = qty('wholesale_min_qty');
    const codes = cell('barcode')
      .split(/[|\s]+/)
      .filter(Boolean)
      .map(normalizeScan);
    for (const code of codes) {
      if (!isValidGtin(code)) err('barcode', `barcode ${code} has a wrong check digit or length`);
      else if (seenCode.has(code)) err('barcode', `barcode ${code} repeats line ${seenCode.get(code)}`);
      else {
        seenCode.set(code, row.line);
        const owner = store.get<{ sku: string }>(
          'SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
          code,
        );
        if (owner && owner.sku !== sku) err('barcode', `barcode ${code} already belongs to ${owner.sku}`);
      }
    }
    const scaleRef = cell('scale_ref') || null;
    if (errors.length > before || retail === null || semi === null || wholesale === null || !vat) continue;
    const existing = store.get<{ id: number; cooperative_id: number }>(
      'SELECT id, cooperative_id FROM products WHERE sku = ?',
      sku,
    );
    if (existing && existing.cooperative_id !== input.cooperativeId) {
      err('sku', `SKU ${sku} belongs to another cooperative`);
      continue;
    }
    const product: ProductInput = {
      sku,
      nameFr: cell('name_fr'),
      nameAr: cell('name_ar'),
      cooperativeId: input.cooperativeId,
      unit,
      vatCode: vat,
      retailPrice: retail,
      semiPrice: semi,
      wholesalePrice: wholesale,
      semiMinQty: semiMin,
      wholesaleMinQty: wholesaleMin,
      qualityLabels: cell('quality_labels')
        .split(/[|,]/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
      scaleRef,
      terms: null,
      barcodes: codes,
    };
    for (const p of productProblems(product)) err('*', p);
    if (errors.length === before)
      inputs.push({ line: row.line, input: product, existingId: existing?.id ?? null });
  }
  const result: CsvImportResult = {
    dryRun: input.dryRun === true,
    rows: table.rows.length,
    created: inputs.filter((i) => i.existingId === null).length,
    updated: inputs.filter((i) => i.existingId !== null).length,
    errors,
  };
  if (errors.length > 0) {
    fail('CSV_INVALID', `${errors.length} problem(s) in the file; nothing was imported.`, {
      errors,
      rows: table.rows.length,
    });
  }
  if (input.dryRun) return result;
  store.tx(() => {
    for (const { line, input: product, existingId } of inputs) {
      try {
        if (existingId === null) insertProduct(store, product);
        else writeProduct(store, existingId, product);
      } catch (err) {
        // A conflict only visible at write time (e.g. a scale reference) still names its line, and rolls all back.
        if (err instanceof AppError) {
          fail('CSV_INVALID', `Line ${line}: ${err.message}`, {
            errors: [{ line, column: null, message: err.message }],
          });
        }
        throw err;
      }
    }
    appendJournal(store, {
      userId: actor.userId,
      kind: 'catalog.import',
      ref: `coop:${input.cooperativeId}`,
      payload: { rows: result.rows, created: result.created, updated: result.updated },
    });
  });
  return result;
}
