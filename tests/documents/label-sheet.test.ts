import { afterAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../core/barcode';
import { renderRtlText } from '../../hardware/text/arabic';
import { ean13Pattern } from '../../hardware/labels/barcode-svg';
import type { ProductLabel } from '../../hardware/labels/label-model';
import { tierLines } from '../../hardware/labels/label-model';
import { labelPagesHtml } from '../../documents/html/label-sheet';
import { labelSheetPdf, labelsPerSheet } from '../../documents/label-sheet-pdf';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { flatText, pdfFonts, pdfImageCount, pdfPageCount, pdfPages, savePageImages } from './pdf-text';
import { arganLabel } from '../helpers/product-labels';

afterAll(() => sharedChromiumRenderer().close());

const argan = arganLabel;
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

describe('label sheet PDF (HTML printed by Chromium)', () => {
  it.each([
    ['3x8', 1, 1],
    ['3x8', 24, 1],
    ['3x8', 25, 2],
    ['3x8', 50, 3],
    ['4x10', 40, 1],
    ['4x10', 41, 2],
  ] as const)('%s with %i labels has ceil(n / per sheet) pages', async (layout, n, pages) => {
    const pdf = await labelSheetPdf(labels(n), { layout });
    expect(pdfPageCount(pdf)).toBe(pages);
    expect(pages).toBe(Math.ceil(n / labelsPerSheet(layout)));
  });

  it('starts a partly used sheet at the given position', async () => {
    expect(pdfPageCount(await labelSheetPdf(labels(4), { startAt: 21 }))).toBe(2);
    await expect(labelSheetPdf(labels(1), { startAt: 24 })).rejects.toThrow(RangeError);
  });

  it('prints both names, every price tier, quality labels, cooperative, best-before and digits as text', async () => {
    const pdf = await labelSheetPdf([argan, amlou]);
    const text = flatText(pdf);
    expect(text).toContain("Huile d'argan pressée à froid");
    expect(text).toContain('Amlou aux amandes');
    expect(text).toContain('زيت الأركان');
    expect(text).toContain('أملو باللوز');
    for (const t of tierLines(argan)) expect(text).toContain(t.text);
    expect(text).toContain('Détail 180,00 DH/l');
    expect(text).toContain('Demi-gros 165,00 DH/l dès 6 l');
    expect(text).toContain('Bio · IGP');
    expect(text).toContain('Coopérative Tighanimine');
    expect(text).toContain('À consommer de préf. avant 30/06/2027');
    expect(text).toContain('000015'); // right half of the barcode digits
    expect(pdfFonts(pdf).every((f) => f.embedded)).toBe(true);
    // No page number: on a label sheet it would print on a label.
    expect(pdfPages(pdf)[0]).not.toMatch(/Page 1/);
    savePageImages(pdf, 'label-sheet-3x8');
  });

  it('wraps a long name whole rather than cutting it', async () => {
    const long = "Huile d'argan cosmétique pressée à froid, coopérative des femmes d'Aït Baha";
    const text = flatText(await labelSheetPdf([{ ...argan, nameFr: long }]));
    expect(text).toContain(long);
    expect(text).not.toContain('…');
  });

  it('draws each code’s bars once, as a vector image every copy shares, under its digits as text', async () => {
    const html = labelPagesHtml([argan, amlou]);
    const classes = [
      ...html.matchAll(/\.(b\d+)\{background-image:url\("data:image\/svg\+xml;base64,([^"]+)"\);\}/g),
    ];
    expect(classes).toHaveLength(2); // two distinct codes
    const svg = Buffer.from(classes[0]![2]!, 'base64').toString('utf8');
    expect(svg.match(/<rect /g)).toHaveLength(ean13Pattern(argan.code).bars.length);
    expect(html.match(/class="bc b\d+"/g)).toHaveLength(2);
    const pdf = await labelSheetPdf(labels(6));
    // Vectors, not pixels: the PDF holds no raster image at all.
    expect(pdfImageCount(pdf)).toBe(0);
    expect(flatText(pdf)).toContain('000022');
  });

  it('prints each distinct label once and places it on every sheet: 10 products x 400 copies', async () => {
    // Before, Chromium laid out all 167 pages (4,000 labels: about a minute on this machine).
    const renderer = sharedChromiumRenderer();
    const asked: string[] = [];
    const counting = {
      render: (html: string) => (asked.push(html), renderer.render(html)),
      close: async () => {},
    };
    const products = Array.from({ length: 10 }, (_, i) => ({
      ...argan,
      code: `${200000000100 + i}${gs1CheckDigit(String(200000000100 + i))}`,
      nameFr: `Produit ${i + 1}`,
    }));
    const all = products.flatMap((p) => Array.from({ length: 400 }, () => p));
    const started = Date.now();
    const pdf = await labelSheetPdf(all, { startAt: 5 }, counting);
    const seconds = (Date.now() - started) / 1000;
    expect(asked).toHaveLength(1);
    expect(asked[0]!.match(/class="label"/g)).toHaveLength(10);
    expect(pdfPageCount(pdf)).toBe(Math.ceil((5 + 4000) / 24));
    const pages = pdfPages(pdf);
    // Slot 5 of sheet 1 is product 1's first label; sheet 17 holds the end of product 1 and product 2's start.
    expect(pages[0]).toContain('Produit 1');
    expect(pages[16]).toMatch(/Produit 1\b[\s\S]*Produit 2\b|Produit 2\b[\s\S]*Produit 1\b/);
    expect(pages.at(-1)).toContain('Produit 10');
    expect((pages[100]!.match(/زيت الأركان/g) ?? []).length).toBe(24);
    // Each label's drawing is held once: the file grows by a few bytes a copy, not a label's worth.
    expect(pdf.byteLength).toBeLessThan(2_000_000);
    expect(seconds).toBeLessThan(60);
  });

  it('refuses a label with a bad EAN-13 or price before printing anything', async () => {
    await expect(labelSheetPdf([{ ...argan, code: '2000000000016' }])).rejects.toMatchObject({
      code: 'INVALID_EAN13',
    });
    await expect(
      labelSheetPdf([{ ...argan, prices: { retail: { price: 12.5, minQuantity: 1000 } } }]),
    ).rejects.toMatchObject({ code: 'INVALID_LABEL' });
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
