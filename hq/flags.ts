import type { Client } from './db';

/**
 * Flags a shop: its history as HQ holds it and as the shop now shows it disagree (rewritten, truncated,
 * rows edited under their entry, a seal HQ's chain does not hold). The first reason stays on the shop;
 * each is logged. HQ keeps what it received: the flag is the finding, nothing is deleted.
 */
export async function flagShop(
  c: Client,
  shopId: string,
  reason: string,
  seq: number | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  const at = Date.now();
  await c.query(
    `UPDATE hq_shops SET flagged_at = coalesce(flagged_at, $2), flag_reason = coalesce(flag_reason, $3)
     WHERE id = $1`,
    [shopId, at, reason],
  );
  // A flagged shop keeps pushing (it cannot know): the same finding is logged once, not at every retry.
  await c.query(
    `INSERT INTO hq_flags (shop_id, at, reason, seq, details)
     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM hq_flags WHERE shop_id = $1 AND reason = $3)`,
    [shopId, at, reason, seq, JSON.stringify(details)],
  );
}
