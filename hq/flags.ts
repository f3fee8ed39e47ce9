import { AppError } from '../core/errors';
import { inTx, type Client, type Pool } from './db';

/**
 * Flags on a shop: its history as HQ holds it and as the shop now shows it disagree (rewritten, truncated,
 * rows edited under their entry, a seal HQ's chain does not hold). HQ keeps what it received: the flag is
 * the finding, nothing is deleted.
 *
 * The rule for the push (HQ migration 005): a finding that conflicts with HQ's copy (`refuse`: truncated,
 * rewritten, broken) holds the shop: every push is refused with HQ_SHOP_FLAGGED, even once the shop's file
 * agrees again, until an HQ admin has looked and cleared the flag with a reason. The agreed point the push
 * resumes after is HQ's last entry as HQ holds it (recorded with the clearance): the shop resends what
 * follows it, and a history that still conflicts there is flagged again at once (a new finding, a new
 * clearance). A finding on entries that do chain (rows edited, a seal) holds nothing: the entries keep
 * coming, and clearing it records that it was looked at.
 */

/** One side of a finding: an entry's number and its hash. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export type FlagKind = 'truncated' | 'rewritten' | 'broken' | 'rows' | 'seal' | 'other';

export interface FlagFinding {
  id: number;
  at: number;
  kind: FlagKind;
  /** HQ's own log line (English, for the server log and the JSON API). */
  reason: string;
  seq: number | null;
  /** This finding held the shop's push. */
  refused: boolean;
  /** What HQ holds there, and what the shop sent or showed in its place (null when the finding has no pair). */
  expected: ChainPoint | null;
  received: ChainPoint | null;
  /** The record whose rows no longer match (rows edited). */
  ref: string | null;
}

export interface Clearance {
  id: number;
  shopId: string;
  at: number;
  by: string;
  reason: string;
  /** The push resumes after this entry, as HQ holds it. */
  resumeSeq: number;
  resumeHash: string;
  /** How many findings it closed. */
  flags: number;
}

export interface ShopFlags {
  shopId: string;
  name: string;
  /** Since when the shop's pushes are refused (null: not held). */
  heldAt: number | null;
  lastSeq: number;
  lastHash: string;
  /** The shop's head as it last showed it. */
  reportedSeq: number | null;
  reportedHash: string | null;
  open: FlagFinding[];
  clearances: Clearance[];
}

const KINDS: [string, FlagKind][] = [
  ['journal truncated', 'truncated'],
  ['journal rewritten', 'rewritten'],
  ['journal broken', 'broken'],
  ['rows edited', 'rows'],
  ['seal', 'seal'],
];

export const flagKind = (reason: string): FlagKind =>
  KINDS.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? 'other';

/**
 * Records a finding. The first reason stays on the shop (hq_shops.flag_reason) until a clearance; each
 * distinct one is logged once while open (a flagged shop keeps pushing: it cannot know). `refuse` holds
 * the shop's push until a clearance. details may carry `expected` and `received` chain points.
 */
export async function flagShop(
  c: Client,
  shopId: string,
  reason: string,
  seq: number | null,
  details: Record<string, unknown> = {},
  refuse = false,
): Promise<void> {
  const at = Date.now();
  await c.query(
    `UPDATE hq_shops SET flagged_at = coalesce(flagged_at, $2), flag_reason = coalesce(flag_reason, $3),
       held_at = CASE WHEN $4 THEN coalesce(held_at, $2) ELSE held_at END
     WHERE id = $1`,
    [shopId, at, reason, refuse],
  );
  await c.query(
    `INSERT INTO hq_flags (shop_id, at, reason, seq, details, refused)
     SELECT $1, $2, $3, $4, $5, $6
     WHERE NOT EXISTS (SELECT 1 FROM hq_flags WHERE shop_id = $1 AND reason = $3 AND cleared_id IS NULL)`,
    [shopId, at, reason, seq, JSON.stringify(details), refuse],
  );
}

function point(v: unknown): ChainPoint | null {
  const p = v as { seq?: unknown; hash?: unknown } | null | undefined;
  return typeof p?.seq === 'number' && typeof p.hash === 'string' ? { seq: p.seq, hash: p.hash } : null;
}

interface FlagRow {
  id: number;
  shop_id: string;
  at: number;
  reason: string;
  seq: number | null;
  refused: boolean;
  details: Record<string, unknown> | null;
}

const finding = (r: FlagRow): FlagFinding => ({
  id: r.id,
  at: r.at,
  kind: flagKind(r.reason),
  reason: r.reason,
  seq: r.seq,
  refused: r.refused,
  expected: point(r.details?.expected),
  received: point(r.details?.received),
  ref: typeof r.details?.ref === 'string' ? r.details.ref : null,
});

interface ClearanceRow {
  id: number;
  shop_id: string;
  at: number;
  cleared_by: string;
  reason: string;
  resume_seq: number;
  resume_hash: string;
  flags: number;
}

const clearance = (r: ClearanceRow): Clearance => ({
  id: r.id,
  shopId: r.shop_id,
  at: r.at,
  by: r.cleared_by,
  reason: r.reason,
  resumeSeq: r.resume_seq,
  resumeHash: r.resume_hash,
  flags: r.flags,
});

/**
 * Every shop with an open finding or a held push, and every shop's last clearances (`shopId` for one):
 * what the flags page and GET /hq/v1/shops/:id/flags show.
 */
export async function listShopFlags(pool: Pool, shopId?: string, recent = 5): Promise<ShopFlags[]> {
  const { rows: shops } = await pool.query<{
    id: string;
    name: string;
    held_at: number | null;
    last_seq: number;
    last_hash: string;
    reported_seq: number | null;
    reported_hash: string | null;
  }>(
    `SELECT s.id, s.name, s.held_at, s.last_seq, s.last_hash, s.reported_seq, s.reported_hash FROM hq_shops s
     WHERE ($1::text IS NULL OR s.id = $1)
       AND ($1::text IS NOT NULL OR s.held_at IS NOT NULL
            OR EXISTS (SELECT 1 FROM hq_flags f WHERE f.shop_id = s.id)
            OR EXISTS (SELECT 1 FROM hq_flag_clearances k WHERE k.shop_id = s.id))
     ORDER BY (s.held_at IS NULL), s.id`,
    [shopId ?? null],
  );
  if (shops.length === 0) return [];
  const ids = shops.map((s) => s.id);
  const [{ rows: open }, { rows: done }] = await Promise.all([
    pool.query<FlagRow>(
      `SELECT id, shop_id, at, reason, seq, refused, details FROM hq_flags
       WHERE shop_id = ANY($1::text[]) AND cleared_id IS NULL ORDER BY id`,
      [ids],
    ),
    pool.query<ClearanceRow>(
      `SELECT * FROM (SELECT k.*, row_number() OVER (PARTITION BY shop_id ORDER BY id DESC) AS n
                      FROM hq_flag_clearances k WHERE shop_id = ANY($1::text[])) x
       WHERE n <= $2 ORDER BY id DESC`,
      [ids, recent],
    ),
  ]);
  return shops.map((s) => ({
    shopId: s.id,
    name: s.name,
    heldAt: s.held_at,
    lastSeq: s.last_seq,
    lastHash: s.last_hash,
    reportedSeq: s.reported_seq,
    reportedHash: s.reported_hash,
    open: open.filter((f) => f.shop_id === s.id).map(finding),
    clearances: done.filter((k) => k.shop_id === s.id).map(clearance),
  }));
}

export interface ClearRequest {
  /** The HQ staff member clearing it, as they sign. */
  by: string;
  /** What was checked and found, in their words. */
  reason: string;
}

/**
 * Clears every open finding on a shop and lifts its hold, journaled with who, when, why and the agreed
 * resume point (HQ's last entry). NOT_FOUND for an unknown shop or one with nothing to clear.
 */
export async function clearShopFlags(pool: Pool, shopId: string, request: ClearRequest): Promise<Clearance> {
  const by = request.by.trim();
  const reason = request.reason.trim();
  if (by.length < 1 || by.length > 100)
    throw new AppError('VALIDATION', 'Who clears it: 1 to 100 characters');
  if (reason.length < 3 || reason.length > 1000) {
    throw new AppError('VALIDATION', 'Why it is cleared: 3 to 1000 characters');
  }
  return inTx(pool, async (c) => {
    const shop = (
      await c.query<{
        last_seq: number;
        last_hash: string;
        held_at: number | null;
        flag_reason: string | null;
      }>('SELECT last_seq, last_hash, held_at, flag_reason FROM hq_shops WHERE id = $1 FOR UPDATE', [shopId])
    ).rows[0];
    if (!shop) throw new AppError('NOT_FOUND', `No shop ${shopId}`);
    const open = (
      await c.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hq_flags WHERE shop_id = $1 AND cleared_id IS NULL',
        [shopId],
      )
    ).rows[0]!.n;
    if (open === 0 && shop.held_at === null && shop.flag_reason === null) {
      throw new AppError('NOT_FOUND', `Shop ${shopId} has no flag to clear`);
    }
    const row = (
      await c.query<ClearanceRow>(
        `INSERT INTO hq_flag_clearances (shop_id, at, cleared_by, reason, resume_seq, resume_hash, flags)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [shopId, Date.now(), by, reason, shop.last_seq, shop.last_hash, open],
      )
    ).rows[0]!;
    await c.query('UPDATE hq_flags SET cleared_id = $2 WHERE shop_id = $1 AND cleared_id IS NULL', [
      shopId,
      row.id,
    ]);
    await c.query('UPDATE hq_shops SET flagged_at = NULL, flag_reason = NULL, held_at = NULL WHERE id = $1', [
      shopId,
    ]);
    return clearance(row);
  });
}
