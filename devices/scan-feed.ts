/**
 * Codes from a serial scanner, held by the station until the till asks for them: the till long-polls
 * with the last sequence number it has seen, so a code is delivered once and never lost between polls.
 */
export interface FedScan {
  seq: number;
  code: string;
  at: number;
}

const KEEP = 200;

export class ScanFeed {
  private scans: FedScan[] = [];
  private seq = 0;
  private waiters = new Set<() => void>();

  push(code: string, at: number): void {
    this.scans.push({ seq: ++this.seq, code, at });
    if (this.scans.length > KEEP) this.scans = this.scans.slice(-KEEP);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  get last(): number {
    return this.seq;
  }

  /** Scans after `after`; waits up to waitMs for the first one when there are none yet. */
  async after(after: number, waitMs: number): Promise<{ scans: FedScan[]; last: number }> {
    // A till that restarted (after > seq) starts again from the current position instead of waiting forever.
    const from = after > this.seq ? this.seq : after;
    let found = this.scans.filter((s) => s.seq > from);
    if (found.length === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          resolve();
        }, waitMs);
        this.waiters.add(wake);
      });
      found = this.scans.filter((s) => s.seq > from);
    }
    return { scans: found, last: this.seq };
  }

  /** Releases pending polls (station shutting down). */
  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
