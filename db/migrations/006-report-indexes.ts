/**
 * What the reports need to read only the period (or session) they are asked for, never the shop's whole
 * history (issue 10). db/services/dashboard.ts reads the rollups for the whole UTC days (hours for sales)
 * inside a period and the raw rows, through the indexes below, for the pieces at its edges.
 *
 * Indexes, each covering its query so that the report walks index pages alone:
 *  - sale_lines by time, voided lines left out, with what the dashboard groups and sums;
 *  - sales by time with the void mark and total (sale counts, totals, the payments join);
 *  - payments by sale with method and amount: replaces payments_sale, of which it is an extension;
 *  - payments by return: the X report's refunds by method scanned every payment without it;
 *  - customer returns by time (dashboard) and by session (X report), cash movements by session.
 *
 * Rollups, kept by triggers in the checkout's or void's own transaction (so they can never disagree with
 * the rows; tests/db/reports-scale.test.ts compares them), filled from the existing rows here once:
 *  - report_sales_hours: sales that count (not voided) per UTC hour: the daily series and head figures.
 *    Africa/Casablanca is always a whole number of hours from UTC, so an hour never straddles two shop days;
 *  - report_line_days: sold lines per UTC day, cooperative and tier (count, amount and payout), replaced by
 *    009's report_coop_days and report_tier_days;
 *  - report_payment_days: payments of sales that count per UTC day and method.
 * A sale is voided once and its lines are frozen (001's triggers), so the triggers only ever add a sale
 * or take a voided one back out. Settlement claims (UPDATE OF settlement_id) fire none of them.
 */
export const sql = `
CREATE INDEX sale_lines_report ON sale_lines(at, cooperative_id, tier, amount, payout) WHERE voided = 0;
CREATE INDEX sales_report ON sales(at, voided_at, total);
CREATE INDEX payments_sale_method ON payments(sale_id, method, amount);
DROP INDEX payments_sale;
CREATE INDEX payments_return ON payments(return_id, method, amount) WHERE return_id IS NOT NULL;
CREATE INDEX customer_returns_at ON customer_returns(at, total);
CREATE INDEX customer_returns_session ON customer_returns(session_id);
CREATE INDEX cash_movements_session ON cash_movements(session_id);

CREATE TABLE report_sales_hours (
  hour INTEGER PRIMARY KEY,
  n INTEGER NOT NULL,
  total INTEGER NOT NULL
) STRICT;
CREATE TABLE report_line_days (
  day INTEGER NOT NULL,
  cooperative_id INTEGER NOT NULL,
  tier TEXT NOT NULL,
  n INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  PRIMARY KEY (day, cooperative_id, tier)
) STRICT, WITHOUT ROWID;
CREATE TABLE report_payment_days (
  day INTEGER NOT NULL,
  method TEXT NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (day, method)
) STRICT, WITHOUT ROWID;

INSERT INTO report_sales_hours (hour, n, total)
  SELECT at / 3600000, COUNT(*), SUM(total) FROM sales WHERE voided_at IS NULL GROUP BY 1;
INSERT INTO report_line_days (day, cooperative_id, tier, n, amount, payout)
  SELECT at / 86400000, cooperative_id, tier, COUNT(*), SUM(amount), SUM(payout) FROM sale_lines WHERE voided = 0 GROUP BY 1, 2, 3;
INSERT INTO report_payment_days (day, method, amount)
  SELECT s.at / 86400000, p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id
  WHERE s.voided_at IS NULL GROUP BY 1, 2;

CREATE TRIGGER report_sales_insert AFTER INSERT ON sales WHEN NEW.voided_at IS NULL BEGIN
  INSERT INTO report_sales_hours (hour, n, total) VALUES (NEW.at / 3600000, 1, NEW.total)
  ON CONFLICT (hour) DO UPDATE SET n = n + 1, total = total + excluded.total;
END;
CREATE TRIGGER report_sales_change AFTER UPDATE OF at, total, voided_at ON sales BEGIN
  INSERT INTO report_sales_hours (hour, n, total) SELECT OLD.at / 3600000, -1, -OLD.total WHERE OLD.voided_at IS NULL
  ON CONFLICT (hour) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
  INSERT INTO report_sales_hours (hour, n, total) SELECT NEW.at / 3600000, 1, NEW.total WHERE NEW.voided_at IS NULL
  ON CONFLICT (hour) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
  INSERT INTO report_payment_days (day, method, amount)
    SELECT OLD.at / 86400000, method, -SUM(amount) FROM payments WHERE sale_id = OLD.id AND OLD.voided_at IS NULL GROUP BY method
  ON CONFLICT (day, method) DO UPDATE SET amount = amount + excluded.amount;
  INSERT INTO report_payment_days (day, method, amount)
    SELECT NEW.at / 86400000, method, SUM(amount) FROM payments WHERE sale_id = NEW.id AND NEW.voided_at IS NULL GROUP BY method
  ON CONFLICT (day, method) DO UPDATE SET amount = amount + excluded.amount;
END;

CREATE TRIGGER report_lines_insert AFTER INSERT ON sale_lines WHEN NEW.voided = 0 BEGIN
  INSERT INTO report_line_days (day, cooperative_id, tier, n, amount, payout)
  VALUES (NEW.at / 86400000, NEW.cooperative_id, NEW.tier, 1, NEW.amount, NEW.payout)
  ON CONFLICT (day, cooperative_id, tier) DO UPDATE
    SET n = n + 1, amount = amount + excluded.amount, payout = payout + excluded.payout;
END;
CREATE TRIGGER report_lines_void AFTER UPDATE OF voided ON sale_lines WHEN OLD.voided <> NEW.voided BEGIN
  INSERT INTO report_line_days (day, cooperative_id, tier, n, amount, payout)
  VALUES (NEW.at / 86400000, NEW.cooperative_id, NEW.tier, CASE WHEN NEW.voided = 0 THEN 1 ELSE -1 END,
    CASE WHEN NEW.voided = 0 THEN NEW.amount ELSE -NEW.amount END,
    CASE WHEN NEW.voided = 0 THEN NEW.payout ELSE -NEW.payout END)
  ON CONFLICT (day, cooperative_id, tier) DO UPDATE
    SET n = n + excluded.n, amount = amount + excluded.amount, payout = payout + excluded.payout;
END;

CREATE TRIGGER report_payments_insert AFTER INSERT ON payments WHEN NEW.sale_id IS NOT NULL BEGIN
  INSERT INTO report_payment_days (day, method, amount)
    SELECT at / 86400000, NEW.method, NEW.amount FROM sales WHERE id = NEW.sale_id AND voided_at IS NULL
  ON CONFLICT (day, method) DO UPDATE SET amount = amount + excluded.amount;
END;
`;
