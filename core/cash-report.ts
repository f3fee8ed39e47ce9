/**
 * Cash sessions and X/Z reports as every layer sees them: what db/services/cash.ts returns, what
 * api/schemas.ts sends (checked equal at compile time), what documents/z-report.ts prints and the
 * till's X report and the manager's close show.
 */
import type { PaymentMethod } from './cash';
import type { PriceTier } from './pricing';

export interface CashSession {
  id: number;
  tillId: string;
  openedBy: number;
  openedAt: number;
  openingFloat: number;
  closedAt: number | null;
  closedBy: number | null;
}

export interface CashReport {
  sessionId: number;
  tillId: string;
  openedAt: number;
  closedAt: number | null;
  openingFloat: number;
  salesCount: number;
  salesTotal: number;
  discountTotal: number;
  voidCount: number;
  voidTotal: number;
  refundCount: number;
  refundTotal: number;
  byMethod: Record<PaymentMethod, number>;
  refundsByMethod: Record<PaymentMethod, number>;
  byTier: Record<PriceTier, number>;
  vatByCode: { vatCode: string; amount: number }[];
  cashIn: number;
  cashOut: number;
  expectedCash: number;
  countedCash: number | null;
  variance: number | null;
  firstReceiptNo: number | null;
  lastReceiptNo: number | null;
  /** The journal head sealed at Z close (its seq is also the number of entries); null before the close. */
  journalSeq: number | null;
  journalHash: string | null;
}
