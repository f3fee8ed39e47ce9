/**
 * The one background-loop lifecycle of the shop's links to HQ (the journal's push, the catalogue's pull):
 * start, a step at a time, a wait between steps that kick() cuts short, backoff doubling from min to max
 * while steps fail, and stop() that aborts the step in flight (its signal) and resolves once the loop is
 * out, so closing the station never waits for a slow HQ. The steps say what they do; this says when.
 */
export interface RetryLoopOptions {
  /** Log prefix, e.g. 'hq-push'. */
  name: string;
  minBackoffMs: number;
  maxBackoffMs: number;
  /**
   * One turn of the work. Resolves with how long to wait before the next turn (0: at once); throws to be
   * retried after the backoff. `signal` aborts on stop(): pass it to the network call.
   */
  step: (signal: AbortSignal) => Promise<number>;
  /**
   * A failed turn (never called once stopped): record it; return true to try again at once instead of
   * backing off (the failure itself said where to go on from).
   */
  onError?: (err: unknown) => boolean | void;
}

export class RetryLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly cancel = new AbortController();

  constructor(private readonly o: RetryLoopOptions) {}

  /** False once stop() was called (or before start()): a step checks it after each await. */
  get active(): boolean {
    return this.running;
  }

  get signal(): AbortSignal {
    return this.cancel.signal;
  }

  /** Starts the loop; a second start, or a start after stop, does nothing. */
  start(): void {
    if (this.running || this.cancel.signal.aborted) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) =>
      console.error(`[${this.o.name}] stopped by an error:`, err),
    );
  }

  /** Ends the current wait now (e.g. right after a sale) rather than at its end. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancel.abort();
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolveSleep) => {
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolveSleep();
      };
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    let backoff = this.o.minBackoffMs;
    while (this.running) {
      let wait: number;
      try {
        wait = await this.o.step(this.cancel.signal);
        backoff = this.o.minBackoffMs;
      } catch (err) {
        if (!this.running) break;
        if (this.o.onError?.(err) === true) continue;
        wait = backoff;
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs);
      }
      if (!this.running) break;
      await this.sleep(wait);
    }
  }
}
