/**
 * What a shop in a chain may change of its own catalogue (issue 12), checked by the product services
 * (db/services/products.ts, csv-import.ts) on every write that is not HQ's own pull.
 *
 * The rule (DEVELOPERS.md "The chain catalogue down"): a field HQ sends is HQ's on a product that came from
 * HQ (`origin = 'hq'`): the next pull would overwrite a local edit, so the shop may not make one (names, SKU,
 * cooperative, unit, VAT code, quality labels, scale reference, consignment terms, active, and barcodes, which
 * HQ only ever adds: a shop-made internal code for its labels is still allowed). Prices and tier thresholds
 * are the shop's only while HQ allows local prices; new products of its own only while HQ allows local
 * products. The low-stock alert is always the shop's. A shop that never heard from HQ (standalone, the demo
 * without PostgreSQL) is free: nothing is checked until a pull has brought HQ's allowance.
 */
import { normalizeScan } from '../../core/barcode';
import { fail } from '../../core/errors';
import type { Product } from '../../core/product';
import type { Actor, Store } from '../store';

/** Who HQ's changes are journaled as: no shop user (0), with the rights of the catalogue's owner. */
export const HQ_CATALOG_ACTOR: Actor = { userId: 0, role: 'admin' };

/** HQ's own pull: sessions only ever carry real users (ids from 1), so user 0 is never a person. */
const isHqWrite = (actor: Actor | null) => actor?.userId === HQ_CATALOG_ACTOR.userId;

export interface ShopAllowance {
  /** A pull has brought HQ's allowance at least once. */
  connected: boolean;
  localProducts: boolean;
  localPrices: boolean;
}

export function shopAllowance(store: Store): ShopAllowance {
  const s = store.get<{
    version: number;
    pulled_at: number | null;
    local_products: number;
    local_prices: number;
  }>('SELECT version, pulled_at, local_products, local_prices FROM hq_catalog_state WHERE id = 1');
  if (!s || (s.pulled_at === null && s.version === 0))
    return { connected: false, localProducts: true, localPrices: true };
  return { connected: true, localProducts: s.local_products === 1, localPrices: s.local_prices === 1 };
}

/** Fields of an HQ product that only HQ changes. */
export const HQ_OWNED_FIELDS = [
  'sku',
  'nameFr',
  'nameAr',
  'cooperativeId',
  'unit',
  'vatCode',
  'qualityLabels',
  'scaleRef',
  'terms',
  'active',
] as const satisfies readonly (keyof Product)[];

/** Prices per tier and their thresholds: the shop's only while HQ allows local prices. */
export const PRICE_FIELDS = [
  'retailPrice',
  'semiPrice',
  'wholesalePrice',
  'semiMinQty',
  'wholesaleMinQty',
] as const satisfies readonly (keyof Product)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A product the shop creates itself (products.create, a new row of a CSV import). */
export function checkLocalProduct(store: Store, actor: Actor | null, sku: string): void {
  if (isHqWrite(actor)) return;
  if (shopAllowance(store).localProducts) return;
  fail(
    'HQ_LOCAL_PRODUCTS_NOT_ALLOWED',
    `HQ does not allow this shop products of its own (${sku}): ask HQ to add it to the chain catalogue.`,
    { sku },
  );
}

/**
 * A field HQ owns changed by another path than products.update (a dated VAT move, vat-rates.ts): refused on an
 * HQ product, where the next pull would overwrite it.
 */
export function checkHqField(
  actor: Actor | null,
  product: Pick<Product, 'id' | 'sku' | 'origin'>,
  field: (typeof HQ_OWNED_FIELDS)[number],
  changes: boolean,
): void {
  if (!changes || isHqWrite(actor) || product.origin !== 'hq') return;
  fail('HQ_FIELD_READ_ONLY', `${field} of ${product.sku} is set by HQ and cannot be changed in the shop.`, {
    field,
    sku: product.sku,
    productId: product.id,
  });
}

/** A change the shop makes to a product: refused where it would rewrite what HQ decides. */
export function checkProductChange(
  store: Store,
  actor: Actor | null,
  current: Product,
  patch: Partial<Record<keyof Product, unknown>> & { barcodes?: string[]; removeBarcodes?: string[] },
): void {
  if (isHqWrite(actor) || current.origin !== 'hq') return;
  const readOnly = (field: string) =>
    fail('HQ_FIELD_READ_ONLY', `${field} of ${current.sku} is set by HQ and cannot be changed in the shop.`, {
      field,
      sku: current.sku,
      productId: current.id,
    });
  for (const field of HQ_OWNED_FIELDS) {
    if (field in patch && patch[field] !== undefined && !same(patch[field], current[field])) readOnly(field);
  }
  const has = (code: string) => current.barcodes.includes(normalizeScan(code));
  if ((patch.barcodes ?? []).some((code) => !has(code))) readOnly('barcodes');
  if ((patch.removeBarcodes ?? []).some(has)) readOnly('barcodes');
  const allowance = shopAllowance(store);
  if (allowance.localPrices) return;
  for (const field of PRICE_FIELDS) {
    if (field in patch && patch[field] !== undefined && !same(patch[field], current[field])) {
      fail(
        'HQ_LOCAL_PRICES_NOT_ALLOWED',
        `HQ sets the prices of ${current.sku} for this shop (${field}): a local price is not allowed.`,
        { field, sku: current.sku, productId: current.id },
      );
    }
  }
}
