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
import {
  receiveTransfer,
  receivedTransferIds,
  storedTransferReceipt,
  type TransferReceived,
  type TransferReceiveInput,
} from './transfers';

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

/**
 * Receives the transfer HQ relays under this id; one HQ does not list is unknown here. One this shop has
 * received already is answered from its own file first, without HQ (which may not have heard yet, or be out
 * of reach): a retry after a lost answer gets the stored receipt, another count TRANSFER_ALREADY_RECEIVED.
 */
export async function receiveIncomingTransfer(
  store: Store,
  actor: Actor,
  hq: HqPushConfig,
  transferId: string,
  input: TransferReceiveInput,
): Promise<TransferReceived> {
  const stored = storedTransferReceipt(store, transferId, input);
  if (stored) return stored;
  const { transfers } = await hqRequest<{ transfers: IncomingTransfer[] }>(hq, HQ_TRANSFERS_INCOMING_PATH);
  const transfer = transfers.find((t) => t.transferId === transferId);
  if (!transfer) fail('NOT_FOUND', `No transfer ${transferId} is on its way to this shop.`, { transferId });
  // receiveTransfer looks again inside its transaction: a receive that landed while HQ answered is a retry.
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
