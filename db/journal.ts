import { createHash } from 'node:crypto';
import type { Store } from './store';

const GENESIS = '0'.repeat(64);

function entryHash(
  prev: string,
  seq: number,
  at: number,
  userId: number | null,
  kind: string,
  ref: string,
  payload: string,
): string {
  return createHash('sha256')
    .update(`${prev}\n${seq}\n${at}\n${userId ?? ''}\n${kind}\n${ref}\n${payload}`)
    .digest('hex');
}

/** Appends a hash-chained entry. Must run inside the caller's transaction so the entry commits with the change. */
export function appendJournal(
  store: Store,
  entry: { userId: number | null; kind: string; ref: string; payload: unknown },
): void {
  const last = store.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1',
  );
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS;
  const at = store.now();
  const payload = JSON.stringify(entry.payload);
  const hash = entryHash(prev, seq, at, entry.userId, entry.kind, entry.ref, payload);
  store.run(
    'INSERT INTO journal (seq, at, user_id, kind, ref, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    seq,
    at,
    entry.userId,
    entry.kind,
    entry.ref,
    payload,
    prev,
    hash,
  );
}

export interface JournalVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: number | null;
}

/** Walks the whole chain; any edited, inserted or removed entry breaks it from that point on. */
export function verifyJournal(store: Store): JournalVerification {
  let prev = GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  const rows = store
    .stmt('SELECT seq, at, user_id, kind, ref, payload, prev_hash, hash FROM journal ORDER BY seq')
    .iterate() as IterableIterator<{
    seq: number;
    at: number;
    user_id: number | null;
    kind: string;
    ref: string;
    payload: string;
    prev_hash: string;
    hash: string;
  }>;
  for (const r of rows) {
    const expected = entryHash(prev, r.seq, r.at, r.user_id, r.kind, r.ref, r.payload);
    if (r.seq !== expectedSeq || r.prev_hash !== prev || r.hash !== expected) {
      return { ok: false, entries, brokenAt: r.seq };
    }
    prev = r.hash;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, brokenAt: null };
}
