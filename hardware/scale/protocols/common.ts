import { divRound } from '../../../core/money';
import type { ScaleFrame, ScaleParser } from '../types';

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const LF = 0x0a;
export const CR = 0x0d;
export const DC1 = 0x11;
export const NAK = 0x15;
export const ESC = 0x1b;

/** Protocols are ASCII with a few control bytes; latin1 maps every byte to one char and back. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

export function latin1(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

export type WeightUnit = 'g' | 'kg' | 't' | 'lb' | 'oz';

/** Exact gram factors as fractions, so pounds/ounces convert without floats (1 lb = 453.59237 g). */
const GRAMS_PER_UNIT: Record<WeightUnit, readonly [bigint, bigint]> = {
  g: [1n, 1n],
  kg: [1000n, 1n],
  t: [1_000_000n, 1n],
  lb: [45_359_237n, 100_000n],
  oz: [28_349_523_125n, 1_000_000_000n],
};

export function unitFromText(text: string): WeightUnit | null {
  const u = text.trim().toLowerCase();
  return u === 'g' || u === 'kg' || u === 't' || u === 'lb' || u === 'oz' ? u : null;
}

const DECIMAL = /^ *([+-]?) *(\d*)(?:\.(\d*))? *$/;
/** 12 digits keep the BigInt result far inside the safe-integer range for every unit above. */
const MAX_DIGITS = 12;

/**
 * "01.234" kg -> 1234 g, "+  1.234" kg -> 1234, "-0.5" kg -> -500; null when not a plain decimal.
 * Digits are read as an integer mantissa and a decimal count, never as a float.
 */
export function decimalToGrams(text: string, unit: WeightUnit): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  const digits = whole + frac;
  if (digits.length === 0 || digits.length > MAX_DIGITS) return null;
  const [num, den] = GRAMS_PER_UNIT[unit];
  const grams = divRound(BigInt(digits) * num, 10n ** BigInt(frac.length) * den);
  return m[1] === '-' && grams !== 0 ? -grams : grams;
}

/** A stable weight frame with the flags derived from its sign. */
export function weightFrame(grams: number, stable: boolean, overload = false): ScaleFrame {
  return { kind: 'weight', grams, stable, overload, underZero: grams < 0 };
}

export interface FramerSpec {
  /** The byte every frame starts with, or null for line protocols (a frame is a whole line). */
  start: number | null;
  /** The byte sequence that ends a frame. */
  end: readonly number[];
  /** The longest valid frame, delimiters included; anything longer is garbage and is dropped. */
  maxFrame: number;
  /** Body = bytes between start (excluded) and terminator (excluded); null = not a valid frame. */
  decode(body: string): ScaleFrame | null;
}

function indexOfSeq(buf: readonly number[], seq: readonly number[], from: number): number {
  outer: for (let i = from; i + seq.length <= buf.length; i++) {
    for (let j = 0; j < seq.length; j++) if (buf[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Incremental framer shared by the codecs. When a candidate frame does not decode, only its start
 * byte is discarded, so a real frame that begins inside rejected garbage is still found.
 */
export function createFramer(spec: FramerSpec): ScaleParser {
  let buf: number[] = [];
  const cap = spec.maxFrame * 2;

  function drain(out: ScaleFrame[]): void {
    for (;;) {
      if (spec.start !== null) {
        const s = buf.indexOf(spec.start);
        if (s < 0) {
          buf = [];
          return;
        }
        if (s > 0) buf = buf.slice(s);
      }
      const bodyFrom = spec.start === null ? 0 : 1;
      const e = indexOfSeq(buf, spec.end, bodyFrom);
      if (e < 0) {
        if (buf.length < spec.maxFrame) return;
        // Too long to ever complete: resynchronise rather than grow.
        buf = spec.start === null ? buf.slice(buf.length - spec.maxFrame + 1) : buf.slice(1);
        continue;
      }
      const frameLen = e + spec.end.length;
      let frame: ScaleFrame | null = null;
      if (frameLen <= spec.maxFrame || spec.start === null) {
        try {
          frame = spec.decode(latin1(buf.slice(bodyFrom, e)));
        } catch {
          frame = null;
        }
      }
      if (frame) {
        out.push(frame);
        buf = buf.slice(frameLen);
      } else {
        buf = spec.start === null ? buf.slice(frameLen) : buf.slice(1);
      }
    }
  }

  return {
    push(bytes: Uint8Array): ScaleFrame[] {
      const out: ScaleFrame[] = [];
      try {
        // Drain in slices so a large burst of good frames is parsed, not trimmed away by the cap.
        for (let i = 0; i < bytes.length; i += spec.maxFrame) {
          for (const b of bytes.subarray(i, i + spec.maxFrame)) buf.push(b);
          if (buf.length > cap) buf = buf.slice(buf.length - cap);
          drain(out);
        }
      } catch {
        buf = [];
      }
      return out;
    },
    buffered: () => buf.length,
  };
}

/** "01.234" for 1234 g with `wholeDigits` = 2; integer arithmetic only. */
export function formatKg(grams: number, wholeDigits: number): string {
  const abs = Math.abs(grams);
  const whole = String(Math.floor(abs / 1000)).padStart(wholeDigits, '0');
  return `${whole}.${String(abs % 1000).padStart(3, '0')}`;
}

export function concatBytes(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) for (const b of p) out.push(b);
  return Uint8Array.from(out);
}
