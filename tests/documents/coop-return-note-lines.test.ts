import { describe, expect, it } from 'vitest';
import { coopReturnNotePdf, RETURN_NOTE_MAX_LINES } from '../../documents/coop-return-note';
import { inspectPdf, pageTexts } from './pdf-inspect';
import { coop, shop } from './statement-fixtures';

const note = {
  shop,
  cooperative: { nameFr: coop.nameFr, nameAr: coop.nameAr },
  number: 'BR-00007',
  at: Date.UTC(2026, 11, 1, 10, 0),
  reason: 'DLUO proche',
  lines: [
    {
      sku: 'AML-300',
      nameFr: 'Amlou aux amandes 300 g',
      nameAr: 'أملو',
      unit: 'piece' as const,
      quantity: 16_000,
      lot: 'A1',
      unitPrice: 6_500,
      bestBefore: '2027-08-20',
    },
    {
      sku: 'MIEL',
      nameFr: 'Miel de thym',
      nameAr: 'عسل',
      unit: 'kg' as const,
      quantity: 1_250,
      lot: null,
      unitPrice: 25_000,
      bestBefore: null,
    },
  ],
};

describe('cooperative return note: value and best-before on each line', () => {
  it('prints each line’s best-before as dd/mm/yyyy and its value at retail, and the total', () => {
    const pdf = inspectPdf(coopReturnNotePdf(note, { creationDate: new Date(0) }));
    // A no-break space groups the thousands (it reads as a space once extracted).
    const texts = pageTexts(pdf, pdf.pages[0]!).map((t) => t.replace(/\u00a0/g, ' '));
    expect(texts).toContain('DLUO');
    expect(texts).toContain('Valeur MAD');
    expect(texts).toContain('20/08/2027');
    expect(texts).not.toContain('2027-08-20');
    // 16 x 65,00 = 1 040,00 (grouped as on screen); 1,250 kg x 250,00 = 312,50; total 1 352,50.
    expect(texts).toContain('1 040,00');
    expect(texts).toContain('312,50');
    expect(texts).toContain('1 352,50');
    expect(texts).toContain('Valeur au prix de détail TTC, en dirhams (MAD).');
  });

  it('still fits the longest note on one page', () => {
    const lines = Array.from({ length: RETURN_NOTE_MAX_LINES }, (_, i) => ({
      ...note.lines[0]!,
      sku: `S-${i}`,
    }));
    const pdf = inspectPdf(coopReturnNotePdf({ ...note, lines }, { creationDate: new Date(0) }));
    expect(pdf.pages).toHaveLength(1);
    expect(pageTexts(pdf, pdf.pages[0]!)).toContain(`S-${RETURN_NOTE_MAX_LINES - 1}`);
  });
});
