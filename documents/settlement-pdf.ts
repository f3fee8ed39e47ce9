/**
 * The cooperative's settlement statement as an A4 PDF: the HTML of documents/html/settlement.ts printed by
 * the host's engine (Chromium on the station, Electron's own in the shell), French and Arabic as real,
 * embedded-font text.
 */
import type { SettlementStatement } from '../core/settlement';
import { settlementHtml, type SettlementHtmlOptions } from './html/settlement';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export { statementReference } from './html/settlement';
export type { ShopIdentity } from './shop-identity';
export { DEBIT_NOTE_LABELS } from './document-labels';

export type SettlementPdfOptions = SettlementHtmlOptions;

export async function settlementPdf(
  statement: SettlementStatement,
  options: SettlementPdfOptions,
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Buffer> {
  return Buffer.from(await renderer.render(settlementHtml(statement, options)));
}
