import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import {
  issueCreditNote,
  issueInvoice,
  issueInvoiceForAccount,
  type InvoiceBuyer,
} from '../../db/services/invoices';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
afterEach(() => f?.close());

const buyer: InvoiceBuyer = {
  customerId: null,
  name: 'Riad Dar Zitoun',
  address: '12 derb Sidi Bouloukat, Marrakech',
  ice: '002 345 678 000 091',
  taxId: '45678912',
};

function sell(fx: ReturnType<typeof makeFixture>, customerId: number | null = null) {
  return checkout(fx.store, fx.asCashier, {
    clientId: randomUUID(),
    customerId,
    lines: [
      { productId: fx.products.oil.id, quantity: 1_000 },
      { productId: fx.products.amlou.id, quantity: 1_000 },
    ],
    payments: [{ method: 'card', amount: fx.products.oil.retailPrice + fx.products.amlou.retailPrice }],
  });
}

describe('invoices', () => {
  it('numbers FA-year-seq without gaps across a year boundary, totals per frozen rate', () => {
    f = makeFixture({ withStock: true });
    f.setClock(Date.UTC(2026, 11, 31, 12, 0));
    const a = issueInvoice(f.store, f.asManager, { saleIds: [sell(f).id], buyer, paymentTerms: '30 jours' });
    const b = issueInvoice(f.store, f.asManager, { saleIds: [sell(f).id], buyer, paymentTerms: '30 jours' });
    // 23:30 UTC on 31 December is 1 January in Casablanca: the new year's series.
    f.setClock(Date.UTC(2026, 11, 31, 23, 30));
    const c = issueInvoice(f.store, f.asManager, { saleIds: [sell(f).id], buyer, paymentTerms: '30 jours' });
    expect([a.number, b.number, c.number]).toEqual(['FA-2026-000001', 'FA-2026-000002', 'FA-2027-000001']);
    expect(a.buyer.ice).toBe('002345678000091');
    expect(a.totals.byRate.map((r) => r.rateBp)).toEqual([2000, 700]);
    expect(a.totals.ttc).toBe(f.products.oil.retailPrice + f.products.amlou.retailPrice);
    expect(a.totals.ht + a.totals.tva).toBe(a.totals.ttc);
  });

  it('refuses a bad ICE and a sale invoiced twice', () => {
    f = makeFixture({ withStock: true });
    const sale = sell(f);
    expect(() =>
      issueInvoice(f!.store, f!.asManager, {
        saleIds: [sale.id],
        buyer: { ...buyer, ice: '12345' },
        paymentTerms: '',
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ICE' }));
    issueInvoice(f.store, f.asManager, { saleIds: [sale.id], buyer, paymentTerms: 'comptant' });
    expect(() =>
      issueInvoice(f!.store, f!.asManager, { saleIds: [sale.id], buyer, paymentTerms: '' }),
    ).toThrow(expect.objectContaining({ code: 'ALREADY_INVOICED' }));
  });

  it('an issued invoice cannot be edited by raw SQL; a credit note corrects it once', () => {
    f = makeFixture({ withStock: true });
    const inv = issueInvoice(f.store, f.asManager, {
      saleIds: [sell(f).id],
      buyer,
      paymentTerms: 'comptant',
    });
    expect(() => f!.db.prepare("UPDATE invoices SET buyer_name = 'X' WHERE id = ?").run(inv.id)).toThrow(
      /immutable/,
    );
    expect(() =>
      f!.db.prepare('UPDATE invoice_lines SET amount = 1 WHERE invoice_id = ?').run(inv.id),
    ).toThrow(/immutable/);
    expect(() => f!.db.prepare('DELETE FROM invoice_sales WHERE invoice_id = ?').run(inv.id)).toThrow(
      /stays/,
    );
    const av = issueCreditNote(f.store, f.asManager, { invoiceId: inv.id, reason: 'Erreur de quantité' });
    expect(av.number).toMatch(/^AV-\d{4}-000001$/);
    expect(av.correctsId).toBe(inv.id);
    expect(av.totals.ttc).toBe(-inv.totals.ttc);
    expect(() => issueCreditNote(f!.store, f!.asManager, { invoiceId: inv.id, reason: '' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it("invoices an account's not-yet-invoiced sales over a period, then has nothing left", () => {
    f = makeFixture({ withStock: true });
    const customerId = Number(
      f.db
        .prepare("INSERT INTO customers (name, phone, tier, created_at) VALUES ('Riad', NULL, 'retail', 0)")
        .run().lastInsertRowid,
    );
    const s1 = sell(f, customerId);
    const s2 = sell(f, customerId);
    sell(f); // another buyer's sale stays out
    issueInvoice(f.store, f.asManager, { saleIds: [s1.id], buyer, paymentTerms: 'comptant' });
    const period = { customerId, from: 0, to: f.now() + 1, buyer, paymentTerms: '30 jours fin de mois' };
    const inv = issueInvoiceForAccount(f.store, f.asManager, period);
    expect(inv.saleIds).toEqual([s2.id]);
    expect(() => issueInvoiceForAccount(f!.store, f!.asManager, period)).toThrow(
      expect.objectContaining({ code: 'INVOICE_EMPTY' }),
    );
  });
});
