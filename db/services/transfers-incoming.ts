/**
 * The receiving side's view of HQ's relay (hq/transfers.ts): which transfers are on their way to this shop,
 * and receiving one against its id. The shop's own file decides "already received" (transfers_in), so a
 * receive HQ has not heard of yet is never offered twice.
 */
import { fail } from '../../core/errors';
import { HQ_TRANSFERS_INCOMING_PATH, type IncomingTransfer } from '../../core/hq-catalog-wire';
import type { Actor, Store } from '../store';
import { hqRequest } from './hq-catalog-pull';
import type { HqPushConfig } from './hq-push';
import { receiveTransfer, receivedTransferIds, type TransferReceiveInput } from './transfers';

export async function incomingTransfers(store: Store, hq: HqPushConfig): Promise<IncomingTransfer[]> {
  const { transfers } = await hqRequest<{ transfers: IncomingTransfer[] }>(hq, HQ_TRANSFERS_INCOMING_PATH);
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
