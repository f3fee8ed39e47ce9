import type { Statement } from 'better-sqlite3';
import type {
  NewPrintJob,
  PrintJob,
  PrintJobKind,
  PrintJobStatus,
  PrintQueueStore,
} from '../../core/print-jobs';
import type { Db } from '../open';

interface Row {
  id: number;
  created_at: number;
  printer: string;
  kind: string;
  payload: string;
  attempts: number;
  last_error: string | null;
  status: string;
}

/**
 * The reprint queue in the till's SQLite database, so a queued receipt survives a crash or restart.
 * Its table comes from the migrations (008): open the database with openDatabase first.
 */
export class SqlitePrintQueue implements PrintQueueStore {
  private readonly insert: Statement<[number, string, string, string]>;
  private readonly pending: Statement<[], Row>;
  private readonly done: Statement<[number]>;
  private readonly failed: Statement<[string, number]>;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO print_jobs (created_at, printer, kind, payload, attempts, last_error, status)
       VALUES (?, ?, ?, ?, 0, NULL, 'pending')`,
    );
    this.pending = db.prepare<[], Row>(`SELECT * FROM print_jobs WHERE status = 'pending' ORDER BY id`);
    this.done = db.prepare(`UPDATE print_jobs SET status = 'done' WHERE id = ?`);
    this.failed = db.prepare(`UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?`);
  }

  enqueue(job: NewPrintJob): number {
    return Number(this.insert.run(job.createdAt, job.printer, job.kind, job.payload).lastInsertRowid);
  }

  list(): PrintJob[] {
    return this.pending.all().map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      printer: r.printer,
      kind: r.kind as PrintJobKind,
      payload: r.payload,
      attempts: r.attempts,
      lastError: r.last_error,
      status: r.status as PrintJobStatus,
    }));
  }

  markDone(id: number): void {
    this.done.run(id);
  }

  markFailed(id: number, error: string): void {
    this.failed.run(error, id);
  }
}
