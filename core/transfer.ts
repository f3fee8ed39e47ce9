import type { Unit } from './quantity';

/**
 * A transfer of consigned stock between shops as the shop's manager sees it (db/services/transfers.ts returns
 * it, transfers.list sends it, the Transfers screen reads it).
 */
export interface TransferView {
  direction: 'out' | 'in';
  transferId: string;
  /** The other shop. */
  shop: string;
  at: number;
  /** When the sender sent it (for one received; `at` for one sent). */
  sentAt: number;
  note: string;
  lines: {
    productId: number;
    sku: string;
    nameFr: string;
    nameAr: string;
    unit: Unit;
    cooperativeId: number;
    cooperativeName: string;
    sent: number;
    /** Null for a transfer sent (the receiver says). */
    received: number | null;
    lot: string;
    bestBefore: string | null;
  }[];
}

/** Shops ask HQ (push key) which shops of the chain they can send to: every other one, a central store too. */
export const HQ_TRANSFERS_SHOPS_PATH = '/hq/v1/transfers/shops';
/** Shops ask HQ (push key) which of the transfers they sent the receiving shop has received, and how much. */
export const HQ_TRANSFERS_RECEIPTS_PATH = '/hq/v1/transfers/receipts';

/** A shop of the chain as HQ registered it. */
export interface ChainShop {
  id: string;
  name: string;
}

/** The receiving shop's receipt of a transfer this shop sent, as HQ heard it from that shop's journal. */
export interface TransferReceipt {
  transferId: string;
  receivedAt: number;
  /** What arrived of each line, in the transfer's order (milli-units). */
  received: number[];
}

/** Where a transfer stands for the shop's manager. */
export type TransferStatus = 'in_transit' | 'received' | 'shortfall' | 'unknown';

/**
 * A transfer's status: one received here is 'received' or 'shortfall' from its own lines; one sent is
 * 'in_transit' until HQ relays the receiver's receipt, or 'unknown' when HQ could not be asked.
 */
export function transferStatus(
  t: Pick<TransferView, 'direction' | 'lines'>,
  receipt: TransferReceipt | null | undefined,
  hqAnswered: boolean,
): TransferStatus {
  const counted =
    t.direction === 'in' ? t.lines.map((l) => l.received ?? 0) : receipt ? receipt.received : null;
  if (counted === null) return t.direction === 'out' && !hqAnswered ? 'unknown' : 'in_transit';
  return t.lines.some((l, i) => (counted[i] ?? 0) < l.sent) ? 'shortfall' : 'received';
}
