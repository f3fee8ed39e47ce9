import type { Language } from '../languages';
import type { ReceiptDocument } from './document';
import type { Payment, Sale, SaleLine } from '../sale';
import type { ShopSettings } from '../shop';
import type { VatBreakdownRow } from '../vat';

/** The fields of a recorded sale a receipt shows (the API's sale, or the database's): a narrowing of core's Sale. */
export interface SaleForReceipt extends Pick<
  Sale,
  'tillId' | 'receiptNo' | 'clientId' | 'at' | 'total' | 'discountTotal' | 'voided'
> {
  lines: readonly Pick<
    SaleLine,
    'nameFr' | 'nameAr' | 'tier' | 'unit' | 'quantity' | 'unitPrice' | 'discount' | 'amount' | 'vatCode'
  >[];
  vat: readonly VatBreakdownRow[];
  payments: readonly Pick<Payment, 'method' | 'amount' | 'tendered' | 'change'>[];
}

/**
 * One mapping from a sale to its receipt, used by the till's preview and by the printer, so what the
 * screen shows and what the customer takes home never differ.
 */
export function receiptFromSale(
  sale: SaleForReceipt,
  shop: ShopSettings,
  cashier: string,
  language: Language,
  copy = false,
  /** The station's offset at the sale (core/time.ts); the screens pass it, their tz data may be stale. */
  utcOffsetMinutes?: number,
): ReceiptDocument {
  return {
    shop: {
      name: shop.name,
      address: [shop.address, shop.city].filter(Boolean).join(', '),
      phone: shop.phone,
      ice: shop.ice,
      if: shop.if,
      rc: shop.rc,
      patente: shop.patente,
    },
    tillId: sale.tillId,
    receiptNumber: sale.receiptNo,
    saleId: sale.clientId,
    cashier,
    timestamp: sale.at,
    ...(utcOffsetMinutes !== undefined ? { utcOffsetMinutes } : {}),
    language,
    lines: sale.lines.map((l) => ({
      nameFr: l.nameFr,
      nameAr: l.nameAr,
      tier: l.tier,
      unit: l.unit,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
      amount: l.amount,
      vatCode: l.vatCode,
    })),
    totals: {
      total: sale.total,
      discountTotal: sale.discountTotal,
      itemCount: sale.lines.reduce((n, l) => n + (l.unit === 'piece' ? l.quantity / 1000 : 1), 0),
    },
    vat: sale.vat.map((v) => ({ code: v.code, rateBp: v.rateBp, gross: v.gross, vat: v.vat, net: v.net })),
    payments: sale.payments.map((p) => ({
      method: p.method,
      amount: p.amount,
      ...(p.tendered !== null ? { tendered: p.tendered } : {}),
      ...(p.change !== null ? { change: p.change } : {}),
    })),
    footer: shop.receiptFooter,
    flags: { isCopy: copy, isRefund: sale.voided },
  };
}
