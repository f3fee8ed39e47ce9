/**
 * The raw event store: every shop's journal as the shop wrote it, one row per entry, plus the record rows
 * the entry names (`rows`, as the shop had them when it pushed) and the shop's seals. Projections and read
 * models (settlement, portal, dashboard) are built from these tables by later migrations; nothing here is
 * ever updated by a projection.
 *
 * payload is kept twice on purpose: `payload_text` is the exact JSON text the shop's hash covers (jsonb
 * reorders keys and drops spaces), `payload` the same as jsonb for queries.
 */
export const sql = `
CREATE TABLE hq_shops (
  id text PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL,
  created_at bigint NOT NULL,
  -- Last entry HQ holds: entries 1..last_seq are all here, chained.
  last_seq bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT '${'0'.repeat(64)}',
  -- Hash format of that entry: a later one may not fall back to an older format.
  last_hv int NOT NULL DEFAULT 1,
  flagged_at bigint,
  flag_reason text,
  -- The shop's own head as it last reported it (its journal may be ahead of what HQ has).
  reported_seq bigint,
  last_push_at bigint
);

CREATE TABLE hq_events (
  shop_id text NOT NULL REFERENCES hq_shops(id),
  seq bigint NOT NULL,
  at bigint NOT NULL,
  user_id int,
  kind text NOT NULL,
  ref text NOT NULL,
  payload jsonb NOT NULL,
  payload_text text NOT NULL,
  rows jsonb,
  -- true: rows hash to digest; false: they do not (explained only by a later entry for the same ref up to
  -- rows_head, the shop's head when it read them); null: the entry covers no rows.
  rows_ok boolean,
  rows_head bigint,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  hv int NOT NULL,
  digest text,
  received_at bigint NOT NULL,
  PRIMARY KEY (shop_id, seq)
);
CREATE INDEX hq_events_ref ON hq_events (shop_id, ref, seq);
CREATE INDEX hq_events_kind ON hq_events (kind, shop_id, seq);
CREATE INDEX hq_events_rows_pending ON hq_events (shop_id, rows_head) WHERE rows_ok = false;

-- A shop's anchors (db/services/seals.ts): the head at each Z close. 'ok' once HQ holds that entry with
-- that hash, 'pending' while HQ has not received it yet, 'mismatch' when HQ's entry has another hash.
CREATE TABLE hq_seals (
  shop_id text NOT NULL REFERENCES hq_shops(id),
  seq bigint NOT NULL,
  hash text NOT NULL,
  till text NOT NULL,
  session int NOT NULL,
  at bigint NOT NULL,
  received_at bigint NOT NULL,
  status text NOT NULL,
  PRIMARY KEY (shop_id, seq)
);

-- Why a shop was flagged, each time: the first reason stays on hq_shops, every one is kept here.
CREATE TABLE hq_flags (
  id bigserial PRIMARY KEY,
  shop_id text NOT NULL REFERENCES hq_shops(id),
  at bigint NOT NULL,
  reason text NOT NULL,
  seq bigint,
  details jsonb
);
`;
