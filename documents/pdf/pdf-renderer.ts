/**
 * What turns a document's HTML into PDF bytes. The host provides it: the station drives Chromium through
 * playwright-core (documents/pdf/chromium-renderer.ts), the Electron shell its own engine
 * (electron/pdf-renderer.ts, webContents.printToPDF). Both lay the page out from the HTML's own @page rule
 * (A4, margins, page-margin boxes), so a document prints the same from either.
 */

export interface PdfRenderer {
  /** The PDF of one complete HTML document. Renders queue: a second call waits for the first. */
  render(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type PdfErrorCode = 'CHROMIUM_MISSING' | 'DOCUMENT_RENDER_FAILED';

/** No engine to print with, or the engine failed twice on one document. */
export class PdfRenderError extends Error {
  constructor(
    readonly code: PdfErrorCode,
    message: string,
  ) {
    super(message);
  }
}
