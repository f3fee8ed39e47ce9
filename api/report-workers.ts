import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import { AppError, knownErrorCode } from '../core/errors';
import type { Actor } from '../db/store';

export interface ReportWorkerData {
  dbFile: string;
  tillId: string;
  /** The connection's page cache, in KiB (REPORT_CACHE_KIB). */
  cacheKib?: number;
}

export interface ReportRequest {
  id: number;
  method: string;
  input: unknown;
  actor: Actor | null;
}

export interface ReportReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string | null; message: string; details: Record<string, unknown> | null };
}

/** No worker can take the report (one died under it, or none is left): the caller runs it in-process. */
export class ReportWorkersUnavailable extends Error {
  // The dispatcher answers such a report in-process instead; should one ever escape, the client is told to retry.
  readonly code = 'STATION_BUSY' as const;
}

/** A piece of a streamed answer (a CSV export), sent by the worker before its final reply. */
export interface ReportChunk {
  id: number;
  chunk: string;
}

/** From the main thread to a worker streaming an answer: the chunk was written, or the client is gone. */
export type StreamControl = { ack: number } | { cancel: number };

/** Chunks a streaming worker sends ahead of the main thread's acknowledgements: its read-ahead. */
export const STREAM_WINDOW = 4;

/** What the dispatcher needs of the pool (api/handlers.ts ApiContext.reports). */
export interface ReportRunner {
  run(method: string, input: unknown, actor: Actor | null): Promise<unknown>;
  /**
   * Runs a streaming job: `onChunk` gets each piece in order and the worker waits for it (a slow client
   * slows the worker, not the station's memory); a rejection from onChunk stops the job.
   */
  stream?(method: string, input: unknown, onChunk: (chunk: string) => Promise<void>): Promise<void>;
  readonly stats: { offloaded: number; workers: number };
  close(): Promise<void>;
}

export interface ReportWorkersOptions extends ReportWorkerData {
  /** Threads; default 1 on two cores, 2 beyond: the main thread keeps a core for the tills. */
  size?: number;
  /**
   * The worker's entry file, when the host bundles it itself (Electron: out/electron/report-worker.mjs);
   * by default the one beside this module, or these sources bundled on the fly.
   */
  entry?: string;
  /**
   * False when documents must be printed where the host's PDF engine is (Electron's printToPDF lives in
   * the main process): label sheets, statement PDFs and exports are then refused here (in-process).
   */
  documents?: boolean;
  /** How long the documents worker stays after its last document (default DOCUMENTS_IDLE_MS). */
  documentsIdleMs?: number;
  /** How long a worker may take to open its connection before the pool gives up. */
  startTimeoutMs?: number;
  log?: (message: string) => void;
}

interface Job {
  req: ReportRequest;
  onChunk?: (chunk: string) => Promise<void>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Documents (a label sheet, a statement PDF) take seconds to minutes, most of it printing in another
 * process: they get a worker of their own, started on the first document, so a manager's dashboard or
 * stock list never queues behind one.
 */
type Lane = 'reports' | 'documents';
/** A label sheet to draw (api/label-render.ts): a job for the workers, not an API method. */
export const LABEL_SHEET_JOB = 'labels.sheet:render';
/** The stock list as CSV chunks (server/stock-export.ts): streamed, not an API method either. */
export const STOCK_CSV_JOB = 'stock.csv:stream';
// An invoice's PDF is a document too: seconds of Chromium that a dashboard must not wait behind.
const DOCUMENT_JOBS: ReadonlySet<string> = new Set([
  LABEL_SHEET_JOB,
  STOCK_CSV_JOB,
  'settlements.pdf',
  'invoices.pdf',
]);
const laneOf = (method: string): Lane => (DOCUMENT_JOBS.has(method) ? 'documents' : 'reports');

interface Slot {
  worker: Worker;
  lane: Lane;
  /** A documents worker idle long enough: ended on purpose, not replaced. */
  retiring?: boolean;
  idle?: NodeJS.Timeout;
  job: Job | null;
}

/**
 * Page cache of a worker's read-only connection, in KiB, against better-sqlite3's 16 MB: the reports read
 * rollups and covering indexes, and a document or an export reads each page once (a 300,000-row CSV filled
 * the whole cache, then stayed in the station's RSS), while the OS keeps the file's pages anyway. On the
 * 300,000-product catalogue the station's RSS after the stock list and its export went from 327 to 276 MB
 * (244 to 195 MB once the documents worker had ended).
 */
export const REPORT_CACHE_KIB: Record<Lane, number> = { reports: 4096, documents: 2048 };

const MAX_RESTARTS = 5;
const DOCUMENTS_IDLE_MS = 10_000;
/** The nice value of a report thread on Linux (api/report-worker.ts): below the main thread's 0. */
export const REPORT_THREAD_NICE = 10;

let bundled: Promise<string> | null = null;

/**
 * require() for the bundled CommonJS dependencies of an ESM bundle. Spelled with a join because this
 * module is also bundled into Electron's CommonJS main, which must not contain that ESM-only word (a join,
 * since esbuild folds a plain concatenation back into one literal).
 */
const ESM_REQUIRE_BANNER = `import { createRequire as __souk_cr } from 'node:module'; const require = __souk_cr(${[
  'import',
  'meta',
  'url',
].join('.')});`;

/**
 * The worker's entry: next to this module in the station's bundle (server/build.ts builds
 * out/station/report-worker.mjs beside main.mjs); from the sources (tsx, vitest), bundled once per
 * process with esbuild like tests/db/crash-worker.ts, since a worker thread cannot load TypeScript.
 */
function workerEntry(): Promise<string> {
  const here = fileURLToPath(import.meta.url);
  const built = join(dirname(here), 'report-worker.mjs');
  if (existsSync(built)) return Promise.resolve(built);
  bundled ??= (async () => {
    const source = join(dirname(here), 'report-worker.ts');
    if (!existsSync(source)) throw new Error(`no report worker beside ${here}`);
    // Not a literal, so that the station's bundle neither includes esbuild nor needs it.
    const name = 'esbuild';
    const { build } = (await import(name)) as typeof Esbuild;
    // Inside the project, so that the bundle resolves better-sqlite3 from node_modules.
    const outdir = join(dirname(dirname(here)), 'node_modules', '.cache-souk-report-worker');
    mkdirSync(outdir, { recursive: true });
    const outfile = join(outdir, `report-worker-${process.pid}.mjs`);
    removeBundlesOfEndedProcesses(outdir);
    await build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      // playwright-core finds its own files through __dirname: it must stay a package, not be bundled.
      external: [
        'better-sqlite3',
        'serialport',
        '@serialport/*',
        '@napi-rs/canvas',
        'node-thermal-printer',
        'playwright-core',
      ],
      banner: { js: ESM_REQUIRE_BANNER },
      legalComments: 'none',
      logLevel: 'warning',
    });
    // One file per process: removed when it ends, so test runs leave no bundles behind.
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

/** A process killed by a signal never runs its exit handler: its bundle is removed by the next one. */
function removeBundlesOfEndedProcesses(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^report-worker-(\d+)\.mjs$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as { code?: string }).code === 'ESRCH') rmSync(join(dir, name), { force: true });
    }
  }
}

function toError(e: NonNullable<ReportReply['error']>): Error {
  const code = knownErrorCode(e.code);
  if (code) return new AppError(code, e.message, e.details ?? {});
  const err = new Error(e.message) as Error & { code?: string };
  if (e.code) err.code = e.code; // SQLITE_* codes keep their meaning for the dispatcher
  return err;
}

/**
 * Report worker threads, each with its own read-only connection: the station's main thread (the single
 * writer) hands them the offloaded reports and keeps answering the tills meanwhile.
 */
class ReportWorkers implements ReportRunner {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Lane, Job[]> = { reports: [], documents: [] };
  /** The documents worker while it starts; null before the first document, or once it could not start. */
  private documentsWorker: Promise<void> | null = null;
  private nextId = 1;
  private restarts = 0;
  private closed = false;
  readonly stats = { offloaded: 0, workers: 0 };

  constructor(
    private readonly entry: string,
    private readonly options: ReportWorkersOptions,
  ) {}

  async start(size: number): Promise<void> {
    await Promise.all(Array.from({ length: size }, () => this.spawn('reports')));
  }

  private spawn(lane: Lane): Promise<void> {
    const data: ReportWorkerData = {
      dbFile: this.options.dbFile,
      tillId: this.options.tillId,
      cacheKib: REPORT_CACHE_KIB[lane],
    };
    const worker = new Worker(this.entry, { workerData: data });
    const slot: Slot = { worker, lane, job: null };
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`a report worker did not open the database within ${this.startTimeoutMs()} ms`));
      }, this.startTimeoutMs());
      worker.on('message', (msg: ReportReply | ReportChunk | { ready: true }) => {
        if ('chunk' in msg) {
          const job = slot.job;
          if (!job?.onChunk || job.req.id !== msg.id) return;
          job.onChunk(msg.chunk).then(
            () => worker.postMessage({ ack: msg.id } satisfies StreamControl),
            () => worker.postMessage({ cancel: msg.id } satisfies StreamControl),
          );
          return;
        }
        if ('ready' in msg) {
          ready = true;
          clearTimeout(timer);
          this.slots.push(slot);
          this.stats.workers = this.slots.length;
          resolve();
          this.pump();
          return;
        }
        const job = slot.job;
        slot.job = null;
        if (job && job.req.id === msg.id) {
          if (msg.ok) job.resolve(msg.result);
          else job.reject(toError(msg.error ?? { code: null, message: 'report failed', details: null }));
        }
        this.pump();
      });
      worker.on('error', (err) => {
        if (!ready) {
          clearTimeout(timer);
          reject(err);
        } else this.options.log?.(`[reports] a report worker failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (!ready) {
          clearTimeout(timer);
          reject(new Error(`a report worker exited with code ${code} while starting`));
          return;
        }
        this.lost(slot, code);
      });
    });
  }

  private startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 15_000;
  }

  /** A worker gone mid-report: its report runs in-process, and the pool replaces the worker. */
  private lost(slot: Slot, code: number): void {
    if (slot.retiring) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.stats.workers = this.slots.length;
    slot.job?.reject(new ReportWorkersUnavailable(`the report worker exited (code ${code})`));
    slot.job = null;
    if (this.closed) return;
    if (this.restarts++ < MAX_RESTARTS) {
      this.options.log?.(`[reports] a report worker exited (code ${code}); starting another`);
      this.spawn(slot.lane).catch((err: unknown) => {
        this.options.log?.(`[reports] could not restart a report worker: ${(err as Error).message}`);
        this.drainIfEmpty(slot.lane);
      });
    } else {
      this.options.log?.('[reports] report workers keep failing: reports now run on the main thread');
      this.drainIfEmpty(slot.lane);
    }
  }

  private lanes(lane: Lane): Slot[] {
    return this.slots.filter((s) => s.lane === lane);
  }

  private drainIfEmpty(lane: Lane): void {
    if (this.lanes(lane).length > 0) return;
    for (const job of this.queues[lane].splice(0))
      job.reject(new ReportWorkersUnavailable('no report worker left'));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queues[slot.lane].shift();
      if (!job) {
        if (slot.lane === 'documents') this.retireWhenIdle(slot);
        continue;
      }
      clearTimeout(slot.idle);
      slot.idle = undefined;
      slot.job = job;
      slot.worker.postMessage(job.req);
    }
  }

  /**
   * A label sheet of 80,000 labels leaves its worker's heap (the page's HTML, the PDF, its base64) in the
   * station's RSS: the documents worker ends once idle, and the next document starts another.
   */
  private retireWhenIdle(slot: Slot): void {
    if (slot.idle || this.closed) return;
    slot.idle = setTimeout(() => {
      slot.idle = undefined;
      if (slot.job || this.queues.documents.length > 0 || this.closed) return;
      slot.retiring = true;
      this.slots.splice(this.slots.indexOf(slot), 1);
      this.stats.workers = this.slots.length;
      this.documentsWorker = null;
      void slot.worker.terminate();
    }, this.options.documentsIdleMs ?? DOCUMENTS_IDLE_MS);
    slot.idle.unref();
  }

  /** The documents lane's worker, started on the first document; null if it cannot start. */
  private async documents(): Promise<boolean> {
    if (this.options.documents === false) return false;
    if (this.lanes('documents').length > 0) return true;
    this.documentsWorker ??= this.spawn('documents').catch((err: unknown) => {
      this.options.log?.(`[reports] the documents worker could not start: ${(err as Error).message}`);
    });
    await this.documentsWorker;
    return this.lanes('documents').length > 0;
  }

  async run(method: string, input: unknown, actor: Actor | null): Promise<unknown> {
    const lane = laneOf(method);
    if (!this.closed && lane === 'documents' && !(await this.documents()))
      throw new ReportWorkersUnavailable('no documents worker');
    if (this.closed || this.lanes(lane).length === 0) throw new ReportWorkersUnavailable('no report worker');
    this.stats.offloaded++;
    return new Promise((resolve, reject) => {
      this.queues[lane].push({ req: { id: this.nextId++, method, input, actor }, resolve, reject });
      this.pump();
    });
  }

  async stream(method: string, input: unknown, onChunk: (chunk: string) => Promise<void>): Promise<void> {
    if (!this.closed && !(await this.documents())) throw new ReportWorkersUnavailable('no documents worker');
    if (this.closed) throw new ReportWorkersUnavailable('no report worker');
    this.stats.offloaded++;
    await new Promise((resolve, reject) => {
      this.queues.documents.push({
        req: { id: this.nextId++, method, input, actor: null },
        onChunk,
        resolve,
        reject,
      });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.reports.splice(0), ...this.queues.documents.splice(0)])
      job.reject(new ReportWorkersUnavailable('the station is closing'));
    await this.documentsWorker;
    for (const s of this.slots) clearTimeout(s.idle);
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
    this.stats.workers = 0;
  }
}

/**
 * Starts the report workers, or returns null (and says so in the log) when they cannot start: the
 * reports then run on the main thread as before, slower for the tills but never missing.
 */
export async function startReportWorkers(options: ReportWorkersOptions): Promise<ReportRunner | null> {
  const log = options.log ?? ((m: string) => console.warn(m));
  const size = options.size ?? Math.min(2, Math.max(1, availableParallelism() - 1));
  let pool: ReportWorkers | null = null;
  try {
    pool = new ReportWorkers(options.entry ?? (await workerEntry()), { ...options, log });
    await pool.start(size);
    return pool;
  } catch (err) {
    await pool?.close();
    log(
      `[reports] report worker threads could not start (${(err as Error).message}): reports run on the main thread`,
    );
    return null;
  }
}
