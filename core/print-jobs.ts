/**
 * Print jobs that failed and wait for a reprint. The payload is the whole receipt, so nothing of the sale is lost.
 * The shape lives in core so the printer (hardware/) and the persistent queue (db/) share it without
 * depending on each other.
 */

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
