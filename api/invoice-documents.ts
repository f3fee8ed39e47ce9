/** An invoice's files for the API (issue 13): db/ may not draw, so the join of service and document is here. */
import type { Language } from '../core/languages';
import { getInvoice } from '../db/services/invoices';
import type { Store } from '../db/store';
import { invoiceCsv } from '../documents/invoice-csv';
import { invoicePdf } from '../documents/invoice-pdf';

const stem = (number: string) => (number.startsWith('AV-') ? `avoir-${number}` : `facture-${number}`);

export async function invoicePdfFile(store: Store, id: number, language?: Language) {
  const invoice = getInvoice(store, id);
  // Printed by Chromium in its own process (documents/pdf/): this thread only awaits the bytes, and hands
  // them on as they are (api/document-body.ts), base64 only for a JSON answer.
  const pdf = await invoicePdf(invoice, { lang: language });
  return { fileName: `${stem(invoice.number)}.pdf`, pdfBase64: pdf };
}

export function invoiceCsvFile(store: Store, id: number) {
  const invoice = getInvoice(store, id);
  return { fileName: `${stem(invoice.number)}.csv`, csv: invoiceCsv(invoice) };
}
