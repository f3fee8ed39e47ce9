import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors';
import type { Pool } from './db';
import { sha256 } from './sha256';

/**
 * Shops HQ knows, each with its own push key. Keys are long random tokens made at registration, so a plain
 * SHA-256 is enough to keep them out of the database (no password stretching needed for 128+ random bits).
 */
export async function registerShop(
  pool: Pool,
  shop: { id: string; name: string; key: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO hq_shops (id, name, key_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, key_hash = EXCLUDED.key_hash`,
    [shop.id, shop.name, sha256(shop.key), Date.now()],
  );
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The same answer for an unknown shop and a wrong key: nobody learns which shop ids exist. */
export async function authenticateShop(pool: Pool, shopId: string, key: string): Promise<void> {
  const { rows } = await pool.query<{ key_hash: string }>('SELECT key_hash FROM hq_shops WHERE id = $1', [
    shopId,
  ]);
  const held = rows[0]?.key_hash ?? sha256(`no such shop ${shopId}`);
  if (!sameHash(held, sha256(key)) || !rows[0]) {
    throw new AppError('UNAUTHENTICATED', 'Unknown shop or wrong key');
  }
}

export interface ShopView {
  id: string;
  name: string;
  createdAt: number;
  /** Entries 1..lastSeq are at HQ, chained. */
  lastSeq: number;
  lastHash: string;
  /** The shop's head as it last reported it; lag = reportedSeq - lastSeq. */
  reportedSeq: number | null;
  lastPushAt: number | null;
  flaggedAt: number | null;
  flagReason: string | null;
  seals: { ok: number; pending: number; mismatch: number };
  flags: { at: number; reason: string; seq: number | null }[];
}

export async function listShops(pool: Pool): Promise<ShopView[]> {
  const { rows } = await pool.query<{
    id: string;
    name: string;
    created_at: number;
    last_seq: number;
    last_hash: string;
    reported_seq: number | null;
    last_push_at: number | null;
    flagged_at: number | null;
    flag_reason: string | null;
    seals: Record<string, number> | null;
    flags: { at: number; reason: string; seq: number | null }[] | null;
  }>(
    `SELECT s.*,
       (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM hq_seals
          WHERE shop_id = s.id GROUP BY status) x) AS seals,
       (SELECT jsonb_agg(jsonb_build_object('at', at, 'reason', reason, 'seq', seq) ORDER BY id)
          FROM hq_flags WHERE shop_id = s.id) AS flags
     FROM hq_shops s ORDER BY s.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastSeq: r.last_seq,
    lastHash: r.last_hash,
    reportedSeq: r.reported_seq,
    lastPushAt: r.last_push_at,
    flaggedAt: r.flagged_at,
    flagReason: r.flag_reason,
    seals: { ok: r.seals?.ok ?? 0, pending: r.seals?.pending ?? 0, mismatch: r.seals?.mismatch ?? 0 },
    flags: r.flags ?? [],
  }));
}
