/**
 * The persistent reprint queue (db/services/print-queue.ts). Earlier versions created this table from the
 * printer code at start-up, so a shop file may already hold it with exactly these columns: IF NOT EXISTS
 * lets such a file upgrade with its queued receipts intact.
 */
export const sql = `
CREATE TABLE IF NOT EXISTS print_jobs (
  id INTEGER PRIMARY KEY,
  created_at INTEGER,
  printer TEXT,
  kind TEXT,
  payload TEXT,
  attempts INTEGER,
  last_error TEXT,
  status TEXT
);
`;
