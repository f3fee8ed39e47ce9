/**
 * The process's one PDF engine, whichever thread asks. The main thread holds it: the host's own (Electron's
 * printToPDF, installed with setPdfRenderer) or the shared Chromium. A worker thread (a report worker
 * printing a statement or a label sheet) does not start a browser of its own: it sends the HTML over a
 * BroadcastChannel to the main thread, which queues it on the same engine and sends the bytes back. So a
 * station runs one Chromium however many threads print, and the main thread only passes messages.
 */
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { sharedChromiumRenderer } from './chromium-renderer';
import { PdfRenderError, type PdfErrorCode, type PdfRenderer } from './pdf-renderer';

const CHANNEL = 'souk:pdf-renderer';
/** How long a worker waits for the main thread to take its first document before printing on its own. */
const FIRST_ACK_MS = 5_000;

type Message =
  | { kind: 'render'; id: string; html: string }
  | { kind: 'ack'; id: string }
  | { kind: 'done'; id: string; pdf?: Uint8Array; error?: { code: string | null; message: string } };

let installed: PdfRenderer | null = null;
let relay: RelayRenderer | null = null;

/** The host's engine for the main thread (Electron installs printToPDF); null goes back to Chromium. */
export function setPdfRenderer(renderer: PdfRenderer | null): void {
  installed = renderer;
}

export function pdfRenderer(): PdfRenderer {
  if (isMainThread) return installed ?? sharedChromiumRenderer();
  relay ??= new RelayRenderer();
  return relay;
}

function rebuild(error: { code: string | null; message: string }): Error {
  if (error.code === 'CHROMIUM_MISSING' || error.code === 'DOCUMENT_RENDER_FAILED')
    return new PdfRenderError(error.code as PdfErrorCode, error.message);
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

/** A worker thread's side: each document goes to the main thread, or to a browser of its own if none answers. */
class RelayRenderer implements PdfRenderer {
  private readonly channel = new BroadcastChannel(CHANNEL);
  private readonly pending = new Map<
    string,
    { acked: boolean; resolve: (b: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private next = 0;
  /** Once the main thread has answered, it is trusted to answer again, however long a document takes. */
  private served = false;
  private own: PdfRenderer | null = null;

  constructor() {
    this.channel.unref();
    this.channel.onmessage = (event) => {
      const msg = (event as { data: Message }).data;
      const job = this.pending.get(msg.id);
      if (!job) return;
      if (msg.kind === 'ack') {
        job.acked = true;
        this.served = true;
      } else if (msg.kind === 'done') {
        this.pending.delete(msg.id);
        if (msg.pdf) job.resolve(msg.pdf);
        else job.reject(rebuild(msg.error ?? { code: null, message: 'no PDF' }));
      }
    };
  }

  render(html: string): Promise<Uint8Array> {
    const id = `${threadId}:${this.next++}`;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { acked: false, resolve, reject });
      this.channel.postMessage({ kind: 'render', id, html } satisfies Message);
      if (this.served) return;
      setTimeout(() => {
        const job = this.pending.get(id);
        if (!job || job.acked) return;
        // No main thread serves documents here (a worker of a host that never printed): print it here.
        this.pending.delete(id);
        this.own ??= sharedChromiumRenderer();
        this.own.render(html).then(resolve, reject);
      }, FIRST_ACK_MS).unref();
    });
  }

  async close(): Promise<void> {
    this.channel.close();
    await this.own?.close();
  }
}

/** The main thread's side: started once, when this module is first loaded there. */
function serveWorkers(): void {
  const channel = new BroadcastChannel(CHANNEL);
  // Never keeps a process alive on its own: a station or a test ends when its work does.
  channel.unref();
  channel.onmessage = (event) => {
    const msg = (event as { data: Message }).data;
    if (msg.kind !== 'render') return;
    channel.postMessage({ kind: 'ack', id: msg.id } satisfies Message);
    pdfRenderer()
      .render(msg.html)
      .then(
        (pdf) => channel.postMessage({ kind: 'done', id: msg.id, pdf } satisfies Message),
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          const code = (e as { code?: unknown }).code;
          channel.postMessage({
            kind: 'done',
            id: msg.id,
            error: { code: typeof code === 'string' ? code : null, message: e.message },
          } satisfies Message);
        },
      );
  };
}

if (isMainThread) serveWorkers();
