/**
 * The dashboard's year read 70,000 rollup rows (day x cooperative x tier) and sorted them to group them:
 * over 100 ms on a loaded station. Split in two rollups keyed the way the dashboard reads them:
 *  - report_coop_days by (cooperative, day): one range seek per cooperative, summed in key order with no
 *    sort, and a third of the rows (the tier is not part of it);
 *  - report_tier_days by (day, tier): three rows a day.
 * Kept by the same kind of triggers as 006's, which they replace, in the checkout's or void's transaction.
 */
export const sql = `
DROP TRIGGER report_lines_insert;
DROP TRIGGER report_lines_void;
DROP TABLE report_line_days;

CREATE TABLE report_coop_days (
  cooperative_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  n INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  PRIMARY KEY (cooperative_id, day)
) STRICT, WITHOUT ROWID;
CREATE TABLE report_tier_days (
  day INTEGER NOT NULL,
  tier TEXT NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (day, tier)
) STRICT, WITHOUT ROWID;

INSERT INTO report_coop_days (cooperative_id, day, n, amount, payout)
  SELECT cooperative_id, at / 86400000, COUNT(*), SUM(amount), SUM(payout) FROM sale_lines WHERE voided = 0 GROUP BY 1, 2;
INSERT INTO report_tier_days (day, tier, amount)
  SELECT at / 86400000, tier, SUM(amount) FROM sale_lines WHERE voided = 0 GROUP BY 1, 2;

CREATE TRIGGER report_lines_insert AFTER INSERT ON sale_lines WHEN NEW.voided = 0 BEGIN
  INSERT INTO report_coop_days (cooperative_id, day, n, amount, payout)
  VALUES (NEW.cooperative_id, NEW.at / 86400000, 1, NEW.amount, NEW.payout)
  ON CONFLICT (cooperative_id, day) DO UPDATE
    SET n = n + 1, amount = amount + excluded.amount, payout = payout + excluded.payout;
  INSERT INTO report_tier_days (day, tier, amount) VALUES (NEW.at / 86400000, NEW.tier, NEW.amount)
  ON CONFLICT (day, tier) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER report_lines_void AFTER UPDATE OF voided ON sale_lines WHEN OLD.voided <> NEW.voided BEGIN
  INSERT INTO report_coop_days (cooperative_id, day, n, amount, payout)
  VALUES (NEW.cooperative_id, NEW.at / 86400000, CASE WHEN NEW.voided = 0 THEN 1 ELSE -1 END,
    CASE WHEN NEW.voided = 0 THEN NEW.amount ELSE -NEW.amount END,
    CASE WHEN NEW.voided = 0 THEN NEW.payout ELSE -NEW.payout END)
  ON CONFLICT (cooperative_id, day) DO UPDATE
    SET n = n + excluded.n, amount = amount + excluded.amount, payout = payout + excluded.payout;
  INSERT INTO report_tier_days (day, tier, amount)
  VALUES (NEW.at / 86400000, NEW.tier, CASE WHEN NEW.voided = 0 THEN NEW.amount ELSE -NEW.amount END)
  ON CONFLICT (day, tier) DO UPDATE SET amount = amount + excluded.amount;
END;
`;
