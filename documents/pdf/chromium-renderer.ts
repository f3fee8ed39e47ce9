/**
 * The station's PDF engine: one headless Chromium (Debian's, through playwright-core) kept for the life of
 * the process and reused by every document, launched on first use and again if it died. Documents queue,
 * one at a time, so two managers' statements never share a page or fight over memory. Layout and printing
 * happen in Chromium's processes: the station's thread only sends the HTML and awaits the bytes, so a till's
 * scan is answered while a thousand-line return note prints.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { PdfRenderError, type PdfRenderer } from './pdf-renderer';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Headless without a sandbox (the station often runs as root in a container), nothing from the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** SOUK_CHROMIUM, else Debian's /usr/bin/chromium; CHROMIUM_MISSING with the way to get one if neither exists. */
export function chromiumPath(explicit?: string): string {
  const path = explicit ?? process.env.SOUK_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new PdfRenderError(
      'CHROMIUM_MISSING',
      `No Chromium at ${path} to print documents with: install it (apt-get install chromium) or set SOUK_CHROMIUM to a Chromium or Chrome executable.`,
    );
  }
  return path;
}

export interface ChromiumRendererOptions {
  /** Default: SOUK_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string;
  /** How long a launch or one document may take before it counts as failed (a loaded two-core box). */
  timeoutMs?: number;
}

export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Browsers started so far: 1 after the first document, more only after one died. */
  launches = 0;

  constructor(private readonly options: ChromiumRendererOptions = {}) {}

  render(html: string): Promise<Uint8Array> {
    const job = this.queue.then(() => this.renderNow(html));
    this.queue = job.catch(() => undefined);
    return job;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    await this.queue;
    if (browser) await browser.then((b) => b.close()).catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    const executablePath = chromiumPath(this.options.executablePath);
    // Loaded on the first document, not at start: playwright-core is about 64 MB of heap in every thread
    // that imports it (the station's and each report worker's), and most of them never print.
    const started = import('playwright-core')
      .then(({ chromium }) =>
        chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: this.options.timeoutMs ?? 60_000 }),
      )
      .then((b) => {
        this.launches++;
        // A crash or a kill: the next document starts a new browser rather than failing on a dead one.
        b.on('disconnected', () => {
          if (this.browser === started) this.browser = null;
        });
        return b;
      });
    started.catch(() => {
      if (this.browser === started) this.browser = null;
    });
    this.browser = started;
    return started;
  }

  private async renderNow(html: string): Promise<Uint8Array> {
    if (this.closed) throw new PdfRenderError('DOCUMENT_RENDER_FAILED', 'The PDF renderer is closed.');
    try {
      return await this.attempt(html);
    } catch (first) {
      if (first instanceof PdfRenderError) throw first;
      // The browser died under the document (killed, out of memory): once more on a fresh one.
      this.browser = null;
      try {
        return await this.attempt(html);
      } catch (second) {
        if (second instanceof PdfRenderError) throw second;
        throw new PdfRenderError(
          'DOCUMENT_RENDER_FAILED',
          `Chromium could not print the document: ${second instanceof Error ? second.message : String(second)}`,
        );
      }
    }
  }

  private async attempt(html: string): Promise<Uint8Array> {
    const browser = await (this.browser ?? this.launch());
    let context: BrowserContext | null = null;
    try {
      // A fresh context per document: nothing of one document (fonts, storage) leaks into the next.
      context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      const timeout = this.options.timeoutMs ?? 120_000;
      page.setDefaultTimeout(timeout);
      await page.setContent(html, { waitUntil: 'load', timeout });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      await context?.close().catch(() => undefined);
    }
  }
}

let shared: ChromiumPdfRenderer | null = null;

/**
 * The process's one Chromium renderer, for hosts that give the API none of their own. Once closed (a station
 * shutting down, the end of a test file) the next document gets a new one.
 */
export function sharedChromiumRenderer(): ChromiumPdfRenderer {
  if (!shared || shared.isClosed) shared = new ChromiumPdfRenderer();
  return shared;
}
