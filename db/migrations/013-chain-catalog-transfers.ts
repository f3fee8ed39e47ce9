/**
 * The shop's side of the chain catalogue and of stock transfers between shops (issue 12).
 *
 * - `origin` on cooperatives and products: 'hq' for a row HQ's catalogue owns (db/services/hq-catalog-pull.ts
 *   applies it), 'local' for the shop's own; `hq_code` links a cooperative to the chain's by its stable code.
 * - `hq_catalog_state`: how far the pull has come (HQ's catalogue version) and what HQ allows this shop.
 * - `hq_catalog_prices`: the prices HQ last set on each product, so a price the shop changed since (a local
 *   price) is told apart from HQ's and kept while HQ allows local prices.
 * - transfers out and in (db/services/transfers.ts) and two stock movement kinds, 'transfer_out' and
 *   'transfer_in'. SQLite cannot widen a CHECK in place, so stock_movements is rebuilt with its rows, index
 *   and triggers as they were; no other object refers to it.
 */
export const sql = `
ALTER TABLE cooperatives ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('hq', 'local'));
ALTER TABLE cooperatives ADD COLUMN hq_code TEXT;
CREATE UNIQUE INDEX cooperatives_hq_code ON cooperatives(hq_code) WHERE hq_code IS NOT NULL;
ALTER TABLE products ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('hq', 'local'));

CREATE TABLE hq_catalog_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL DEFAULT 0,
  local_products INTEGER NOT NULL DEFAULT 1,
  local_prices INTEGER NOT NULL DEFAULT 1,
  pulled_at INTEGER,
  last_attempt_at INTEGER,
  last_error_code TEXT,
  last_error TEXT
) STRICT;
INSERT INTO hq_catalog_state (id) VALUES (1);

CREATE TABLE hq_catalog_prices (
  product_id INTEGER PRIMARY KEY REFERENCES products(id),
  retail_price INTEGER NOT NULL,
  semi_price INTEGER NOT NULL,
  wholesale_price INTEGER NOT NULL,
  semi_min_qty INTEGER,
  wholesale_min_qty INTEGER
) STRICT;

CREATE TABLE stock_movements_v13 (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty <> 0),
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'sale', 'customer_return', 'coop_return', 'adjustment', 'void',
    'transfer_out', 'transfer_in')),
  ref_id INTEGER,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id)
) STRICT;
INSERT INTO stock_movements_v13 (id, product_id, cooperative_id, qty, kind, ref_id, at, user_id)
  SELECT id, product_id, cooperative_id, qty, kind, ref_id, at, user_id FROM stock_movements;
DROP TABLE stock_movements;
ALTER TABLE stock_movements_v13 RENAME TO stock_movements;
CREATE INDEX stock_movements_pc ON stock_movements(product_id, cooperative_id);
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

-- transfer_id: the chain-wide id the receiving shop receives against (made by the sender, a UUID).
CREATE TABLE transfers_out (
  id INTEGER PRIMARY KEY,
  transfer_id TEXT NOT NULL UNIQUE,
  to_shop TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE transfer_out_lines (
  id INTEGER PRIMARY KEY,
  transfer_out_id INTEGER NOT NULL REFERENCES transfers_out(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  lot TEXT NOT NULL DEFAULT '',
  best_before TEXT
) STRICT;
CREATE INDEX transfer_out_lines_transfer ON transfer_out_lines(transfer_out_id);

-- UNIQUE transfer_id: a transfer is received once, whoever asks twice.
CREATE TABLE transfers_in (
  id INTEGER PRIMARY KEY,
  transfer_id TEXT NOT NULL UNIQUE,
  from_shop TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  user_id INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE transfer_in_lines (
  id INTEGER PRIMARY KEY,
  transfer_in_id INTEGER NOT NULL REFERENCES transfers_in(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  sent_qty INTEGER NOT NULL CHECK (sent_qty > 0),
  qty INTEGER NOT NULL CHECK (qty >= 0 AND qty <= sent_qty),
  lot TEXT NOT NULL DEFAULT '',
  best_before TEXT
) STRICT;
CREATE INDEX transfer_in_lines_transfer ON transfer_in_lines(transfer_in_id);
`;
