/**
 * The receiving side's view of HQ's relay (hq/transfers.ts): which transfers are on their way to this shop,
 * and receiving one against its id. The shop's own file decides "already received" (transfers_in), so a
 * receive HQ has not heard of yet is never offered twice.
 */
import { fail } from '../../core/errors';
import { HQ_TRANSFERS_INCOMING_PATH, type IncomingTransfer } from '../../core/hq-catalog-wire';
import {
  HQ_TRANSFERS_RECEIPTS_PATH,
  HQ_TRANSFERS_SHOPS_PATH,
  type ChainShop,
  type TransferReceipt,
} from '../../core/transfer';
import type { Actor, Store } from '../store';
import { hqRequest } from './hq-catalog-pull';
import type { HqPushConfig } from './hq-push';
import { receiveTransfer, receivedTransferIds, type TransferReceiveInput } from './transfers';

/**
 * How long the manager's screen waits for HQ before saying it is unreachable: a shop outside the big cities
 * often has no link, and the send itself never waits for HQ (it is journaled and pushed later).
 */
const HQ_SCREEN_TIMEOUT_MS = 10_000;

export async function incomingTransfers(store: Store, hq: HqPushConfig): Promise<IncomingTransfer[]> {
  const { transfers } = await hqRequest<{ transfers: IncomingTransfer[] }>(hq, HQ_TRANSFERS_INCOMING_PATH, {
    timeoutMs: HQ_SCREEN_TIMEOUT_MS,
  });
  const done = receivedTransferIds(
    store,
    transfers.map((t) => t.transferId),
  );
  return transfers.filter((t) => !done.has(t.transferId));
}

/** Receives the transfer HQ relays under this id; one HQ does not list (unknown, or received) is refused. */
export async function receiveIncomingTransfer(
  store: Store,
  actor: Actor,
  hq: HqPushConfig,
  transferId: string,
  input: TransferReceiveInput,
): Promise<{ id: number; shortfall: number }> {
  const { transfers } = await hqRequest<{ transfers: IncomingTransfer[] }>(hq, HQ_TRANSFERS_INCOMING_PATH);
  const transfer = transfers.find((t) => t.transferId === transferId);
  if (!transfer) {
    // Received here already (HQ may not have heard yet): say so rather than "unknown".
    if (receivedTransferIds(store, [transferId]).size > 0) {
      fail('TRANSFER_ALREADY_RECEIVED', `Transfer ${transferId} was already received.`, { transferId });
    }
    fail('NOT_FOUND', `No transfer ${transferId} is on its way to this shop.`, { transferId });
  }
  return receiveTransfer(store, actor, transfer, input);
}

/** The chain's other shops, which a transfer can go to (HQ's register). */
export async function chainShops(hq: HqPushConfig): Promise<ChainShop[]> {
  const { shops } = await hqRequest<{ shops: ChainShop[] }>(hq, HQ_TRANSFERS_SHOPS_PATH, {
    timeoutMs: HQ_SCREEN_TIMEOUT_MS,
  });
  return shops;
}

/** What the receiving shops have received of this shop's transfers, as far as HQ has heard. */
export async function sentReceipts(hq: HqPushConfig): Promise<TransferReceipt[]> {
  const { receipts } = await hqRequest<{ receipts: TransferReceipt[] }>(hq, HQ_TRANSFERS_RECEIPTS_PATH, {
    timeoutMs: HQ_SCREEN_TIMEOUT_MS,
  });
  return receipts;
}
