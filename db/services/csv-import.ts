import { isValidGtin, normalizeScan } from '../../core/barcode';
import { CsvError, parseCsv, parseUnitCell, type CsvRowError } from '../../core/csv';
import { AppError, fail } from '../../core/errors';
import { MAX_CENTIMES, MAX_MILLI, parseDirhams } from '../../core/money';
import type { IssueCode, IssueParams } from '../../core/product-issues';
import { VAT_CODES, type VatCode } from '../../core/vat';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { checkLocalProduct, checkProductChange } from './hq-allowance';
import { getProduct, insertProduct, productIssues, writeProduct, type ProductInput } from './products';

export type { CsvRowError };

export interface CsvImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: CsvRowError[];
}

const REQUIRED = ['sku', 'name_fr', 'unit', 'vat', 'retail_price'] as const;
export const CSV_COLUMNS = [
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
  exo: 'EX',
  exonere: 'EX',
  exonéré: 'EX',
  exempt: 'EX',
};

/** The column of the file that holds a ProductInput field, so a record problem points at a cell. */
const COLUMN_OF: Record<string, string> = {
  sku: 'sku',
  nameFr: 'name_fr',
  unit: 'unit',
  retailPrice: 'retail_price',
  semiPrice: 'semi_price',
  wholesalePrice: 'wholesale_price',
  semiMinQty: 'semi_min_qty',
  wholesaleMinQty: 'wholesale_min_qty',
  scaleRef: 'scale_ref',
  barcodes: 'barcode',
};

/** "6" pieces or "2,5" kg -> milli-units, without floats. */
function parseQuantity(text: string): number | null {
  const m = /^(\d+)(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** "32,50", "32.50", "1 200", also with the "MAD"/"DH" a spreadsheet may have kept. */
function parseAmountCell(text: string): number | null {
  return parseDirhams(text.replace(/\s*(mad|dhs?|درهم)\.?$/i, ''));
}

function csvInvalid(errors: CsvRowError[], rows: number | null): never {
  const head = errors
    .slice(0, 3)
    .map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`)
    .join('; ');
  fail('CSV_INVALID', `${errors.length} problem(s) in the file; nothing was imported. ${head}`, {
    errors,
    ...(rows === null ? {} : { rows }),
  });
}

/**
 * Imports a cooperative's product list: every row is validated first and every problem is reported with its
 * line, column, a code the screen translates (issue.<CODE>, which says how to fix it) and an English message;
 * the import then writes all rows in one transaction or none at all. Existing SKUs of the same cooperative
 * are updated.
 */
export function importProductsCsv(
  store: Store,
  actor: Actor,
  input: { cooperativeId: number; csv: string; dryRun?: boolean },
): CsvImportResult {
  const errors: CsvRowError[] = [];
  const push = (
    line: number,
    column: string | null,
    code: IssueCode,
    message: string,
    params: IssueParams = {},
  ) => errors.push({ line, column, code, params, message });
  let table;
  try {
    table = parseCsv(input.csv);
  } catch (err) {
    if (err instanceof CsvError) {
      push(err.line, null, err.kind, err.message);
      csvInvalid(errors, null);
    }
    throw err;
  }
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    push(1, missing.join(','), 'MISSING_COLUMNS', `missing column(s) ${missing.join(', ')}`, {
      columns: missing.join(', '),
    });
    csvInvalid(errors, table.rows.length);
  }
  const unknown = table.header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  for (const u of unknown)
    push(1, u, 'UNKNOWN_COLUMN', `unknown column "${u}"`, { value: u, known: CSV_COLUMNS.join(', ') });
  const coop = store.get<{ id: number }>('SELECT id FROM cooperatives WHERE id = ?', input.cooperativeId);
  if (!coop) fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {});

  const inputs: { line: number; input: ProductInput; existingId: number | null }[] = [];
  const seenSku = new Map<string, number>();
  const seenCode = new Map<string, number>();
  const seenScale = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (name: string): string => {
      const i = table.header.indexOf(name);
      return i < 0 ? '' : (row.cells[i] ?? '').trim();
    };
    const err = (column: string, code: IssueCode, message: string, params: IssueParams = {}) =>
      push(row.line, column, code, message, params);
    if (row.cells.length !== table.header.length) {
      err('*', 'CELL_COUNT', `expected ${table.header.length} cells, found ${row.cells.length}`, {
        expected: table.header.length,
        found: row.cells.length,
      });
      continue;
    }
    const before = errors.length;
    // Every required cell is checked, so one pass over the report fixes the whole row.
    for (const column of REQUIRED)
      if (cell(column) === '') err(column, 'REQUIRED', `${column} is empty`, { column });
    const sku = cell('sku');
    if (sku && seenSku.has(sku))
      err('sku', 'SKU_REPEATS', `SKU ${sku} repeats line ${seenSku.get(sku)}`, {
        value: sku,
        otherLine: seenSku.get(sku) ?? 0,
      });
    else if (sku) seenSku.set(sku, row.line);
    const unitRaw = cell('unit');
    const unit = parseUnitCell(unitRaw);
    if (unitRaw && !unit)
      err('unit', 'BAD_UNIT', `unit must be piece (pce), kg or l, not "${unitRaw}"`, { value: unitRaw });
    const vatRaw = cell('vat').toUpperCase().replace('%', '').trim();
    const vat = (VAT_CODES as readonly string[]).includes(vatRaw)
      ? (vatRaw as VatCode)
      : VAT_ALIASES[vatRaw.toLowerCase().replace(',', '.').replace(/\.0+$/, '')];
    if (cell('vat') && !vat)
      err('vat', 'BAD_VAT', `VAT must be 20, 14, 10, 7, 0 or EX, not "${cell('vat')}"`, {
        value: cell('vat'),
      });
    const price = (column: string, fallback: number | null): number | null => {
      const raw = cell(column);
      if (!raw) return fallback;
      const v = parseAmountCell(raw);
      // The same bound as the API's (api/schemas.ts): an import is not a way round it.
      if (v === null || v < 0 || v > MAX_CENTIMES) {
        err(column, 'BAD_AMOUNT', `"${raw}" is not an amount in dirhams (write 32,50 or 32.50)`, {
          value: raw,
        });
        return null;
      }
      return v;
    };
    const retail = price('retail_price', null);
    const semi = price('semi_price', retail);
    const wholesale = price('wholesale_price', semi);
    const qty = (column: string): number | null => {
      const raw = cell(column);
      if (!raw) return null;
      const q = parseQuantity(raw);
      if (q === null || q <= 0 || q > MAX_MILLI) {
        err(column, 'BAD_QUANTITY', `"${raw}" is not a positive quantity (write 6 or 2,5)`, { value: raw });
        return null;
      }
      return q;
    };
    const semiMin = qty('semi_min_qty');
    const wholesaleMin = qty('wholesale_min_qty');
    const codes = cell('barcode')
      .split(/[|\s]+/)
      .filter(Boolean)
      .map(normalizeScan);
    for (const code of codes) {
      if (!isValidGtin(code))
        err('barcode', 'BAD_BARCODE', `barcode ${code} has a wrong check digit or length`, { value: code });
      else if (seenCode.has(code))
        err('barcode', 'BARCODE_REPEATS', `barcode ${code} repeats line ${seenCode.get(code)}`, {
          value: code,
          otherLine: seenCode.get(code) ?? 0,
        });
      else {
        seenCode.set(code, row.line);
        const owner = store.get<{ sku: string; name_fr: string }>(
          'SELECT p.sku, p.name_fr FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
          code,
        );
        if (owner && owner.sku !== sku)
          err('barcode', 'BARCODE_TAKEN', `barcode ${code} already belongs to ${owner.sku}`, {
            value: code,
            sku: owner.sku,
            name: owner.name_fr,
          });
      }
    }
    const scaleRef = cell('scale_ref') || null;
    if (scaleRef && !/^\d{5}$/.test(scaleRef))
      err('scale_ref', 'BAD_SCALE_REF', `scale reference must be 5 digits, not "${scaleRef}"`, {
        value: scaleRef,
      });
    else if (scaleRef) {
      if (seenScale.has(scaleRef))
        err(
          'scale_ref',
          'SCALE_REF_REPEATS',
          `scale reference ${scaleRef} repeats line ${seenScale.get(scaleRef)}`,
          {
            value: scaleRef,
            otherLine: seenScale.get(scaleRef) ?? 0,
          },
        );
      else {
        seenScale.set(scaleRef, row.line);
        const owner = store.get<{ sku: string; name_fr: string }>(
          'SELECT sku, name_fr FROM products WHERE scale_ref = ?',
          scaleRef,
        );
        if (owner && owner.sku !== sku)
          err('scale_ref', 'SCALE_REF_TAKEN', `scale reference ${scaleRef} already belongs to ${owner.sku}`, {
            value: scaleRef,
            sku: owner.sku,
            name: owner.name_fr,
          });
      }
    }
    const existing = sku
      ? store.get<{ id: number; cooperative_id: number; coop_name: string }>(
          `SELECT p.id, p.cooperative_id, c.name_fr AS coop_name
           FROM products p JOIN cooperatives c ON c.id = p.cooperative_id WHERE p.sku = ?`,
          sku,
        )
      : undefined;
    if (existing && existing.cooperative_id !== input.cooperativeId)
      err('sku', 'SKU_OTHER_COOP', `SKU ${sku} belongs to another cooperative`, {
        value: sku,
        cooperative: existing.coop_name,
      });
    if (errors.length > before || retail === null || semi === null || wholesale === null || !vat || !unit)
      continue;
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
    for (const issue of productIssues(product))
      err(COLUMN_OF[issue.field] ?? '*', issue.code, issue.message, issue.params);
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
  if (errors.length > 0) csvInvalid(errors, table.rows.length);
  // What HQ decides (hq-allowance.ts), checked on the dry run too: a file HQ's rules refuse is said at "check".
  for (const row of inputs) {
    try {
      if (row.existingId === null) {
        checkLocalProduct(store, actor, row.input.sku);
        continue;
      }
      const current = getProduct(store, row.existingId);
      if (current.origin !== 'hq') continue;
      // The file has no column for these: an HQ product keeps HQ's (and the shop's alert), not blanks.
      row.input = {
        ...row.input,
        terms: current.terms,
        active: current.active,
        lowStockAlert: current.lowStockAlert,
      };
      checkProductChange(store, actor, current, row.input);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new AppError(err.code, `line ${row.line}: ${err.message}`, { ...err.details, line: row.line });
    }
  }
  if (input.dryRun) return result;
  store.tx(() => {
    for (const { line, input: product, existingId } of inputs) {
      try {
        if (existingId === null) insertProduct(store, product);
        else writeProduct(store, existingId, product);
      } catch (err) {
        // A conflict only visible at write time still names its line, and rolls all back.
        if (err instanceof AppError) {
          const field = typeof err.details.field === 'string' ? err.details.field : null;
          csvInvalid(
            [
              {
                line,
                column: field ? (COLUMN_OF[field] ?? field) : null,
                code: 'WRITE_CONFLICT',
                params: { detail: err.message },
                message: err.message,
              },
            ],
            table.rows.length,
          );
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
