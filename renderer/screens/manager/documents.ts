import { call } from '../../api/client';
import { openDocument, openPdf } from './shared';

/** Which statement a document is for: an issued one by id, or a draft by cooperative and period end. */
export type StatementRef = { id: number } | { cooperativeId: number; periodEnd: number };

export async function openReturnNote(returnId: number): Promise<void> {
  const { fileName, pdfBase64 } = await call('stock.returnNotePdf', { returnId });
  openPdf(pdfBase64, fileName);
}

/** Prints the X or Z report on the receipt printer; false when the station had no printer to use. */
export async function printCashReport(sessionId: number): Promise<boolean> {
  const { printed } = await call('cash.printReport', { sessionId, print: true });
  return printed;
}

export async function openSettlementPdf(ref: StatementRef): Promise<void> {
  const { fileName, pdfBase64 } = await call('settlements.pdf', ref);
  openPdf(pdfBase64, fileName);
}

export async function downloadSettlementCsv(ref: StatementRef): Promise<void> {
  const { fileName, csv } = await call('settlements.csv', ref);
  openDocument(csv, 'text/csv;charset=utf-8', fileName);
}
