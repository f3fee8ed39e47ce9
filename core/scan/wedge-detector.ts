/**
 * Keyboard-wedge scanner detection. A USB scanner in keyboard mode "types" its code as a burst of
 * key events a few milliseconds apart, usually ended by Enter; a person types tens to hundreds of
 * milliseconds apart. The renderer feeds every keydown here (DOM-free, so it is tested in Node) and
 * acts on the events: a `scan` goes to the cart, `keys`/`key` are re-inserted into the focused field
 * so that typing into a search box still works.
 *
 * Characters are held back until it is known whether they belong to a burst, so the renderer must
 * call `flush(now)` when `deadline()` passes (a timer), otherwise the last human keystroke waits for
 * the next one.
 */

export interface WedgeKey {
  /** `KeyboardEvent.key`: one character, or a named key such as 'Enter', 'Shift', 'Backspace'. */
  key: string;
  /** `KeyboardEvent.timeStamp` in milliseconds; any monotonic clock works. */
  timeStamp: number;
}

export type WedgeEvent =
  | { kind: 'scan'; code: string }
  /** Printable characters typed by a person, in order. */
  | { kind: 'keys'; text: string }
  /** A named key typed by a person (Backspace, Tab, an Enter that did not end a scan...). */
  | { kind: 'key'; key: string };

export interface WedgeOptions {
  /** Key that ends a scan; null for scanners configured without a suffix (ended by the timeout flush). */
  suffix?: string | null;
  /**
   * Key that starts a scan. When set, only bursts opened by it are scans, which also keeps a fast
   * human keystroke just before a scan from being glued to the code.
   */
  prefix?: string | null;
  /** Largest gap between two keys of one burst. */
  maxGapMs?: number;
  /** Shortest code accepted as a scan; shorter bursts are human keys. */
  minLength?: number;
}

/** Keys a scanner may send around characters (Shift for capitals or an AZERTY digit row) that carry no text. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'OS']);

interface Resolved {
  suffix: string | null;
  prefix: string | null;
  maxGapMs: number;
  minLength: number;
}

export class WedgeDetector {
  private readonly opts: Resolved;
  /** Characters not yet attributed to a person or a scanner; every gap inside is <= maxGapMs. */
  private buffer = '';
  /** In prefix mode: the prefix opened the current buffer. */
  private prefixed = false;
  private lastTime = 0;

  constructor(options: WedgeOptions = {}) {
    this.opts = {
      suffix: options.suffix === undefined ? 'Enter' : options.suffix,
      prefix: options.prefix ?? null,
      maxGapMs: options.maxGapMs ?? 30,
      minLength: options.minLength ?? 6,
    };
    if (this.opts.minLength < 1) throw new RangeError('minLength must be at least 1');
    if (this.opts.maxGapMs < 0) throw new RangeError('maxGapMs must not be negative');
  }

  /** Time after which `flush` will resolve the held characters, or null when nothing is held. */
  deadline(): number | null {
    return this.buffer.length > 0 || this.prefixed ? this.lastTime + this.opts.maxGapMs : null;
  }

  /** True while characters are held back: the renderer should suppress their default input. */
  isHolding(): boolean {
    return this.buffer.length > 0 || this.prefixed;
  }

  push(event: WedgeKey): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    const { key, timeStamp } = event;
    if (MODIFIERS.has(key)) return out;
    // A gap longer than a scanner's ends whatever was held before this key.
    // Same outcome as a timer flush that ran before this key, so results never depend on timer jitter.
    if (this.isHolding() && timeStamp - this.lastTime > this.opts.maxGapMs) this.resolve(out, true);

    if (this.opts.prefix !== null && key === this.opts.prefix) {
      this.resolve(out, false);
      this.prefixed = true;
      this.lastTime = timeStamp;
      return out;
    }
    if (this.opts.suffix !== null && key === this.opts.suffix) {
      if (this.isScan()) {
        out.push({ kind: 'scan', code: this.buffer });
        this.clear();
      } else {
        this.resolve(out, false);
        out.push(key.length === 1 ? { kind: 'keys', text: key } : { kind: 'key', key });
      }
      return out;
    }
    if (key.length === 1 || isSingleCodePoint(key)) {
      this.buffer += key;
      this.lastTime = timeStamp;
      return out;
    }
    this.resolve(out, false);
    out.push({ kind: 'key', key });
    return out;
  }

  /** Resolves held characters once the clock is past `deadline()`; harmless to call at any time. */
  flush(now: number): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    if (this.isHolding() && now - this.lastTime > this.opts.maxGapMs) this.resolve(out, true);
    return out;
  }

  private isScan(): boolean {
    if (this.buffer.length < this.opts.minLength) return false;
    return this.opts.prefix === null || this.prefixed;
  }

  /**
   * Emits the held characters: as a scan when the burst ended by timeout and is long enough (a
   * scanner without suffix, or whose suffix was lost), otherwise as human keys.
   */
  private resolve(out: WedgeEvent[], byTimeout: boolean): void {
    if (this.buffer.length > 0) {
      if (this.isScan() && (byTimeout || this.opts.suffix === null)) {
        out.push({ kind: 'scan', code: this.buffer });
      } else {
        const prefixText = this.prefixed && this.opts.prefix !== null && this.opts.prefix.length === 1;
        out.push({ kind: 'keys', text: (prefixText ? this.opts.prefix : '') + this.buffer });
      }
    } else if (this.prefixed && this.opts.prefix !== null) {
      const p = this.opts.prefix;
      out.push(p.length === 1 ? { kind: 'keys', text: p } : { kind: 'key', key: p });
    }
    this.clear();
  }

  private clear(): void {
    this.buffer = '';
    this.prefixed = false;
  }
}

function isSingleCodePoint(key: string): boolean {
  return key.length === 2 && (key.codePointAt(0) ?? 0) > 0xffff;
}
