import { fail } from '../../core/errors';
import type { Store } from '../store';

/** The settings a till needs to scan and price offline (label nomenclature, receipt header, limits). */
const TILL_SETTING_KEYS = ['shop', 'nomenclature', 'labelPriceFloorBp', 'quantityLimits'] as const;

export interface CatalogRows {
  /** Changes whenever a product, barcode or cooperative changes; the till skips a refresh when it has it. */
  version: string;
  /** The calling till and the next receipt number the station expects from it. */
  till: { id: string; nextReceiptNo: number };
  /** First page only (afterId 0): small tables sent whole. */
  settings: { key: string; value: string }[] | null;
  cooperatives: Record<string, unknown>[] | null;
  customers: Record<string, unknown>[] | null;
  products: Record<string, unknown>[];
  barcodes: Record<string, unknown>[];
  stockLevels: Record<string, unknown>[];
  /** Pass as afterId for the next page; null after the last one. */
  nextAfterId: number | null;
}

export function catalogVersion(store: Store): string {
  const p = store.get<{ n: number; u: number | null; m: number | null }>(
    'SELECT COUNT(*) AS n, MAX(updated_at) AS u, MAX(id) AS m FROM products',
  );
  const b = store.get<{ n: number }>('SELECT COUNT(*) AS n FROM barcodes');
  const c = store.get<{ h: string | null }>(
    "SELECT group_concat(id || ':' || commission_bp || ':' || active || ':' || name_fr, '|') AS h FROM cooperatives",
  );
  const s = store.get<{ h: string | null }>(
    `SELECT group_concat(key || '=' || value, '|') AS h FROM settings WHERE key IN (${TILL_SETTING_KEYS.map(() => '?').join(', ')})`,
    ...TILL_SETTING_KEYS,
  );
  // The accounts as a till prices with them offline: a new account, a tier or an active flag changed, and an
  // erasure (loi 09-08, so every till drops its copy) each change the version. Timestamps would not do: two
  // changes in one millisecond (or a clock set back) would leave it as it was.
  const k = store.get<{ h: string | null }>(
    "SELECT group_concat(id || ':' || tier || ':' || active || ':' || (erased_at IS NULL), '|') AS h FROM customers",
  );
  return [
    p?.n ?? 0,
    p?.u ?? 0,
    p?.m ?? 0,
    b?.n ?? 0,
    hash(c?.h ?? ''),
    hash(s?.h ?? ''),
    hash(k?.h ?? ''),
  ].join('.');
}

/** A short non-cryptographic hash: the version only has to change when the text does. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The receipt number the station expects next from a till. */
export function nextReceiptNo(store: Store, tillId: string): number {
  const till = store.get<{ next_receipt_no: number }>(
    'SELECT next_receipt_no FROM tills WHERE id = ?',
    tillId,
  );
  if (!till) fail('NOT_FOUND', `Till ${tillId} is not configured.`, { tillId });
  return till.next_receipt_no;
}

/**
 * The catalogue a till caches to price a cart while the station is unreachable (issue 11), as the rows of
 * the station's own tables, a page of products at a time in id order: the till writes them into a file with
 * the station's schema and prices with the station's own services, so its totals are the station's.
 * Stock levels come with their products so the till's cart can still warn of a shortage (as of the page).
 */
export function catalogSnapshot(
  store: Store,
  tillId: string,
  input: { afterId: number; limit: number },
): CatalogRows {
  const first = input.afterId === 0;
  const products = store.all<Record<string, unknown> & { id: number }>(
    'SELECT * FROM products WHERE id > ? ORDER BY id LIMIT ?',
    input.afterId,
    input.limit,
  );
  const lastId = products.at(-1)?.id ?? null;
  const range = [input.afterId, lastId ?? input.afterId] as const;
  return {
    version: catalogVersion(store),
    till: { id: tillId, nextReceiptNo: nextReceiptNo(store, tillId) },
    settings: first
      ? store.all(
          `SELECT key, value FROM settings WHERE key IN (${TILL_SETTING_KEYS.map(() => '?').join(', ')})`,
          ...TILL_SETTING_KEYS,
        )
      : null,
    cooperatives: first ? store.all('SELECT * FROM cooperatives ORDER BY id') : null,
    // What a till sells to an account with offline (its tier, whether it is active) and shows (its name): no
    // phone or ICE, which no till reads, so a till's disk holds as little personal data as it can (loi 09-08).
    customers: first
      ? store.all('SELECT id, name, tier, active, created_at FROM customers WHERE erased_at IS NULL')
      : null,
    products,
    barcodes: store.all('SELECT * FROM barcodes WHERE product_id > ? AND product_id <= ?', ...range),
    stockLevels: store.all('SELECT * FROM stock_levels WHERE product_id > ? AND product_id <= ?', ...range),
    nextAfterId: products.length < input.limit ? null : lastId,
  };
}
