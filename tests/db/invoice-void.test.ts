import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkout, getSale } from '../../db/services/checkout';
import { getInvoice, issueInvoice } from '../../db/services/invoices';
import { updateSettings } from '../../db/services/settings';
import { voidSale } from '../../db/services/voids';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
afterEach(() => f?.close());

describe('a void and an issued invoice', () => {
  it('refuses to void a sale that is on an invoice, and changes nothing', () => {
    f = makeFixture({ withStock: true });
    updateSettings(f.store, f.asAdmin, {
      shop: { ice: '002716493000058', if: '40298731', rc: '139517' },
    });
    const sale = checkout(f.store, f.asCashier, {
      clientId: randomUUID(),
      customerId: null,
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'card', amount: f.products.oil.retailPrice }],
    });
    const invoice = issueInvoice(f.store, f.asManager, {
      saleIds: [sale.id],
      buyer: {
        customerId: null,
        name: 'Riad Dar Zitoun',
        address: '12 derb Sidi Bouloukat, Marrakech',
        ice: '002345678000091',
        taxId: null,
      },
    });
    const stock = () =>
      f!.store.get<{ n: number }>('SELECT coalesce(sum(qty), 0) AS n FROM stock_movements')!.n;
    const before = stock();
    // The invoice is in the buyer's hands: a void would leave it billing a sale that no longer stands.
    expect(() => voidSale(f!.store, f!.asManager, { saleId: sale.id, reason: 'erreur' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_INVOICED' }),
    );
    expect(getSale(f.store, sale.id).voided).toBe(false);
    expect(stock()).toBe(before);
    expect(getInvoice(f.store, invoice.id).saleIds).toEqual([sale.id]);
  });
});
