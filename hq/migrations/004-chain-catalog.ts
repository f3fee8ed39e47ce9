/**
 * What the chain decides centrally (hq/catalog.ts): its cooperatives and their consignment terms, products
 * with barcodes, VAT code, quality labels, tier prices and thresholds, and what each shop may keep of its
 * own (local products, local prices). Shops pull it down (db/services/hq-catalog-pull.ts) by version.
 *
 * Every change takes the next catalogue version from hq_catalog_head inside its transaction; that row's lock
 * is held to commit, so versions become visible in the order they were taken and a shop that has read
 * "everything up to V" never misses a change numbered below V that committed later (a sequence would allow it).
 * A row keeps only its latest version: a shop pulls state, not a history of edits.
 *
 * Money in integer centimes, quantities in integer milli-units, rates in basis points, times epoch ms.
 */
export const sql = `
CREATE TABLE hq_catalog_head (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO hq_catalog_head (id) VALUES (1);

-- code: the stable identity shops link their cooperative by (core/cooperative-code.ts).
CREATE TABLE hq_catalog_coops (
  code text PRIMARY KEY,
  name_fr text NOT NULL,
  name_ar text NOT NULL DEFAULT '',
  registration_no text,
  ice text,
  region text NOT NULL DEFAULT '',
  womens boolean NOT NULL DEFAULT false,
  contact_name text,
  phone text,
  email text,
  bank_name text,
  bank_account text,
  commission_bp integer NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
  active boolean NOT NULL DEFAULT true,
  version bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX hq_catalog_coops_version ON hq_catalog_coops (version);

-- sku: the stable identity shops link their product by.
CREATE TABLE hq_catalog_products (
  sku text PRIMARY KEY,
  name_fr text NOT NULL,
  name_ar text NOT NULL DEFAULT '',
  coop_code text NOT NULL REFERENCES hq_catalog_coops(code),
  unit text NOT NULL CHECK (unit IN ('piece', 'kg', 'l')),
  vat_code text NOT NULL CHECK (vat_code IN ('S20', 'R14', 'R10', 'R7', 'Z0', 'EX')),
  retail_price bigint NOT NULL CHECK (retail_price >= 0),
  semi_price bigint NOT NULL CHECK (semi_price >= 0),
  wholesale_price bigint NOT NULL CHECK (wholesale_price >= 0),
  semi_min_qty bigint CHECK (semi_min_qty > 0),
  wholesale_min_qty bigint CHECK (wholesale_min_qty > 0),
  quality_labels jsonb NOT NULL DEFAULT '[]',
  scale_ref text,
  -- core/payout.ts ConsignmentTerms, or null: the cooperative's commission applies.
  terms jsonb,
  barcodes jsonb NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  version bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX hq_catalog_products_version ON hq_catalog_products (version);

-- What HQ lets one shop keep of its own; no row: neither.
CREATE TABLE hq_catalog_allowances (
  shop_id text PRIMARY KEY REFERENCES hq_shops(id),
  local_products boolean NOT NULL DEFAULT false,
  local_prices boolean NOT NULL DEFAULT false,
  version bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX hq_catalog_allowances_version ON hq_catalog_allowances (version);

-- Transfers of consigned stock between shops are read straight from the shops' journals (hq/transfers.ts):
-- this index keeps that read off the rest of hq_events.
CREATE INDEX hq_events_transfers ON hq_events ((payload->>'transferId'))
  WHERE kind IN ('transfer.send', 'transfer.receive');
`;
