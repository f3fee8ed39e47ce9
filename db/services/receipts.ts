import type { ReceiptDocument, ReceiptLanguage } from '../../core/receipt/document';
import { receiptFromSale } from '../../core/receipt/from-sale';
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
  const cashier = store.get<{ name: string; language: ReceiptLanguage }>(
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
