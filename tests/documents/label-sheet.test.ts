import { describe, expect, it } from 'vitest';
import { renderRtlText } from '../../hardware/text/arabic';
import { ean13Pattern } from '../../hardware/labels/barcode-svg';
import type { ProductLabel } from '../../hardware/labels/label-model';
import { tierLines } from '../../hardware/labels/label-model';
import { labelSheetPdf, labelsPerSheet } from '../../documents/label-sheet-pdf';
import { inspectPdf, pageContent, pageTexts } from './pdf-inspect';

const argan: ProductLabel = {
  code: '2000000000015',
  nameFr: "Huile d'argan pressée à froid",
  nameAr: 'زيت الأركان',
  prices: {
    retail: { price: 18000, minQuantity: 1000 },
    semi: { price: 16500, minQuantity: 6000 },
    wholesale: { price: 15000, minQuantity: 24000 },
  },
  unit: 'l',
  qualityLabels: ['organic', 'igp'],
  bestBefore: '2027-06-30',
  cooperative: 'Coopérative Tighanimine',
};
const amlou: ProductLabel = {
  ...argan,
  code: '2000000000022',
  nameFr: 'Amlou aux amandes',
  nameAr: 'أملو باللوز',
  unit: 'kg',
  prices: { retail: { price: 9500, minQuantity: 1000 } },
  qualityLabels: ['fairtrade'],
};

function labels(n: number): ProductLabel[] {
  return Array.from({ length: n }, (_, i) => (i % 3 === 2 ? amlou : argan));
}

describe('label sheet PDF', () => {
  it.each([
    ['3x8', 1, 1],
    ['3x8', 24, 1],
    ['3x8', 25, 2],
    ['3x8', 50, 3],
    ['4x10', 40, 1],
    ['4x10', 41, 2],
  ] as const)('%s with %i labels has ceil(n / per sheet) pages', (layout, n, pages) => {
    const pdf = inspectPdf(labelSheetPdf(labels(n), { layout }));
    expect(pdf.pages).toHaveLength(pages);
    expect(pages).toBe(Math.ceil(n / labelsPerSheet(layout)));
  });

  it('starts a partly used sheet at the given position', () => {
    expect(inspectPdf(labelSheetPdf(labels(4), { startAt: 21 })).pages).toHaveLength(2);
    expect(() => labelSheetPdf(labels(1), { startAt: 24 })).toThrow(RangeError);
  });

  it('prints French names, every price tier, quality labels, cooperative and best-before as text', () => {
    const pdf = inspectPdf(labelSheetPdf([argan, amlou], { creationDate: new Date(0) }));
    const texts = pageTexts(pdf, pdf.pages[0]!);
    expect(texts).toContain("Huile d'argan pressée à froid");
    expect(texts).toContain('Amlou aux amandes');
    for (const t of tierLines(argan)) expect(texts).toContain(t.text);
    expect(texts).toContain('Détail 180,00 DH/l');
    expect(texts).toContain('Demi-gros 165,00 DH/l dès 6 l');
    expect(texts).toContain('Bio · IGP');
    expect(texts).toContain('Coopérative Tighanimine');
    expect(texts).toContain('À consommer de préf. avant 30/06/2027');
    expect(texts).toContain('000015'); // right half of the barcode digits
  });

  it('draws each barcode as one filled rectangle per bar', () => {
    const pdf = inspectPdf(labelSheetPdf([argan, amlou]));
    const content = pageContent(pdf, pdf.pages[0]!);
    const filledRects = [...content.matchAll(/0 g [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ re f/g)].length;
    expect(filledRects).toBe(ean13Pattern(argan.code).bars.length + ean13Pattern(amlou.code).bars.length);
  });

  it('embeds each Arabic name once as a non-empty image with an alpha mask', () => {
    const pdf = inspectPdf(labelSheetPdf(labels(6)));
    const images = [...pdf.objects.values()].filter(
      (o) => o.dict.includes('/Subtype /Image') && o.dict.includes('/SMask'),
    );
    expect(images).toHaveLength(2); // two distinct names on six labels
    for (const img of images) {
      const maskId = Number(/\/SMask (\d+) 0 R/.exec(img.dict)?.[1]);
      const mask = pdf.objects.get(maskId)?.stream ?? Buffer.alloc(0);
      const width = Number(/\/Width (\d+)/.exec(img.dict)?.[1]);
      const height = Number(/\/Height (\d+)/.exec(img.dict)?.[1]);
      expect(mask.length).toBe(width * height);
      const inked = mask.filter((a) => a > 128).length;
      expect(inked).toBeGreaterThan(mask.length * 0.03);
      expect(width).toBeGreaterThan(height);
    }
    expect(pageContent(pdf, pdf.pages[0]!).match(/ Do /g)).toHaveLength(6);
  });

  it('refuses a label with a bad EAN-13 or price before writing anything', () => {
    expect(() => labelSheetPdf([{ ...argan, code: '2000000000016' }])).toThrow(
      expect.objectContaining({ code: 'INVALID_EAN13' }),
    );
    expect(() =>
      labelSheetPdf([{ ...argan, prices: { retail: { price: 12.5, minQuantity: 1000 } } }]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_LABEL' }));
  });
});

describe('Arabic rendering', () => {
  const ink = (img: ReturnType<typeof renderRtlText>['raw']) => {
    const cols: number[] = Array<number>(img.width).fill(0);
    const rows: number[] = Array<number>(img.height).fill(0);
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        if ((img.pixels[(y * img.width + x) * 4 + 3] ?? 0) > 128) {
          cols[x]!++;
          rows[y]!++;
        }
      }
    return { cols, rows };
  };

  it('shapes letters into joined forms (differs from the same letters kept apart)', () => {
    const joined = renderRtlText('بيت', { fontSizePx: 48 }).raw;
    const apart = renderRtlText('ب\u200cي\u200cت', { fontSizePx: 48 }).raw;
    // Isolated forms are wider than the connected word.
    expect(apart.width).toBeGreaterThan(joined.width + 10);
  });

  it('lays text out right to left: the first letter is on the right', () => {
    // Alef is a tall stroke, waw sits low: in "ا و" the tall ink must be at the right end.
    const img = renderRtlText('ا و', { fontSizePx: 64 }).raw;
    const { cols } = ink(img);
    let top = img.height;
    let topX = -1;
    for (let x = 0; x < img.width; x++)
      for (let y = 0; y < img.height; y++) {
        if ((img.pixels[(y * img.width + x) * 4 + 3] ?? 0) > 128 && y < top) {
          top = y;
          topX = x;
        }
      }
    expect(cols.some((c) => c > 0)).toBe(true);
    expect(topX).toBeGreaterThan(img.width / 2);
  });
});
