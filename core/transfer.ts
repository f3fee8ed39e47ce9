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
