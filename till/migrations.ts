/**
 * The till host's own file (till.db), apart from its catalogue cache: what must survive a crash of the till's
 * machine. Numbered like the station's (index + 1 = PRAGMA user_version).
 *  - till_state: the till's identity (id, pairing token), its next receipt number, the catalogue version.
 *  - outbox: every sale the till made, in receipt order, with the client id the station dedupes by, the
 *    request to replay and the answer the cashier was given; `state` queued -> sent (station sale id kept).
 *  - sessions: cashier sessions the station issued through this till, so a cashier already logged in keeps
 *    selling when the station is unreachable (a new login needs the station: PINs are only checked there).
 */
export const TILL_MIGRATIONS: readonly string[] = [
  `
CREATE TABLE till_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  receipt_no INTEGER NOT NULL UNIQUE,
  made_at INTEGER NOT NULL,
  cashier_id INTEGER NOT NULL,
  request TEXT NOT NULL,
  sale TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent')),
  station_sale_id INTEGER,
  sent_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) STRICT;
CREATE INDEX outbox_queued ON outbox (seq) WHERE state = 'queued';
CREATE UNIQUE INDEX outbox_station_sale ON outbox (station_sale_id) WHERE station_sale_id IS NOT NULL;

CREATE TABLE sessions (
  token TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  user TEXT NOT NULL,
  seen_at INTEGER NOT NULL
) STRICT;
`,
];
