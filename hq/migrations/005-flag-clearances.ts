/**
 * A flag can be looked at and cleared (hq/flags.ts). A finding that conflicts with HQ's copy of a shop's
 * history (truncated, rewritten, a broken chain) now holds the shop's push (`held_at`) until an HQ admin
 * clears it; findings on entries that do chain (rows edited, a seal) are kept and the entries still taken.
 * Each clearance is journaled: who, when, why, and the agreed point the push resumes after (HQ's last entry
 * as HQ holds it: what HQ received is never rewritten). Every flag row names the clearance that closed it.
 * `reported_hash` is the shop's head hash as it last showed it, what the flags page puts beside HQ's own.
 */
export const sql = `
CREATE TABLE hq_flag_clearances (
  id bigserial PRIMARY KEY,
  shop_id text NOT NULL REFERENCES hq_shops(id),
  at bigint NOT NULL,
  cleared_by text NOT NULL CHECK (length(cleared_by) BETWEEN 1 AND 100),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  resume_seq bigint NOT NULL,
  resume_hash text NOT NULL,
  flags int NOT NULL
);
CREATE INDEX hq_flag_clearances_shop ON hq_flag_clearances (shop_id, id);

ALTER TABLE hq_flags ADD COLUMN refused boolean NOT NULL DEFAULT false;
ALTER TABLE hq_flags ADD COLUMN cleared_id bigint REFERENCES hq_flag_clearances(id);
CREATE INDEX hq_flags_open ON hq_flags (shop_id, id) WHERE cleared_id IS NULL;

ALTER TABLE hq_shops ADD COLUMN held_at bigint;
ALTER TABLE hq_shops ADD COLUMN reported_hash text;

-- Flags raised before this migration: the conflicting kinds hold their shop from now on, as new ones will.
UPDATE hq_flags SET refused = true WHERE reason LIKE 'journal %';
UPDATE hq_shops s SET held_at = s.flagged_at
  WHERE EXISTS (SELECT 1 FROM hq_flags f WHERE f.shop_id = s.id AND f.refused);
`;
