/**
 * The chain's catalogue at HQ (migration 004): cooperatives with their terms, products with their prices,
 * and each shop's allowance, written by HQ staff and pulled down by the shops by version.
 */
import { AppError } from '../core/errors';
import type { CatalogAllowance, CatalogChanges, CatalogCoop, CatalogProduct } from '../core/hq-catalog-wire';
import { inTx, type Client, type Pool } from './db';
import type { CatalogImport } from './catalog-schema';
import { unifyWithCatalogue } from './projections-coops';

/** Takes the next version; the head row stays locked until the caller's transaction ends (see migration 004). */
async function nextVersion(c: Client): Promise<number> {
  const { rows } = await c.query<{ version: number }>(
    'UPDATE hq_catalog_head SET version = version + 1 WHERE id = 1 RETURNING version',
  );
  return rows[0]!.version;
}

async function writeCoop(c: Client, coop: CatalogCoop, now: number): Promise<number> {
  const version = await nextVersion(c);
  await c.query(
    `INSERT INTO hq_catalog_coops (code, name_fr, name_ar, registration_no, ice, region, womens, contact_name, phone,
       email, bank_name, bank_account, commission_bp, active, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (code) DO UPDATE SET name_fr = EXCLUDED.name_fr, name_ar = EXCLUDED.name_ar,
       registration_no = EXCLUDED.registration_no, ice = EXCLUDED.ice, region = EXCLUDED.region,
       womens = EXCLUDED.womens, contact_name = EXCLUDED.contact_name, phone = EXCLUDED.phone,
       email = EXCLUDED.email, bank_name = EXCLUDED.bank_name, bank_account = EXCLUDED.bank_account,
       commission_bp = EXCLUDED.commission_bp, active = EXCLUDED.active, version = EXCLUDED.version,
       updated_at = EXCLUDED.updated_at`,
    [
      coop.code,
      coop.nameFr,
      coop.nameAr,
      coop.registrationNo,
      coop.ice,
      coop.region,
      coop.womens,
      coop.contactName,
      coop.phone,
      coop.email,
      coop.bankName,
      coop.bankAccount,
      coop.commissionBp,
      coop.active,
      version,
      now,
    ],
  );
  // Shops that already brought this cooperative now see it under the chain's code and names.
  await unifyWithCatalogue(
    c,
    {
      code: coop.code,
      name_fr: coop.nameFr,
      name_ar: coop.nameAr,
      registration_no: coop.registrationNo,
      ice: coop.ice,
      region: coop.region,
      womens: coop.womens,
      phone: coop.phone,
      bank_name: coop.bankName,
      bank_account: coop.bankAccount,
      commission_bp: coop.commissionBp,
    },
    false,
    now,
  );
  return version;
}

async function writeProduct(c: Client, p: CatalogProduct, now: number): Promise<number> {
  const coop = await c.query('SELECT 1 FROM hq_catalog_coops WHERE code = $1', [p.coopCode]);
  if (coop.rowCount === 0) {
    throw new AppError(
      'NOT_FOUND',
      `Product ${p.sku}: no cooperative ${p.coopCode} in the chain catalogue.`,
      {
        sku: p.sku,
        coopCode: p.coopCode,
      },
    );
  }
  const version = await nextVersion(c);
  await c.query(
    `INSERT INTO hq_catalog_products (sku, name_fr, name_ar, coop_code, unit, vat_code, retail_price, semi_price,
       wholesale_price, semi_min_qty, wholesale_min_qty, quality_labels, scale_ref, terms, barcodes, active, version,
       updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $15::jsonb, $16, $17, $18)
     ON CONFLICT (sku) DO UPDATE SET name_fr = EXCLUDED.name_fr, name_ar = EXCLUDED.name_ar,
       coop_code = EXCLUDED.coop_code, unit = EXCLUDED.unit, vat_code = EXCLUDED.vat_code,
       retail_price = EXCLUDED.retail_price, semi_price = EXCLUDED.semi_price,
       wholesale_price = EXCLUDED.wholesale_price, semi_min_qty = EXCLUDED.semi_min_qty,
       wholesale_min_qty = EXCLUDED.wholesale_min_qty, quality_labels = EXCLUDED.quality_labels,
       scale_ref = EXCLUDED.scale_ref, terms = EXCLUDED.terms, barcodes = EXCLUDED.barcodes,
       active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [
      p.sku,
      p.nameFr,
      p.nameAr,
      p.coopCode,
      p.unit,
      p.vatCode,
      p.retailPrice,
      p.semiPrice,
      p.wholesalePrice,
      p.semiMinQty,
      p.wholesaleMinQty,
      JSON.stringify(p.qualityLabels),
      p.scaleRef,
      p.terms === null ? null : JSON.stringify(p.terms),
      JSON.stringify(p.barcodes),
      p.active,
      version,
      now,
    ],
  );
  return version;
}

export const putCatalogCoop = (pool: Pool, coop: CatalogCoop): Promise<number> =>
  inTx(pool, (c) => writeCoop(c, coop, Date.now()));

export const putCatalogProduct = (pool: Pool, product: CatalogProduct): Promise<number> =>
  inTx(pool, (c) => writeProduct(c, product, Date.now()));

export async function setAllowance(pool: Pool, shopId: string, allowance: CatalogAllowance): Promise<number> {
  return inTx(pool, async (c) => {
    const shop = await c.query('SELECT 1 FROM hq_shops WHERE id = $1', [shopId]);
    if (shop.rowCount === 0) throw new AppError('NOT_FOUND', `No shop ${shopId}`, { shopId });
    const version = await nextVersion(c);
    await c.query(
      `INSERT INTO hq_catalog_allowances (shop_id, local_products, local_prices, version, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (shop_id) DO UPDATE SET local_products = EXCLUDED.local_products,
         local_prices = EXCLUDED.local_prices, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [shopId, allowance.localProducts, allowance.localPrices, version, Date.now()],
    );
    return version;
  });
}

/**
 * Seeds the chain catalogue from one shop's (catalogueForHq on the shop): cooperatives first, then products,
 * all or nothing. Rows already at HQ are overwritten by the import: it is meant for a chain's first day.
 */
export async function importCatalog(pool: Pool, data: CatalogImport): Promise<{ version: number }> {
  return inTx(pool, async (c) => {
    const now = Date.now();
    let version = 0;
    for (const coop of data.coops) version = await writeCoop(c, coop, now);
    for (const p of data.products) version = await writeProduct(c, p, now);
    return { version };
  });
}

interface CoopRow {
  code: string;
  name_fr: string;
  name_ar: string;
  registration_no: string | null;
  ice: string | null;
  region: string;
  womens: boolean;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  bank_name: string | null;
  bank_account: string | null;
  commission_bp: number;
  active: boolean;
  version: number;
}

interface ProductRow {
  sku: string;
  name_fr: string;
  name_ar: string;
  coop_code: string;
  unit: CatalogProduct['unit'];
  vat_code: CatalogProduct['vatCode'];
  retail_price: number;
  semi_price: number;
  wholesale_price: number;
  semi_min_qty: number | null;
  wholesale_min_qty: number | null;
  quality_labels: string[];
  scale_ref: string | null;
  terms: CatalogProduct['terms'];
  barcodes: string[];
  active: boolean;
  version: number;
}

const toCoop = (r: CoopRow): CatalogCoop & { version: number } => ({
  code: r.code,
  nameFr: r.name_fr,
  nameAr: r.name_ar,
  registrationNo: r.registration_no,
  ice: r.ice,
  region: r.region,
  womens: r.womens,
  contactName: r.contact_name,
  phone: r.phone,
  email: r.email,
  bankName: r.bank_name,
  bankAccount: r.bank_account,
  commissionBp: r.commission_bp,
  active: r.active,
  version: r.version,
});

const toProduct = (r: ProductRow): CatalogProduct & { version: number } => ({
  sku: r.sku,
  nameFr: r.name_fr,
  nameAr: r.name_ar,
  coopCode: r.coop_code,
  unit: r.unit,
  vatCode: r.vat_code,
  retailPrice: r.retail_price,
  semiPrice: r.semi_price,
  wholesalePrice: r.wholesale_price,
  semiMinQty: r.semi_min_qty,
  wholesaleMinQty: r.wholesale_min_qty,
  qualityLabels: r.quality_labels,
  scaleRef: r.scale_ref,
  terms: r.terms,
  barcodes: r.barcodes,
  active: r.active,
  version: r.version,
});

export const CHANGES_MAX_LIMIT = 500;

/**
 * The page of changes a shop asks for: rows changed after `since`, at most `limit`, in version order, plus
 * the cooperatives those products name and the shop's allowance if it changed. Stateless at HQ: the shop
 * holds its position, so a page asked twice (a lost answer) is answered the same and applied the same.
 */
export async function catalogChanges(
  pool: Pool,
  shopId: string,
  since: number,
  limit: number,
): Promise<CatalogChanges> {
  const take = Math.max(1, Math.min(limit, CHANGES_MAX_LIMIT));
  const { rows: keys } = await pool.query<{ kind: 'coop' | 'product'; key: string; version: number }>(
    `SELECT * FROM (
       SELECT 'coop' AS kind, code AS key, version FROM hq_catalog_coops WHERE version > $1
       UNION ALL
       SELECT 'product', sku, version FROM hq_catalog_products WHERE version > $1
     ) x ORDER BY version LIMIT $2`,
    [since, take + 1],
  );
  const more = keys.length > take;
  const page = keys.slice(0, take);
  const last = page.at(-1)?.version ?? since;
  const skus = page.filter((k) => k.kind === 'product').map((k) => k.key);
  const { rows: products } = await pool.query<ProductRow>(
    'SELECT * FROM hq_catalog_products WHERE sku = ANY($1) ORDER BY version',
    [skus],
  );
  const coopCodes = [
    ...new Set([
      ...page.filter((k) => k.kind === 'coop').map((k) => k.key),
      ...products.map((p) => p.coop_code),
    ]),
  ];
  const { rows: coops } = await pool.query<CoopRow>(
    'SELECT * FROM hq_catalog_coops WHERE code = ANY($1) ORDER BY version',
    [coopCodes],
  );
  const { rows: allowance } = await pool.query<{
    local_products: boolean;
    local_prices: boolean;
    version: number;
  }>('SELECT local_products, local_prices, version FROM hq_catalog_allowances WHERE shop_id = $1', [shopId]);
  const a = allowance[0];
  const sendAllowance = since === 0 || (a !== undefined && a.version > since);
  return {
    // A product rewritten after the page was chosen comes at its newer state (and again in a later page):
    // applying a state twice changes nothing.
    coops: coops.map(toCoop),
    products: products.map(toProduct),
    allowance: sendAllowance
      ? {
          localProducts: a?.local_products ?? false,
          localPrices: a?.local_prices ?? false,
          version: a?.version ?? 0,
        }
      : null,
    // On the last page the shop has everything up to the allowance's version too: every lower version has
    // committed (the head row's lock), so nothing below it can still appear.
    version: more ? last : Math.max(last, since, sendAllowance ? (a?.version ?? 0) : 0),
    more,
  };
}

/** The whole chain catalogue, for staff. */
export async function fullCatalog(
  pool: Pool,
): Promise<{ version: number; coops: CatalogCoop[]; products: CatalogProduct[] }> {
  const head = await pool.query<{ version: number }>('SELECT version FROM hq_catalog_head WHERE id = 1');
  const coops = await pool.query<CoopRow>('SELECT * FROM hq_catalog_coops ORDER BY code');
  const products = await pool.query<ProductRow>('SELECT * FROM hq_catalog_products ORDER BY sku');
  return {
    version: head.rows[0]?.version ?? 0,
    coops: coops.rows.map(toCoop),
    products: products.rows.map(toProduct),
  };
}
