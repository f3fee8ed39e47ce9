import { createHash } from 'node:crypto';
import {
  entryHashText,
  entryIntact as chainEntryIntact,
  GENESIS,
  HASH_VERSION,
  type JournalRow,
} from '../core/journal-chain';
import { digestForRef } from './journal-digest';
import type { Store } from './store';

// The chain's format lives in core/journal-chain.ts so HQ hashes the very same text; these are kept here
// for the shop's callers.
export { GENESIS, HASH_VERSION, type JournalRow };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function entryHash(prev: string, r: Omit<JournalRow, 'prev_hash' | 'hash'>): string {
  return sha256(entryHashText(prev, r));
}

export interface JournalHead {
  seq: number;
  hash: string;
}

export function journalHead(store: Store): JournalHead | null {
  return store.get<JournalHead>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1') ?? null;
}

/**
 * Appends a hash-chained entry. Must run inside the caller's transaction so the entry commits with the
 * change, and after the change's rows are written: an entry naming a sale, return, cash session or
 * settlement (`sale:<id>`, ...) records the digest of that record's rows as they are at this moment.
 */
export function appendJournal(
  store: Store,
  entry: { userId: number | null; kind: string; ref: string; payload: unknown },
): JournalHead {
  const last = journalHead(store);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: store.now(),
    user_id: entry.userId,
    kind: entry.kind,
    ref: entry.ref,
    payload: JSON.stringify(entry.payload),
    hv: HASH_VERSION,
    digest: digestForRef(store, entry.ref),
  };
  const prev = last?.hash ?? GENESIS;
  const hash = entryHash(prev, row);
  store.run(
    `INSERT INTO journal (seq, at, user_id, kind, ref, payload, prev_hash, hash, hv, digest)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.seq,
    row.at,
    row.user_id,
    row.kind,
    row.ref,
    row.payload,
    prev,
    hash,
    row.hv,
    row.digest,
  );
  return { seq: row.seq, hash };
}

export interface JournalVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: number | null;
}

export function journalRows(store: Store): IterableIterator<JournalRow> {
  return store
    .stmt(
      'SELECT seq, at, user_id, kind, ref, payload, prev_hash, hash, hv, digest FROM journal ORDER BY seq',
    )
    .iterate() as IterableIterator<JournalRow>;
}

/**
 * Checks one entry against the one before it (hash, link, and no fall back to an older hash format).
 */
export function entryIntact(row: JournalRow, prev: string, expectedSeq: number, minVersion: number): boolean {
  return chainEntryIntact(row, prev, expectedSeq, minVersion, sha256);
}

/**
 * Walks the whole chain; any edited, inserted or removed entry breaks it from that point on. This alone
 * cannot see a chain that was recomputed after an edit, or a shortened tail: the seals (services/seals.ts)
 * and the row digests do.
 */
export function verifyJournal(store: Store): JournalVerification {
  let prev = GENESIS;
  let expectedSeq = 1;
  let minVersion = 1;
  let entries = 0;
  for (const r of journalRows(store)) {
    if (!entryIntact(r, prev, expectedSeq, minVersion)) {
      return { ok: false, entries, brokenAt: r.seq };
    }
    prev = r.hash;
    minVersion = r.hv;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, brokenAt: null };
}
