import type { CashReport } from '../../db/services/cash';

const float = 50_000;
const cashSales = 734_556;
const cashRefunds = 9_500;
const cashIn = 10_000;
const cashOut = 20_000;
/** What the drawer should hold: the float, cash sales less cash refunds, paid in less paid out. */
const expectedCash = float + cashSales - cashRefunds + cashIn - cashOut;
const countedCash = 765_000;

/**
 * One closed session as cash.close reports it (87 sales over three payment methods and all three tiers, two
 * VAT rates, two voids, a refund, money in and out, a drawer 56 centimes short), for the documents drawn
 * from a Z report: its printer lines (documents/z-report.ts) and its A4 page (documents/cash-report-pdf.ts).
 */
export const closedSessionReport: CashReport = {
  sessionId: 12,
  tillId: 'T1',
  openedAt: Date.UTC(2025, 5, 2, 8, 0),
  closedAt: Date.UTC(2025, 5, 2, 19, 30),
  openingFloat: float,
  salesCount: 87,
  salesTotal: 1_234_556,
  discountTotal: 4_500,
  voidCount: 2,
  voidTotal: 12_000,
  refundCount: 1,
  refundTotal: cashRefunds,
  byMethod: { cash: cashSales, card: 400_000, mobile: 100_000, voucher: 0 },
  refundsByMethod: { cash: cashRefunds, card: 0, mobile: 0, voucher: 0 },
  byTier: { retail: 1_000_000, semi: 134_556, wholesale: 100_000 },
  vatByCode: [
    { vatCode: 'S20', amount: 900_000 },
    { vatCode: 'EX', amount: 334_556 },
  ],
  cashIn,
  cashOut,
  expectedCash,
  countedCash,
  variance: countedCash - expectedCash,
  firstReceiptNo: 1001,
  lastReceiptNo: 1089,
  journalSeq: 4321,
  journalHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};
