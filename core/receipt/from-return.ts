import { vatBreakdown, type VatCode } from '../vat';
import type { Language } from '../languages';
import type { ReceiptDocument } from './document';
import type { ShopSettings } from '../shop';
import type { SaleForReceipt } from './from-sale';
import { receiptFromSale } from './from-sale';

/** The fields of a recorded customer return a refund slip shows. */
export interface ReturnForReceipt {
  returnNo: number;
  at: number;
  total: number;
  refundMethod: 'cash' | 'card' | 'mobile' | 'voucher';
  lines: readonly { saleLineId: number; quantity: number; amount: number }[];
}

export type SaleWithLineIds = Omit<SaleForReceipt, 'lines'> & {
  lines: readonly (SaleForReceipt['lines'][number] & { id: number })[];
};

/**
 * The refund slip of a customer return: the shop header, the return's number (its barcode "R…" so a scan
 * never finds a sale), the receipt it refunds, the returned lines and the refund as negative amounts.
 */
export function receiptFromReturn(
  ret: ReturnForReceipt,
  sale: SaleWithLineIds,
  shop: ShopSettings,
  cashier: string,
  language: Language,
  utcOffsetMinutes?: number,
): ReceiptDocument {
  const lines = ret.lines.map((r) => {
    const sold = sale.lines.find((l) => l.id === r.saleLineId);
    if (!sold) throw new RangeError(`return line refers to sale line ${r.saleLineId}, not in sale`);
    return { ...sold, quantity: -r.quantity, discount: 0, amount: -r.amount };
  });
  const base = receiptFromSale(
    {
      ...sale,
      at: ret.at,
      total: -ret.total,
      discountTotal: 0,
      voided: false,
      lines,
      vat: vatBreakdown(lines.map((l) => ({ vatCode: l.vatCode as VatCode, amount: l.amount }))),
      payments: [{ method: ret.refundMethod, amount: -ret.total, tendered: null, change: null }],
    },
    shop,
    cashier,
    language,
    false,
    utcOffsetMinutes,
  );
  return {
    ...base,
    receiptNumber: ret.returnNo,
    saleId: `${sale.clientId}/R${ret.returnNo}`,
    totals: {
      ...base.totals,
      itemCount: lines.reduce((n, l) => n + (l.unit === 'piece' ? -l.quantity / 1000 : 1), 0),
    },
    flags: { isCopy: false, isRefund: true },
    refund: { saleReceiptNumber: sale.receiptNo },
  };
}
