import { describe, expect, it } from 'vitest';
import type { CoopReturnNote } from '../../documents/coop-return-note';
import { RETURN_NOTE_MAX_LINES, ReturnNoteError, coopReturnNotePdf } from '../../documents/coop-return-note';
import { inspectPdf, pageContent, pageTexts } from './pdf-inspect';
import { coop, shop } from './statement-fixtures';

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
    })),
  };
}

describe('cooperative return note PDF', () => {
  it.each([1, RETURN_NOTE_MAX_LINES])('fits %i lines on one page with both signature boxes', (n) => {
    const pdf = inspectPdf(coopReturnNotePdf(note(n), { creationDate: new Date(0) }));
    expect(pdf.pages).toHaveLength(1);
    const page = pdf.pages[0]!;
    const texts = pageTexts(pdf, page);
    expect(texts).toContain('Bon de retour');
    expect(texts).toContain('N° BR-2025-0042');
    // 16:05 UTC in December is 17:05 in Casablanca (UTC+1 outside Ramadan).
    expect(texts).toContain('Date : 24/12/2025 17:05');
    expect(texts).toContain('Coopérative Tighanimine');
    expect(texts).toContain('DLUO proche (moins de 30 jours)');
    expect(texts).toContain('Pour la boutique (nom, date, signature)');
    expect(texts).toContain('Pour la coopérative (nom, date, signature)');
    expect(texts).toContain('1,250 kg');
    expect(texts).toContain('Page 1/1');
    for (let i = 0; i < n; i++) expect(texts).toContain(`AML-${i}`);
    // The last table row ends above the signature boxes: no row line is drawn inside them.
    const content = pageContent(pdf, page);
    const boxes = [...content.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) 110 re S/g)].map(
      (m) => Number(m[2]) + 110,
    );
    expect(boxes).toHaveLength(2);
    const rowLines = [...content.matchAll(/0\.3 w ([\d.]+) ([\d.]+) m/g)].map((m) => Number(m[2]));
    expect(Math.min(...rowLines)).toBeGreaterThan(Math.max(...boxes));
    // Arabic title, cooperative and product names are images.
    expect(content.match(/\/Im\d+ Do/g)!.length).toBeGreaterThan(n);
  });

  it('refuses an empty note and one too long for a page, with stable codes', () => {
    expect(() => coopReturnNotePdf(note(0))).toThrow(ReturnNoteError);
    try {
      coopReturnNotePdf(note(RETURN_NOTE_MAX_LINES + 1));
      expect.unreachable();
    } catch (e) {
      expect((e as ReturnNoteError).code).toBe('RETURN_NOTE_TOO_LONG');
    }
  });
});
