/**
 * Drawing an A4 label sheet, the slow half of labels.sheet: 200 products x 400 copies is seconds to
 * tens of seconds of CPU (80,000 labels laid out, each with its barcode), so it runs on a
 * report worker (api/report-worker.ts) while the station's main thread, the tills' thread, only gives
 * the products their internal barcodes (api/labels.ts). It takes the labels as values and reads no
 * database, so the worker and the in-process fallback draw the same sheet.
 */
import { labelSheetPdf, labelsPerSheet, type SheetLayout } from '../documents/label-sheet-pdf';
import type { ProductLabel } from '../hardware/labels/label-model';

export interface LabelSheetJob {
  /** One label per item of the request, in order; copies[i] is how many times labels[i] is printed. */
  labels: ProductLabel[];
  copies: number[];
  layout: SheetLayout;
  startAt: number;
}

export interface LabelSheetResult {
  /** The PDF's bytes (api/document-body.ts): base64 only if the answer goes out as JSON. */
  pdfBase64: Uint8Array;
  labels: number;
  pages: number;
}

export async function renderLabelSheet(job: LabelSheetJob): Promise<LabelSheetResult> {
  const all: ProductLabel[] = [];
  job.labels.forEach((label, i) => {
    for (let c = 0; c < (job.copies[i] ?? 0); c++) all.push(label);
  });
  // Awaited: the sheet may be printed by a renderer in another process (Chromium), not drawn in this one.
  const pdf = await labelSheetPdf(all, { layout: job.layout, startAt: job.startAt });
  return {
    pdfBase64: pdf,
    labels: all.length,
    pages: Math.ceil((job.startAt + all.length) / labelsPerSheet(job.layout)),
  };
}
