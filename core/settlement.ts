/**
 * Settlement statements as every layer sees them: what db/services/settlements.ts returns, what
 * api/schemas.ts sends (checked equal at compile time), what documents/ prints and the back office shows.
 */
import type { Cooperative } from './cooperative';
import type { PriceTier } from './pricing';
import type { Unit } from './quantity';

export interface StatementLine {
  productId: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  tier: PriceTier;
  quantity: number;
  amount: number;
  payout: number;
  commission: number;
}

/** A customer return carried into a statement: a sale line without its tier. */
export type StatementReturnLine = Omit<StatementLine, 'tier'>;

/**
 * A statement pays the cooperative; a debit note says the cooperative owes the shop (its returns
 * exceeded its sales). A draft's kind is what issuing it would take: a debit note needs the manager to ask.
 */
export const SETTLEMENT_KINDS = ['statement', 'debit_note'] as const;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];

export const SETTLEMENT_STATUSES = ['draft', 'issued', 'paid'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export interface SettlementTotals {
  grossSales: number;
  returns: number;
  netSales: number;
  commission: number;
  payout: number;
}

export interface SettlementStatement {
  id: number | null;
  number: string | null;
  kind: SettlementKind;
  status: SettlementStatus;
  cooperative: Cooperative;
  periodStart: number;
  periodEnd: number;
  issuedAt: number | null;
  paidAt: number | null;
  paymentReference: string | null;
  /** Sales grouped by product and tier. */
  sales: StatementLine[];
  /** Customer returns carried into this statement (positive numbers, subtracted in the totals). */
  returns: StatementReturnLine[];
  totals: SettlementTotals;
  saleLineCount: number;
  returnLineCount: number;
}

/** An issued statement in the list: its totals without its lines. */
export interface SettlementSummary {
  id: number;
  number: string;
  kind: SettlementKind;
  cooperativeId: number;
  periodStart: number;
  periodEnd: number;
  issuedAt: number;
  netSales: number;
  commission: number;
  payout: number;
  paidAt: number | null;
}
