import type { Language } from '../../core/languages';
import type { ReceiptDocument } from '../../core/receipt/document';
import { renderReceiptHtml } from '../../core/receipt/render-html';
import { renderReceiptText } from '../../core/receipt/render-text';
import { receiptFromReturn } from '../../core/receipt/from-return';
import { receiptFromSale } from '../../core/receipt/from-sale';
import type { Store } from '../store';
import { getSale } from './checkout';
import { getReturn } from './returns';
import { getSettings } from './settings';

/** The printable receipt of a sale, built from what was recorded (a reprint is identical, marked as a copy). */
export function saleReceipt(
  store: Store,
  saleId: number,
  options: { language?: Language; copy?: boolean } = {},
): ReceiptDocument {
  const sale = getSale(store, saleId);
  const cashier = store.get<{ name: string; language: Language }>(
    'SELECT name, language FROM users WHERE id = ?',
    sale.cashierId,
  );
  return receiptFromSale(
    sale,
    getSettings(store).shop,
    cashier?.name ?? '',
    options.language ?? cashier?.language ?? 'fr',
    options.copy === true,
  );
}

/** A sale's receipt for the screen (preview, reprint): a copy, as text at a paper width and as HTML. */
export function saleReceiptView(
  store: Store,
  saleId: number,
  options: { language?: Language; columns?: 32 | 42 | 48 } = {},
): { text: string; html: string } {
  const doc = saleReceipt(store, saleId, {
    copy: true,
    ...(options.language ? { language: options.language } : {}),
  });
  return { text: renderReceiptText(doc, { columns: options.columns ?? 42 }), html: renderReceiptHtml(doc) };
}

/** The refund slip of a customer return, in the language of the person who made it. */
export function returnReceipt(
  store: Store,
  returnId: number,
  options: { language?: Language } = {},
): ReceiptDocument {
  const ret = getReturn(store, returnId);
  const sale = getSale(store, ret.saleId);
  const user = store.get<{ name: string; language: Language }>(
    'SELECT u.name, u.language FROM customer_returns r JOIN users u ON u.id = r.user_id WHERE r.id = ?',
    returnId,
  );
  return receiptFromReturn(
    ret,
    sale,
    getSettings(store).shop,
    user?.name ?? '',
    options.language ?? user?.language ?? 'fr',
  );
}
