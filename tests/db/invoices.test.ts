import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import {
  issueCreditNote,
  issueInvoice,
  accountBuyer,
  getInvoice,
  issueInvoiceForAccount,
  listInvoices,
  type InvoiceBuyer,
} from '../../db/services/invoices';
import { updateSettings } from '../../db/services/settings';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
afterEach(() => f?.close());

/** A fixture whose shop can invoice: its ICE, IF and RC filled in as an administrator would. */
function invoicingFixture() {
  const fx = makeFixture({ withStock: true });
  updateSettings(fx.store, fx.asAdmin, {
    shop: { name: 'Souk Tadamoun', address: '24, avenue Mohammed V', city: 'Rabat' },
  });
  updateSettings(fx.store, fx.asAdmin, {
    shop: { ice: '002716493000058', if: '40298731', rc: '139517' },
    invoicing: { rcCourt: 'Rabat', legalName: 'Tadamoun SARL', paymentDays: 30, paymentEndOfMonth: true },
  });
  return fx;
}

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
    f = invoicingFixture();
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
    f = invoicingFixture();
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
    f = invoicingFixture();
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
    f = invoicingFixture();
    const customerId = Number(
      f.db
        .prepare("INSERT INTO customers (name, phone, tier, created_at) VALUES ('Riad', NULL, 'retail', 0)")
        .run().lastInsertRowid,
    );
    const s1 = sell(f, customerId);
    const s2 = sell(f, customerId);
    sell(f); // another buyer's sale stays out
    // An account's sale goes on that account's invoice only (INVOICE_BUYER_MISMATCH for anyone else).
    expect(() =>
      issueInvoice(f!.store, f!.asManager, { saleIds: [s1.id], buyer, paymentTerms: 'comptant' }),
    ).toThrow(expect.objectContaining({ code: 'INVOICE_BUYER_MISMATCH' }));
    issueInvoice(f.store, f.asManager, {
      saleIds: [s1.id],
      buyer: { ...buyer, customerId },
      paymentTerms: 'comptant',
    });
    const period = { customerId, from: 0, to: f.now() + 1, buyer, paymentTerms: '30 jours fin de mois' };
    const inv = issueInvoiceForAccount(f.store, f.asManager, period);
    expect(inv.saleIds).toEqual([s2.id]);
    expect(() => issueInvoiceForAccount(f!.store, f!.asManager, period)).toThrow(
      expect.objectContaining({ code: 'INVOICE_EMPTY' }),
    );
  });

  it("is refused while the shop's ICE, IF or RC are missing, and changes nothing", () => {
    f = makeFixture({ withStock: true });
    const sale = sell(f);
    expect(() => issueInvoice(f!.store, f!.asManager, { saleIds: [sale.id], buyer })).toThrow(
      expect.objectContaining({ code: 'SHOP_FISCAL_ID_MISSING', details: { missing: ['ice', 'if', 'rc'] } }),
    );
    updateSettings(f.store, f.asAdmin, { shop: { ice: '002716493000058', if: '40298731' } });
    expect(() => issueInvoice(f!.store, f!.asManager, { saleIds: [sale.id], buyer })).toThrow(
      expect.objectContaining({ code: 'SHOP_FISCAL_ID_MISSING', details: { missing: ['rc'] } }),
    );
    expect(f.db.prepare('SELECT count(*) AS n FROM invoices').get()).toEqual({ n: 0 });
    expect(f.db.prepare('SELECT count(*) AS n FROM invoice_counters').get()).toEqual({ n: 0 });
    expect(() => updateSettings(f!.store, f!.asAdmin, { shop: { ice: '0027164930' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ICE' }),
    );
  });

  it('freezes the shop identity and the due day; a later settings change leaves the invoice as issued', () => {
    f = invoicingFixture();
    f.setClock(Date.UTC(2026, 11, 15, 10, 0));
    const inv = issueInvoice(f.store, f.asManager, { saleIds: [sell(f).id], buyer });
    expect(inv.paymentTerms).toBe('30 jours fin de mois');
    expect(inv.dueDay).toBe('2027-01-31');
    expect(inv.seller).toMatchObject({
      name: 'Souk Tadamoun',
      legalName: 'Tadamoun SARL',
      address: '24, avenue Mohammed V, Rabat',
      ice: '002716493000058',
      if: '40298731',
      rc: '139517',
      rcCourt: 'Rabat',
    });
    updateSettings(f.store, f.asAdmin, { shop: { address: '3, rue Oued Fès', rc: '999' } });
    expect(getInvoice(f.store, inv.id).seller).toEqual(inv.seller);
    const cash = issueInvoice(f.store, f.asManager, {
      saleIds: [sell(f).id],
      buyer,
      paymentTerms: { days: 0, endOfMonth: false, note: 'par virement' },
    });
    expect(cash.paymentTerms).toBe('Comptant - par virement');
    expect(cash.dueDay).toBe('2026-12-15');
  });

  it('a credit note for chosen lines negates only them and names the invoice it corrects', () => {
    f = invoicingFixture();
    const inv = issueInvoice(f.store, f.asManager, { saleIds: [sell(f).id], buyer });
    expect(inv.lines).toHaveLength(2);
    expect(() =>
      issueCreditNote(f!.store, f!.asManager, { invoiceId: inv.id, reason: 'Casse', lineNos: [3] }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    const av = issueCreditNote(f.store, f.asManager, { invoiceId: inv.id, reason: 'Casse', lineNos: [2] });
    expect(av.lines.map((l) => [l.lineNo, l.nameFr, l.amount])).toEqual([
      [1, inv.lines[1]!.nameFr, -inv.lines[1]!.amount],
    ]);
    expect(av).toMatchObject({ correctsNumber: inv.number, reason: 'Casse', dueDay: null });
    // A line is credited once; the rest can still be, by another credit note; then nothing is left.
    expect(() =>
      issueCreditNote(f!.store, f!.asManager, { invoiceId: inv.id, reason: 'Encore', lineNos: [2] }),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const rest = issueCreditNote(f.store, f.asManager, { invoiceId: inv.id, reason: 'Retour' });
    expect(rest.number).toMatch(/^AV-\d{4}-000002$/);
    expect(rest.lines.map((l) => l.amount)).toEqual([-inv.lines[0]!.amount]);
    expect(() => issueCreditNote(f!.store, f!.asManager, { invoiceId: inv.id, reason: 'Encore' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    const after = getInvoice(f.store, inv.id);
    expect(after.creditNotes).toEqual([
      { id: av.id, number: av.number },
      { id: rest.id, number: rest.number },
    ]);
    expect(after.creditedLineNos).toEqual([1, 2]);
    expect(after.totals.ttc + av.totals.ttc + rest.totals.ttc).toBe(0);
    expect(() => f!.db.prepare('DELETE FROM invoice_line_credits').run()).toThrow(/stays credited/);
    const rows = listInvoices(f.store, {}).rows;
    expect(rows.map((r) => r.number)).toEqual([rest.number, av.number, inv.number]);
    expect(rows[2]!.creditNoteNumber).toBe(`${av.number}, ${rest.number}`);
  });

  it('bills what the buyer kept: goods returned before the invoice are left out, a sale returned whole is refused', () => {
    f = invoicingFixture();
    const sale = sell(f);
    const [oil, amlou] = sale.lines;
    // The amlou line comes back whole before the invoice; the oil stays with the buyer.
    createReturn(f.store, f.asManager, {
      clientId: randomUUID(),
      saleId: sale.id,
      lines: [{ saleLineId: amlou!.id, quantity: 1_000, restock: true }],
      reason: 'abîmé',
      refundMethod: 'card',
    });
    const inv = issueInvoice(f.store, f.asManager, { saleIds: [sale.id], buyer });
    expect(inv.lines.map((l) => [l.nameFr, l.quantity, l.amount])).toEqual([
      [oil!.nameFr, 1_000, oil!.amount],
    ]);
    expect(inv.totals.ttc).toBe(oil!.amount);

    const gone = sell(f);
    for (const l of gone.lines)
      createReturn(f.store, f.asManager, {
        clientId: randomUUID(),
        saleId: gone.id,
        lines: [{ saleLineId: l.id, quantity: l.quantity, restock: true }],
        reason: 'annulé',
        refundMethod: 'card',
      });
    expect(() => issueInvoice(f!.store, f!.asManager, { saleIds: [gone.id], buyer })).toThrow(
      expect.objectContaining({ code: 'INVOICE_EMPTY' }),
    );
  });

  it("takes an account's buyer from its record: ICE required, an erased account refused", () => {
    f = invoicingFixture();
    const add = (name: string, ice: string | null) =>
      Number(
        f!.db
          .prepare(
            "INSERT INTO customers (name, ice, address, if_number, tier, created_at) VALUES (?, ?, ?, ?, 'semi', 0)",
          )
          .run(name, ice, '5, rue Tarik, Agadir', '778899').lastInsertRowid,
      );
    const ok = add('Riad Agadir', '004567890000023');
    expect(accountBuyer(f.store, ok, {})).toEqual({
      customerId: ok,
      name: 'Riad Agadir',
      address: '5, rue Tarik, Agadir',
      ice: '004567890000023',
      taxId: '778899',
    });
    // What the issuer types wins over the record (a delivery address, say).
    expect(accountBuyer(f.store, ok, { address: 'Souk El Had' }).address).toBe('Souk El Had');
    expect(() => accountBuyer(f!.store, add('Sans ICE', null), {})).toThrow(
      expect.objectContaining({ code: 'CUSTOMER_ICE_MISSING' }),
    );
    const erased = add('Effacé', '005678900000034');
    f.db
      .prepare(
        'UPDATE customers SET phone = NULL, ice = NULL, address = NULL, if_number = NULL, email = NULL, erased_at = 1 WHERE id = ?',
      )
      .run(erased);
    expect(() => accountBuyer(f!.store, erased, {})).toThrow(
      expect.objectContaining({ code: 'CUSTOMER_ERASED' }),
    );
  });
});
