import { afterAll, describe, expect, it } from 'vitest';
import { coopReturnNotePdf } from '../../documents/coop-return-note';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { flatText, lineWith, pdfPages } from './pdf-text';
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

afterAll(() => sharedChromiumRenderer().close());

describe('cooperative return note: value and best-before on each line', () => {
  it('prints each line’s best-before as dd/mm/yyyy and its value at retail, and the total', async () => {
    const pdf = await coopReturnNotePdf(note);
    // A no-break space groups the thousands (it reads as a space once extracted).
    const page = pdfPages(pdf)[0]!.replace(/\u00a0|\u202f/g, ' ');
    const text = flatText(pdf);
    expect(text).toContain('DLUO');
    expect(text).toContain('Valeur MAD');
    expect(lineWith(page, 'AML-300')).toContain('20/08/2027');
    expect(text).not.toContain('2027-08-20');
    // 16 x 65,00 = 1 040,00 (grouped as on screen); 1,250 kg x 250,00 = 312,50; total 1 352,50.
    expect(lineWith(page, 'AML-300')).toContain('1 040,00');
    expect(lineWith(page, 'MIEL')).toContain('312,50');
    expect(lineWith(page, '2 lignes')).toContain('1 352,50');
    expect(text).toContain('Valeur au prix de détail TTC, en dirhams (MAD).');
  });
});
