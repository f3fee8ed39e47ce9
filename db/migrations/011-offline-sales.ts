/**
 * Sales a till made while the station was unreachable (issue 11). The sale itself is an ordinary row of
 * sales/sale_lines (at = when the till made it); offline_sales says it came late and from whom, and
 * stock_shortfalls keeps each line that took a product and cooperative below zero, since an offline sale
 * is never refused for stock: the goods have left the shop. Both are append-only, like the ledger: a
 * shortfall is resolved by a count or a late delivery on the ledger, not by editing it.
 */
export const sql = `
CREATE TABLE offline_sales (
  sale_id INTEGER PRIMARY KEY REFERENCES sales(id),
  received_at INTEGER NOT NULL,
  replayed_by INTEGER NOT NULL REFERENCES users(id)
) STRICT;

CREATE TABLE stock_shortfalls (
  id INTEGER PRIMARY KEY,
  sale_line_id INTEGER NOT NULL UNIQUE REFERENCES sale_lines(id),
  sale_id INTEGER NOT NULL REFERENCES sales(id),
  till_id TEXT NOT NULL,
  receipt_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  cooperative_id INTEGER NOT NULL REFERENCES cooperatives(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX stock_shortfalls_pc ON stock_shortfalls(product_id, cooperative_id);

CREATE TRIGGER offline_sales_no_update BEFORE UPDATE ON offline_sales BEGIN
  SELECT RAISE(ABORT, 'offline_sales is append-only');
END;
CREATE TRIGGER offline_sales_no_delete BEFORE DELETE ON offline_sales BEGIN
  SELECT RAISE(ABORT, 'offline_sales is append-only');
END;
CREATE TRIGGER stock_shortfalls_no_update BEFORE UPDATE ON stock_shortfalls BEGIN
  SELECT RAISE(ABORT, 'stock_shortfalls is append-only');
END;
CREATE TRIGGER stock_shortfalls_no_delete BEFORE DELETE ON stock_shortfalls BEGIN
  SELECT RAISE(ABORT, 'stock_shortfalls is append-only');
END;
`;
