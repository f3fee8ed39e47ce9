import { createHash } from 'node:crypto';
import { digestForRef } from './journal-digest';
import type { Store } from './store';

export const GENESIS = '0'.repeat(64);

/**
 * Hash format versions. Entries keep the version they were written with (journal.hv), so journals from
 * before migration 003 still verify: version 1 joined the fields with newlines and covered no rows;
 * version 2 also covers the digest of the record the entry names (journal-digest.ts) and encodes the
 * fields as a JSON array, so no field can bleed into the next.
 */
export const HASH_VERSION = 2;

export interface JournalRow {
  seq: number;
  at: number;
  user_id: number | null;
  kind: string;
  ref: string;
  payload: string;
  prev_hash: string;
  hash: string;
  hv: number;
  digest: string | null;
}

export function entryHash(prev: string, r: Omit<JournalRow, 'prev_hash' | 'hash'>): string {
  if (r.hv === 1) {
    return createHash('sha256')
      .update(`${prev}\n${r.seq}\n${r.at}\n${r.user_id ?? ''}\n${r.kind}\n${r.ref}\n${r.payload}`)
      .digest('hex');
  }
  return createHash('sha256')
    .update(`souk-journal/${r.hv}\n`)
    .update(JSON.stringify([prev, r.seq, r.at, r.user_id, r.kind, r.ref, r.payload, r.digest]))
    .digest('hex');
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
 * Checks one entry against the one before it. Besides the hash and the link, an entry may not fall
 * back to an older hash format than the entries before it: that would drop the row digests.
 */
export function entryIntact(row: JournalRow, prev: string, expectedSeq: number, minVersion: number): boolean {
  return (
    row.seq === expectedSeq &&
    row.prev_hash === prev &&
    row.hv >= minVersion &&
    row.hv <= HASH_VERSION &&
    row.hash === entryHash(prev, row)
  );
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
