import type { ReceiptDocument, ReceiptLanguage } from '../../core/receipt/document';
import type { Store } from '../store';
import { getSale } from './checkout';
import { getSettings } from './settings';

/** The printable receipt of a sale, built from what was recorded (a reprint is identical, marked as a copy). */
export function saleReceipt(
  store: Store,
  saleId: number,
  options: { language?: ReceiptLanguage; copy?: boolean } = {},
): ReceiptDocument {
  const sale = getSale(store, saleId);
  const { shop } = getSettings(store);
  const cashier = store.get<{ name: string; language: ReceiptLanguage }>(
    'SELECT name, language FROM users WHERE id = ?',
    sale.cashierId,
  );
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
    cashier: cashier?.name ?? '',
    timestamp: sale.at,
    language: options.language ?? cashier?.language ?? 'fr',
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
    flags: { isCopy: options.copy === true, isRefund: sale.voided },
  };
}
