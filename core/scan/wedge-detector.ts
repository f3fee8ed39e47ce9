/**
 * Keyboard-wedge scanner detection. A USB scanner in keyboard mode "types" its code as a burst of
 * key events a few milliseconds apart, ended by a terminator (Enter or Tab); a person types tens to
 * hundreds of milliseconds apart. The renderer feeds every keydown here (DOM-free, so it is tested in
 * Node) and acts on the events: a `scan` goes to the cart, `keys`/`key` are re-inserted into the
 * focused field so that typing into a search box still works.
 *
 * Every decision is taken on the keys' own timestamps (`KeyboardEvent.timeStamp`, set when the key was
 * pressed), never on when the handler happens to run: on a busy page the handlers run late and in
 * bursts, and timing them would glue a person's keys into a "scan" or cut a scan in two. The one
 * wall-clock decision, the timer `flush` for held characters, cannot see keys still queued behind a
 * busy page, so it is made safe instead: a scanner-speed burst is held much longer than a person's key
 * (longer still while the page runs behind), and whatever `flush` gave out too early, a person's keys or
 * a fragment, is taken back (`retract`) when a queued key shows, by its timestamp, that the burst went
 * on. Apart from `retract`, the output depends on the timestamps only (the property test checks this).
 *
 * With a suffix configured, only the terminator completes a scan. A scanner-speed burst that is not a
 * complete scan is a `fragment`: never text and never a scan, so neither half of a cut read can land in
 * the search box (the tail "6963" would become a quantity with "*") or be looked up as another code (the
 * first 8 digits of an EAN-13 can be a valid EAN-8).
 */

import { isValidGtin } from '../barcode';

export interface WedgeKey {
  /** `KeyboardEvent.key`: one character, or a named key such as 'Enter', 'Shift', 'Backspace'. */
  key: string;
  /** `KeyboardEvent.timeStamp` in milliseconds: when the key was pressed. */
  timeStamp: number;
  /** When the handler got it (`performance.now()`, same clock); defaults to `timeStamp`. */
  receivedAt?: number;
}

export type WedgeEvent =
  | { kind: 'scan'; code: string }
  /** Printable characters typed by a person, in order. */
  | { kind: 'keys'; text: string }
  /** A named key typed by a person (Backspace, Tab, an Enter that did not end a scan...). */
  | { kind: 'key'; key: string }
  /** Scanner-speed characters that do not make a complete scan (a read cut short): report, never type. */
  | { kind: 'fragment'; text: string }
  /**
   * What `flush` just gave out (`keys` typed or a `fragment` reported) was the head of a burst after all:
   * take it back; the burst goes on and ends as usual.
   */
  | { kind: 'retract'; text: string; of: 'keys' | 'fragment' };

export interface WedgeOptions {
  /** Key(s) that end a scan; null for scanners configured without a suffix (ended by the timeout flush). */
  suffix?: string | readonly string[] | null;
  /**
   * Key that starts a scan. When set, only bursts opened by it are scans, which also keeps a fast
   * human keystroke just before a scan from being glued to the code.
   */
  prefix?: string | null;
  /** Largest gap between two keys of one burst. */
  maxGapMs?: number;
  /**
   * Longest pause tolerated inside a burst (a scanner's USB reports delayed by a busy host) once the
   * burst has shown scanner speed; the code is then a scan only if it ends with the terminator and
   * has a valid check digit or scanner-speed parts on both sides. Not used without a suffix, where
   * the timeout itself ends the code.
   */
  maxStallMs?: number;
  /** Shortest code accepted as a scan. */
  minLength?: number;
  /** Keys in a row within `maxGapMs` (a terminator counts) that no person types: a scanner's burst. */
  minRun?: number;
  /**
   * Wall-clock time a scanner-speed burst without terminator is held after its last key was handled, plus
   * however late that key was handled (a page running 2 s behind may hand over the next key 2 s later).
   */
  holdMs?: number;
}

/** Keys a scanner may send around characters (Shift for capitals or an AZERTY digit row) that carry no text. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'OS']);

interface Resolved {
  suffixes: readonly string[];
  prefix: string | null;
  maxGapMs: number;
  maxStallMs: number;
  minLength: number;
  minRun: number;
  holdMs: number;
}

interface Held {
  buffer: string;
  /** Lengths of the parts of the buffer separated by stalls; the last one is growing. */
  runs: number[];
  /** The next character starts a new run (the gap before it was a stall). */
  stalled: boolean;
  prefixed: boolean;
  lastTime: number;
  receivedAt: number;
}

const EMPTY: Held = { buffer: '', runs: [], stalled: false, prefixed: false, lastTime: 0, receivedAt: 0 };
/** A code split more often than this is not one read. */
const MAX_RUNS = 3;

type Ending = 'terminator' | 'key' | 'time';

export class WedgeDetector {
  private readonly opts: Resolved;
  /** Characters not yet attributed to a person or a scanner. */
  private held: Held = { ...EMPTY, runs: [] };
  /** What the last `flush` gave out (keys or a fragment) and the state it came from, while it may be taken back. */
  private retractable: { text: string; of: 'keys' | 'fragment'; state: Held } | null = null;

  constructor(options: WedgeOptions = {}) {
    const suffix = options.suffix === undefined ? ['Enter', 'Tab'] : options.suffix;
    const maxGapMs = options.maxGapMs ?? 30;
    this.opts = {
      suffixes: suffix === null ? [] : typeof suffix === 'string' ? [suffix] : suffix,
      prefix: options.prefix ?? null,
      maxGapMs,
      maxStallMs: suffix === null ? maxGapMs : Math.max(maxGapMs, options.maxStallMs ?? 100),
      minLength: options.minLength ?? 6,
      minRun: options.minRun ?? 3,
      holdMs: options.holdMs ?? 500,
    };
    if (this.opts.minLength < 1) throw new RangeError('minLength must be at least 1');
    if (this.opts.minRun < 2) throw new RangeError('minRun must be at least 2');
    if (this.opts.maxGapMs < 0) throw new RangeError('maxGapMs must not be negative');
  }

  /** Time (on the `receivedAt` clock) after which `flush` resolves the held characters, or null. */
  deadline(): number | null {
    if (!this.isHolding()) return null;
    const h = this.held;
    const { maxGapMs, maxStallMs, holdMs } = this.opts;
    if (this.hasSuffix() && this.fromScanner() && this.scannerSpeed(false)) {
      const lag = Math.max(0, h.receivedAt - h.lastTime);
      return Math.max(h.lastTime + maxStallMs, h.receivedAt + holdMs + lag);
    }
    return Math.max(h.lastTime, h.receivedAt) + maxGapMs;
  }

  /** True while characters are held back: the renderer should suppress their default input. */
  isHolding(): boolean {
    return this.held.buffer.length > 0 || this.held.prefixed;
  }

  push(event: WedgeKey): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    const { key, timeStamp } = event;
    const receivedAt = event.receivedAt ?? timeStamp;
    if (MODIFIERS.has(key)) return out;
    const isSuffix = this.opts.suffixes.includes(key);
    const printable = key.length === 1 || isSingleCodePoint(key);

    const back = this.retractable;
    this.retractable = null;
    // The timer ran while this key was still queued: by its timestamp it continues what flush gave out.
    const reach = back?.of === 'fragment' ? this.opts.maxStallMs : this.opts.maxGapMs;
    if (back && (printable || isSuffix) && timeStamp - back.state.lastTime <= reach) {
      out.push({ kind: 'retract', text: back.text, of: back.of });
      this.held = back.state;
    }

    const h = this.held;
    if (this.isHolding()) {
      const gap = timeStamp - h.lastTime;
      if (gap > this.opts.maxGapMs) {
        // A pause comes after a scanner-speed run (or just before the terminator), once per run.
        const afterBurst = isSuffix ? this.scannerSpeed(false) : (h.runs.at(-1) ?? 0) >= this.opts.minRun;
        const stall =
          gap <= this.opts.maxStallMs &&
          (printable || isSuffix) &&
          afterBurst &&
          h.runs.length < MAX_RUNS &&
          !h.stalled;
        if (stall) h.stalled = true;
        else this.resolve(out, 'time');
      }
    }

    if (this.opts.prefix !== null && key === this.opts.prefix) {
      this.resolve(out, 'key');
      this.held = { ...EMPTY, runs: [], prefixed: true, lastTime: timeStamp, receivedAt };
      return out;
    }
    if (isSuffix) {
      if (this.isScan()) {
        out.push({ kind: 'scan', code: this.held.buffer });
        this.clear();
      } else {
        const before = out.length;
        this.resolve(out, 'terminator');
        // The scanner's own terminator after a cut read is not a person's Enter (which would open payment).
        if (out.length === before || out.at(-1)?.kind !== 'fragment') out.push({ kind: 'key', key });
      }
      return out;
    }
    if (printable) {
      const cur = this.held;
      if (cur.buffer.length === 0) cur.runs = [1];
      else if (cur.stalled) cur.runs.push(1);
      else cur.runs[cur.runs.length - 1] = (cur.runs.at(-1) ?? 0) + 1;
      cur.stalled = false;
      cur.buffer += key;
      cur.lastTime = timeStamp;
      cur.receivedAt = receivedAt;
      return out;
    }
    this.resolve(out, 'key');
    out.push({ kind: 'key', key });
    return out;
  }

  /** Resolves held characters once the clock is past `deadline()`; harmless to call at any time. */
  flush(now: number): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    const deadline = this.deadline();
    if (deadline === null || now <= deadline) return out;
    const state: Held = { ...this.held, runs: [...this.held.runs] };
    this.resolve(out, 'time');
    const only = out.length === 1 ? out[0] : undefined;
    if (only?.kind === 'keys' || only?.kind === 'fragment')
      this.retractable = { text: only.text, of: only.kind, state };
    return out;
  }

  private hasSuffix(): boolean {
    return this.opts.suffixes.length > 0;
  }

  /** In prefix mode only a prefixed burst comes from the scanner; otherwise speed tells. */
  private fromScanner(): boolean {
    return this.opts.prefix === null || this.held.prefixed;
  }

  /** Some part of the buffer came faster than a person types (`withTerminator`: a terminator just followed it). */
  private scannerSpeed(withTerminator: boolean): boolean {
    const runs = this.held.runs;
    if (runs.length > 1) return true; // a stall is only accepted after a scanner-speed run
    return (runs[0] ?? 0) + (withTerminator ? 1 : 0) >= this.opts.minRun;
  }

  private isScan(): boolean {
    const h = this.held;
    if (h.buffer.length < this.opts.minLength || !this.fromScanner()) return false;
    if (h.runs.length <= 1) return true;
    return isValidGtin(h.buffer) || h.runs.every((r) => r >= this.opts.minRun);
  }

  /**
   * Emits the held characters that did not end as a scan. Without a suffix the timeout is the
   * terminator. With one, scanner-speed characters are a read that lost its end (a fragment); anything
   * else was typed by a person.
   */
  private resolve(out: WedgeEvent[], ending: Ending): void {
    const h = this.held;
    if (h.buffer.length > 0) {
      const long = h.buffer.length >= this.opts.minLength && this.fromScanner();
      const viaTerminator = ending === 'terminator';
      if (!this.hasSuffix() && long && ending === 'time') {
        out.push({ kind: 'scan', code: h.buffer });
      } else if (this.hasSuffix() && this.fromScanner() && this.scannerSpeed(viaTerminator)) {
        out.push({ kind: 'fragment', text: h.buffer });
      } else {
        const prefixText = h.prefixed && this.opts.prefix !== null && this.opts.prefix.length === 1;
        out.push({ kind: 'keys', text: (prefixText ? this.opts.prefix : '') + h.buffer });
      }
    } else if (h.prefixed && this.opts.prefix !== null) {
      const p = this.opts.prefix;
      out.push(p.length === 1 ? { kind: 'keys', text: p } : { kind: 'key', key: p });
    }
    this.clear();
  }

  private clear(): void {
    this.held = { ...EMPTY, runs: [] };
  }
}

function isSingleCodePoint(key: string): boolean {
  return key.length === 2 && (key.codePointAt(0) ?? 0) > 0xffff;
}
