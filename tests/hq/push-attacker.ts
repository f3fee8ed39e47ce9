import type Database from 'better-sqlite3';
import { entryHash, GENESIS, type JournalRow } from '../../db/journal';
import { digestForRef } from '../../db/journal-digest';
import { Store } from '../../db/store';

/**
 * What someone with the shop's SQLite file and this source code can do to hide an edit: recompute every
 * digest and hash from `fromSeq` on, so the file's own chain verifies again. Only an anchor outside the
 * file (HQ's copy, a seal) can tell.
 */
export function rehashFrom(db: Database.Database, fromSeq: number): void {
  dropGuards(db);
  const store = new Store(db);
  const rows = db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(fromSeq) as JournalRow[];
  let prev =
    (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(fromSeq - 1) as { hash: string } | undefined)
      ?.hash ?? GENESIS;
  const update = db.prepare('UPDATE journal SET digest = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const r of rows) {
      const digest = r.hv >= 2 ? digestForRef(store, r.ref) : r.digest;
      const hash = entryHash(prev, { ...r, digest });
      update.run(digest, prev, hash, r.seq);
      prev = hash;
    }
  })();
}

/** Deletes the journal's last `n` entries: a shortened history whose remaining chain still verifies. */
export function truncateJournal(db: Database.Database, n: number): void {
  dropGuards(db);
  db.prepare('DELETE FROM journal WHERE seq > (SELECT max(seq) FROM journal) - ?').run(n);
}

/** The append-only triggers are in the file too: whoever edits it drops them first. */
export function dropGuards(db: Database.Database): void {
  for (const t of ['journal_no_update', 'journal_no_delete', 'sale_lines_frozen'])
    db.exec(`DROP TRIGGER IF EXISTS ${t}`);
}
