/**
 * Daily sums for the chain dashboard: 10 shops x 1 year is millions of sale lines, and the dashboard reads
 * a few thousand day rows instead. Kept by statement-level triggers on the line tables (transition tables),
 * so every writer (projector, a correction by hand, the bench's bulk loads) keeps them exact; only rows whose
 * sum changes (a new line, a void, a cooperative mapped late) move them, so a statement's claim, which
 * touches thousands of lines, does not. Days are Africa/Casablanca calendar days.
 *
 * The claim-once triggers of 002 get a WHEN clause: PostgreSQL then decides in C, without entering
 * plpgsql, that a first claim is fine.
 */
export const sql = `
CREATE TABLE hq_sales_days (
  day date NOT NULL,
  shop_id text NOT NULL,
  -- 0: a line whose cooperative HQ does not know yet.
  coop_id integer NOT NULL,
  -- retail / semi / wholesale, or 'return' for customer returns (negative sums).
  tier text NOT NULL,
  net bigint NOT NULL,
  payout bigint NOT NULL,
  commission bigint NOT NULL,
  lines integer NOT NULL,
  PRIMARY KEY (day, shop_id, coop_id, tier)
);

CREATE FUNCTION hq_day_of(at bigint) RETURNS date LANGUAGE sql IMMUTABLE AS
  $$ SELECT (to_timestamp(at / 1000.0) AT TIME ZONE 'Africa/Casablanca')::date $$;

CREATE FUNCTION hq_sale_lines_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO hq_sales_days AS d (day, shop_id, coop_id, tier, net, payout, commission, lines)
    SELECT hq_day_of(at), shop_id, COALESCE(coop_id, 0), tier, sum(amount), sum(payout), sum(commission), count(*)
    FROM new_rows WHERE NOT voided GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, shop_id, coop_id, tier) DO UPDATE SET net = d.net + EXCLUDED.net,
      payout = d.payout + EXCLUDED.payout, commission = d.commission + EXCLUDED.commission,
      lines = d.lines + EXCLUDED.lines;
    RETURN NULL;
  END IF;
  -- An update: only lines whose void flag or cooperative changed move a sum (old out, new in).
  INSERT INTO hq_sales_days AS d (day, shop_id, coop_id, tier, net, payout, commission, lines)
  SELECT day, shop_id, coop_id, tier, sum(net), sum(payout), sum(commission), sum(lines) FROM (
    SELECT hq_day_of(o.at) AS day, o.shop_id, COALESCE(o.coop_id, 0) AS coop_id, o.tier,
      -o.amount AS net, -o.payout AS payout, -o.commission AS commission, -1 AS lines
    FROM old_rows o JOIN new_rows n ON n.shop_id = o.shop_id AND n.line_id = o.line_id
    WHERE NOT o.voided AND (n.voided OR n.coop_id IS DISTINCT FROM o.coop_id)
    UNION ALL
    SELECT hq_day_of(n.at), n.shop_id, COALESCE(n.coop_id, 0), n.tier, n.amount, n.payout, n.commission, 1
    FROM old_rows o JOIN new_rows n ON n.shop_id = o.shop_id AND n.line_id = o.line_id
    WHERE NOT n.voided AND (o.voided OR n.coop_id IS DISTINCT FROM o.coop_id)
  ) c GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (day, shop_id, coop_id, tier) DO UPDATE SET net = d.net + EXCLUDED.net,
    payout = d.payout + EXCLUDED.payout, commission = d.commission + EXCLUDED.commission,
    lines = d.lines + EXCLUDED.lines;
  RETURN NULL;
END $$;
CREATE TRIGGER hq_sale_lines_days_insert AFTER INSERT ON hq_sale_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hq_sale_lines_days();
CREATE TRIGGER hq_sale_lines_days_update AFTER UPDATE ON hq_sale_lines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hq_sale_lines_days();

CREATE FUNCTION hq_return_lines_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO hq_sales_days AS d (day, shop_id, coop_id, tier, net, payout, commission, lines)
    SELECT hq_day_of(at), shop_id, COALESCE(coop_id, 0), 'return', -sum(amount), -sum(payout), -sum(commission),
      count(*)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, shop_id, coop_id, tier) DO UPDATE SET net = d.net + EXCLUDED.net,
      payout = d.payout + EXCLUDED.payout, commission = d.commission + EXCLUDED.commission,
      lines = d.lines + EXCLUDED.lines;
    RETURN NULL;
  END IF;
  INSERT INTO hq_sales_days AS d (day, shop_id, coop_id, tier, net, payout, commission, lines)
  SELECT day, shop_id, coop_id, 'return', sum(net), sum(payout), sum(commission), sum(lines) FROM (
    SELECT hq_day_of(o.at) AS day, o.shop_id, COALESCE(o.coop_id, 0) AS coop_id,
      o.amount AS net, o.payout AS payout, o.commission AS commission, -1 AS lines
    FROM old_rows o JOIN new_rows n ON n.shop_id = o.shop_id AND n.line_id = o.line_id
    WHERE n.coop_id IS DISTINCT FROM o.coop_id
    UNION ALL
    SELECT hq_day_of(n.at), n.shop_id, COALESCE(n.coop_id, 0), -n.amount, -n.payout, -n.commission, 1
    FROM old_rows o JOIN new_rows n ON n.shop_id = o.shop_id AND n.line_id = o.line_id
    WHERE n.coop_id IS DISTINCT FROM o.coop_id
  ) c GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, shop_id, coop_id, tier) DO UPDATE SET net = d.net + EXCLUDED.net,
    payout = d.payout + EXCLUDED.payout, commission = d.commission + EXCLUDED.commission,
    lines = d.lines + EXCLUDED.lines;
  RETURN NULL;
END $$;
CREATE TRIGGER hq_return_lines_days_insert AFTER INSERT ON hq_return_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hq_return_lines_days();
CREATE TRIGGER hq_return_lines_days_update AFTER UPDATE ON hq_return_lines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hq_return_lines_days();

DROP TRIGGER hq_sale_lines_claim_once ON hq_sale_lines;
CREATE TRIGGER hq_sale_lines_claim_once BEFORE UPDATE ON hq_sale_lines
  FOR EACH ROW WHEN (OLD.statement_id IS NOT NULL OR OLD.void_statement_id IS NOT NULL)
  EXECUTE FUNCTION hq_line_claim_once();
DROP TRIGGER hq_return_lines_claim_once ON hq_return_lines;
CREATE TRIGGER hq_return_lines_claim_once BEFORE UPDATE ON hq_return_lines
  FOR EACH ROW WHEN (OLD.statement_id IS NOT NULL) EXECUTE FUNCTION hq_line_claim_once();
`;
