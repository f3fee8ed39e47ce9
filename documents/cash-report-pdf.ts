/** The X or Z cash report on A4 (documents/html/cash-report.ts), printed by the host's engine. */
import type { CashReport } from '../core/cash-report';
import { cashReportHtml, type CashReportHtmlOptions } from './html/cash-report';
import type { PdfRenderer } from './pdf/pdf-renderer';
import { pdfRenderer } from './pdf/shared-renderer';

export async function cashReportPdf(
  report: CashReport,
  options: CashReportHtmlOptions,
  renderer: PdfRenderer = pdfRenderer(),
): Promise<Buffer> {
  return Buffer.from(await renderer.render(cashReportHtml(report, options)));
}
