/**
 * The chain's read models, projected from hq_events (hq/projections.ts): cooperatives known across shops,
 * sale and return lines with the payout and commission frozen as sold, every shop's stock movements, and
 * the chain-wide statements that claim those lines. Each shop's events are projected in order, at most
 * once: hq_projection_state holds the last projected seq, advanced in the same transaction as the rows.
 *
 * Money is integer centimes, quantities integer milli-units, times epoch ms (bigint), as in the shop.
 */
export const sql = `
-- One row per cooperative of the chain; code is the stable identity shops are matched by
-- (projections-events.ts cooperativeCode) until HQ sends its own cooperative ids down.
CREATE TABLE hq_coops (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_fr text NOT NULL,
  name_ar text NOT NULL DEFAULT '',
  region text NOT NULL DEFAULT '',
  womens boolean NOT NULL DEFAULT false,
  registration_no text,
  ice text,
  bank_name text,
  bank_account text,
  phone text,
  commission_bp integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);

-- A shop's own cooperative id -> the chain cooperative.
CREATE TABLE hq_shop_coops (
  shop_id text NOT NULL,
  local_id integer NOT NULL,
  coop_id integer NOT NULL REFERENCES hq_coops(id),
  PRIMARY KEY (shop_id, local_id)
);
CREATE INDEX hq_shop_coops_coop ON hq_shop_coops (coop_id);

CREATE TABLE hq_shop_products (
  shop_id text NOT NULL,
  local_id integer NOT NULL,
  sku text,
  name_fr text,
  name_ar text,
  unit text,
  coop_local_id integer,
  PRIMARY KEY (shop_id, local_id)
);

CREATE TABLE hq_projection_state (
  shop_id text PRIMARY KEY,
  projected_seq bigint NOT NULL DEFAULT 0,
  updated_at bigint
);

-- An event of a known kind whose rows or payload did not have the shop's shape: kept here, skipped, so one
-- bad entry never stops a shop's projection.
CREATE TABLE hq_projection_errors (
  shop_id text NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  message text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (shop_id, seq)
);

CREATE TABLE hq_statements (
  id serial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('statement', 'debit_note')),
  coop_id integer NOT NULL REFERENCES hq_coops(id),
  period_start bigint NOT NULL,
  period_end bigint NOT NULL,
  issued_at bigint NOT NULL,
  issued_by text NOT NULL,
  gross_sales bigint NOT NULL,
  returns bigint NOT NULL,
  net_sales bigint NOT NULL,
  commission bigint NOT NULL,
  payout bigint NOT NULL,
  sale_lines integer NOT NULL,
  return_lines integer NOT NULL,
  paid_at bigint,
  paid_by text,
  payment_reference text,
  CHECK (net_sales = payout + commission),
  CHECK (period_end > period_start)
);
CREATE INDEX hq_statements_coop ON hq_statements (coop_id, period_end);

-- What the statement says, grouped as printed: kind 'sale' (by shop, product and tier), 'return' and 'void'
-- (carried back as negative amounts: a customer return, or a void of a line an earlier statement paid).
CREATE TABLE hq_statement_lines (
  statement_id integer NOT NULL REFERENCES hq_statements(id),
  n integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sale', 'return', 'void')),
  shop_id text NOT NULL,
  product_local_id integer NOT NULL,
  sku text NOT NULL,
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  unit text NOT NULL,
  tier text NOT NULL,
  qty bigint NOT NULL,
  amount bigint NOT NULL,
  payout bigint NOT NULL,
  commission bigint NOT NULL,
  lines integer NOT NULL,
  PRIMARY KEY (statement_id, n)
);

CREATE TABLE hq_sale_lines (
  shop_id text NOT NULL,
  line_id bigint NOT NULL,
  sale_id bigint NOT NULL,
  seq bigint NOT NULL,
  product_local_id integer NOT NULL,
  coop_local_id integer NOT NULL,
  -- Null until the shop's cooperative is known at HQ (its coop.create), then filled in.
  coop_id integer REFERENCES hq_coops(id),
  name_fr text NOT NULL,
  name_ar text NOT NULL,
  unit text NOT NULL,
  tier text NOT NULL,
  qty bigint NOT NULL,
  amount bigint NOT NULL,
  payout bigint NOT NULL,
  commission bigint NOT NULL,
  at bigint NOT NULL,
  voided boolean NOT NULL DEFAULT false,
  voided_at bigint,
  -- The shop settled this line itself (its statement number): HQ never pays it again.
  shop_settlement text,
  statement_id integer REFERENCES hq_statements(id) DEFERRABLE INITIALLY DEFERRED,
  void_statement_id integer REFERENCES hq_statements(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (shop_id, line_id),
  CHECK (payout + commission = amount)
);
CREATE INDEX hq_sale_lines_unclaimed ON hq_sale_lines (coop_id, at) WHERE statement_id IS NULL;
CREATE INDEX hq_sale_lines_coop_at ON hq_sale_lines (coop_id, at);
CREATE INDEX hq_sale_lines_sale ON hq_sale_lines (shop_id, sale_id);
CREATE INDEX hq_sale_lines_local_coop ON hq_sale_lines (shop_id, coop_local_id) WHERE coop_id IS NULL;
CREATE INDEX hq_sale_lines_statement ON hq_sale_lines (statement_id) WHERE statement_id IS NOT NULL;

CREATE TABLE hq_return_lines (
  shop_id text NOT NULL,
  line_id bigint NOT NULL,
  return_id bigint NOT NULL,
  seq bigint NOT NULL,
  sale_line_id bigint NOT NULL,
  product_local_id integer NOT NULL,
  coop_local_id integer NOT NULL,
  coop_id integer REFERENCES hq_coops(id),
  qty bigint NOT NULL,
  amount bigint NOT NULL,
  payout bigint NOT NULL,
  commission bigint NOT NULL,
  restock boolean NOT NULL,
  at bigint NOT NULL,
  shop_settlement text,
  statement_id integer REFERENCES hq_statements(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (shop_id, line_id),
  CHECK (payout + commission = amount)
);
CREATE INDEX hq_return_lines_unclaimed ON hq_return_lines (coop_id, at) WHERE statement_id IS NULL;
CREATE INDEX hq_return_lines_local_coop ON hq_return_lines (shop_id, coop_local_id) WHERE coop_id IS NULL;

-- Every shop's stock ledger: + into the shop (delivery, void, customer return restocked, adjustment up),
-- - out (sale, return to the cooperative, adjustment down). On hand = the sum, per shop, product, cooperative.
CREATE TABLE hq_stock_moves (
  shop_id text NOT NULL,
  seq bigint NOT NULL,
  n integer NOT NULL,
  kind text NOT NULL,
  product_local_id integer NOT NULL,
  coop_local_id integer NOT NULL,
  coop_id integer REFERENCES hq_coops(id),
  qty bigint NOT NULL,
  at bigint NOT NULL,
  lot text NOT NULL DEFAULT '',
  best_before date,
  reason text NOT NULL DEFAULT '',
  PRIMARY KEY (shop_id, seq, n)
);
CREATE INDEX hq_stock_moves_coop ON hq_stock_moves (coop_id, shop_id, product_local_id);
CREATE INDEX hq_stock_moves_local_coop ON hq_stock_moves (shop_id, coop_local_id) WHERE coop_id IS NULL;

-- An issued statement never changes: only its payment (once) may be recorded; its lines are never touched.
CREATE FUNCTION hq_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'an issued statement is never deleted';
  END IF;
  IF OLD.paid_at IS NOT NULL
    OR (NEW.number, NEW.kind, NEW.coop_id, NEW.period_start, NEW.period_end, NEW.issued_at, NEW.issued_by,
        NEW.gross_sales, NEW.returns, NEW.net_sales, NEW.commission, NEW.payout, NEW.sale_lines, NEW.return_lines)
       IS DISTINCT FROM
       (OLD.number, OLD.kind, OLD.coop_id, OLD.period_start, OLD.period_end, OLD.issued_at, OLD.issued_by,
        OLD.gross_sales, OLD.returns, OLD.net_sales, OLD.commission, OLD.payout, OLD.sale_lines, OLD.return_lines)
  THEN
    RAISE EXCEPTION 'an issued statement never changes; only its payment is recorded, once';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hq_statements_frozen BEFORE UPDATE OR DELETE ON hq_statements
  FOR EACH ROW EXECUTE FUNCTION hq_statement_frozen();

CREATE FUNCTION hq_statement_lines_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the lines of an issued statement never change';
END $$;
CREATE TRIGGER hq_statement_lines_frozen BEFORE UPDATE OR DELETE ON hq_statement_lines
  FOR EACH ROW EXECUTE FUNCTION hq_statement_lines_frozen();

-- A line is claimed by one statement, once (and its void, if any, by one later statement, once).
CREATE FUNCTION hq_line_claim_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.statement_id IS NOT NULL AND NEW.statement_id IS DISTINCT FROM OLD.statement_id THEN
    RAISE EXCEPTION 'a line is settled once';
  END IF;
  IF TG_TABLE_NAME = 'hq_sale_lines' THEN
    IF OLD.void_statement_id IS NOT NULL AND NEW.void_statement_id IS DISTINCT FROM OLD.void_statement_id THEN
      RAISE EXCEPTION 'a void is carried once';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hq_sale_lines_claim_once BEFORE UPDATE ON hq_sale_lines
  FOR EACH ROW EXECUTE FUNCTION hq_line_claim_once();
CREATE TRIGGER hq_return_lines_claim_once BEFORE UPDATE ON hq_return_lines
  FOR EACH ROW EXECUTE FUNCTION hq_line_claim_once();

-- The cooperative portal's own accounts (created at HQ; scrypt hashes) and sessions (only a hash of the
-- token is kept, so a copy of the table opens nothing).
CREATE TABLE hq_portal_accounts (
  login text PRIMARY KEY,
  coop_id integer NOT NULL REFERENCES hq_coops(id),
  password_hash text NOT NULL,
  created_at bigint NOT NULL,
  language text NOT NULL DEFAULT 'fr'
);
CREATE TABLE hq_portal_sessions (
  token_hash text PRIMARY KEY,
  login text NOT NULL REFERENCES hq_portal_accounts(login),
  coop_id integer NOT NULL REFERENCES hq_coops(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
`;
