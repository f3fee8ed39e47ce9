import { entryIntact, GENESIS, type JournalRow } from '../core/journal-chain';
import type { Pool } from './db';
import { sha256 } from './sha256';

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** First entry that is missing, unlinked or does not match its hash. */
  brokenAt: number | null;
}

/**
 * Walks a shop's chain as HQ stores it, from entry 1, recomputing every hash from the stored fields (the
 * exact payload text the shop hashed): what HQ holds is the shop's journal, whole and unaltered since.
 * Read in pages so a shop's years of entries never sit in memory at once.
 */
export async function verifyShopChain(pool: Pool, shopId: string, page = 5_000): Promise<ChainCheck> {
  let prev = GENESIS;
  let expected = 1;
  let minVersion = 1;
  for (;;) {
    const { rows } = await pool.query<JournalRow>(
      `SELECT seq, at, user_id, kind, ref, payload_text AS payload, prev_hash, hash, hv, digest
       FROM hq_events WHERE shop_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [shopId, expected, page],
    );
    for (const r of rows) {
      if (!entryIntact(r, prev, expected, minVersion, sha256))
        return { ok: false, entries: expected - 1, brokenAt: expected };
      prev = r.hash;
      minVersion = r.hv;
      expected++;
    }
    if (rows.length < page) return { ok: true, entries: expected - 1, brokenAt: null };
  }
}
