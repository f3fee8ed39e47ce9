/**
 * Whose invoice a sale may go on (a reviewer's finding): a sale made to account A was put on account B's
 * invoice when the request named B. A sale made to an account is invoiced to that account only; a sale
 * without one may still go to an account or to a one-off buyer. Over the station's HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createCustomer } from '../../db/services/customers';
import { quoteSale } from '../../db/services/quote';
import { useTestStation } from '../helpers/station';

const made = { a: 0, b: 0, saleOfA: 0, walkIn: 0 };

const ts = useTestStation({
  prepare(f) {
    made.a = createCustomer(f.store, null, {
      name: 'Hôtel La Tour Hassan',
      address: 'Boulevard Mohammed VI, Rabat',
      ice: '001525874000063',
      tier: 'wholesale',
    }).id;
    made.b = createCustomer(f.store, null, {
      name: 'Épicerie fine Atlas',
      address: 'Rue de la Liberté, Marrakech',
      ice: '003456789000012',
      tier: 'semi',
    }).id;
    const sell = (customerId: number | null) => {
      const lines = [{ productId: f.products.oil.id, quantity: 2_000 }];
      const { total } = quoteSale(f.store, { lines, customerId });
      return checkout(f.store, f.asCashier, {
        clientId: randomUUID(),
        customerId,
        lines,
        payments: [{ method: 'card', amount: total }],
      }).id;
    };
    made.saleOfA = sell(made.a);
    made.walkIn = sell(null);
  },
});

const FISCAL = {
  shop: { name: 'Souk Tadamoun', address: '24, avenue Mohammed V', city: 'Rabat', ice: '002716493000058' },
};

describe("an invoice's buyer and the sale's account", () => {
  let manager = '';

  it("refuses to put account A's sale on account B's invoice, and numbers nothing", async () => {
    const admin = await ts.login(ts.users.admin.id, '9999');
    const saved = await ts.call(
      'settings.update',
      { ...FISCAL, shop: { ...FISCAL.shop, if: '40298731', rc: '139517' } },
      admin,
    );
    expect(saved.ok, saved.code).toBe(true);
    manager = await ts.login(ts.users.manager.id, '2468');
    const other = await ts.call('invoices.issue', { saleId: made.saleOfA, customerId: made.b }, manager);
    expect([other.status, other.code]).toEqual([409, 'INVOICE_BUYER_MISMATCH']);
    const list = await ts.call('invoices.list', {}, manager);
    expect(list.result.total).toBe(0);
  });

  it('invoices the sale to its own account, named or not', async () => {
    const r = await ts.call('invoices.issue', { saleId: made.saleOfA, customerId: made.a }, manager);
    expect(r.ok, r.code).toBe(true);
    expect(r.result.buyer).toMatchObject({ customerId: made.a, name: 'Hôtel La Tour Hassan' });
    expect(r.result.number).toMatch(/^FA-\d{4}-000001$/);
  });

  it('invoices a sale without an account to the account the request names', async () => {
    const r = await ts.call('invoices.issue', { saleId: made.walkIn, customerId: made.b }, manager);
    expect(r.ok, r.code).toBe(true);
    expect(r.result.buyer).toMatchObject({ customerId: made.b, ice: '003456789000012' });
  });
});
