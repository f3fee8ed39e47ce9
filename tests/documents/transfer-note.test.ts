import { afterAll, describe, expect, it } from 'vitest';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { transferNotePdf, transferNoteNumber, type TransferNote } from '../../documents/transfer-note';
import { flatText, lineWith, pdfPages, savePageImages } from './pdf-text';
import { coop, shop } from './statement-fixtures';

afterAll(() => sharedChromiumRenderer().close());

function note(n: number): TransferNote {
  return {
    shop,
    fromShop: 'rabat',
    toShop: { id: 'tanger', name: 'Souk Tanger Médina' },
    transfer: {
      transferId: '3f2a8c1e-7d4b-4e55-9a10-0c6e2b9f7a31',
      at: Date.UTC(2026, 11, 1, 8, 30),
      note: 'Réassort avant le Mawlid',
      lines: Array.from({ length: n }, (_, i) => ({
        productId: i + 1,
        sku: `AML-${i}`,
        nameFr: `Amlou aux amandes ${i}`,
        nameAr: 'أملو باللوز',
        unit: i % 2 === 0 ? ('kg' as const) : ('piece' as const),
        cooperativeId: coop.id,
        cooperativeName: coop.nameFr,
        sent: i % 2 === 0 ? 1_250 : 3_000,
        received: null,
        lot: i % 3 === 0 ? '' : `L26-${i}`,
        bestBefore: i % 4 === 0 ? null : '2027-03-31',
      })),
    },
  };
}

describe('transfer note PDF (HTML printed by Chromium)', () => {
  it('names both shops, each line with its cooperative, lot and best-before, and leaves the count to the receiver', async () => {
    const pdf = await transferNotePdf(note(3));
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = flatText(pdf);
    for (const words of [
      'Bon de transfert',
      'وصل تحويل',
      `N° ${transferNoteNumber('3f2a8c1e-7d4b-4e55-9a10-0c6e2b9f7a31')}`,
      'N° TR-3F2A8C1E',
      'Souk Solidaire Agdal (rabat)',
      'Souk Tanger Médina (tanger)',
      '3f2a8c1e-7d4b-4e55-9a10-0c6e2b9f7a31',
      'Réassort avant le Mawlid',
      'Coopérative Tighanimine',
      'elle reste la propriété de chaque coopérative',
      'L26-1',
      '31/03/2027',
      '1,250 kg',
      'Expéditeur (nom, date, signature)',
      'Chauffeur (nom, date, signature)',
      'Destinataire (nom, date, signature)',
    ])
      expect(text).toContain(words);
    // 08:30 UTC on 1 December is 09:30 in Casablanca.
    expect(lineWith(pages[0]!, 'Date')).toContain('01/12/2026 09:30');
    expect(lineWith(pages[0]!, '3 lignes')).toBeTruthy();
  });

  it('runs 300 lines over pages with the header on each, every line once, the signatures at the end; Arabic first in ar', async () => {
    const pdf = await transferNotePdf(note(300), { lang: 'ar' });
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      // pdftotext reads the Arabic footer in visual order: "13 / 1 صفحة" for page 1 of 13.
      expect(page).toContain(`${pages.length} / ${i + 1} صفحة`);
      if (/AML-\d+/.test(page)) expect(page).toContain('الكمية المرسلة');
    });
    const text = flatText(pdf);
    for (let i = 0; i < 300; i++) expect(text.match(new RegExp(`\\bAML-${i}\\b`, 'g'))).toHaveLength(1);
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Chauffeur (nom, date, signature)');
    expect(pages[0]).not.toContain('Chauffeur');
    expect(pages[0]!.indexOf('وصل تحويل')).toBeLessThan(pages[0]!.indexOf('Bon de transfert'));
    savePageImages(pdf, 'transfer-note-300-ar', 1);
  }, 120_000);
});
