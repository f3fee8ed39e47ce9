import { useEffect, useState } from 'react';
import type { ReceiptDocument } from '../../core/receipt/document';
import { renderReceiptHtml } from '../../core/receipt/render-html';
import { Modal } from '../components/Modal';
import { formatMoney, useLang, useT, type Language } from '../i18n';
import type { Sale } from '../stores/cart';
import { useSession, type ShopSettings } from '../stores/session';

export function receiptDocument(
  sale: Sale,
  shop: ShopSettings,
  cashier: string,
  language: Language,
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
      itemCount: sale.lines.reduce((s, l) => s + (l.unit === 'piece' ? l.quantity / 1000 : 1), 0),
    },
    vat: sale.vat.map((v) => ({ code: v.code, rateBp: v.rateBp, gross: v.gross, vat: v.vat, net: v.net })),
    payments: sale.payments.map((p) => ({
      method: p.method,
      amount: p.amount,
      ...(p.tendered !== null ? { tendered: p.tendered } : {}),
      ...(p.change !== null ? { change: p.change } : {}),
    })),
    footer: shop.receiptFooter,
    flags: { isCopy: false, isRefund: false },
  };
}

export function ReceiptDialog(props: { sale: Sale; onNewSale(): void }) {
  const t = useT();
  const lang = useLang();
  const user = useSession((s) => s.user);
  const loadShop = useSession((s) => s.loadShop);
  const [shop, setShop] = useState<ShopSettings | null>(useSession.getState().shop);
  useEffect(() => {
    if (!shop)
      void loadShop()
        .then(setShop)
        .catch(() => null);
  }, [shop, loadShop]);
  const { sale } = props;
  let html: string | null = null;
  if (shop) {
    try {
      html = renderReceiptHtml(receiptDocument(sale, shop, user?.name ?? '', lang));
    } catch {
      html = null; // the plain summary below still shows what matters
    }
  }
  return (
    <Modal title={t('receipt.title', { receipt: sale.receiptNo })} onClose={props.onNewSale}>
      {sale.replayed && <p className="notice">{t('receipt.replayed')}</p>}
      {sale.change > 0 && (
        <div className="change-box change-huge">
          <span>{t('pay.change')}</span>
          <strong data-testid="receipt-change">{formatMoney(sale.change)}</strong>
        </div>
      )}
      {html ? (
        <div className="receipt-preview" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="big-total">
          {t('common.total')} {formatMoney(sale.total)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-primary btn-large" data-autofocus onClick={props.onNewSale}>
          {t('receipt.newSale')}
        </button>
      </div>
    </Modal>
  );
}
