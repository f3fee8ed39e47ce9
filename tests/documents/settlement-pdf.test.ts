import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../core/receipt/format';
import { DRAFT_BANNER, settlementPdf } from '../../documents/settlement-pdf';
import type { InspectedPdf, PdfObject } from './pdf-inspect';
import { inspectPdf, pageContent, pageTexts } from './pdf-inspect';
import { rasterPage } from './pdf-raster';
import { returnLines, saleLines, shop, statement, stockRows } from './statement-fixtures';

const fixed = { shop, creationDate: new Date(0) };
const allTexts = (pdf: InspectedPdf) => pdf.pages.flatMap((p) => pageTexts(pdf, p));
const imagesOn = (page: PdfObject) => [...page.dict.matchAll(/\/Im\d+ (\d+) 0 R/g)].map((m) => Number(m[1]));

/** The text shown right after `label` in content order: the amount on the same totals row. */
function amountAfter(texts: string[], label: string): string | undefined {
  const i = texts.lastIndexOf(label);
  return i < 0 ? undefined : texts[i + 1];
}

describe('settlement statement PDF', () => {
  it('grows by pages as lines are added, repeating the table header and numbering every page', () => {
    const counts = [0, 1, 30, 80, 300].map((n) => {
      const pdf = inspectPdf(settlementPdf(statement(saleLines(n)), fixed));
      const n_ = pdf.pages.length;
      pdf.pages.forEach((p, i) => {
        const texts = pageTexts(pdf, p);
        expect(texts).toContain(`Page ${i + 1}/${n_}`);
        // Every page that shows sale lines starts them under a header.
        if (texts.some((t) => /^ARG-100-\d+$/.test(t))) expect(texts).toContain('Montant TTC');
      });
      return n_;
    });
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBe(1);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts[4]).toBeGreaterThan(counts[2]!);
    // 300 lines at about 45 a page.
    expect(counts[4]).toBeGreaterThanOrEqual(6);
  });

  it('prints every sale line once, with its quantity and amounts', () => {
    const lines = saleLines(120);
    const pdf = inspectPdf(settlementPdf(statement(lines), fixed));
    const texts = allTexts(pdf);
    for (const l of lines) expect(texts.filter((t) => t === l.sku)).toHaveLength(1);
    const kg = lines.find((l) => l.unit === 'kg')!;
    const i = texts.indexOf(kg.sku);
    expect(texts.slice(i, i + 8)).toContain(
      `${Math.floor(kg.quantity / 1000)},${String(kg.quantity % 1000).padStart(3, '0')} kg`,
    );
    expect(texts.slice(i, i + 8)).toContain(formatMoney(kg.amount));
    expect(texts).toEqual(expect.arrayContaining(['Détail', 'Demi-gros', 'Gros']));
  });

  it('totals box shows the statement totals, French labels with their amounts', () => {
    const s = statement(saleLines(40), returnLines);
    const texts = allTexts(inspectPdf(settlementPdf(s, fixed)));
    expect(amountAfter(texts, 'Ventes brutes')).toBe(formatMoney(s.totals.grossSales));
    expect(amountAfter(texts, 'Retours')).toBe(formatMoney(-s.totals.returns));
    expect(amountAfter(texts, 'Ventes nettes')).toBe(formatMoney(s.totals.netSales));
    expect(amountAfter(texts, 'Commission de la boutique')).toBe(formatMoney(-s.totals.commission));
    expect(amountAfter(texts, 'Montant à verser')).toBe(formatMoney(s.totals.payout));
    // Returns are carried as negative lines.
    expect(texts).toContain('-180,00');
    expect(texts).toContain('-0,750 kg');
  });

  it('groups thousands with a space and keeps two decimals: 1 234,56', () => {
    const l = { ...saleLines(1)[0]!, amount: 123_456, payout: 98_765, commission: 24_691 };
    const texts = allTexts(inspectPdf(settlementPdf(statement([l]), fixed)));
    expect(amountAfter(texts, 'Ventes brutes')).toBe('1 234,56');
    expect(amountAfter(texts, 'Montant à verser')).toBe('987,65');
  });

  it('shows identity, cooperative, bank account, period in Casablanca and the women badge', () => {
    const texts = allTexts(inspectPdf(settlementPdf(statement(saleLines(3)), fixed)));
    const joined = texts.join('\n');
    expect(texts).toContain('Relevé de règlement');
    expect(texts).toContain('N° RG-2025-0003');
    expect(texts).toContain('Souk Solidaire Agdal');
    expect(joined).toContain('ICE 001234567000089 - IF 40123456 - RC RAB 98765');
    expect(texts).toContain('Coopérative Tighanimine');
    expect(joined).toContain('ICE : 002345678000011');
    expect(joined).toContain('Crédit Agricole du Maroc - 225 810 0001234567890123 45');
    // 31 May 23:00 UTC is 1 June 00:00 in Casablanca; the period ends exclusively at 1 July 00:00.
    expect(texts).toContain('Période : du 01/06/2025 au 30/06/2025');
    expect(texts).toContain('Statut : Émis le 01/07/2025 10:30');
    expect(texts).toContain('Coopérative féminine');
  });

  it('draws the Arabic as non-empty images, each string embedded once', () => {
    const pdf = inspectPdf(
      settlementPdf(statement(saleLines(60), returnLines), { ...fixed, stock: stockRows() }),
    );
    const images = [...pdf.objects.values()].filter(
      (o) => o.dict.includes('/Subtype /Image') && !o.dict.includes('/DeviceGray /'),
    );
    const masks = new Set(
      [...pdf.objects.values()].flatMap((o) =>
        [...o.dict.matchAll(/\/SMask (\d+) 0 R/g)].map((m) => Number(m[1])),
      ),
    );
    const pictures = images.filter((o) => !masks.has(o.id));
    // Labels, tiers, 5 product names, the cooperative name: far fewer than the rows that show them.
    expect(pictures.length).toBeGreaterThan(20);
    expect(pictures.length).toBeLessThan(60);
    for (const img of pictures) {
      const maskId = Number(/\/SMask (\d+) 0 R/.exec(img.dict)?.[1]);
      const alpha = pdf.objects.get(maskId)?.stream;
      expect(alpha, `image ${img.id} has a mask`).toBeDefined();
      // Ink: some pixels are opaque.
      expect(alpha!.some((a) => a > 128)).toBe(true);
    }
    for (const page of pdf.pages) expect(imagesOn(page).length).toBeGreaterThan(0);
  });

  it('marks drafts, and only drafts, with the banner and a watermark on every page', () => {
    const lines = saleLines(120);
    const draft = inspectPdf(settlementPdf(statement(lines, [], 'draft'), fixed));
    const issued = inspectPdf(settlementPdf(statement(lines, [], 'issued'), fixed));
    const paid = inspectPdf(settlementPdf(statement(lines, [], 'paid'), fixed));
    expect(draft.pages.length).toBeGreaterThan(1);
    expect(allTexts(draft)).toContain(DRAFT_BANNER);
    expect(allTexts(draft)).toContain('N° - (brouillon non numéroté)');
    for (const pdf of [issued, paid]) expect(allTexts(pdf).join('\n')).not.toMatch(/BROUILLON|brouillon/);
    expect(allTexts(paid)).toContain('Versé le 05/07/2025 - réf. VIR-778812');
    // The watermark is the first thing drawn on each draft page (under everything else), the same image.
    const firstImage = (pdf: InspectedPdf, p: PdfObject) =>
      /^q [^\n]* cm \/(Im\d+) Do Q/.exec(pageContent(pdf, p))?.[1];
    const marks = draft.pages.map((p) => firstImage(draft, p));
    expect(marks.every((m) => m !== undefined && m === marks[0])).toBe(true);
    for (const pdf of [issued, paid]) for (const p of pdf.pages) expect(firstImage(pdf, p)).toBeUndefined();
  });

  it('lists what remains on the shelf for this cooperative only', () => {
    const texts = allTexts(
      inspectPdf(settlementPdf(statement(saleLines(2)), { ...fixed, stock: stockRows() })),
    );
    expect(texts).toContain('Reste en rayon');
    expect(texts).toContain('14');
    expect(texts).toContain('3,250 kg');
    expect(texts).toContain('31/03/2026');
    expect(texts).not.toContain('OTHER-1');
    expect(amountAfter(texts, 'Valeur totale au prix de détail')).toBe('1 568,75');
    const without = allTexts(inspectPdf(settlementPdf(statement(saleLines(2)), fixed)));
    expect(without).not.toContain('Reste en rayon');
  });

  it('says so when there is nothing to settle, with zero totals', () => {
    const texts = allTexts(inspectPdf(settlementPdf(statement([]), fixed)));
    expect(texts).toContain('Aucune vente sur la période.');
    expect(amountAfter(texts, 'Montant à verser')).toBe('0,00');
  });

  it('titles a debit note as such and shows what the cooperative owes as a positive amount', () => {
    const s = { ...statement([], returnLines), kind: 'debit_note' as const, number: 'ND-2025-0001' };
    expect(s.totals.payout).toBe(-20_100);
    const texts = allTexts(inspectPdf(settlementPdf(s, fixed)));
    expect(texts).toContain('Note de débit');
    expect(texts).not.toContain('Relevé de règlement');
    expect(amountAfter(texts, 'Montant dû par la coopérative')).toBe('201,00');
    expect(texts).not.toContain('Montant à verser');
  });

  it('is deterministic for a fixed creation date', () => {
    const s = statement(saleLines(10), returnLines);
    expect(settlementPdf(s, fixed).equals(settlementPdf(s, fixed))).toBe(true);
  });

  it('renders to a PNG for a visual check (tests/artifacts/documents)', () => {
    const pdf = inspectPdf(
      settlementPdf(statement(saleLines(50), returnLines, 'draft'), { ...fixed, stock: stockRows() }),
    );
    mkdirSync('tests/artifacts/documents', { recursive: true });
    pdf.pages.forEach((p, i) => {
      const png = rasterPage(pdf, p, 80);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      writeFileSync(`tests/artifacts/documents/settlement-draft-p${i + 1}.png`, png);
    });
  });
});
