import { afterAll, describe, expect, it } from 'vitest';
import { labelEscpos } from '../../../hardware/labels/label-escpos';
import type { ProductLabel } from '../../../hardware/labels/label-model';
import { labelSheetPdf, type SheetLayout } from '../../../documents/label-sheet-pdf';
import { decodeEscPos } from '../../../hardware/printer/escpos-decoder';
import { sharedChromiumRenderer } from '../../../documents/pdf/chromium-renderer';
import { pdfLines } from '../../documents/pdf-text';
import { arganLabel } from '../../helpers/product-labels';

afterAll(() => sharedChromiumRenderer().close());

/** As full as a label gets: the argan oil's label with its lot. */
const full: ProductLabel = { ...arganLabel, lot: 'OL-26-11' };
const { lot: _lot, ...noLot } = full;

describe('the lot on a label', () => {
  it.each(['3x8', '4x10'] as SheetLayout[])(
    'is printed on a full %s sheet label, after the best-before, and only when there is one',
    async (layout) => {
      const texts = pdfLines(await labelSheetPdf([full, noLot, { ...full, lot: '  ' }], { layout }));
      expect(texts.filter((t) => t === 'Lot OL-26-11')).toHaveLength(1);
      expect(texts.filter((t) => t.startsWith('Lot'))).toHaveLength(1);
      // Nothing else was pushed off the label to make room for it.
      expect(texts.filter((t) => t === 'Coopérative Tighanimine')).toHaveLength(3);
      expect(texts.filter((t) => t.includes('30/06/2027'))).toHaveLength(3);
    },
  );

  it('is printed on the receipt-printer label under the best-before', () => {
    const lines = decodeEscPos(labelEscpos(full)).lines;
    const bb = lines.findIndex((l) => l.includes('30/06/2027'));
    expect(bb).toBeGreaterThan(0);
    expect(lines[bb + 1]).toBe('Lot OL-26-11');
    expect(decodeEscPos(labelEscpos(noLot)).lines.some((l) => l.startsWith('Lot'))).toBe(false);
  });
});
