/**
 * The return note (bon de retour) as an A4 PDF: documents/html/return-note.ts printed by the host's engine,
 * as many pages as the return has lines.
 */
import type { Language } from '../core/languages';
import { returnNoteHtml, type CoopReturnNote } from './html/return-note';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export { ReturnNoteError, type CoopReturnNote, type ReturnNoteLine } from './html/return-note';

export async function coopReturnNotePdf(
  data: CoopReturnNote,
  options: { lang?: Language; arabicFontPath?: string } = {},
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Buffer> {
  return Buffer.from(await renderer.render(returnNoteHtml(data, options)));
}
