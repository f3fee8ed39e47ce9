/**
 * A report worker thread (api/report-workers.ts starts it): answers the read-only reports on its own
 * read-only connection, and draws label sheets (api/label-render.ts), so a long report or document never
 * holds the station's main thread, the single writer that the tills wait on. WAL lets this reader run
 * beside the writer and see every committed sale.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../core/errors';
import { openDatabase } from '../db/open';
import { iterateStock, type StockQuery } from '../db/services/stock';
import { Store } from '../db/store';
import { stockCsvChunks } from '../documents/stock-csv';
import { transferOf } from './document-body';
import type { CallContext } from './handlers';
import { renderLabelSheet, type LabelSheetJob } from './label-render';
import { isReportMethod, reportHandlers } from './report-handlers';
import {
  LABEL_SHEET_JOB,
  REPORT_THREAD_NICE,
  STOCK_CSV_JOB,
  STREAM_WINDOW,
  type ReportReply,
  type ReportRequest,
  type ReportWorkerData,
  type StreamControl,
} from './report-workers';

// A lower CPU priority for this thread only, so that on a busy two-core station the main thread, which
// answers the tills, wins the CPU over a report. Linux gives each thread its own nice value (setpriority on
// pid 0 is the calling thread there); elsewhere it would lower the whole station, so it is Linux only.
if (process.platform === 'linux') {
  try {
    setPriority(REPORT_THREAD_NICE);
  } catch {
    // Not allowed here (a container's policy): the report simply competes as an equal.
  }
}

const port = parentPort;
if (!port) throw new Error('api/report-worker.ts runs as a worker thread');
const data = workerData as ReportWorkerData;
const db = openDatabase(data.dbFile, { readonly: true });
// better-sqlite3's default page cache is 16 MB a connection, kept for the thread's life: see REPORT_CACHE_KIB.
if (data.cacheKib) db.pragma(`cache_size = -${data.cacheKib}`);
const store = new Store(db, { tillId: data.tillId });

function serialise(err: unknown): ReportReply['error'] {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : null, message: e.message, details: null };
}

/** Streams in progress: chunks sent and acknowledged, and the wake-up of a stream waiting for room. */
const streams = new Map<
  number,
  { sent: number; acked: number; cancelled: boolean; wake: (() => void) | null }
>();

port.on('message', (msg: ReportRequest | StreamControl) => {
  if ('ack' in msg || 'cancel' in msg) {
    const s = streams.get('ack' in msg ? msg.ack : msg.cancel);
    if (!s) return;
    if ('ack' in msg) s.acked++;
    else s.cancelled = true;
    s.wake?.();
    return;
  }
  // answer() never rejects: every failure becomes a reply. A document's bytes are handed over, not copied.
  void answer(msg).then((reply) => {
    if (!reply.ok) return port.postMessage(reply);
    const { result, transfer } = transferOf(reply.result);
    port.postMessage({ ...reply, result }, transfer);
  });
});

/**
 * The stock list as CSV, a chunk at a time, at most STREAM_WINDOW chunks ahead of what the main thread
 * has written to the client: reading and formatting every row happens here, on this thread's snapshot.
 */
async function streamStockCsv(req: ReportRequest): Promise<null> {
  const { query, now } = req.input as { query: StockQuery; now: number };
  const state = { sent: 0, acked: 0, cancelled: false, wake: null as (() => void) | null };
  streams.set(req.id, state);
  const chunks = stockCsvChunks(iterateStock(db, query, now));
  try {
    for (const chunk of chunks) {
      if (state.cancelled) break;
      port?.postMessage({ id: req.id, chunk });
      state.sent++;
      while (!state.cancelled && state.sent - state.acked >= STREAM_WINDOW)
        await new Promise<void>((wake) => (state.wake = wake));
      state.wake = null;
    }
  } finally {
    chunks.return(undefined);
    streams.delete(req.id);
  }
  return null;
}

async function answer(req: ReportRequest): Promise<ReportReply> {
  let reply: ReportReply;
  try {
    if (req.method === STOCK_CSV_JOB) {
      reply = { id: req.id, ok: true, result: await streamStockCsv(req) };
    } else if (req.method === LABEL_SHEET_JOB) {
      // Drawing only: the main thread has given the barcodes and sends the labels as values.
      reply = { id: req.id, ok: true, result: await renderLabelSheet(req.input as LabelSheetJob) };
    } else {
      if (!isReportMethod(req.method)) throw new Error(`${req.method} is not a report`);
      // The report handlers read ctx.store only (api/report-handlers.ts): nothing else of a call exists here.
      const ctx = { store, actor: req.actor, token: null } as unknown as CallContext;
      const handler = reportHandlers[req.method] as (c: CallContext, i: unknown) => unknown;
      // Awaited: a document (a statement PDF) may be printed by another process.
      reply = { id: req.id, ok: true, result: await handler(ctx, req.input) };
    }
  } catch (err) {
    reply = { id: req.id, ok: false, error: serialise(err) };
  }
  return reply;
}
port.postMessage({ ready: true });
