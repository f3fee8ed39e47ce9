/**
 * Transfers of consigned stock between shops, as HQ sees them: straight from the shops' journals
 * (hq_events), so HQ holds no second copy to keep in step. A transfer is sent when the sending shop's
 * `transfer.send` entry reached HQ, and arrived when the receiving shop's `transfer.receive` for the same
 * transferId did; in between it is in transit. Ownership never moves: each line names its cooperative.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IncomingTransfer, TransferLine, TransitRow } from '../core/hq-catalog-wire';
import {
  HQ_TRANSFERS_RECEIPTS_PATH,
  HQ_TRANSFERS_SHOPS_PATH,
  type ChainShop,
  type TransferReceipt,
} from '../core/transfer';
import { HQ_SHOP_HEADER } from '../core/hq-wire';
import type { Pool } from './db';
import { bearer, sendJson, type HqContext } from './http';
import { authenticateShop } from './shops';

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

/** The shops a shop can send to: every other shop HQ registered (a central store is one), by name. */
export async function chainShops(pool: Pool, shopId: string): Promise<ChainShop[]> {
  const { rows } = await pool.query<ChainShop>(
    'SELECT id, name FROM hq_shops WHERE id <> $1 ORDER BY name, id',
    [shopId],
  );
  return rows;
}

/** Receipts of the transfers this shop sent, from the receivers' journals (the receiver named in the send). */
export async function sentReceipts(pool: Pool, shopId: string): Promise<TransferReceipt[]> {
  const { rows } = await pool.query<{ transfer_id: string; at: number; lines: { received: number }[] }>(
    `SELECT r.payload->>'transferId' AS transfer_id, r.at, r.payload->'lines' AS lines
     FROM hq_events e JOIN hq_events r ON r.kind = 'transfer.receive'
       AND r.payload->>'transferId' = e.payload->>'transferId' AND r.shop_id = e.payload->>'toShop'
     WHERE e.kind = 'transfer.send' AND e.shop_id = $1
     ORDER BY r.at, 1`,
    [shopId],
  );
  return rows.map((r) => ({
    transferId: r.transfer_id,
    receivedAt: Number(r.at),
    received: r.lines.map((l) => Number(l.received)),
  }));
}

/** The shop-facing transfer routes beside incoming (hq/catalog-routes.ts): the chain's shops, receipts of sends. */
export async function transfersRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const path = url.pathname;
  if (path !== HQ_TRANSFERS_SHOPS_PATH && path !== HQ_TRANSFERS_RECEIPTS_PATH) return false;
  // The shop's push key, as for its incoming transfers: a shop learns only about its own sends.
  const shopId = String(req.headers[HQ_SHOP_HEADER] ?? '');
  await authenticateShop(ctx.pool, shopId, bearer(req));
  if (path === HQ_TRANSFERS_SHOPS_PATH) sendJson(res, 200, { shops: await chainShops(ctx.pool, shopId) });
  else sendJson(res, 200, { receipts: await sentReceipts(ctx.pool, shopId) });
  return true;
}
