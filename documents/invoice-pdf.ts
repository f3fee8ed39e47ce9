/**
 * The invoice or credit note as an A4 PDF: documents/html/invoice.ts printed by the host's engine (Chromium
 * on the station, Electron's own in the shell), French with the Arabic names as real, embedded-font text.
 */
import type { Invoice } from '../core/invoice';
import { invoiceHtml, type InvoiceHtmlOptions } from './html/invoice';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export { invoiceTitle } from './html/invoice';

export async function invoicePdf(
  invoice: Invoice,
  options: InvoiceHtmlOptions = {},
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Buffer> {
  return Buffer.from(await renderer.render(invoiceHtml(invoice, options)));
}
