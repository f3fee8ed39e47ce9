import type { NewPrintJob, PrintJob, PrintQueueStore } from '../../core/print-jobs';

/** A reprint queue that lives as long as the process: for tests and hosts without a database. */
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
