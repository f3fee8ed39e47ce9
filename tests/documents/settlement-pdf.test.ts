import { afterAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../core/receipt/format';
import { settlementHtml } from '../../documents/html/settlement';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { settlementPdf } from '../../documents/settlement-pdf';
import { SETTLEMENT_LABELS } from '../../documents/document-labels';
import {
  flatText,
  lineWith,
  pdfFonts,
  pdfPageCount,
  pdfPages,
  reddishPixels,
  savePageImages,
} from './pdf-text';
import { coop, returnLines, saleLines, shop, statement, stockRows } from './statement-fixtures';

const options = { shop };
afterAll(() => sharedChromiumRenderer().close());

describe('settlement statement PDF (HTML printed by Chromium)', () => {
  it('grows by pages as lines are added, repeating the table header and numbering every page', async () => {
    const counts: number[] = [];
    for (const n of [0, 30, 300]) {
      const pdf = await settlementPdf(statement(saleLines(n)), options);
      const pages = pdfPages(pdf);
      expect(pages.length).toBe(pdfPageCount(pdf));
      pages.forEach((text, i) => {
        expect(text).toContain(`Page ${i + 1} / ${pages.length}`);
        // Every page that shows sale lines starts them under the repeated header, in both languages.
        if (/ARG-100-\d+/.test(text)) {
          expect(text).toContain('Montant TTC');
          expect(text).toContain('حصة التعاونية');
        }
        // Pages after the first carry the statement and the cooperative at their top.
        if (i > 0)
          expect(text.split('\n').slice(0, 3).join(' ')).toContain('Relevé de règlement RG-2025-0003');
      });
      counts.push(pages.length);
    }
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBeGreaterThanOrEqual(1);
    // 300 two-line rows run over many pages.
    expect(counts[2]).toBeGreaterThanOrEqual(6);
    expect(counts[2]).toBeGreaterThan(counts[1]!);
  });

  it('carries the French and Arabic names of the cooperative and products as text, every line once', async () => {
    const lines = saleLines(120);
    const pdf = await settlementPdf(statement(lines), options);
    const text = flatText(pdf);
    expect(text).toContain('Coopérative Tighanimine');
    expect(text).toContain('تعاونية تيغانيمين');
    expect(text).toContain('كشف التسوية');
    expect(text).toContain("Huile d'argan alimentaire 250 ml");
    expect(text).toContain('زيت الأركان الغذائي');
    expect(text).toContain('الصابون البلدي بالكاليبتوس');
    for (const l of lines) expect(text.match(new RegExp(`\\b${l.sku}\\b`, 'g'))).toHaveLength(1);
    const kg = lines.find((l) => l.unit === 'kg')!;
    const row = lineWith(pdfPages(pdf).join('\n'), `${kg.sku} `);
    expect(row).toContain(
      `${Math.floor(kg.quantity / 1000)},${String(kg.quantity % 1000).padStart(3, '0')} kg`,
    );
    expect(row).toContain(formatMoney(kg.amount));
    expect(text).toEqual(expect.stringContaining('Demi-gros'));
    // Embedded fonts only: the document reads the same on a phone without Noto.
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(fonts.some((f) => f.name.includes('NotoNaskhArabic'))).toBe(true);
    expect(fonts.some((f) => f.name.includes('NotoSans'))).toBe(true);
  });

  it('totals show the statement totals beside their labels, returns as negative lines', async () => {
    const s = statement(saleLines(40), returnLines);
    const page = pdfPages(await settlementPdf(s, options)).join('\n');
    expect(lineWith(page, 'Ventes brutes')).toContain(formatMoney(s.totals.grossSales));
    expect(lineWith(page, 'Retours ')).toContain(formatMoney(-s.totals.returns));
    expect(lineWith(page, 'Ventes nettes')).toContain(formatMoney(s.totals.netSales));
    expect(lineWith(page, 'Commission de la boutique')).toContain(formatMoney(-s.totals.commission));
    expect(lineWith(page, 'Montant à verser')).toContain(formatMoney(s.totals.payout));
    expect(lineWith(page, 'Montant à verser')).toContain('المبلغ المستحق للتعاونية');
    expect(page).toContain('-180,00');
    expect(page).toContain('-0,750 kg');
  });

  it('groups thousands with a space and keeps two decimals: 1 234,56', async () => {
    const l = { ...saleLines(1)[0]!, amount: 123_456, payout: 98_765, commission: 24_691 };
    const page = pdfPages(await settlementPdf(statement([l]), options)).join('\n');
    expect(lineWith(page, 'Ventes brutes').replace(/\s/g, ' ')).toContain('1 234,56');
    expect(lineWith(page, 'Montant à verser')).toContain('987,65');
  });

  it('shows identity, cooperative, bank account, period in Casablanca and the women badge', async () => {
    const text = flatText(await settlementPdf(statement(saleLines(3)), options));
    expect(text).toContain('Relevé de règlement');
    expect(text).toContain('N° RG-2025-0003');
    expect(text).toContain('Souk Solidaire Agdal');
    expect(text).toContain('ICE 001234567000089 - IF 40123456 - RC RAB 98765');
    expect(text).toContain('ICE : 002345678000011');
    expect(text).toContain('Crédit Agricole du Maroc - 225 810 0001234567890123 45');
    // 31 May 23:00 UTC is 1 June 00:00 in Casablanca; the period ends exclusively at 1 July 00:00.
    expect(text).toContain('Période : du 01/06/2025 au 30/06/2025');
    expect(text).toContain('Statut : Émis le 01/07/2025 10:30');
    expect(text).toContain('Coopérative féminine');
    expect(text).toContain('تعاونية نسائية');
  });

  it('wraps a long name whole instead of cutting it with "…"', async () => {
    const long =
      "Huile d'argan cosmétique pressée à froid de la coopérative des femmes d'Aït Baha, flacon verre ambré 100 ml";
    const longAr = 'زيت الأركان التجميلي المعصور على البارد من تعاونية نساء آيت باها، قارورة زجاجية 100 مل';
    const l = { ...saleLines(1)[0]!, nameFr: long, nameAr: longAr };
    const pdf = await settlementPdf(statement([l]), options);
    const text = flatText(pdf);
    expect(text).toContain(long);
    expect(text).not.toContain('…');
    for (const word of longAr.replace(/،/g, '').split(' ')) expect(text).toContain(word);
  });

  it('marks drafts, and only drafts, with the banner and a watermark on every page', async () => {
    const lines = saleLines(120);
    const draftPdf = await settlementPdf(statement(lines, [], 'draft'), options);
    const issuedPdf = await settlementPdf(statement(lines, [], 'issued'), options);
    const draft = pdfPages(draftPdf);
    const issued = flatText(issuedPdf);
    const paid = flatText(await settlementPdf(statement(lines, [], 'paid'), options));
    expect(draft.length).toBeGreaterThan(1);
    expect(draft[0]).toContain(SETTLEMENT_LABELS.draftBanner.fr);
    expect(draft[0]).toContain('N° - (brouillon non numéroté)');
    // The watermark is on every page (a fixed element: Chromium repeats it on each printed page): red ink
    // on each draft page, none on an issued one.
    const red = reddishPixels(draftPdf);
    expect(red).toHaveLength(draft.length);
    for (const n of red) expect(n).toBeGreaterThan(200);
    for (const n of reddishPixels(issuedPdf)) expect(n).toBeLessThan(20);
    for (const text of [issued, paid]) expect(text).not.toMatch(/BROUILLON|brouillon/);
    expect(paid).toContain('Versé le 05/07/2025 - réf. VIR-778812');
  });

  it('lists what remains on the shelf for this cooperative only', async () => {
    const page = pdfPages(
      await settlementPdf(statement(saleLines(2)), { ...options, stock: stockRows() }),
    ).join('\n');
    expect(page).toContain('Reste en rayon');
    expect(lineWith(page, 'ARG-100 ')).toMatch(/\s14\s/);
    expect(page).toContain('3,250 kg');
    expect(page).toContain('31/03/2026');
    expect(page).not.toContain('OTHER-1');
    expect(lineWith(page, 'Valeur totale au prix de détail').replace(/\s/g, ' ')).toContain('1 568,75');
    expect(flatText(await settlementPdf(statement(saleLines(2)), options))).not.toContain('Reste en rayon');
  });

  it('says so when there is nothing to settle, with zero totals', async () => {
    const page = pdfPages(await settlementPdf(statement([]), options)).join('\n');
    expect(page).toContain('Aucune vente sur la période.');
    expect(lineWith(page, 'Montant à verser')).toContain('0,00');
  });

  it('titles a debit note as such and shows what the cooperative owes as a positive amount', async () => {
    const s = { ...statement([], returnLines), kind: 'debit_note' as const, number: 'ND-2025-0001' };
    expect(s.totals.payout).toBe(-20_100);
    const page = pdfPages(await settlementPdf(s, options)).join('\n');
    expect(page).toContain('Note de débit');
    expect(page).not.toContain('Relevé de règlement');
    expect(lineWith(page, 'Montant dû par la coopérative')).toContain('201,00');
    expect(page).not.toContain('Montant à verser');
  });

  it('in Arabic: right to left, Arabic first and French beside it, same figures', async () => {
    const s = statement(saleLines(50), returnLines);
    const html = settlementHtml(s, { shop, lang: 'ar' });
    expect(html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    const pdf = await settlementPdf(s, { shop, lang: 'ar', stock: stockRows() });
    const pages = pdfPages(pdf);
    expect(pages[0]).toContain('كشف التسوية');
    expect(pages[0]).toContain('Relevé de règlement');
    expect(pages[0]).toContain(coop.nameAr);
    // The page number in Arabic words (pdftotext gives the visual order of a right-to-left line).
    expect(pages[pages.length - 1]).toContain('صفحة');
    expect(pages[pages.length - 1]).toContain(`${pages.length} / ${pages.length}`);
    expect(lineWith(pages.join('\n'), 'المبلغ المستحق للتعاونية')).toContain(formatMoney(s.totals.payout));
    savePageImages(pdf, 'settlement-ar');
  });

  it('keeps page images as artefacts (tests/artifacts/documents)', async () => {
    const pdf = await settlementPdf(statement(saleLines(50), returnLines, 'draft'), {
      ...options,
      stock: stockRows(),
    });
    const files = savePageImages(pdf, 'settlement-draft');
    expect(files.length).toBe(pdfPageCount(pdf));
  });
});
