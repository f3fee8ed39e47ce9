/**
 * The transfer note (bon de transfert) as an A4 PDF: documents/html/transfer-note.ts printed by the host's
 * engine, for the driver who carries consigned goods from one shop of the chain to another.
 */
import type { Language } from '../core/languages';
import { transferNoteHtml, type TransferNote } from './html/transfer-note';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export { transferNoteNumber, type TransferNote } from './html/transfer-note';

export async function transferNotePdf(
  data: TransferNote,
  options: { lang?: Language; arabicFontPath?: string } = {},
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Buffer> {
  return Buffer.from(await renderer.render(transferNoteHtml(data, options)));
}
