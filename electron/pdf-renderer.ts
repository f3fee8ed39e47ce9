/**
 * Documents in the Electron shell: printed by the shell's own Chromium (webContents.printToPDF) in one
 * hidden window kept for the life of the app, so the shell needs no second browser. The page is the same
 * HTML the station prints through playwright-core (documents/html/), whose @page rule gives A4, margins,
 * running header and page numbers; it loads from a private temporary file (a data: URL of a thousand-line
 * document is too long for a navigation) with scripts off and nothing else to fetch: fonts are inside.
 * Registered for the main thread with setPdfRenderer (documents/pdf/shared-renderer.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PdfRenderError, type PdfRenderer } from '../documents/pdf/pdf-renderer';

/** What the adapter uses of a BrowserWindow (Electron's, or a test's stand-in). */
export interface PrintWindow {
  webContents: {
    loadURL(url: string): Promise<void>;
    printToPDF(options: {
      preferCSSPageSize?: boolean;
      printBackground?: boolean;
      generateTaggedPDF?: boolean;
    }): Promise<Uint8Array>;
  };
  isDestroyed(): boolean;
  destroy(): void;
}

export class ElectronPdfRenderer implements PdfRenderer {
  private window: PrintWindow | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Where the pages are written; the print window's session lets it load files under this folder only. */
  readonly dir = mkdtempSync(join(tmpdir(), 'souk-print-'));
  private next = 0;
  private closed = false;

  /** `openWindow` makes the hidden window: show false, javascript false, sandboxed, no preload. */
  constructor(private readonly openWindow: () => PrintWindow) {}

  render(html: string): Promise<Uint8Array> {
    // One document at a time in the one window: a second load would replace the page being printed.
    const job = this.queue.then(() => this.print(html));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async print(html: string): Promise<Uint8Array> {
    if (this.closed) throw new PdfRenderError('DOCUMENT_RENDER_FAILED', 'The PDF renderer is closed.');
    const file = join(this.dir, `document-${this.next++}.html`);
    writeFileSync(file, html, { mode: 0o600 });
    try {
      try {
        return await this.printFile(file);
      } catch {
        // The window was closed or its renderer crashed: once more in a new one.
        this.dropWindow();
        return await this.printFile(file);
      }
    } catch (err) {
      this.dropWindow();
      throw new PdfRenderError(
        'DOCUMENT_RENDER_FAILED',
        `The shell could not print the document: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      rmSync(file, { force: true });
    }
  }

  private async printFile(file: string): Promise<Uint8Array> {
    if (!this.window || this.window.isDestroyed()) this.window = this.openWindow();
    await this.window.webContents.loadURL(pathToFileURL(file).href);
    const pdf = await this.window.webContents.printToPDF({
      preferCSSPageSize: true,
      printBackground: true,
      generateTaggedPDF: true,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  private dropWindow(): void {
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
  }
}
