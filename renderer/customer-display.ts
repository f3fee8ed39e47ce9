import { centimesToDecimal } from '../core/money';
import { call } from './api/client';
import { formatQuantity } from './i18n';
import { priceCart, useCart, type Cart } from './stores/cart';
import { useSession } from './stores/session';

/** Display text is French (pole displays have no Arabic glyphs); amounts use the decimal comma. */
const amountText = (c: number) => centimesToDecimal(c).replace('.', ',');

function changedLineKey(prev: Cart, next: Cart): string | null {
  for (const line of [...next.lines].reverse()) {
    const before = prev.lines.find((l) => l.key === line.key);
    if (!before || before.quantity !== line.quantity) return line.key;
  }
  return null;
}

function show(input: Parameters<typeof call<'devices.display'>>[1]): void {
  if (!useSession.getState().token) return;
  // The display is a courtesy to the customer: a missing or unplugged one never disturbs the sale.
  call('devices.display', input).catch(() => undefined);
}

/**
 * Mirrors the till on the customer's pole display: the item just scanned with its amount, the change
 * after a cash sale, a welcome line when the cart is empty.
 */
export function startCustomerDisplay(): () => void {
  return useCart.subscribe((state, prev) => {
    if (state.lastSale && state.lastSale !== prev.lastSale) {
      const sale = state.lastSale;
      const tendered = sale.payments.reduce((s, p) => s + (p.tendered ?? p.amount), 0);
      show({ screen: 'payment', total: sale.total, tendered, change: sale.change });
      return;
    }
    if (state.current === prev.current) return;
    if (state.current.lines.length === 0) {
      if (prev.current.lines.length > 0 && !state.lastSale) show({ screen: 'welcome' });
      return;
    }
    const key = changedLineKey(prev.current, state.current);
    if (!key) return;
    const line = priceCart(state.current).lines.find((l) => l.key === key);
    if (!line?.priced) return;
    const quantityText =
      line.product.unit === 'piece'
        ? `${line.quantity / 1000} x ${amountText(line.priced.unitPrice)}`
        : formatQuantity(line.product.unit, line.quantity, 'fr');
    show({
      screen: 'item',
      nameFr: line.product.nameFr,
      quantityText: quantityText.slice(0, 20),
      amount: line.priced.amount,
    });
  });
}
