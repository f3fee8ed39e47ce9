/** Print jobs that failed and wait for a reprint. The payload is the whole receipt, so nothing of the sale is lost. */

export type PrintJobKind = 'receipt';
export type PrintJobStatus = 'pending' | 'done';

export interface NewPrintJob {
  createdAt: number;
  printer: string;
  kind: PrintJobKind;
  /** JSON of what to print (for receipts: the ReceiptDocument and the print options). */
  payload: string;
}

export interface PrintJob extends NewPrintJob {
  id: number;
  attempts: number;
  lastError: string | null;
  status: PrintJobStatus;
}

export interface PrintQueueStore {
  enqueue(job: NewPrintJob): number;
  /** Pending jobs, oldest first. */
  list(): PrintJob[];
  markDone(id: number): void;
  /** Records a failed attempt; the job stays pending. */
  markFailed(id: number, error: string): void;
}

export class MemoryPrintQueue implements PrintQueueStore {
  private readonly jobs = new Map<number, PrintJob>();
  private nextId = 1;

  enqueue(job: NewPrintJob): number {
    const id = this.nextId++;
    this.jobs.set(id, { ...job, id, attempts: 0, lastError: null, status: 'pending' });
    return id;
  }

  list(): PrintJob[] {
    return [...this.jobs.values()].filter((j) => j.status === 'pending').map((j) => ({ ...j }));
  }

  markDone(id: number): void {
    const job = this.jobs.get(id);
    if (job) job.status = 'done';
  }

  markFailed(id: number, error: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.attempts++;
    job.lastError = error;
  }
}
