/**
 * A4 sheets of product labels as a PDF. Each distinct label is printed once by the host's engine, on a page
 * the size of the label (documents/html/label-sheet.ts: names as real text in embedded fonts, the EAN-13 as
 * vector bars), and every sheet then places those pages where its labels go, as shared PDF forms. A copy
 * costs a few bytes and no layout: 200 products x 400 copies (80,000 labels, 3,334 sheets) prints 200
 * labels in Chromium instead of laying out 3,334 pages, and the file holds each label's drawing once.
 */
import type { PDFObject, PDFRef as PdfRefClass } from 'pdf-lib';
import type { ProductLabel } from '../hardware/labels/label-model';
import { validateLabel } from '../hardware/labels/label-model';
import { SHEET_LAYOUTS, labelPagesHtml, type SheetOptions } from './html/label-sheet';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export {
  SHEET_LAYOUTS,
  labelsPerSheet,
  sheetCount,
  type SheetLayout,
  type SheetOptions,
} from './html/label-sheet';

const PT_PER_MM = 72 / 25.4;
const A4 = { widthMm: 210, heightMm: 297 };

export async function labelSheetPdf(
  labels: readonly ProductLabel[],
  options: SheetOptions = {},
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Uint8Array> {
  const spec = SHEET_LAYOUTS[options.layout ?? '3x8'];
  const perSheet = spec.columns * spec.rows;
  const startAt = options.startAt ?? 0;
  if (!Number.isInteger(startAt) || startAt < 0 || startAt >= perSheet) {
    throw new RangeError(`startAt must be 0..${perSheet - 1}`);
  }
  // Every label is checked before anything is printed, so a bad one never leaves half a sheet.
  for (const l of labels) validateLabel(l);

  // Labels of one product come in runs of copies: each distinct label is printed once.
  const distinct: ProductLabel[] = [];
  const index = new Map<string, number>();
  const order = labels.map((label) => {
    const key = JSON.stringify(label);
    let at = index.get(key);
    if (at === undefined) {
      at = distinct.length;
      index.set(key, at);
      distinct.push(label);
    }
    return at;
  });
  // Loaded on the first label sheet, not at start: pdf-lib is ~900 kB of bundle every station start parsed
  // and ran for a document most days never ask for. Its CommonJS exports are read from `default`: all a
  // split bundle's chunk of it has (esbuild); node's import has it too.
  const { PDFDocument, PDFName, PDFRef } = (await import('pdf-lib')).default;
  const out = await PDFDocument.create();
  if (distinct.length > 0) {
    const printed = await PDFDocument.load(
      await renderer.render(
        labelPagesHtml(distinct, {
          layout: options.layout,
          frames: options.frames,
          arabicFontPath: options.arabicFontPath,
        }),
      ),
    );
    const forms = await out.embedPages(printed.getPages());
    // Sheets are centred: 8 x 37 mm leaves 1 mm of the 297 mm page.
    const topMm = (A4.heightMm - spec.rows * spec.heightMm) / 2;
    const leftMm = (A4.widthMm - spec.columns * spec.widthMm) / 2;
    const sheets: number[][] = [];
    order.forEach((at, i) => {
      if (sheets.length === 0 || (startAt + i) % perSheet === 0) sheets.push([]);
      sheets[sheets.length - 1]!.push(at);
    });
    // All full sheets of one product are the same sheet: it is drawn once, and its copies are pages that
    // share its content stream and resources (a few bytes each, no drawing).
    const drawn = new Map<string, { contents: PDFObject; resources: PdfRefClass }>();
    sheets.forEach((sheet, n) => {
      const first = n === 0 ? startAt : 0;
      const key = `${first}:${sheet.join(',')}`;
      const page = out.addPage([A4.widthMm * PT_PER_MM, A4.heightMm * PT_PER_MM]);
      const same = drawn.get(key);
      if (same) {
        page.node.set(PDFName.of('Contents'), same.contents);
        page.node.set(PDFName.of('Resources'), same.resources);
        return;
      }
      sheet.forEach((at, k) => {
        const slot = first + k;
        const form = forms[at];
        if (!form) return;
        const xMm = leftMm + (slot % spec.columns) * spec.widthMm;
        const yTopMm = topMm + Math.floor(slot / spec.columns) * spec.heightMm;
        // PDF space starts at the bottom left.
        page.drawPage(form, {
          x: xMm * PT_PER_MM,
          y: (A4.heightMm - yTopMm - spec.heightMm) * PT_PER_MM,
          width: spec.widthMm * PT_PER_MM,
          height: spec.heightMm * PT_PER_MM,
        });
      });
      const contents = page.node.get(PDFName.of('Contents'));
      const resources = page.node.get(PDFName.of('Resources'));
      if (contents && resources) {
        const ref = resources instanceof PDFRef ? resources : out.context.register(resources);
        page.node.set(PDFName.of('Resources'), ref);
        drawn.set(key, { contents, resources: ref });
      }
    });
  }
  out.setTitle('Étiquettes');
  out.setCreator('Souk POS');
  return out.save({ useObjectStreams: true });
}
