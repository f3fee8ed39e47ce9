import { afterAll, describe, expect, it } from 'vitest';
import type { CoopReturnNote } from '../../documents/coop-return-note';
import { ReturnNoteError, coopReturnNotePdf } from '../../documents/coop-return-note';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { flatText, lineWith, pdfPages, savePageImages } from './pdf-text';
import { coop, shop } from './statement-fixtures';

afterAll(() => sharedChromiumRenderer().close());

function note(n: number): CoopReturnNote {
  return {
    shop,
    cooperative: { nameFr: coop.nameFr, nameAr: coop.nameAr },
    number: 'BR-2025-0042',
    at: Date.UTC(2025, 11, 24, 16, 5),
    reason: 'DLUO proche (moins de 30 jours)',
    lines: Array.from({ length: n }, (_, i) => ({
      sku: `AML-${i}`,
      nameFr: `Amlou aux amandes ${i}`,
      nameAr: 'أملو باللوز',
      unit: i % 2 === 0 ? ('kg' as const) : ('piece' as const),
      quantity: i % 2 === 0 ? 1_250 : 3_000,
      lot: i % 3 === 0 ? null : `L25-${i}`,
      unitPrice: 6_500,
    })),
  };
}

describe('cooperative return note PDF (HTML printed by Chromium)', () => {
  it('fits a short note on one page with both signature boxes, French and Arabic as text', async () => {
    const pdf = await coopReturnNotePdf(note(3));
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = flatText(pdf);
    expect(text).toContain('Bon de retour');
    expect(text).toContain('وصل إرجاع');
    expect(text).toContain('N° BR-2025-0042');
    // 16:05 UTC in December is 17:05 in Casablanca (UTC+1 outside Ramadan).
    expect(lineWith(pages[0]!, 'Date')).toContain('24/12/2025 17:05');
    expect(text).toContain('Coopérative Tighanimine');
    expect(text).toContain('تعاونية تيغانيمين');
    expect(text).toContain('أملو باللوز');
    expect(text).toContain('DLUO proche (moins de 30 jours)');
    expect(text).toContain('Pour la boutique (nom, date, signature)');
    expect(text).toContain('Pour la coopérative (nom, date, signature)');
    expect(text).toContain('1,250 kg');
    expect(pages[0]).toContain('Page 1 / 1');
    // 2 x 1,250 kg and 3 pieces at 65,00: 81,25 + 195,00 + 81,25.
    expect(lineWith(pages[0]!, '3 lignes')).toContain('357,50');
  });

  it('runs a 1,000-line return over pages: header repeated, every line once, signatures at the end', async () => {
    // The old writer refused a 23rd line (RETURN_NOTE_TOO_LONG): a cooperative's whole shelf can go back.
    const pdf = await coopReturnNotePdf(note(1000));
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(10);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} / ${pages.length}`);
      // Every page that shows lines shows them under the header, in both languages.
      if (/AML-\d+/.test(page)) {
        expect(page).toContain('Quantité');
        expect(page).toContain('رقم الحصة');
      }
      if (i > 0) expect(page.split('\n').slice(0, 3).join(' ')).toContain('Bon de retour BR-2025-0042');
    });
    const text = flatText(pdf);
    for (let i = 0; i < 1000; i++) expect(text.match(new RegExp(`\\bAML-${i}\\b`, 'g'))).toHaveLength(1);
    // 1000 x 65,00 at 1,25 kg or 3 pieces: 500 x 81,25 + 500 x 195,00.
    expect(lineWith(pages.join('\n'), '1000 lignes').replace(/\s/g, ' ')).toContain('138 125,00');
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Pour la boutique (nom, date, signature)');
    expect(last).toContain('Pour la coopérative (nom, date, signature)');
    expect(pages[0]).not.toContain('Pour la boutique');
    savePageImages(pdf, 'return-note-1000', 2);
  }, 120_000);

  it('refuses an empty note with a stable code', async () => {
    await expect(coopReturnNotePdf(note(0))).rejects.toThrow(ReturnNoteError);
    await expect(coopReturnNotePdf(note(0))).rejects.toMatchObject({ code: 'RETURN_NOTE_EMPTY' });
  });

  it('in Arabic: right to left, Arabic labels first', async () => {
    const pdf = await coopReturnNotePdf(note(5), { lang: 'ar' });
    const text = flatText(pdf);
    expect(text).toContain('وصل إرجاع');
    expect(text).toContain('Bon de retour');
    expect(text).toContain('توقيع التعاونية');
    expect(text).toContain('5 أسطر');
    savePageImages(pdf, 'return-note-ar');
  });
});
