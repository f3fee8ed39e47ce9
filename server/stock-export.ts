import type { ServerResponse } from 'node:http';
import { contract } from '../api/contract';
import type { ApiContext } from '../api/handlers';
import { stockCsvChunks } from '../documents/stock-csv';
import { openDatabase } from '../db/open';
import { iterateStock, type StockQuery } from '../db/services/stock';
import { ReportWorkersUnavailable, STOCK_CSV_JOB } from '../api/report-workers';

/** Exports streaming at once; each holds a read connection and its snapshot of the file until it ends. */
const MAX_EXPORTS = 2;
/** A client that stops reading for this long is cut off: it would hold the snapshot (and the WAL) open. */
const STALL_MS = 30_000;
let running = 0;

/**
 * `POST /export/stock.csv`: the stock list of a filter (stock.export's input, checked and authorised by
 * the dispatcher first, see server/http.ts) as CSV, written a chunk of rows at a time as SQLite reads
 * them. The rows are read and formatted on the documents worker (api/report-workers.ts), a few chunks
 * ahead of the client; without workers, on a read-only connection of this thread. Never on the station's
 * connection: an open iteration would block every other statement there (better-sqlite3 allows none
 * meanwhile), and WAL lets the tills write while it reads. Memory stays at a few chunks plus the socket's
 * buffer whatever the catalogue size.
 */
export async function streamStockCsv(
  api: ApiContext,
  input: unknown,
  checked: unknown,
  headers: Record<string, string>,
  res: ServerResponse,
): Promise<void> {
  const query = contract['stock.export'].input.parse(input);
  const { fileName } = checked as { fileName: string };
  if (running >= MAX_EXPORTS) {
    const body = JSON.stringify({
      ok: false,
      error: {
        code: 'STATION_BUSY',
        message: 'Other exports are running: try again in a moment.',
        details: {},
      },
    });
    res.writeHead(503, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'retry-after': '5',
    });
    res.end(body);
    return;
  }
  running++;
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  res.on('close', onClose);
  // Why writing stopped early (the client stalled): the file is then cut, never ended as if whole.
  let failure: unknown = null;
  let wrote = false;
  const write = async (chunk: string): Promise<void> => {
    try {
      if (gone) throw new Error('the client is gone');
      wrote = true;
      if (!res.write(chunk)) await drained(res);
    } catch (err) {
      if (!gone) failure ??= err;
      throw err;
    }
  };
  try {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
    const now = api.store.now();
    let streamed = false;
    if (api.reports?.stream) {
      // Read and formatted on a worker's snapshot: 5,000 rows are a fifth of a second of CPU, not the tills'.
      try {
        await api.reports.stream(STOCK_CSV_JOB, { query, now }, write);
        streamed = true;
      } catch (err) {
        if (!(err instanceof ReportWorkersUnavailable) || wrote) throw err;
      }
    }
    if (!streamed) await writeHere(api, query, now, write, () => gone);
    if (failure) throw failure;
    if (!gone) res.end();
  } catch (err) {
    // Headers are out: the only honest signal left is a cut response (no terminating chunk).
    if (!gone) console.error('[station] stock export failed', err);
    res.destroy();
  } finally {
    res.off('close', onClose);
    running--;
  }
}

/** Without a worker: on a read-only connection of this thread, as the export always did. */
async function writeHere(
  api: ApiContext,
  query: StockQuery,
  now: number,
  write: (chunk: string) => Promise<void>,
  gone: () => boolean,
): Promise<void> {
  const db = openDatabase(api.store.db.name, { readonly: true, migrate: false });
  const chunks = stockCsvChunks(iterateStock(db, query, now));
  try {
    for (const chunk of chunks) {
      if (gone()) break;
      await write(chunk);
    }
  } finally {
    chunks.return(undefined);
    db.close();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done();
    const timer = setTimeout(() => done(new Error('the client stopped reading the export')), STALL_MS);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
