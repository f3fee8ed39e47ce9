/**
 * A4 sheets of product labels as a PDF, printed by the host's engine from documents/html/label-sheet.ts:
 * names as real text in embedded fonts, the EAN-13 as vector bars, sharp at any printer resolution.
 */
import type { ProductLabel } from '../hardware/labels/label-model';
import { labelSheetHtml, type SheetOptions } from './html/label-sheet';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export {
  SHEET_LAYOUTS,
  labelsPerSheet,
  sheetCount,
  type SheetLayout,
  type SheetOptions,
} from './html/label-sheet';

export async function labelSheetPdf(
  labels: readonly ProductLabel[],
  options: SheetOptions = {},
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Uint8Array> {
  return renderer.render(labelSheetHtml(labels, options));
}
