/**
 * The invoice PDF on its own (issue 13): a long invoice runs over pages with the table's header and the
 * invoice's reference repeated on each, every line printed once, the totals per rate on the last page; the
 * Arabic-labelled variant reads right to left with the same figures.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { invoiceTotals, type Invoice, type InvoiceLine } from '../../core/invoice';
import { VAT_EXEMPTIONS } from '../../core/vat-exemptions';
import { invoicePdf } from '../../documents/invoice-pdf';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { flatText, pdfPages, savePageImages } from './pdf-text';

afterAll(() => sharedChromiumRenderer().close());

function invoice(n: number): Invoice {
  const lines: InvoiceLine[] = Array.from({ length: n }, (_, i) => ({
    lineNo: i + 1,
    saleLineId: i + 1,
    nameFr: `Amlou aux amandes ${i + 1}`,
    nameAr: 'أملو باللوز',
    unit: i % 2 === 0 ? 'kg' : 'piece',
    quantity: i % 2 === 0 ? 1_250 : 3_000,
    amount: 10_700,
    vatCode: i % 3 === 0 ? 'EX' : 'R7',
    vatRateBp: i % 3 === 0 ? 0 : 700,
    vatExemption: i % 3 === 0 ? 'packaged-dates' : null,
  }));
  return {
    id: 7,
    kind: 'invoice',
    number: 'FA-2026-000042',
    correctsId: null,
    correctsNumber: null,
    creditNotes: [],
    creditedLineNos: [],
    buyer: {
      customerId: 3,
      name: 'Épicerie fine Atlas',
      address: 'Gueliz, Marrakech',
      ice: '001525874000063',
      taxId: null,
    },
    seller: {
      name: 'Souk Tadamoun',
      legalName: 'Tadamoun SARL',
      address: '24, avenue Mohammed V, Rabat',
      ice: '002716493000058',
      if: '40298731',
      rc: '139517',
      rcCourt: 'Rabat',
      patente: '',
      cnss: '',
    },
    paymentTerms: '60 jours',
    dueDay: '2027-01-30',
    reason: null,
    issuedAt: Date.UTC(2026, 11, 1, 10, 0),
    saleIds: [1],
    lines,
    totals: invoiceTotals(lines),
  };
}

describe('invoice PDF (HTML printed by Chromium)', () => {
  it('runs 300 lines over pages, header and reference on each, every line once, totals at the end', async () => {
    const inv = invoice(300);
    const pdf = await invoicePdf(inv);
    const pages = pdfPages(pdf);
    savePageImages(pdf, 'invoice-300-lines', 2);
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} / ${pages.length}`);
      expect(page).toContain('FA-2026-000042');
      if (/Amlou aux amandes \d+/.test(page)) {
        expect(page).toContain('Désignation');
        expect(page).toContain('P.U. HT');
      }
    });
    const all = pages.join('\n');
    for (let i = 1; i <= 300; i++)
      expect(all.match(new RegExp(`Amlou aux amandes ${i}\\b`, 'g'))).toHaveLength(1);
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Récapitulatif TVA');
    expect(last).toContain('Net à payer');
    expect(last).toContain('Cachet et signature du vendeur');
    expect(flatText(pdf)).toContain(VAT_EXEMPTIONS['packaged-dates'].fr);
    expect(inv.totals.ttc).toBe(300 * 10_700);
    expect(last).toMatch(/Net à payer.*32\s100,00/);
  });

  it('labels in Arabic first, right to left, with the same figures and the French names beside', async () => {
    const pdf = await invoicePdf(invoice(4), { lang: 'ar' });
    savePageImages(pdf, 'invoice-ar');
    const text = flatText(pdf);
    expect(text).toContain('فاتورة');
    expect(text).toContain('الصافي للأداء');
    expect(text).toContain('Amlou aux amandes 1');
    expect(text).toContain('أملو باللوز');
    expect(text).toContain('FA-2026-000042');
  });
});
