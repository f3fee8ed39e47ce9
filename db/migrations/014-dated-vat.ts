/**
 * Dated VAT (issue 13).
 *
 * - `vat_rates`: a code's rate over a span of shop days (valid_to inclusive, null = open) with its legal source,
 *   seeded with the rates in force for the goods these shops sell (docs/vat.md has the sources and what a tax
 *   adviser must confirm). A law that changes a code's rate closes its row and opens the next.
 * - `product_vat_schedule`: a product moves to another code (an exempt one with its CGI wording) from a day;
 *   checkout takes the code due on the sale's day, so a change can be entered before the law applies.
 * - `products.vat_exemption`: the exemption wording (core/vat-exemptions.ts id) of an exempt product.
 * - `sale_lines.vat_rate_bp`: the rate the line was sold at, so history is never recomputed; old lines are
 *   backfilled from the fixed table they were sold under. Writers that do not set it (old benches and fixtures)
 *   get the same fixed rate by trigger; once set, the code and the rate are frozen like the rest of the line.
 */
export const sql = `
CREATE TABLE vat_rates (
  code TEXT NOT NULL CHECK (code IN ('S20', 'R14', 'R10', 'R7', 'Z0', 'EX')),
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  valid_to TEXT CHECK (valid_to IS NULL OR (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND valid_to >= valid_from)),
  source TEXT NOT NULL,
  PRIMARY KEY (code, valid_from)
) STRICT;

INSERT INTO vat_rates (code, rate_bp, valid_from, valid_to, source) VALUES
  ('S20', 2000, '2000-01-01', NULL, 'CGI art. 98 (taux normal 20 %)'),
  ('R14', 1400, '2000-01-01', NULL, 'CGI art. 99-2° (taux réduit 14 %)'),
  ('R10', 1000, '2000-01-01', NULL, 'CGI art. 99-3° (taux réduit 10 %)'),
  ('R7', 700, '2000-01-01', NULL, 'CGI art. 99-1° (taux réduit 7 %)'),
  ('Z0', 0, '2000-01-01', NULL, 'CGI art. 92 (exonération avec droit à déduction)'),
  ('EX', 0, '2000-01-01', NULL, 'CGI art. 91 (exonération sans droit à déduction)');

CREATE TABLE product_vat_schedule (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  vat_code TEXT NOT NULL CHECK (vat_code IN ('S20', 'R14', 'R10', 'R7', 'Z0', 'EX')),
  vat_exemption TEXT CHECK (vat_exemption IS NULL OR vat_code = 'EX'),
  valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  set_by INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  UNIQUE (product_id, valid_from)
) STRICT;

ALTER TABLE products ADD COLUMN vat_exemption TEXT;

ALTER TABLE sale_lines ADD COLUMN vat_rate_bp INTEGER CHECK (vat_rate_bp BETWEEN 0 AND 10000);
UPDATE sale_lines SET vat_rate_bp = CASE vat_code
  WHEN 'S20' THEN 2000 WHEN 'R14' THEN 1400 WHEN 'R10' THEN 1000 WHEN 'R7' THEN 700 ELSE 0 END;

CREATE TRIGGER sale_lines_vat_rate_default AFTER INSERT ON sale_lines
WHEN NEW.vat_rate_bp IS NULL
BEGIN
  UPDATE sale_lines SET vat_rate_bp = CASE NEW.vat_code
    WHEN 'S20' THEN 2000 WHEN 'R14' THEN 1400 WHEN 'R10' THEN 1000 WHEN 'R7' THEN 700 ELSE 0 END
  WHERE id = NEW.id;
END;

CREATE TRIGGER sale_lines_vat_frozen BEFORE UPDATE OF vat_code, vat_rate_bp ON sale_lines
WHEN NEW.vat_code IS NOT OLD.vat_code OR (OLD.vat_rate_bp IS NOT NULL AND NEW.vat_rate_bp IS NOT OLD.vat_rate_bp)
BEGIN
  SELECT RAISE(ABORT, 'a sale line keeps the VAT code and rate it was sold at');
END;
`;
