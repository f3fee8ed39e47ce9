/**
 * Invoices over the station's HTTP API (issue 13): the shop's fiscal identity first, then invoices for one
 * sale and for an account over a period, the refusals (a sale twice, a shop without ICE/IF/RC, a customer
 * without ICE, a cashier), credit notes numbered AV-, the list's filters, and the PDF (read back with
 * pdftotext) and CSV agreeing with the invoice to the centime.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PDF_TYPE, RESULT_HEADER } from '../../api/document-body';
import { amountInFrenchWords } from '../../core/invoice-words';
import { VAT_EXEMPTIONS } from '../../core/vat-exemptions';
import { checkout } from '../../db/services/checkout';
import { createCustomer } from '../../db/services/customers';
import { createProduct } from '../../db/services/products';
import { quoteSale } from '../../db/services/quote';
import { receiveDelivery } from '../../db/services/stock';
import { scheduleProductVat } from '../../db/services/vat-rates';
import { formatDecimalMoney } from '../../documents/document-format';
import { httpTransport } from '../../renderer/api/transport';
import { flatText, pdfPages, savePageImages } from '../documents/pdf-text';
import { useTestStation } from '../helpers/station';

/** 2 and 3 November 2026, 10:00 in Casablanca. */
const NOV2 = Date.UTC(2026, 10, 2, 9, 0);
const NOV3 = Date.UTC(2026, 10, 3, 9, 0);
const NOV1 = Date.UTC(2026, 9, 31, 23, 0);
const NOV4 = Date.UTC(2026, 10, 3, 23, 0);

interface Sold {
  id: number;
  tillId: string;
  receiptNo: number;
}
const made = {
  hotel: 0,
  noIce: 0,
  hotelSales: [] as Sold[],
  walkIn: null as Sold | null,
  atlasSale: null as Sold | null,
  noIceSale: null as Sold | null,
};

const ts = useTestStation({
  prepare(f) {
    made.hotel = createCustomer(f.store, null, {
      name: 'Hôtel La Tour Hassan',
      ice: '001525874000063',
      tier: 'wholesale',
    }).id;
    made.noIce = createCustomer(f.store, null, { name: 'Épicerie sans ICE', tier: 'semi' }).id;
    const couscous = createProduct(f.store, null, {
      sku: 'CSC-ORGE',
      nameFr: "Couscous d'orge 1 kg",
      nameAr: 'كسكس الشعير',
      cooperativeId: f.coops.argan.id,
      unit: 'piece',
      vatCode: 'EX',
      retailPrice: 3_000,
      semiPrice: 2_800,
      wholesalePrice: 2_500,
      semiMinQty: 6_000,
      wholesaleMinQty: 24_000,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [],
    });
    scheduleProductVat(f.store, f.asManager, {
      productId: couscous.id,
      vatCode: 'EX',
      vatExemption: 'bread-couscous-flour',
      validFrom: '2026-11-02',
    });
    receiveDelivery(f.store, f.asManager, {
      clientId: 'inv-couscous',
      cooperativeId: f.coops.argan.id,
      noteRef: 'BL-CSC',
      lines: [{ productId: couscous.id, quantity: 100_000, lot: 'C1', bestBefore: null }],
    });
    const sell = (customerId: number | null, at: number): Sold => {
      f.setClock(at);
      const lines = [
        { productId: f.products.oil.id, quantity: 2_000 },
        { productId: f.products.amlou.id, quantity: 1_000 },
        { productId: couscous.id, quantity: 3_000 },
      ];
      const { total } = quoteSale(f.store, { lines, customerId });
      const sale = checkout(f.store, f.asCashier, {
        clientId: randomUUID(),
        customerId,
        lines,
        payments: [{ method: 'card', amount: total }],
      });
      return { id: sale.id, tillId: sale.tillId, receiptNo: sale.receiptNo };
    };
    made.hotelSales = [sell(made.hotel, NOV2), sell(made.hotel, NOV3), sell(made.hotel, NOV3 + 3_600_000)];
    made.walkIn = sell(null, NOV3);
    // An account whose record holds its address and IF (migration 017): the invoice takes them from it.
    const atlas = createCustomer(f.store, null, {
      name: 'Épicerie fine Atlas',
      ice: '003456789000012',
      tier: 'semi',
    });
    f.db
      .prepare('UPDATE customers SET address = ?, if_number = ? WHERE id = ?')
      .run('Rue de la Liberté, Gueliz, Marrakech', '45678912', atlas.id);
    made.atlasSale = sell(atlas.id, NOV3);
    made.noIceSale = sell(made.noIce, NOV3);
  },
});

const FISCAL = {
  shop: {
    name: 'Souk Tadamoun',
    address: '24, avenue Mohammed V',
    city: 'Rabat',
    ice: '002 716 493 000 058',
    if: '40298731',
    rc: '139517',
    patente: '26190437',
  },
  invoicing: {
    legalName: 'Tadamoun Commerce Équitable SARL',
    rcCourt: 'Rabat',
    cnss: '7412589',
    paymentDays: 30,
    paymentEndOfMonth: true,
  },
};
const BUYER_ADDRESS = 'Boulevard Mohammed VI, Rabat';

describe('invoices over the API', () => {
  let manager = '';
  let admin = '';
  let forAccount: any;
  let single: any;
  let creditId = 0;

  it("refuses to invoice while the shop's ICE, IF and RC are missing, then takes them from an admin", async () => {
    manager = await ts.login(ts.users.manager.id, '2468');
    admin = await ts.login(ts.users.admin.id, '9999');
    const early = await ts.call(
      'invoices.issueForAccount',
      { customerId: made.hotel, from: NOV1, to: NOV4, buyer: { address: BUYER_ADDRESS } },
      manager,
    );
    expect([early.status, early.code]).toEqual([409, 'SHOP_FISCAL_ID_MISSING']);
    // The shop's identity is the admin's: a manager is refused, a short ICE is refused.
    expect((await ts.call('settings.update', FISCAL, manager)).code).toBe('FORBIDDEN');
    const bad = await ts.call('settings.update', { shop: { ice: '00271649300' } }, admin);
    expect([bad.status, bad.code]).toEqual([400, 'INVALID_ICE']);
    const saved = await ts.call('settings.update', FISCAL, admin);
    expect(saved.ok, saved.code).toBe(true);
    expect(saved.result.shop.ice).toBe('002716493000058');
    expect(saved.result.invoicing).toEqual(FISCAL.invoicing);
    const tooLong = await ts.call('settings.update', { invoicing: { paymentDays: 365 } }, admin);
    expect(tooLong.code).toBe('VALIDATION');
  });

  it("shows an account's uninvoiced sales over a period, then invoices them all on one FA- number", async () => {
    const preview = await ts.call(
      'invoices.uninvoiced',
      { customerId: made.hotel, from: NOV1, to: NOV4 },
      manager,
    );
    expect(preview.ok, preview.code).toBe(true);
    expect(preview.result.sales.map((s: Sold) => s.id)).toEqual(made.hotelSales.map((s) => s.id));
    const r = await ts.call(
      'invoices.issueForAccount',
      { customerId: made.hotel, from: NOV1, to: NOV4, buyer: { address: BUYER_ADDRESS, taxId: '1234567' } },
      manager,
    );
    expect(r.ok, r.code).toBe(true);
    forAccount = r.result;
    expect(forAccount.number).toMatch(/^FA-\d{4}-000001$/);
    expect(forAccount.saleIds).toEqual(made.hotelSales.map((s) => s.id));
    expect(forAccount.buyer).toEqual({
      customerId: made.hotel,
      name: 'Hôtel La Tour Hassan',
      address: BUYER_ADDRESS,
      ice: '001525874000063',
      taxId: '1234567',
    });
    expect(forAccount.seller).toMatchObject({
      ice: '002716493000058',
      if: '40298731',
      rc: '139517',
      rcCourt: 'Rabat',
    });
    expect(forAccount.paymentTerms).toBe('30 jours fin de mois');
    expect(forAccount.lines).toHaveLength(9);
    // What the screen showed before issuing is what was invoiced.
    expect(forAccount.totals).toEqual(preview.result.totals);
    expect(forAccount.totals.byRate.map((t: any) => t.vatCode)).toEqual(['S20', 'R7', 'EX']);
    const ex = forAccount.totals.byRate.find((t: any) => t.vatCode === 'EX');
    expect(ex.exemptionWordingFr).toBe(VAT_EXEMPTIONS['bread-couscous-flour'].fr);
    expect(forAccount.totals.ht + forAccount.totals.tva).toBe(forAccount.totals.ttc);
    const empty = await ts.call(
      'invoices.uninvoiced',
      { customerId: made.hotel, from: NOV1, to: NOV4 },
      manager,
    );
    expect(empty.result.sales).toEqual([]);
  });

  it('refuses a sale invoiced twice, a customer without an ICE, a one-off buyer without one, and a cashier', async () => {
    const [first] = made.hotelSales;
    const twice = await ts.call('invoices.issue', { saleId: first!.id }, manager);
    expect([twice.status, twice.code]).toEqual([409, 'ALREADY_INVOICED']);
    const again = await ts.call(
      'invoices.issueForAccount',
      { customerId: made.hotel, from: NOV1, to: NOV4, buyer: { address: BUYER_ADDRESS } },
      manager,
    );
    expect([again.status, again.code]).toEqual([409, 'INVOICE_EMPTY']);
    const noIce = await ts.call(
      'invoices.issue',
      { saleId: made.noIceSale!.id, buyer: { address: 'Derb Sidi Bouloukat' } },
      manager,
    );
    expect([noIce.status, noIce.code]).toEqual([409, 'CUSTOMER_ICE_MISSING']);
    const badBuyer = await ts.call(
      'invoices.issue',
      { saleId: made.walkIn!.id, buyer: { name: 'Riad Zitoun', address: 'Marrakech', ice: '1234' } },
      manager,
    );
    expect([badBuyer.status, badBuyer.code]).toEqual([400, 'INVALID_ICE']);
    const cashier = await ts.login(ts.users.cashier.id, '1357');
    const forbidden = await ts.call('invoices.issue', { saleId: made.walkIn!.id }, cashier);
    expect(forbidden.code).toBe('FORBIDDEN');
    // Nothing was numbered by the refusals: the next invoice is the second.
    const list = await ts.call('invoices.list', {}, manager);
    expect(list.result.total).toBe(1);
  });

  it('invoices one sale found by its receipt number, for a one-off buyer, with its own terms', async () => {
    const w = made.walkIn!;
    const r = await ts.call(
      'invoices.issue',
      {
        tillId: w.tillId,
        receiptNo: w.receiptNo,
        buyer: {
          name: 'Riad Dar Zitoun',
          address: '12 derb Sidi Bouloukat, Marrakech',
          ice: '002.345.678.000.091',
        },
        paymentDays: 0,
        endOfMonth: false,
        termsNote: 'par virement',
      },
      manager,
    );
    expect(r.ok, r.code).toBe(true);
    single = r.result;
    expect(single.number).toMatch(/^FA-\d{4}-000002$/);
    expect(single.saleIds).toEqual([w.id]);
    expect(single.buyer).toMatchObject({ customerId: null, ice: '002345678000091' });
    expect(single.paymentTerms).toBe('Comptant - par virement');
  });

  it("takes an account's address and IF from its record when none is typed", async () => {
    const r = await ts.call('invoices.issue', { saleId: made.atlasSale!.id }, manager);
    expect(r.ok, r.code).toBe(true);
    expect(r.result.number).toMatch(/^FA-\d{4}-000003$/);
    expect(r.result.buyer).toMatchObject({
      name: 'Épicerie fine Atlas',
      address: 'Rue de la Liberté, Gueliz, Marrakech',
      ice: '003456789000012',
      taxId: '45678912',
    });
  });

  it('corrects an invoice by AV- credit notes, each line once, and lists by customer, kind, period and number', async () => {
    const av = await ts.call(
      'invoices.creditNote',
      { invoiceId: single.id, reason: 'Retour de 3 paquets de couscous', lineNos: [3] },
      manager,
    );
    expect(av.ok, av.code).toBe(true);
    expect(av.result).toMatchObject({
      kind: 'credit_note',
      correctsNumber: single.number,
      reason: 'Retour de 3 paquets de couscous',
    });
    expect(av.result.number).toMatch(/^AV-\d{4}-000001$/);
    expect(av.result.lines.map((l: any) => l.amount)).toEqual([-single.lines[2].amount]);
    creditId = av.result.id;
    const again = await ts.call(
      'invoices.creditNote',
      { invoiceId: single.id, reason: 'encore', lineNos: [3] },
      manager,
    );
    expect([again.status, again.code]).toEqual([409, 'CONFLICT']);
    // The other lines are credited by a second credit note; after it, nothing is left to credit.
    const rest = await ts.call(
      'invoices.creditNote',
      { invoiceId: single.id, reason: 'Annulation' },
      manager,
    );
    expect(rest.ok, rest.code).toBe(true);
    expect(rest.result.number).toMatch(/^AV-\d{4}-000002$/);
    const full = await ts.call('invoices.creditNote', { invoiceId: single.id, reason: 'encore' }, manager);
    expect([full.status, full.code]).toEqual([409, 'CONFLICT']);
    const corrected = (await ts.call('invoices.get', { id: single.id }, manager)).result;
    expect(corrected.creditNotes.map((c: any) => c.number)).toEqual([av.result.number, rest.result.number]);
    expect(corrected.creditedLineNos).toEqual([1, 2, 3]);

    const numbers = async (input: object) =>
      (await ts.call('invoices.list', input, manager)).result.rows.map((r: any) => r.number);
    const atlas = (await ts.call('invoices.list', { query: 'Atlas' }, manager)).result.rows[0].number;
    expect(await numbers({})).toEqual([
      rest.result.number,
      av.result.number,
      atlas,
      single.number,
      forAccount.number,
    ]);
    expect(await numbers({ customerId: made.hotel })).toEqual([forAccount.number]);
    expect(await numbers({ kind: 'credit_note' })).toEqual([rest.result.number, av.result.number]);
    expect(await numbers({ kind: 'invoice', query: 'zitoun' })).toEqual([single.number]);
    expect(await numbers({ query: '001525874' })).toEqual([forAccount.number]);
    expect(await numbers({ to: forAccount.issuedAt })).toEqual([]);
    expect(await numbers({ from: forAccount.issuedAt, limit: 1, offset: 4 })).toEqual([forAccount.number]);
    const page = await ts.call('invoices.list', { limit: 1 }, manager);
    expect([page.result.rows.length, page.result.total]).toEqual([1, 5]);
  });

  it('prints the invoice as a PDF whose text holds both parties, the ids, the totals per rate and the wording', async () => {
    const r = await ts.call('invoices.pdf', { id: forAccount.id }, manager);
    expect(r.ok, r.code).toBe(true);
    expect(r.result.fileName).toBe(`facture-${forAccount.number}.pdf`);
    const pdf = Buffer.from(r.result.pdfBase64, 'base64');
    savePageImages(pdf, 'invoice-account');
    const text = flatText(pdf);
    const layout = pdfPages(pdf).join('\n');
    for (const s of [
      'Facture',
      'فاتورة',
      forAccount.number,
      'Hôtel La Tour Hassan',
      BUYER_ADDRESS,
      'ICE 001525874000063',
      'ICE 002716493000058',
      'IF 40298731',
      'RC 139517 (Rabat)',
      'TP 26190437',
      'Tadamoun Commerce Équitable SARL',
      '30 jours fin de mois',
      "Couscous d'orge 1 kg",
      'كسكس الشعير',
      'زيت الأركان الغذائي',
      VAT_EXEMPTIONS['bread-couscous-flour'].fr,
      'Total HT',
      'Total TVA',
      'Total TTC',
    ])
      expect(text, s).toContain(s);
    // Each rate's base, VAT and TTC, as the French documents write amounts (1 040,00).
    const fmt = (c: number) => formatDecimalMoney(c).replace(/\B(?=(\d{3})+(?!\d),)/g, '\u00a0');
    for (const t of forAccount.totals.byRate) {
      const row = layout.split('\n').find((l) => l.includes(fmt(t.ht)) && l.includes(fmt(t.ttc)));
      expect(row, `${t.vatCode} row`).toBeDefined();
      expect(row).toContain(fmt(t.tva));
    }
    expect(layout).toContain(fmt(forAccount.totals.ttc));
    expect(text).toContain('Arrêtée la présente facture à la somme de');
    expect(text).toContain(amountInFrenchWords(forAccount.totals.ttc));

    const avPdf = await ts.call('invoices.pdf', { id: creditId, language: 'ar' }, manager);
    expect(avPdf.ok, avPdf.code).toBe(true);
    const avText = flatText(Buffer.from(avPdf.result.pdfBase64, 'base64'));
    savePageImages(Buffer.from(avPdf.result.pdfBase64, 'base64'), 'invoice-credit-note-ar');
    expect(avText).toContain('إشعار دائن');
    expect(avText).toContain(single.number);
    expect(avText).toContain('Retour de 3 paquets de couscous');
  });

  it('leaves the station as its own bytes, like every other document, and as base64 only in JSON', async () => {
    // The renderer's client accepts the PDF itself (api/document-body.ts): a base64 string in a JSON text
    // was what every other document stopped being sent as.
    const answer = await httpTransport(ts.url).send('invoices.pdf', { id: forAccount.id }, manager);
    expect(answer.ok).toBe(true);
    const result = (answer as { result: { fileName: string; pdfBase64: unknown } }).result;
    expect(result.pdfBase64).toBeInstanceOf(Uint8Array);
    const bytes = result.pdfBase64 as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(result.fileName).toBe(`facture-${forAccount.number}.pdf`);
    expect(flatText(Buffer.from(bytes))).toContain(forAccount.number);
    const res = await fetch(`${ts.url}/api/invoices.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: PDF_TYPE, authorization: `Bearer ${manager}` },
      body: JSON.stringify({ id: forAccount.id }),
    });
    expect(res.headers.get('content-type')).toBe(PDF_TYPE);
    const rest = JSON.parse(decodeURIComponent(res.headers.get(RESULT_HEADER) ?? '{}')) as object;
    expect(rest).toEqual({ fileName: `facture-${forAccount.number}.pdf` });
  });

  it('gives a CSV whose totals per rate and overall equal the invoice to the centime', async () => {
    const r = await ts.call('invoices.csv', { id: forAccount.id }, manager);
    expect(r.ok, r.code).toBe(true);
    const csv: string = r.result.csv;
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = csv
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(rows[0]![0]).toBe('Type');
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
    const lines = rows.filter((c) => c[0] === 'Ligne');
    expect(lines).toHaveLength(forAccount.lines.length);
    expect(lines.reduce((s, c) => s + cents(c[11]!), 0)).toBe(forAccount.totals.ttc);
    const perRate = rows.filter((c) => c[0] === 'Total taux');
    expect(perRate.map((c) => [c[7], cents(c[9]!), cents(c[10]!), cents(c[11]!)])).toEqual(
      forAccount.totals.byRate.map((t: any) => [t.vatCode, t.ht, t.tva, t.ttc]),
    );
    const total = rows.find((c) => c[0] === 'Total')!;
    expect([cents(total[9]!), cents(total[10]!), cents(total[11]!)]).toEqual([
      forAccount.totals.ht,
      forAccount.totals.tva,
      forAccount.totals.ttc,
    ]);
    expect(csv).toContain(VAT_EXEMPTIONS['bread-couscous-flour'].fr);
  });
});
