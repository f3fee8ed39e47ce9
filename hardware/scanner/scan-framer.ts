/**
 * Cuts the byte stream of a serial barcode scanner into codes. Pure: the serial transport feeds it
 * chunks as they arrive (a code may be split across chunks, or several codes share one chunk) and
 * a clock for the idle timeout.
 */

/** What the scanner is configured to send after each code. 'none' means codes are separated by silence. */
export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | 'none';

export type DropReason =
  /** A terminator with nothing before it (a scanner sending CRLF when set to CR gives these). */
  | 'empty'
  /** Control or non-ASCII bytes: line noise, a wrong baud rate, a plug being pulled. */
  | 'non-printable'
  /** No terminator within maxLength bytes: a wrong suffix setting or a stream of noise. */
  | 'too-long'
  /** Bytes left without terminator for longer than the stale timeout, or when the port closed. */
  | 'incomplete';

export const DROP_REASONS: readonly DropReason[] = ['empty', 'non-printable', 'too-long', 'incomplete'];

export type FramerEvent =
  { kind: 'code'; code: string } | { kind: 'dropped'; reason: DropReason; raw: Uint8Array };

export interface FramerOptions {
  suffix: ScanSuffix;
  /** Silence that ends a code when suffix is 'none'. */
  idleMs?: number;
  /** Silence after which a partial code is discarded when a suffix is expected, so noise is not glued to the next code. */
  staleMs?: number;
  maxLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;
/** GS separates GS1 element strings (GS1-128, GS1 DataMatrix), so it is part of a valid code. */
const GS = 0x1d;

export class ScanFramer {
  readonly dropped: Record<DropReason, number> = {
    empty: 0,
    'non-printable': 0,
    'too-long': 0,
    incomplete: 0,
  };
  codes = 0;
  private readonly suffix: ScanSuffix;
  private readonly idleMs: number;
  private readonly staleMs: number;
  private readonly maxLength: number;
  private pending: number[] = [];
  private lastTime = 0;
  /** In CRLF mode a CR was seen and the next byte decides. */
  private sawCr = false;
  /** After a too-long drop: skip to the next terminator (or silence) so the tail is not taken for a code. */
  private discarding = false;

  constructor(options: FramerOptions) {
    this.suffix = options.suffix;
    // 150 ms, not less: a loaded till can stall its event loop for longer than a scanner takes
    // to send a code, and a silence timer that fires in between would cut the code in two.
    this.idleMs = options.idleMs ?? 150;
    this.staleMs = options.staleMs ?? 2000;
    this.maxLength = options.maxLength ?? 128;
  }

  /** When `flush` will act on the bytes held, or null. */
  deadline(): number | null {
    if (this.pending.length === 0 && !this.sawCr && !this.discarding) return null;
    return this.lastTime + (this.suffix === 'none' ? this.idleMs : this.staleMs);
  }

  push(chunk: Uint8Array, now: number): FramerEvent[] {
    const out: FramerEvent[] = [];
    out.push(...this.flush(now));
    for (const byte of chunk) this.pushByte(byte, out);
    this.lastTime = now;
    return out;
  }

  flush(now: number): FramerEvent[] {
    const out: FramerEvent[] = [];
    const deadline = this.deadline();
    if (deadline === null || now <= deadline) return out;
    if (this.discarding) {
      this.discarding = false;
      this.takePending();
      return out;
    }
    if (this.suffix === 'none') this.emitFrame(out);
    else this.drop(out, 'incomplete', this.takePending());
    return out;
  }

  /** The port closed: whatever is held can never be completed. */
  close(): FramerEvent[] {
    const out: FramerEvent[] = [];
    if (this.discarding) {
      this.discarding = false;
      this.takePending();
    } else if (this.suffix === 'none') this.emitFrame(out);
    else if (this.pending.length > 0 || this.sawCr) this.drop(out, 'incomplete', this.takePending());
    return out;
  }

  private pushByte(byte: number, out: FramerEvent[]): void {
    switch (this.suffix) {
      case 'CR':
        if (byte === CR) return this.emitFrame(out);
        // A scanner set to CRLF while we expect CR: its LF is not garbage.
        if (byte === LF && this.pending.length === 0) return;
        break;
      case 'LF':
        if (byte === LF) {
          if (this.pending[this.pending.length - 1] === CR) this.pending.pop();
          return this.emitFrame(out);
        }
        break;
      case 'CRLF':
        if (this.sawCr) {
          this.sawCr = false;
          if (byte === LF) return this.emitFrame(out);
          this.pending.push(CR);
        }
        if (byte === CR) {
          this.sawCr = true;
          return;
        }
        break;
      case 'none':
        break;
    }
    if (this.discarding) return;
    this.pending.push(byte);
    if (this.pending.length > this.maxLength) {
      this.drop(out, 'too-long', this.takePending());
      this.discarding = true;
    }
  }

  private emitFrame(out: FramerEvent[]): void {
    if (this.discarding) {
      this.discarding = false;
      this.takePending();
      return;
    }
    const frame = this.takePending();
    if (frame.length === 0) {
      // In 'none' mode an empty flush is just silence, not a frame.
      if (this.suffix !== 'none') this.drop(out, 'empty', frame);
      return;
    }
    if (!frame.every((b) => (b >= 0x20 && b <= 0x7e) || b === GS))
      return this.drop(out, 'non-printable', frame);
    this.codes++;
    out.push({ kind: 'code', code: String.fromCharCode(...frame) });
  }

  private takePending(): Uint8Array {
    const frame = Uint8Array.from(this.pending);
    this.pending = [];
    this.sawCr = false;
    return frame;
  }

  private drop(out: FramerEvent[], reason: DropReason, raw: Uint8Array): void {
    this.dropped[reason]++;
    out.push({ kind: 'dropped', reason, raw });
  }
}
