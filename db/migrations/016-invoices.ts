/**
 * Invoices and credit notes (issue 13). Numbers are continuous per kind and shop calendar year
 * (invoice_counters, taken in the issuing transaction); a sale is on at most one invoice (invoice_sales keyed
 * by sale); everything issued is append-only (triggers), a credit note (corrects_id) is the only correction.
 * export_json keeps a structured copy close to UBL's fields for the DGI's e-invoicing, not sent anywhere yet.
 */
export const sql = `
CREATE TABLE invoice_counters (
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL CHECK (last_seq > 0),
  PRIMARY KEY (kind, year)
) STRICT;

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  corrects_id INTEGER REFERENCES invoices(id),
  customer_id INTEGER REFERENCES customers(id),
  buyer_name TEXT NOT NULL,
  buyer_address TEXT NOT NULL,
  buyer_ice TEXT NOT NULL CHECK (length(buyer_ice) = 15 AND buyer_ice NOT GLOB '*[^0-9]*'),
  buyer_if TEXT,
  payment_terms TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  issued_by INTEGER REFERENCES users(id),
  ht INTEGER NOT NULL,
  tva INTEGER NOT NULL,
  ttc INTEGER NOT NULL,
  export_json TEXT NOT NULL,
  UNIQUE (kind, year, seq),
  CHECK ((kind = 'credit_note') = (corrects_id IS NOT NULL))
) STRICT;

CREATE TABLE invoice_lines (
  invoice_id INTEGER NOT NULL REFERENCES invoices(id),
  line_no INTEGER NOT NULL,
  sale_line_id INTEGER REFERENCES sale_lines(id),
  name_fr TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  qty INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  vat_code TEXT NOT NULL,
  vat_rate_bp INTEGER NOT NULL,
  vat_exemption TEXT,
  PRIMARY KEY (invoice_id, line_no)
) STRICT;

CREATE TABLE invoice_sales (
  sale_id INTEGER PRIMARY KEY REFERENCES sales(id),
  invoice_id INTEGER NOT NULL REFERENCES invoices(id)
) STRICT;
CREATE UNIQUE INDEX invoices_one_credit_note ON invoices(corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'an issued invoice is immutable; a credit note corrects it'); END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'an issued invoice is immutable; a credit note corrects it'); END;
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'an issued invoice is immutable; a credit note corrects it'); END;
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'an issued invoice is immutable; a credit note corrects it'); END;
CREATE TRIGGER invoice_sales_no_update BEFORE UPDATE ON invoice_sales
BEGIN SELECT RAISE(ABORT, 'a sale stays on the invoice it was issued on'); END;
CREATE TRIGGER invoice_sales_no_delete BEFORE DELETE ON invoice_sales
BEGIN SELECT RAISE(ABORT, 'a sale stays on the invoice it was issued on'); END;
`;
