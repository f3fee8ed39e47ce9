import { afterAll, describe, expect, it } from 'vitest';
import { cashReportPdf } from '../../documents/cash-report-pdf';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { flatText, lineWith, pdfPages, savePageImages } from './pdf-text';
import { shop } from './statement-fixtures';
import { closedSessionReport } from '../helpers/cash-report';

afterAll(() => sharedChromiumRenderer().close());

const report = closedSessionReport;

const flat = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('X/Z cash report on A4', () => {
  it('prints the Z report’s figures in French: sales, methods, VAT per rate, drawer, variance, seal', async () => {
    const pdf = await cashReportPdf(report, { shop, cashier: 'Khadija' });
    const page = pdfPages(pdf).join('\n');
    const text = flatText(pdf);
    expect(text).toContain('RAPPORT Z (clôture)');
    expect(text).toContain('Khadija');
    expect(text).toContain('1001 - 1089');
    expect(flat(lineWith(page, 'Ventes (87)'))).toContain('12 345,56');
    expect(flat(page.split('\n').find((l) => l.includes('Espèces')) ?? '')).toContain('7 345,56');
    expect(flat(lineWith(page, '= Attendu'))).toContain('7 650,56');
    expect(flat(lineWith(page, 'Écart (manquant)'))).toContain('-0,56');
    // 9 000,00 at 20 %: 7 500,00 + 1 500,00.
    expect(flat(lineWith(page, '20%'))).toContain('9 000,00 7 500,00 1 500,00');
    expect(text).toContain('9f86 d081 884c 7d65');
    expect(page).toContain('Page 1 / 1');
    savePageImages(pdf, 'cash-report-z-fr');
  });

  it('in Arabic, right to left; an open session is an X report', async () => {
    const x = {
      ...report,
      closedAt: null,
      countedCash: null,
      variance: null,
      journalSeq: null,
      journalHash: null,
    };
    const pdf = await cashReportPdf(x, { shop, cashier: 'خديجة', lang: 'ar' });
    const text = flatText(pdf);
    expect(text).toContain('تقرير');
    expect(text).toContain('خديجة');
    expect(text).toContain('نقدا');
    expect(text).toContain('غير معدود');
    expect(text).not.toContain('RAPPORT');
    expect(flat(lineWith(pdfPages(pdf).join('\n'), 'المتوقع'))).toContain('7 650,56');
    savePageImages(pdf, 'cash-report-x-ar');
  });
});
