/**
 * Transfers of consigned stock between shops, as HQ sees them: straight from the shops' journals
 * (hq_events), so HQ holds no second copy to keep in step. A transfer is sent when the sending shop's
 * `transfer.send` entry reached HQ, and arrived when the receiving shop's `transfer.receive` for the same
 * transferId did; in between it is in transit. Ownership never moves: each line names its cooperative.
 */
import type { IncomingTransfer, TransferLine, TransitRow } from '../core/hq-catalog-wire';
import type { Pool } from './db';

interface SendPayload {
  transferId: string;
  toShop: string;
  note?: string;
  lines: TransferLine[];
}

/** Transfers sent to this shop that its journal has not yet shown received, oldest first. */
export async function incomingTransfers(pool: Pool, shopId: string): Promise<IncomingTransfer[]> {
  const { rows } = await pool.query<{ shop_id: string; at: number; payload: SendPayload }>(
    `SELECT e.shop_id, e.at, e.payload FROM hq_events e
     WHERE e.kind = 'transfer.send' AND e.payload->>'toShop' = $1
       AND NOT EXISTS (SELECT 1 FROM hq_events r
         WHERE r.kind = 'transfer.receive' AND r.payload->>'transferId' = e.payload->>'transferId'
           AND r.shop_id = $1)
     ORDER BY e.at, e.shop_id, e.seq`,
    [shopId],
  );
  return rows.map((r) => ({
    transferId: r.payload.transferId,
    fromShop: r.shop_id,
    toShop: r.payload.toShop,
    sentAt: r.at,
    note: r.payload.note ?? '',
    lines: r.payload.lines,
  }));
}

/** Every line on the road, by cooperative then transfer; `coop` narrows it to one cooperative's. */
export async function inTransit(pool: Pool, coopCode?: string): Promise<TransitRow[]> {
  const { rows } = await pool.query<TransitRow>(
    `SELECT l->>'coopCode' AS "coopCode", e.payload->>'transferId' AS "transferId", e.shop_id AS "fromShop",
       e.payload->>'toShop' AS "toShop", e.at AS "sentAt", l->>'sku' AS sku, (l->>'quantity')::bigint AS quantity
     FROM hq_events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'lines') l
     WHERE e.kind = 'transfer.send'
       AND NOT EXISTS (SELECT 1 FROM hq_events r
         WHERE r.kind = 'transfer.receive' AND r.payload->>'transferId' = e.payload->>'transferId'
           AND r.shop_id = e.payload->>'toShop')
       AND ($1::text IS NULL OR l->>'coopCode' = $1)
     ORDER BY 1, e.at, 2, 6`,
    [coopCode ?? null],
  );
  return rows;
}
