// The first schema. Money columns are integer centimes, quantities integer milli-units,
// timestamps UTC epoch milliseconds. Append-only tables are guarded by triggers so that no code
// path (ours or a hand-written SQL fix) can silently rewrite history.
export const sql = /* sql */ `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE tills (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  next_receipt_no INTEGER NOT NULL DEFAULT 1,
  next_return_no INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'admin')),
  pin_hash TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'ar', 'en')),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cooperatives (
  id INTEGER PRIMARY KEY,
  name_fr TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  registration_no TEXT,
  ice TEXT,
  region TEXT NOT NULL,
  womens INTEGER NOT NULL DEFAULT 0,
  contact_name TEXT,
  phone TEXT,
  email TEXT,
  bank_name TEXT,
  bank_account TEXT,
  commission_bp INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name_fr TEXT NOT NULL,
  name_ar TEXT NOT NULL DEFAULT '',
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  unit TEXT NOT NULL CHECK (unit IN ('piece', 'kg', 'l')),
  vat_code TEXT NOT NULL CHECK (vat_code IN ('S20', 'R14', 'R10', 'R7', 'Z0', 'EX')),
  retail_price INTEGER NOT NULL CHECK (retail_price >= 0),
  semi_price INTEGER NOT NULL CHECK (semi_price >= 0),
  wholesale_price INTEGER NOT NULL CHECK (wholesale_price >= 0),
  semi_min_qty INTEGER CHECK (semi_min_qty > 0),
  wholesale_min_qty INTEGER CHECK (wholesale_min_qty > 0),
  quality_labels TEXT NOT NULL DEFAULT '[]',
  scale_ref TEXT UNIQUE,
  terms_kind TEXT CHECK (terms_kind IN ('commission', 'fixed')),
  commission_bp INTEGER CHECK (commission_bp BETWEEN 0 AND 10000),
  payout_per_unit INTEGER CHECK (payout_per_unit >= 0),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX products_coop ON products(cooperative_id);

CREATE TABLE barcodes (
  code TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  kind TEXT NOT NULL CHECK (kind IN ('gtin', 'internal'))
) STRICT, WITHOUT ROWID;
CREATE INDEX barcodes_product ON barcodes(product_id);

-- Search text is normalised in the application (accents, Arabic letter variants) before it is
-- indexed, so one tokenizer serves French, Arabic, SKUs and codes.
CREATE VIRTUAL TABLE products_fts USING fts5(
  text,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  ice TEXT,
  tier TEXT NOT NULL CHECK (tier IN ('retail', 'semi', 'wholesale')),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  note_ref TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  comment TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE delivery_lines (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  lot TEXT NOT NULL DEFAULT '',
  best_before TEXT CHECK (best_before IS NULL OR best_before GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;
CREATE INDEX delivery_lines_product ON delivery_lines(product_id);

-- The stock ledger: the only source of truth for quantities on hand.
CREATE TABLE stock_movements (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty <> 0),
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'customer_return', 'coop_return', 'adjustment', 'void')),
  ref_id INTEGER,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX stock_movements_pc ON stock_movements(product_id, cooperative_id);

-- A projection of the ledger kept by trigger in the same transaction; tests prove it equals the sum.
CREATE TABLE stock_levels (
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  on_hand INTEGER NOT NULL,
  last_receipt_at INTEGER,
  PRIMARY KEY (product_id, cooperative_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX stock_levels_coop ON stock_levels(cooperative_id);

CREATE TRIGGER stock_movements_project AFTER INSERT ON stock_movements BEGIN
  INSERT INTO stock_levels (product_id, cooperative_id, on_hand, last_receipt_at)
  VALUES (NEW.product_id, NEW.cooperative_id, NEW.qty, CASE WHEN NEW.kind = 'receipt' THEN NEW.at END)
  ON CONFLICT (product_id, cooperative_id) DO UPDATE SET
    on_hand = on_hand + NEW.qty,
    last_receipt_at = CASE WHEN NEW.kind = 'receipt' THEN NEW.at ELSE last_receipt_at END;
END;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock_movements is append-only');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
  SELECT RAISE(ABORT, 'stock_movements is append-only');
END;

CREATE TABLE cash_sessions (
  id INTEGER PRIMARY KEY,
  till_id TEXT NOT NULL REFERENCES tills(id),
  opened_by INTEGER NOT NULL REFERENCES users(id),
  opened_at INTEGER NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  closed_by INTEGER REFERENCES users(id),
  closed_at INTEGER,
  expected_cash INTEGER,
  counted_cash INTEGER,
  counts TEXT,
  z_report TEXT
) STRICT;
-- One open session per till.
CREATE UNIQUE INDEX cash_sessions_open ON cash_sessions(till_id) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
  amount INTEGER NOT NULL CHECK (amount > 0),
  reason TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE sales (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  till_id TEXT NOT NULL REFERENCES tills(id),
  receipt_no INTEGER NOT NULL,
  session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
  cashier_id INTEGER NOT NULL REFERENCES users(id),
  customer_id INTEGER REFERENCES customers(id),
  at INTEGER NOT NULL,
  total INTEGER NOT NULL,
  discount_total INTEGER NOT NULL,
  voided_at INTEGER,
  UNIQUE (till_id, receipt_no)
) STRICT;
CREATE INDEX sales_at ON sales(at);
CREATE INDEX sales_session ON sales(session_id);

CREATE TABLE sale_lines (
  id INTEGER PRIMARY KEY,
  sale_id INTEGER NOT NULL REFERENCES sales(id),
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  name_fr TEXT NOT NULL,
  name_ar TEXT NOT NULL,
  unit TEXT NOT NULL,
  qty INTEGER NOT NULL CHECK (qty > 0),
  tier TEXT NOT NULL CHECK (tier IN ('retail', 'semi', 'wholesale')),
  unit_price INTEGER NOT NULL,
  overridden INTEGER NOT NULL DEFAULT 0,
  gross INTEGER NOT NULL,
  discount INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  vat_code TEXT NOT NULL,
  payout INTEGER NOT NULL,
  commission INTEGER NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  voided INTEGER NOT NULL DEFAULT 0,
  settlement_id INTEGER REFERENCES settlements(id),
  CHECK (amount = gross - discount),
  CHECK (payout + commission = amount),
  UNIQUE (sale_id, line_no)
) STRICT;
-- Settlement picks a cooperative's lines by time.
CREATE INDEX sale_lines_coop_at ON sale_lines(cooperative_id, at);
CREATE INDEX sale_lines_unsettled ON sale_lines(cooperative_id, at) WHERE settlement_id IS NULL AND voided = 0;
CREATE INDEX sale_lines_settlement ON sale_lines(settlement_id) WHERE settlement_id IS NOT NULL;
CREATE INDEX sale_lines_product ON sale_lines(product_id, at);

-- What was sold is frozen: only the void flag (once, before settlement) and the settlement claim
-- (once: a line is settled exactly once) may ever change.
CREATE TRIGGER sale_lines_frozen BEFORE UPDATE ON sale_lines
WHEN NEW.sale_id IS NOT OLD.sale_id OR NEW.product_id IS NOT OLD.product_id
  OR NEW.cooperative_id IS NOT OLD.cooperative_id OR NEW.qty IS NOT OLD.qty OR NEW.tier IS NOT OLD.tier
  OR NEW.unit_price IS NOT OLD.unit_price OR NEW.gross IS NOT OLD.gross OR NEW.discount IS NOT OLD.discount
  OR NEW.amount IS NOT OLD.amount OR NEW.payout IS NOT OLD.payout OR NEW.commission IS NOT OLD.commission
  OR NEW.at IS NOT OLD.at
  OR (OLD.voided = 1 AND NEW.voided = 0)
  OR (OLD.settlement_id IS NOT NULL AND NEW.settlement_id IS NOT OLD.settlement_id)
  OR (NEW.voided = 1 AND NEW.settlement_id IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'a sale line is frozen once sold; it can be voided before settlement and settled once');
END;

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  sale_id INTEGER REFERENCES sales(id),
  return_id INTEGER REFERENCES customer_returns(id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'mobile', 'voucher')),
  amount INTEGER NOT NULL,
  tendered INTEGER,
  change INTEGER,
  reference TEXT,
  CHECK ((sale_id IS NULL) <> (return_id IS NULL))
) STRICT;
CREATE INDEX payments_sale ON payments(sale_id);

CREATE TABLE sale_voids (
  sale_id INTEGER PRIMARY KEY REFERENCES sales(id),
  at INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  approved_by INTEGER NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL
) STRICT;

CREATE TABLE customer_returns (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  till_id TEXT NOT NULL REFERENCES tills(id),
  return_no INTEGER NOT NULL,
  session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
  sale_id INTEGER NOT NULL REFERENCES sales(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  approved_by INTEGER REFERENCES users(id),
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  total INTEGER NOT NULL CHECK (total > 0),
  UNIQUE (till_id, return_no)
) STRICT;

CREATE TABLE return_lines (
  id INTEGER PRIMARY KEY,
  return_id INTEGER NOT NULL REFERENCES customer_returns(id),
  sale_line_id INTEGER NOT NULL REFERENCES sale_lines(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  amount INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  commission INTEGER NOT NULL,
  restock INTEGER NOT NULL,
  at INTEGER NOT NULL,
  settlement_id INTEGER REFERENCES settlements(id),
  CHECK (payout + commission = amount)
) STRICT;
CREATE INDEX return_lines_sale_line ON return_lines(sale_line_id);
CREATE INDEX return_lines_unsettled ON return_lines(cooperative_id, at) WHERE settlement_id IS NULL;
CREATE INDEX return_lines_settlement ON return_lines(settlement_id) WHERE settlement_id IS NOT NULL;

CREATE TRIGGER return_lines_frozen BEFORE UPDATE ON return_lines
WHEN NEW.return_id IS NOT OLD.return_id OR NEW.sale_line_id IS NOT OLD.sale_line_id OR NEW.qty IS NOT OLD.qty
  OR NEW.amount IS NOT OLD.amount OR NEW.payout IS NOT OLD.payout OR NEW.commission IS NOT OLD.commission
  OR NEW.cooperative_id IS NOT OLD.cooperative_id OR NEW.at IS NOT OLD.at
  OR (OLD.settlement_id IS NOT NULL AND NEW.settlement_id IS NOT OLD.settlement_id)
BEGIN
  SELECT RAISE(ABORT, 'a return line is frozen; it is settled once');
END;
CREATE TRIGGER return_lines_no_delete BEFORE DELETE ON return_lines BEGIN
  SELECT RAISE(ABORT, 'return lines are never deleted');
END;

CREATE TABLE coop_returns (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE coop_return_lines (
  id INTEGER PRIMARY KEY,
  coop_return_id INTEGER NOT NULL REFERENCES coop_returns(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  lot TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE stock_adjustments (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty <> 0),
  reason TEXT NOT NULL CHECK (reason IN ('count', 'damaged', 'expired', 'theft', 'sample', 'other')),
  note TEXT NOT NULL DEFAULT '',
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE settlements (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  period_start INTEGER NOT NULL,
  period_end INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  issued_by INTEGER NOT NULL REFERENCES users(id),
  net_sales INTEGER NOT NULL,
  commission INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  sale_lines INTEGER NOT NULL,
  return_lines INTEGER NOT NULL,
  paid_at INTEGER,
  paid_by INTEGER REFERENCES users(id),
  payment_reference TEXT,
  CHECK (payout + commission = net_sales)
) STRICT;
CREATE INDEX settlements_coop ON settlements(cooperative_id, period_end);


-- An issued statement never changes; only its payment can be recorded, once.
CREATE TRIGGER settlements_immutable BEFORE UPDATE ON settlements
WHEN NEW.number IS NOT OLD.number OR NEW.cooperative_id IS NOT OLD.cooperative_id
  OR NEW.period_start IS NOT OLD.period_start OR NEW.period_end IS NOT OLD.period_end
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.net_sales IS NOT OLD.net_sales
  OR NEW.commission IS NOT OLD.commission OR NEW.payout IS NOT OLD.payout
  OR OLD.paid_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an issued settlement is immutable');
END;
CREATE TRIGGER settlements_no_delete BEFORE DELETE ON settlements BEGIN
  SELECT RAISE(ABORT, 'an issued settlement is immutable');
END;

-- Sales are never deleted; a void is a recorded event (sale_voids) plus compensating stock movements.
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales BEGIN
  SELECT RAISE(ABORT, 'sales are never deleted');
END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines BEGIN
  SELECT RAISE(ABORT, 'sale lines are never deleted');
END;

-- Tamper-evident journal: each entry's hash covers the previous hash and its own content.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
  SELECT RAISE(ABORT, 'journal is append-only');
END;
`;
