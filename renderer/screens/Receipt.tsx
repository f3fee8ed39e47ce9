import { useEffect, useState } from 'react';
import type { ReceiptDocument } from '../../core/receipt/document';
import { receiptFromSale } from '../../core/receipt/from-sale';
import { renderReceiptHtml } from '../../core/receipt/render-html';
import { Modal } from '../components/Modal';
import { formatMoney, useLang, useT, type Language } from '../i18n';
import type { Sale } from '../stores/cart';
import { shopOffsetAt } from '../stores/clock';
import { useSession, type ShopSettings } from '../stores/session';

export function receiptDocument(
  sale: Sale,
  shop: ShopSettings,
  cashier: string,
  language: Language,
): ReceiptDocument {
  return receiptFromSale(sale, shop, cashier, language, false, shopOffsetAt(sale.at));
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
