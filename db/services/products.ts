import { divRound } from '../../core/money';
import { isValidGtin, normalizeScan } from '../../core/barcode';
import { fail } from '../../core/errors';
import { makeInternalCode, parseBarcode } from '../../core/nomenclature';
import type { ConsignmentTerms } from '../../core/payout';
import type { PriceTier } from '../../core/pricing';
import { pricingIssues, type ProductIssue } from '../../core/product-issues';
import type { Unit } from '../../core/quantity';
import { searchTokens } from '../../core/search-text';
import { productSearchText } from '../search-index';
import type { VatCode } from '../../core/vat';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { checkLocalProduct, checkProductChange } from './hq-allowance';
import { getSettings } from './settings';
import type { Product, ProductListRow, ProductPage, ScanResult, SearchHit } from '../../core/product';
import { recordDirectVatWrite } from './vat-rates';

// The shapes are core's (core/product.ts), re-exported for the services and handlers that import them from here.
export type { Product, ProductListRow, ProductPage, ScanResult, SearchHit };

/**
 * A product to write: core's product less what the shop derives (its id, its cooperative's names), and what
 * only a write says.
 */
export interface ProductInput extends Omit<
  Product,
  'id' | 'cooperativeName' | 'cooperativeNameAr' | 'active' | 'lowStockAlert' | 'origin'
> {
  /** Give the product a shop-made EAN-13 from the nomenclature's internal range. */
  internalBarcode?: boolean;
  active?: boolean;
  /** Milli-units; null or absent: no alert. */
  lowStockAlert?: number | null;
  /** Barcodes to take off the product (a label reprinted, a code entered by mistake). */
  removeBarcodes?: string[];
}

export interface ProductRow {
  id: number;
  sku: string;
  name_fr: string;
  name_ar: string;
  cooperative_id: number;
  coop_name: string;
  coop_name_ar: string;
  unit: Unit;
  vat_code: VatCode;
  retail_price: number;
  semi_price: number;
  wholesale_price: number;
  semi_min_qty: number | null;
  wholesale_min_qty: number | null;
  quality_labels: string;
  scale_ref: string | null;
  terms_kind: 'commission' | 'fixed' | null;
  commission_bp: number | null;
  payout_per_unit: number | null;
  active: number;
  codes: string | null;
  low_stock_alert: number | null;
  origin: 'hq' | 'local';
}

export const PRODUCT_SELECT = `
  SELECT p.*, c.name_fr AS coop_name, c.name_ar AS coop_name_ar,
    (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes
  FROM products p JOIN cooperatives c ON c.id = p.cooperative_id`;

export function termsOf(
  r: Pick<ProductRow, 'terms_kind' | 'commission_bp' | 'payout_per_unit'>,
): ConsignmentTerms | null {
  if (r.terms_kind === 'commission') return { kind: 'commission', rateBp: r.commission_bp ?? 0 };
  if (r.terms_kind === 'fixed') return { kind: 'fixed', payoutPerUnit: r.payout_per_unit ?? 0 };
  return null;
}

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    sku: r.sku,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    cooperativeId: r.cooperative_id,
    cooperativeName: r.coop_name,
    cooperativeNameAr: r.coop_name_ar,
    unit: r.unit,
    vatCode: r.vat_code,
    retailPrice: r.retail_price,
    semiPrice: r.semi_price,
    wholesalePrice: r.wholesale_price,
    semiMinQty: r.semi_min_qty,
    wholesaleMinQty: r.wholesale_min_qty,
    qualityLabels: JSON.parse(r.quality_labels) as string[],
    scaleRef: r.scale_ref,
    terms: termsOf(r),
    active: r.active === 1,
    barcodes: r.codes ? r.codes.split(' ') : [],
    lowStockAlert: r.low_stock_alert,
    origin: r.origin,
  };
}

export function getProduct(store: Store, id: number): Product {
  const r = store.get<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = ?`, id);
  if (!r) fail('NOT_FOUND', `No product with id ${id}.`, { productId: id });
  return toProduct(r);
}

/** Every problem of a product record, typed and placed at its field (core/product-issues.ts). */
export function productIssues(input: ProductInput): ProductIssue[] {
  const issues = pricingIssues(input);
  const add = (
    code: ProductIssue['code'],
    field: string,
    message: string,
    params: ProductIssue['params'] = {},
  ) => issues.push({ code, field, params, message });
  if (!input.sku.trim()) add('SKU_EMPTY', 'sku', 'SKU is empty');
  if (!input.nameFr.trim()) add('NAME_EMPTY', 'nameFr', 'French name is empty');
  if (input.scaleRef !== null && !/^\d{5}$/.test(input.scaleRef))
    add('BAD_SCALE_REF', 'scaleRef', 'scale reference must be 5 digits', { value: input.scaleRef });
  if (input.terms?.kind === 'commission' && (input.terms.rateBp < 0 || input.terms.rateBp > 10000)) {
    add('BAD_COMMISSION', 'terms', 'commission must be between 0 and 100 %');
  }
  if (input.terms?.kind === 'fixed' && input.terms.payoutPerUnit > input.retailPrice) {
    add('PAYOUT_ABOVE_RETAIL', 'terms', 'fixed payout per unit exceeds the retail price');
  }
  const alert = input.lowStockAlert ?? null;
  if (
    alert !== null &&
    (!Number.isSafeInteger(alert) || alert <= 0 || (input.unit === 'piece' && alert % 1000 !== 0))
  )
    add('BAD_LOW_STOCK_ALERT', 'lowStockAlert', `low-stock alert must be a positive quantity, got ${alert}`);
  for (const code of input.barcodes) {
    if (!isValidGtin(normalizeScan(code)))
      add('BAD_BARCODE', 'barcodes', `barcode ${code} has a wrong check digit or length`, { value: code });
  }
  return issues;
}

/** The issues' English messages (journal, logs). */
export function productProblems(input: ProductInput): string[] {
  return productIssues(input).map((i) => i.message);
}

/**
 * VALIDATION with the typed issues: `field` is the first one's, so a form can mark the input at fault, and
 * `issueCode`/`issues` let the screen say it in the user's language.
 */
function failIssues(input: ProductInput, issues: ProductIssue[]): never {
  const first = issues[0]!;
  fail('VALIDATION', `Product ${input.sku}: ${issues.map((i) => i.message).join('; ')}`, {
    ...first.params,
    field: first.field,
    issueCode: first.code,
    issues,
    problems: issues.map((i) => i.message),
  });
}

/** The product holding `value` in `field`, named in a CONFLICT so the manager knows where to look. */
function failTaken(
  store: Store,
  field: 'sku' | 'barcode' | 'scaleRef',
  value: string,
  productId: number,
): never {
  const owner = store.get<{ sku: string; name_fr: string }>(
    'SELECT sku, name_fr FROM products WHERE id = ?',
    productId,
  );
  const what = { sku: 'SKU', barcode: 'Barcode', scaleRef: 'Scale reference' }[field];
  fail(
    'CONFLICT',
    `${what} ${value} already belongs to product ${owner?.sku ?? productId} (${owner?.name_fr ?? '?'}).`,
    {
      field,
      value,
      productId,
      productName: owner?.name_fr ?? '',
      productSku: owner?.sku ?? '',
      // Kept for older clients that read them.
      ...(field === 'sku' ? { sku: value } : field === 'barcode' ? { code: value } : { scaleRef: value }),
    },
  );
}

function indexText(store: Store, productId: number): void {
  const r = store.get<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = ?`, productId);
  if (!r) return;
  const text = productSearchText(r);
  store.run('DELETE FROM products_fts WHERE rowid = ?', productId);
  store.run('INSERT INTO products_fts (rowid, text) VALUES (?, ?)', productId, text);
}

function nextInternalCode(store: Store): string {
  const row = store.get<{ value: string }>("SELECT value FROM settings WHERE key = 'next_internal_seq'");
  const rules = getSettings(store).nomenclature;
  let seq = row ? Number(row.value) : 1;
  // Skip codes already present (e.g. imported) so a label never names two products.
  for (;;) {
    const code = makeInternalCode(seq, rules);
    seq++;
    if (!store.get('SELECT 1 FROM barcodes WHERE code = ?', code)) {
      store.run(
        "INSERT INTO settings (key, value) VALUES ('next_internal_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        String(seq),
      );
      return code;
    }
  }
}

function writeBarcodes(store: Store, productId: number, codes: string[], internal: boolean): void {
  for (const raw of codes) {
    const code = normalizeScan(raw);
    const owner = store.get<{ product_id: number }>('SELECT product_id FROM barcodes WHERE code = ?', code);
    if (owner && owner.product_id !== productId) failTaken(store, 'barcode', code, owner.product_id);
    if (!owner)
      store.run("INSERT INTO barcodes (code, product_id, kind) VALUES (?, ?, 'gtin')", code, productId);
  }
  if (internal)
    store.run(
      "INSERT INTO barcodes (code, product_id, kind) VALUES (?, ?, 'internal')",
      nextInternalCode(store),
      productId,
    );
}

function termsColumns(terms: ConsignmentTerms | null): [string | null, number | null, number | null] {
  if (!terms) return [null, null, null];
  return terms.kind === 'commission'
    ? ['commission', terms.rateBp, null]
    : ['fixed', null, terms.payoutPerUnit];
}

/** The writable columns of a product, in the order productValues gives them. */
const PRODUCT_COLUMNS = [
  'sku',
  'name_fr',
  'name_ar',
  'cooperative_id',
  'unit',
  'vat_code',
  'retail_price',
  'semi_price',
  'wholesale_price',
  'semi_min_qty',
  'wholesale_min_qty',
  'quality_labels',
  'scale_ref',
  'terms_kind',
  'commission_bp',
  'payout_per_unit',
  'active',
  'low_stock_alert',
] as const;

function productValues(input: ProductInput): unknown[] {
  return [
    input.sku,
    input.nameFr,
    input.nameAr,
    input.cooperativeId,
    input.unit,
    input.vatCode,
    input.retailPrice,
    input.semiPrice,
    input.wholesalePrice,
    input.semiMinQty,
    input.wholesaleMinQty,
    JSON.stringify(input.qualityLabels),
    input.scaleRef,
    ...termsColumns(input.terms),
    input.active === false ? 0 : 1,
    input.lowStockAlert ?? null,
  ];
}

/** Inserts without its own transaction or journal entry: for callers that batch (CSV import, demo seed). */
export function insertProduct(store: Store, input: ProductInput): number {
  const issues = productIssues(input);
  if (issues.length > 0) failIssues(input, issues);
  const sameSku = store.get<{ id: number }>('SELECT id FROM products WHERE sku = ?', input.sku);
  if (sameSku) failTaken(store, 'sku', input.sku, sameSku.id);
  const sameScale =
    input.scaleRef &&
    store.get<{ id: number }>('SELECT id FROM products WHERE scale_ref = ?', input.scaleRef);
  if (input.scaleRef && sameScale) failTaken(store, 'scaleRef', input.scaleRef, sameScale.id);
  const now = store.now();
  const { lastInsertRowid: id } = store.run(
    `INSERT INTO products (${PRODUCT_COLUMNS.join(', ')}, created_at, updated_at)
     VALUES (${PRODUCT_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    ...productValues(input),
    now,
    now,
  );
  writeBarcodes(store, id, input.barcodes, input.internalBarcode === true);
  indexText(store, id);
  return id;
}

export function createProduct(store: Store, actor: Actor | null, input: ProductInput): Product {
  return store.tx(() => {
    checkLocalProduct(store, actor, input.sku);
    const id = insertProduct(store, input);
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'product.create',
      ref: `product:${id}`,
      payload: input,
    });
    return getProduct(store, id);
  });
}

/** Rewrites a product's fields; barcodes listed are added (existing ones are kept: old labels still scan). */
export function writeProduct(store: Store, id: number, input: ProductInput): void {
  const issues = productIssues(input);
  if (issues.length > 0) failIssues(input, issues);
  const other = store.get<{ id: number }>('SELECT id FROM products WHERE sku = ? AND id <> ?', input.sku, id);
  if (other) failTaken(store, 'sku', input.sku, other.id);
  const sameScale =
    input.scaleRef &&
    store.get<{ id: number }>('SELECT id FROM products WHERE scale_ref = ? AND id <> ?', input.scaleRef, id);
  if (input.scaleRef && sameScale) failTaken(store, 'scaleRef', input.scaleRef, sameScale.id);
  const before = store.get<{ vat_code: VatCode }>('SELECT vat_code FROM products WHERE id = ?', id);
  if (before && before.vat_code !== input.vatCode) recordDirectVatWrite(store, id, input.vatCode);
  store.run(
    `UPDATE products SET ${PRODUCT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
    ...productValues(input),
    store.now(),
    id,
  );
  for (const raw of input.removeBarcodes ?? []) {
    const code = normalizeScan(raw);
    // Only this product's own code: a removal never reaches another product's barcode.
    if (!input.barcodes.map(normalizeScan).includes(code))
      store.run('DELETE FROM barcodes WHERE code = ? AND product_id = ?', code, id);
  }
  writeBarcodes(store, id, input.barcodes, input.internalBarcode === true);
  indexText(store, id);
}

export function updateProduct(store: Store, actor: Actor, id: number, patch: Partial<ProductInput>): Product {
  return store.tx(() => {
    const current = getProduct(store, id);
    checkProductChange(store, actor, current, patch);
    const next: ProductInput = { ...current, barcodes: [], ...patch };
    writeProduct(store, id, next);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'product.update',
      ref: `product:${id}`,
      payload: patch,
    });
    return getProduct(store, id);
  });
}

/** How many matches are scored when ranking; beyond it, more typing narrows the search anyway. */
const RANK_WINDOW = 500;

/**
 * Search as you type. Every token is a prefix query on the folded FTS text; short queries skip ranking,
 * which would have to score every match of a one-letter prefix in a 300,000-product catalog.
 */
export function searchProducts(store: Store, query: string, limit = 20): SearchHit[] {
  const tokens = searchTokens(query).slice(0, 8);
  if (tokens.length === 0) return [];
  const match = tokens.map((t) => `"${t.replace(/"/g, '')}"*`).join(' ');
  const ranked = tokens.join('').length >= 3;
  // bm25 is computed for every row ORDER BY rank sees: "hui"* matches tens of thousands of products in a
  // 300,000-product catalog (166 ms measured). Ranking only the first RANK_WINDOW matches bounds the cost.
  const ids = store.all<{ rowid: number }>(
    ranked
      ? `SELECT rowid FROM (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH ? LIMIT ${RANK_WINDOW})
         ORDER BY rank LIMIT ?`
      : 'SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT ?',
    match,
    limit * 2,
  );
  const hits: SearchHit[] = [];
  for (const { rowid } of ids) {
    const r = store.get<{
      id: number;
      sku: string;
      name_fr: string;
      name_ar: string;
      unit: Unit;
      retail_price: number;
      cooperative_id: number;
      coop_name: string;
      coop_name_ar: string;
      active: number;
      code: string | null;
    }>(
      `SELECT p.id, p.sku, p.name_fr, p.name_ar, p.unit, p.retail_price, p.active, p.cooperative_id,
         c.name_fr AS coop_name, c.name_ar AS coop_name_ar,
         (SELECT code FROM barcodes WHERE product_id = p.id LIMIT 1) AS code
       FROM products p JOIN cooperatives c ON c.id = p.cooperative_id WHERE p.id = ?`,
      rowid,
    );
    if (!r || r.active !== 1) continue;
    hits.push({
      id: r.id,
      sku: r.sku,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      unit: r.unit,
      retailPrice: r.retail_price,
      cooperativeId: r.cooperative_id,
      cooperativeName: r.coop_name,
      cooperativeNameAr: r.coop_name_ar,
      barcode: r.code,
    });
    if (hits.length >= limit) break;
  }
  return hits;
}

/** Scan -> product and quantity, ready to price. */
export function lookupBarcode(store: Store, raw: string): ScanResult {
  const rules = getSettings(store).nomenclature;
  const parsed = parseBarcode(raw, rules);
  if (!parsed.ok)
    fail('INVALID_BARCODE', `"${raw.slice(0, 40)}" is not a valid barcode: ${parsed.reason}.`, {
      raw: raw.slice(0, 40),
    });
  const v = parsed.value;
  if (v.type === 'weight' || v.type === 'price') {
    const r = store.get<ProductRow>(`${PRODUCT_SELECT} WHERE p.scale_ref = ?`, v.productRef);
    if (!r || r.active !== 1) {
      fail('UNKNOWN_BARCODE', `No product has scale reference ${v.productRef} (label ${v.code}).`, {
        code: v.code,
      });
    }
    const product = toProduct(r);
    if (v.type === 'weight')
      return { product, quantity: v.grams, labelAmount: null, code: v.code, kind: 'weight' };
    if (product.retailPrice <= 0)
      fail('INVALID_PRICE', `Product ${product.sku} has no retail price.`, { productId: product.id });
    // The label's price is what the customer was shown; the quantity is recovered from the unit price.
    const grams = Math.max(1, divRound(v.centimes * 1000, product.retailPrice));
    return { product, quantity: grams, labelAmount: v.centimes, code: v.code, kind: 'price' };
  }
  const r = store.get<ProductRow & { code_kind: string }>(
    `${PRODUCT_SELECT} JOIN barcodes bc ON bc.product_id = p.id WHERE bc.code = ?`,
    v.code,
  );
  if (!r || r.active !== 1)
    fail('UNKNOWN_BARCODE', `No product has the barcode ${v.code}.`, { code: v.code });
  const product = toProduct(r);
  return {
    product,
    quantity: product.unit === 'piece' ? 1000 : null,
    labelAmount: null,
    code: v.code,
    kind: v.type === 'internal' ? 'internal' : 'gtin',
  };
}

export function customerTierOf(store: Store, customerId: number | null | undefined): PriceTier | null {
  if (customerId === null || customerId === undefined) return null;
  const c = store.get<{ tier: PriceTier; active: number }>(
    'SELECT tier, active FROM customers WHERE id = ?',
    customerId,
  );
  if (!c || c.active !== 1) fail('NOT_FOUND', `No customer account with id ${customerId}.`, { customerId });
  return c.tier;
}

/**
 * The back office's catalogue, a page at a time: every product (inactive ones too, so they can be switched
 * back on) with its tier prices, barcodes and stock, in SKU order (the SKU index keeps a page of a
 * 300,000-product catalogue cheap); a query narrows it like the till's search.
 */
export function listProducts(
  store: Store,
  input: { query?: string; cooperativeId?: number | null; offset?: number; limit?: number },
): ProductPage {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const offset = Math.max(input.offset ?? 0, 0);
  const tokens = searchTokens(input.query ?? '').slice(0, 8);
  const where: string[] = [];
  const params: unknown[] = [];
  if (tokens.length > 0) {
    where.push('p.id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)');
    params.push(tokens.map((t) => `"${t.replace(/"/g, '')}"*`).join(' '));
  }
  if (input.cooperativeId !== undefined && input.cooperativeId !== null) {
    where.push('p.cooperative_id = ?');
    params.push(input.cooperativeId);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM products p ${filter}`, ...params)?.n ?? 0;
  const rows = store.all<ProductRow & { on_hand: number }>(
    `SELECT p.*, c.name_fr AS coop_name, c.name_ar AS coop_name_ar,
       (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes,
       (SELECT COALESCE(SUM(on_hand), 0) FROM stock_levels s WHERE s.product_id = p.id) AS on_hand
     FROM products p JOIN cooperatives c ON c.id = p.cooperative_id ${filter}
     ORDER BY p.sku LIMIT ? OFFSET ?`,
    ...params,
    limit,
    offset,
  );
  return {
    rows: rows.map((r) => ({
      ...toProduct(r),
      onHand: r.on_hand,
      low: r.low_stock_alert !== null && r.on_hand <= r.low_stock_alert,
    })),
    total,
    offset,
    limit,
  };
}
