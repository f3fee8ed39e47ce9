import type { ServerResponse } from 'node:http';
import { contract } from '../api/contract';
import type { ApiContext } from '../api/handlers';
import { stockCsvChunks } from '../documents/stock-csv';
import { openDatabase } from '../db/open';
import { iterateStock } from '../db/services/stock';

/** Exports streaming at once; each holds a read connection and its snapshot of the file until it ends. */
const MAX_EXPORTS = 2;
/** A client that stops reading for this long is cut off: it would hold the snapshot (and the WAL) open. */
const STALL_MS = 30_000;
let running = 0;

/**
 * `POST /export/stock.csv`: the stock list of a filter (stock.export's input, checked and authorised by
 * the dispatcher first, see server/http.ts) as CSV, written a chunk of rows at a time as SQLite reads
 * them. It reads on a read-only connection of its own: an open iteration would block every other
 * statement on the station's connection (better-sqlite3 allows none meanwhile), and WAL lets the tills
 * write while it reads. Memory stays at one chunk plus the socket's buffer whatever the catalogue size.
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
  const db = openDatabase(api.store.db.name, { readonly: true, migrate: false });
  const chunks = stockCsvChunks(iterateStock(db, query, api.store.now()));
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  res.on('close', onClose);
  try {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
    for (const chunk of chunks) {
      if (gone) break;
      if (!res.write(chunk)) await drained(res);
    }
    if (!gone) res.end();
  } catch (err) {
    // Headers are out: the only honest signal left is a cut response (no terminating chunk).
    console.error('[station] stock export failed', err);
    res.destroy();
  } finally {
    res.off('close', onClose);
    chunks.return(undefined);
    db.close();
    running--;
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
