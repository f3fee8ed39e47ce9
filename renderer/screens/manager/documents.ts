import { call } from '../../api/client';

/** Which statement a document is for: an issued one by id, or a draft by cooperative and period end. */
export type StatementRef = { id: number } | { cooperativeId: number; periodEnd: number };

/** A document's base64 text from a JSON answer as its bytes. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Saves a document under its own name: one click, one file. Every document (labels, return note,
 * statement, CSV) downloads rather than opening a tab: Electron blocks popups anyway, a tab of a blob URL
 * has no useful name to save or share the file under, and trying a tab first then downloading as a
 * fallback gave both at once in browsers that open the tab and report it as blocked.
 */
export function downloadFile(data: Uint8Array<ArrayBuffer> | string, type: string, filename: string): void {
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; a minute covers a slow disk.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A document as the API gives it: its bytes (HTTP's raw answer, IPC), or base64 text from a JSON answer. */
export function downloadPdf(pdf: string | Uint8Array, filename: string): void {
  const bytes =
    typeof pdf === 'string'
      ? base64ToBytes(pdf)
      : pdf.buffer instanceof ArrayBuffer
        ? (pdf as Uint8Array<ArrayBuffer>)
        : new Uint8Array(pdf);
  downloadFile(bytes, 'application/pdf', filename);
}

export async function openReturnNote(returnId: number): Promise<void> {
  const { fileName, pdfBase64 } = await call('stock.returnNotePdf', { returnId });
  downloadPdf(pdfBase64, fileName);
}

/** Prints the X or Z report on the receipt printer; false when the station had no printer to use. */
export async function printCashReport(sessionId: number): Promise<boolean> {
  const { printed } = await call('cash.printReport', { sessionId, print: true });
  return printed;
}

export async function openSettlementPdf(ref: StatementRef): Promise<void> {
  const { fileName, pdfBase64 } = await call('settlements.pdf', ref);
  downloadPdf(pdfBase64, fileName);
}

export async function downloadSettlementCsv(ref: StatementRef): Promise<void> {
  const { fileName, csv } = await call('settlements.csv', ref);
  downloadFile(csv, 'text/csv;charset=utf-8', fileName);
}
