import { journalRows } from '../../db/journal';
import { recordRows } from '../../db/journal-digest';
import type { Store } from '../../db/store';
import type { Pool } from '../../hq/db';

/**
 * Copies a real shop's journal (SQLite) into hq_events as HQ's ingest stores it: the entry as the shop wrote
 * it plus the rows of the record it names, read now. Entries HQ already holds are left alone (a re-sent
 * batch), so it can be called again after more sales; `upTo` holds back the tail (a shop still offline).
 */
export async function copyJournal(
  pool: Pool,
  shop: { id: string; name: string; store: Store },
  upTo = Number.MAX_SAFE_INTEGER,
): Promise<number> {
  await pool.query(
    `INSERT INTO hq_shops (id, name, key_hash, created_at) VALUES ($1, $2, 'test', $3) ON CONFLICT (id) DO NOTHING`,
    [shop.id, shop.name, Date.now()],
  );
  let copied = 0;
  for (const e of [...journalRows(shop.store)]) {
    if (e.seq > upTo) break;
    const rows = recordRows(shop.store, e.ref);
    const r = await pool.query(
      `INSERT INTO hq_events (shop_id, seq, at, user_id, kind, ref, payload, payload_text, rows, rows_ok, prev_hash,
         hash, hv, digest, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $7, $8::jsonb, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (shop_id, seq) DO NOTHING`,
      [
        shop.id,
        e.seq,
        e.at,
        e.user_id,
        e.kind,
        e.ref,
        e.payload,
        rows === null ? null : JSON.stringify(rows),
        rows === null ? null : true,
        e.prev_hash,
        e.hash,
        e.hv,
        e.digest,
        Date.now(),
      ],
    );
    copied += r.rowCount ?? 0;
  }
  await pool.query(
    'UPDATE hq_shops SET last_seq = (SELECT max(seq) FROM hq_events WHERE shop_id = $1) WHERE id = $1',
    [shop.id],
  );
  return copied;
}

/** The shop's last journal seq. */
export function headSeq(store: Store): number {
  return store.get<{ seq: number }>('SELECT max(seq) seq FROM journal')?.seq ?? 0;
}
