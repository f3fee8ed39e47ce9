/**
 * Sales and customer returns as every layer sees them: what db/services/checkout.ts and returns.ts return,
 * what api/schemas.ts sends (SaleOut, ReturnOut: checked equal at compile time), what the till shows and the
 * receipt prints (core/receipt/from-sale.ts takes a Pick of it).
 */
import type { PaymentMethod } from './cash';
import type { PricedLine } from './pricing';
import type { Unit } from './quantity';
import type { VatBreakdownRow, VatCode } from './vat';

/** A recorded sale line: its pricing (core/pricing.ts), its consignor and payout frozen at sale time. */
export interface SaleLine extends PricedLine {
  id: number;
  lineNo: number;
  productId: number;
  cooperativeId: number;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  /** Milli-units. */
  quantity: number;
  vatCode: VatCode;
  /** The rate the line was sold at, frozen: receipts, reports and invoices read it, never today's table. */
  vatRateBp: number;
  payout: number;
  commission: number;
  /** Milli-units already brought back by customer returns. */
  returnedQuantity: number;
}

export interface Payment {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  change: number | null;
  reference: string | null;
}

export interface Sale {
  id: number;
  clientId: string;
  tillId: string;
  receiptNo: number;
  sessionId: number;
  cashierId: number;
  customerId: number | null;
  at: number;
  total: number;
  discountTotal: number;
  voided: boolean;
  lines: SaleLine[];
  payments: Payment[];
  vat: VatBreakdownRow[];
  change: number;
  /** True when this clientId had already been checked out: the existing sale is returned, nothing is written. */
  replayed: boolean;
}

/** A sale in a list (sales.list): no lines. */
export interface SaleSummary {
  id: number;
  tillId: string;
  receiptNo: number;
  at: number;
  total: number;
  voided: boolean;
  cashierId: number;
}

/** A recorded customer return: what was brought back of which sale line, and the refund. */
export interface CustomerReturn {
  id: number;
  clientId: string;
  tillId: string;
  returnNo: number;
  saleId: number;
  at: number;
  total: number;
  refundMethod: PaymentMethod;
  lines: {
    id: number;
    saleLineId: number;
    productId: number;
    cooperativeId: number;
    quantity: number;
    amount: number;
    payout: number;
    commission: number;
    restock: boolean;
  }[];
  replayed: boolean;
}
