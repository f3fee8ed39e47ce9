/**
 * Certificates (issue 13): quality labels become certificates a cooperative holds for some of its products
 * (core/certificate.ts). `certificate_products` lists the products one covers; none listed = every product of
 * the cooperative (an ONSSA authorisation). The scanned document is a size-limited blob beside the row, so a
 * backup of the database carries it.
 *
 * Existing free-text labels (products.quality_labels) are migrated as one certificate per cooperative and
 * label, covering the products that carried it, with number and dates unknown: "to complete". The column
 * stays (HQ's catalogue still sends it) but labels are now derived from certificates.
 */
export const sql = `
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  number TEXT,
  body TEXT NOT NULL DEFAULT '',
  valid_from TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  valid_to TEXT CHECK (valid_to IS NULL OR (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
    AND (valid_from IS NULL OR valid_to >= valid_from))),
  document BLOB,
  document_name TEXT,
  document_mime TEXT,
  migrated INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX certificates_coop ON certificates(cooperative_id, kind);
CREATE INDEX certificates_valid_to ON certificates(valid_to);
CREATE TABLE certificate_products (
  certificate_id INTEGER NOT NULL REFERENCES certificates(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  PRIMARY KEY (certificate_id, product_id)
);
CREATE INDEX certificate_products_product ON certificate_products(product_id);

INSERT INTO certificates (cooperative_id, kind, migrated, created_at, updated_at)
  SELECT DISTINCT p.cooperative_id, trim(j.value), 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000,
    CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM products p, json_each(p.quality_labels) j
  WHERE json_valid(p.quality_labels) AND trim(j.value) <> ''
  ORDER BY p.cooperative_id, trim(j.value);
INSERT OR IGNORE INTO certificate_products (certificate_id, product_id)
  SELECT c.id, p.id
  FROM products p, json_each(p.quality_labels) j
  JOIN certificates c ON c.cooperative_id = p.cooperative_id AND c.kind = trim(j.value) AND c.migrated = 1
  WHERE json_valid(p.quality_labels);
`;
