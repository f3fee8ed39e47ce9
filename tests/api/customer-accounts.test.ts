import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createCustomer } from '../../db/services/customers';
import { issueInvoice } from '../../db/services/invoices';
import { createReturn } from '../../db/services/returns';
import { updateSettings } from '../../db/services/settings';
import type { Fixture } from '../db/fixture';
import { useTestStation } from '../helpers/station';

const DAY = 86_400_000;
const riad = {
  name: 'Riad Dar Zitoun',
  phone: '+212 524 38 91 07',
  email: 'contact@riad-zitoun.ma',
  address: '12 derb Sidi Bouloukat, Marrakech',
  ice: '002 345 678 000 091',
  ifNumber: '45678912',
  tier: 'wholesale' as const,
};
/** What the prepared shop holds, by id, so each test can check the station's answers against it. */
const ids = {
  riad: 0,
  atlas: 0,
  riadSales: [] as number[],
  atlasSales: [] as number[],
  riadReturn: 0,
  invoice: 0,
};

function sell(f: Fixture, customerId: number, tier: 'semi' | 'wholesale', quantity: number) {
  const price = tier === 'semi' ? f.products.oil.semiPrice : f.products.oil.wholesalePrice;
  return checkout(f.store, f.asCashier, {
    clientId: randomUUID(),
    customerId,
    lines: [{ productId: f.products.oil.id, quantity }],
    payments: [{ method: 'card', amount: (price * quantity) / 1000 }],
  });
}

/** Two accounts with sales, a return and an invoice on one of them, as a shop would have them. */
function prepare(f: Fixture) {
  updateSettings(f.store, f.asAdmin, {
    shop: { name: 'Souk Tadamoun', address: '24, avenue Mohammed V', city: 'Rabat' },
  });
  updateSettings(f.store, f.asAdmin, {
    shop: { ice: '002716493000058', if: '40298731', rc: '139517' },
    invoicing: { rcCourt: 'Rabat', legalName: 'Tadamoun SARL', paymentDays: 30, paymentEndOfMonth: true },
  });
  ids.riad = createCustomer(f.store, f.asManager, riad).id;
  ids.atlas = createCustomer(f.store, f.asManager, {
    name: 'Épicerie Atlas',
    phone: '0661 22 33 44',
    tier: 'semi',
  }).id;
  const first = sell(f, ids.riad, 'wholesale', 3_000);
  ids.riadSales = [first.id, sell(f, ids.riad, 'wholesale', 2_000).id];
  ids.atlasSales = [sell(f, ids.atlas, 'semi', 1_000).id];
  ids.riadReturn = createReturn(f.store, f.asManager, {
    clientId: randomUUID(),
    saleId: first.id,
    lines: [{ saleLineId: first.lines[0]!.id, quantity: 1_000, restock: true }],
    reason: 'abîmé',
    refundMethod: 'card',
  }).id;
  ids.invoice = issueInvoice(f.store, f.asManager, {
    saleIds: [first.id],
    buyer: {
      customerId: ids.riad,
      name: riad.name,
      address: riad.address,
      ice: riad.ice,
      taxId: riad.ifNumber,
    },
    paymentTerms: '30 jours',
  }).id;
}

/** The station's file, read as an inspector would: its own read-only connection. */
function readDb<T>(s: { fixture: Fixture }, fn: (db: Database.Database) => T): T {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('customer accounts and personal data (loi 09-08) at the station', () => {
  const s = useTestStation({ fixture: { withStock: true }, prepare });
  const tokens = async () => ({
    admin: await s.login(s.users.admin.id, '9999'),
    manager: await s.login(s.users.manager.id, '2468'),
    cashier: await s.login(s.users.cashier.id, '1357'),
  });

  it('edits an account with its ICE checked, and the journal names fields, never values', async () => {
    const t = await tokens();
    const bad = await s.call('customers.update', { id: ids.atlas, ice: '12345' }, t.manager);
    expect([bad.status, bad.code]).toEqual([400, 'INVALID_ICE']);
    const byCashier = await s.call('customers.update', { id: ids.atlas, tier: 'retail' }, t.cashier);
    expect(byCashier.status).toBe(403);
    const r = await s.call(
      'customers.update',
      { id: ids.atlas, address: 'Rue Talaa, Fès', ice: '001 525 879 000 062', email: 'atlas@example.ma' },
      t.manager,
    );
    expect(r.ok, r.code).toBe(true);
    expect(r.result).toMatchObject({ address: 'Rue Talaa, Fès', ice: '001525879000062', erasedAt: null });
    const journal = readDb(s, (db) =>
      db
        .prepare("SELECT payload FROM journal WHERE ref = ? AND kind LIKE 'customer.%'")
        .all(`customer:${ids.atlas}`),
    ) as { payload: string }[];
    expect(journal.length).toBe(2);
    const text = journal.map((j) => j.payload).join('\n');
    expect(text).toContain('address');
    for (const value of ['Talaa', '001525879000062', 'atlas@', '0661']) expect(text).not.toContain(value);
    const page = await s.call('customers.page', { query: '001525', limit: 10 }, t.manager);
    expect(page.result.items.map((c: { id: number }) => c.id)).toEqual([ids.atlas]);
  });

  it('keeps consent given then withdrawn as a dated history, and only current consent reaches marketing', async () => {
    const t = await tokens();
    const now = Date.now();
    const given = await s.call(
      'customers.setConsent',
      {
        customerId: ids.riad,
        channel: 'sms',
        given: true,
        at: now - 10 * DAY,
        source: 'formulaire papier signé',
      },
      t.manager,
    );
    expect(given.ok, given.code).toBe(true);
    const sms = await s.call('customers.marketingContacts', { channel: 'sms' }, t.manager);
    expect(sms.result).toEqual([{ customerId: ids.riad, name: riad.name, contact: riad.phone }]);
    const email = await s.call(
      'customers.setConsent',
      { customerId: ids.riad, channel: 'email', given: true, at: now - 9 * DAY, source: 'e-mail du client' },
      t.manager,
    );
    expect(email.ok, email.code).toBe(true);
    const withdrawn = await s.call(
      'customers.setConsent',
      { customerId: ids.riad, channel: 'sms', given: false, at: now - DAY, source: 'appel du client' },
      t.manager,
    );
    expect(withdrawn.ok, withdrawn.code).toBe(true);
    const backdated = await s.call(
      'customers.setConsent',
      { customerId: ids.riad, channel: 'sms', given: true, at: now - 5 * DAY, source: 'formulaire' },
      t.manager,
    );
    expect(backdated.code).toBe('VALIDATION');
    const noMail = await s.call(
      'customers.setConsent',
      { customerId: ids.atlas, channel: 'whatsapp', given: true, at: now, source: 'x' },
      t.cashier,
    );
    expect(noMail.status).toBe(403);

    const got = await s.call('customers.get', { id: ids.riad }, t.manager);
    expect(
      got.result.consentHistory.map((e: any) => [e.channel, e.given, e.at, e.source, e.contact]),
    ).toEqual([
      ['sms', true, now - 10 * DAY, 'formulaire papier signé', riad.phone],
      ['email', true, now - 9 * DAY, 'e-mail du client', riad.email],
      ['sms', false, now - DAY, 'appel du client', riad.phone],
    ]);
    expect(got.result.consents).toEqual([
      { channel: 'sms', given: false, at: now - DAY, source: 'appel du client' },
      { channel: 'whatsapp', given: false, at: null, source: null },
      { channel: 'email', given: true, at: now - 9 * DAY, source: 'e-mail du client' },
    ]);
    expect((await s.call('customers.marketingContacts', { channel: 'sms' }, t.manager)).result).toEqual([]);
  });

  it("exports everything held on one customer, and nothing of another's", async () => {
    const t = await tokens();
    const r = await s.call('customers.exportData', { id: ids.riad }, t.manager);
    expect(r.ok, r.code).toBe(true);
    expect(r.result.jsonFileName).toBe(`client-${ids.riad}-donnees.json`);
    const data = JSON.parse(r.result.json);
    expect(data.customer).toMatchObject({
      id: ids.riad,
      name: riad.name,
      phone: riad.phone,
      email: riad.email,
    });
    expect(data.sales.map((x: any) => x.id)).toEqual(ids.riadSales);
    expect(data.sales.every((x: any) => x.customerId === ids.riad && x.lines.length === 1)).toBe(true);
    expect(data.returns.map((x: any) => x.id)).toEqual([ids.riadReturn]);
    expect(data.invoices.map((x: any) => [x.id, x.buyerName, x.saleIds])).toEqual([
      [ids.invoice, riad.name, [ids.riadSales[0]]],
    ]);
    expect(data.consentHistory.length).toBe(3);
    expect(data.journal.map((j: any) => j.kind)).toEqual([
      'customer.create',
      'customer.consent.give',
      'customer.consent.give',
      'customer.consent.withdraw',
    ]);
    const other = JSON.stringify(data);
    for (const id of ids.atlasSales) expect(data.sales.some((x: any) => x.id === id)).toBe(false);
    expect(other).not.toContain('Atlas');
    const csv: string = r.result.csv;
    expect(csv.startsWith('\ufeffType;Date;')).toBe(true);
    expect(csv).toContain(`Client;;client-${ids.riad};Nom;${riad.name}`);
    expect(csv).toMatch(/Consentement;\d\d\/\d\d\/\d{4} \d\d:\d\d;SMS;retiré;appel du client/);
    expect(csv.split('\r\n').filter((l) => l.startsWith('Vente;'))).toHaveLength(2);
    expect(csv).not.toContain('Atlas');
    const byCashier = await s.call('customers.exportData', { id: ids.riad }, t.cashier);
    expect(byCashier.status).toBe(403);
  });

  it('erases the personal data and keeps sales, invoices and the journal whole', async () => {
    const t = await tokens();
    const fiscal = () =>
      readDb(s, (db) => ({
        sales: db.prepare('SELECT SUM(total) AS t, COUNT(*) AS n FROM sales').get(),
        riadSales: db
          .prepare('SELECT id, total, customer_id FROM sales WHERE customer_id = ? ORDER BY id')
          .all(ids.riad),
        lines: db.prepare('SELECT SUM(amount) AS a FROM sale_lines').get(),
        invoices: db.prepare('SELECT * FROM invoices ORDER BY id').all(),
        invoiceLines: db.prepare('SELECT * FROM invoice_lines ORDER BY invoice_id, line_no').all(),
        returns: db.prepare('SELECT id, total FROM customer_returns ORDER BY id').all(),
      }));
    const before = fiscal();
    expect((before.invoices as any[])[0].buyer_name).toBe(riad.name);

    expect((await s.call('customers.erase', { id: ids.riad, confirm: riad.name }, t.cashier)).status).toBe(
      403,
    );
    expect((await s.call('customers.erase', { id: ids.riad, confirm: riad.name }, t.manager)).status).toBe(
      403,
    );
    const typo = await s.call('customers.erase', { id: ids.riad, confirm: 'Riad Dar' }, t.admin);
    expect([typo.status, typo.code]).toEqual([422, 'ERASE_NOT_CONFIRMED']);
    const erased = await s.call('customers.erase', { id: ids.riad, confirm: ' riad dar zitoun ' }, t.admin);
    expect(erased.ok, erased.code).toBe(true);
    expect(erased.result).toMatchObject({
      id: ids.riad,
      name: `Client effacé #${ids.riad}`,
      phone: null,
      email: null,
      address: null,
      ice: null,
      ifNumber: null,
      active: false,
    });
    expect(erased.result.erasedAt).toEqual(expect.any(Number));

    // The fiscal record is the same to the centime, row for row; the invoice keeps its own copy of the buyer.
    expect(fiscal()).toEqual(before);
    const verify = await s.call('journal.verify', {}, t.admin);
    expect(verify.ok, verify.code).toBe(true);
    expect(verify.result).toMatchObject({ ok: true, brokenAt: null, findings: [] });

    // The erasure's journal entry says what was cleared, never what it was.
    const entry = readDb(s, (db) =>
      db
        .prepare("SELECT payload FROM journal WHERE kind = 'customer.erase' AND ref = ?")
        .get(`customer:${ids.riad}`),
    ) as { payload: string };
    expect(JSON.parse(entry.payload)).toMatchObject({
      fields: ['name', 'phone', 'email', 'address', 'ice', 'if_number'],
      consentsWithdrawn: ['email'],
    });
    for (const v of ['Zitoun', '524', 'riad-zitoun', 'Sidi', '45678912'])
      expect(entry.payload).not.toContain(v);

    // Gone from the till, from marketing, from every write.
    for (const query of ['Riad', '524 38', '002345678', 'effacé', '']) {
      const list = await s.call('customers.list', { query }, t.cashier);
      expect(list.result.some((c: { id: number }) => c.id === ids.riad)).toBe(false);
    }
    expect((await s.call('customers.marketingContacts', { channel: 'email' }, t.manager)).result).toEqual([]);
    const sale = await s.call(
      'sales.checkout',
      {
        clientId: randomUUID(),
        customerId: ids.riad,
        lines: [{ productId: s.products.oil.id, quantity: 1_000 }],
        payments: [{ method: 'card', amount: s.products.oil.wholesalePrice }],
      },
      t.cashier,
    );
    expect(sale.code).toBe('NOT_FOUND');
    const consent = await s.call(
      'customers.setConsent',
      { customerId: ids.riad, channel: 'sms', given: true, at: Date.now(), source: 'x' },
      t.manager,
    );
    expect(consent.code).toBe('CUSTOMER_ERASED');
    expect((await s.call('customers.update', { id: ids.riad, name: 'Riad' }, t.manager)).code).toBe(
      'CUSTOMER_ERASED',
    );
    expect((await s.call('customers.erase', { id: ids.riad, confirm: 'x' }, t.admin)).code).toBe(
      'CUSTOMER_ERASED',
    );

    // The history stays, without its contact details; the export still answers, with the pseudonym.
    const got = await s.call('customers.get', { id: ids.riad }, t.manager);
    expect(got.result.consentHistory.map((e: any) => e.contact)).toEqual([null, null, null, null]);
    expect(got.result.consents.every((c: { given: boolean }) => !c.given)).toBe(true);
    const exported = JSON.parse(
      (await s.call('customers.exportData', { id: ids.riad }, t.manager)).result.json,
    );
    expect(exported.sales.map((x: any) => x.id)).toEqual(ids.riadSales);
    expect(exported.invoices[0].buyerName).toBe(riad.name);
    expect(exported.customer.phone).toBeNull();
    const listed = await s.call('customers.page', { query: 'effacé', includeErased: true }, t.manager);
    expect(listed.result.items.map((c: { id: number }) => c.id)).toEqual([ids.riad]);
    expect((await s.call('customers.page', { query: 'effacé' }, t.manager)).result.total).toBe(0);
  });
});
