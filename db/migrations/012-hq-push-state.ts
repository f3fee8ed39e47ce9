/**
 * Where the shop's push of its journal to HQ stands (db/services/hq-push.ts): one row. `acked_seq` is the
 * last entry HQ confirmed holding (HQ's own answer always wins over this copy: after an HQ restore the
 * pusher resumes from what HQ says), `seal_seq` the last Z seal HQ took. The last error and attempt are
 * kept for the manager (hq.status), so a link down for a week shows as such after a restart.
 */
export const sql = `
CREATE TABLE hq_push_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq INTEGER NOT NULL DEFAULT 0,
  acked_at INTEGER,
  seal_seq INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_error_code TEXT,
  last_error TEXT,
  flagged TEXT
);
INSERT INTO hq_push_state (id) VALUES (1);
`;
