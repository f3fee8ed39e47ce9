/**
 * Tills and back-office tablets as the shop's registered devices (issue 11), and the shop-level Z:
 * what db/services/tills.ts and shop-z.ts return, what api/methods/tills.ts sends (sends<T>()), what the
 * Tills and cash screens show.
 */
import type { PaymentMethod } from './cash';

export const TILL_KINDS = ['till', 'backoffice'] as const;
export type TillKind = (typeof TILL_KINDS)[number];
/** 'station': the station's own till, reached on loopback without pairing. */
export const TILL_STATUSES = ['station', 'unpaired', 'paired', 'revoked'] as const;
export type TillStatus = (typeof TILL_STATUSES)[number];

export interface TillDevice {
  id: string;
  name: string;
  kind: TillKind;
  status: TillStatus;
  createdAt: number | null;
  pairedAt: number | null;
  revokedAt: number | null;
  /** When the live pairing code (if any) stops working. */
  codeExpiresAt: number | null;
  nextReceiptNo: number;
  /** The till's open cash session, so the manager sees who is selling where. */
  openSession: { id: number; openedAt: number; openedBy: number; openedByName: string } | null;
}

export interface PairingCode {
  tillId: string;
  /** The secret as shown and typed: `ABCDE-FGHJK`. */
  code: string;
  /** `souk-pair:…` with the station's addresses and certificate fingerprint, for scanning; null without TLS. */
  fullCode: string | null;
  expiresAt: number;
}

export interface Pairing {
  tillId: string;
  tillName: string;
  kind: TillKind;
  /** Sent by the till on every call as `x-souk-till`; the station keeps only its hash. */
  token: string;
  shopName: string;
}

/** What a Z adds up to, for one till or for the whole shop. */
export interface ZTotals {
  sessions: number;
  salesCount: number;
  salesTotal: number;
  discountTotal: number;
  voidCount: number;
  voidTotal: number;
  refundCount: number;
  refundTotal: number;
  byMethod: Record<PaymentMethod, number>;
  refundsByMethod: Record<PaymentMethod, number>;
  vatByCode: { vatCode: string; amount: number }[];
  cashIn: number;
  cashOut: number;
  expectedCash: number;
  countedCash: number;
  /** Counted minus expected: each till's drawer on its own, and their sum for the shop. */
  variance: number;
}

/** One till's part of the shop Z: its sessions closed that day. */
export interface TillZ extends ZTotals {
  tillId: string;
  tillName: string;
  sessionIds: number[];
}

export interface ShopZ {
  /** The shop's calendar day (Africa/Casablanca), yyyy-mm-dd. */
  day: string;
  tills: TillZ[];
  shop: ZTotals;
  /** Sessions still open: their sales are not in this Z until they close. */
  openSessions: { sessionId: number; tillId: string; openedAt: number }[];
}
