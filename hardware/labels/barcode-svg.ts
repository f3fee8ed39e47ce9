/**
 * EAN-13 bars without a DOM. jsbarcode's object renderer (`JsBarcode({}, code, opts)`) fills
 * `obj.encodings` with the modules as '0'/'1' strings; from those we draw bars ourselves as SVG here,
 * as PDF rectangles in the label sheet and as raster for the receipt printer.
 */
import JsBarcode from 'jsbarcode';
import { isValidGtin } from '../../core/barcode';

export class LabelError extends Error {
  constructor(
    readonly code: 'INVALID_EAN13' | 'INVALID_LABEL',
    message: string,
  ) {
    super(message);
  }
}

/** One group of modules: the left digit (no bars), guards, left half, centre guard, right half. */
export interface BarcodeSegment {
  /** '1' = dark module, '0' = light. */
  modules: string;
  /** Human-readable digits printed under the segment ('' for guards). */
  text: string;
  /** Guards run longer than the data bars. */
  guard: boolean;
}

/** A dark bar: start and width in modules from the first guard. */
export interface Bar {
  x: number;
  width: number;
  guard: boolean;
}

export interface Ean13Pattern {
  code: string;
  segments: BarcodeSegment[];
  /** 95 modules from the first guard to the last. */
  modules: string;
  bars: Bar[];
}

interface JsEncoding {
  data: string;
  text?: string;
}

export function assertEan13(code: string): void {
  if (code.length !== 13 || !isValidGtin(code)) {
    throw new LabelError('INVALID_EAN13', `"${code}" is not a 13-digit EAN with a correct check digit`);
  }
}

export function ean13Pattern(code: string): Ean13Pattern {
  assertEan13(code);
  const target: { encodings?: JsEncoding[] } = {};
  JsBarcode(target, code, { format: 'EAN13', flat: false });
  const encodings = target.encodings ?? [];
  // jsbarcode gives [leading digit (all light), start guard, left 6, centre guard, right 6, end guard].
  const segments: BarcodeSegment[] = encodings.map((e) => ({
    modules: e.data,
    text: e.text ?? '',
    guard: (e.text ?? '') === '' && e.data.length <= 5,
  }));
  const first = segments.findIndex((s) => s.guard);
  const modules = segments
    .slice(first)
    .map((s) => s.modules)
    .join('');
  if (modules.length !== 95) throw new LabelError('INVALID_EAN13', `unexpected EAN-13 encoding for ${code}`);
  const bars: Bar[] = [];
  let x = 0;
  for (const s of segments.slice(first)) {
    for (let i = 0; i < s.modules.length; i++) {
      if (s.modules[i] !== '1') continue;
      const prev = bars[bars.length - 1];
      if (prev && prev.x + prev.width === x + i && prev.guard === s.guard) prev.width++;
      else bars.push({ x: x + i, width: 1, guard: s.guard });
    }
    x += s.modules.length;
  }
  return { code, segments, modules, bars };
}

export interface SvgOptions {
  /** Width of one module in user units (mm by default: 0.33 mm is the EAN-13 nominal size). */
  module?: number;
  height?: number;
  /** Quiet zones: 11 modules left, 7 right per GS1. */
  withText?: boolean;
  unit?: string;
}

/** A standalone SVG of the barcode, in millimetres by default. */
export function ean13Svg(code: string, options: SvgOptions = {}): string {
  const p = ean13Pattern(code);
  const m = options.module ?? 0.33;
  const h = options.height ?? 22.85;
  const unit = options.unit ?? 'mm';
  const withText = options.withText ?? true;
  const left = 11 * m;
  const width = left + 95 * m + 7 * m;
  const textH = withText ? 3 * m * 3 : 0;
  const total = h + textH;
  const rects = p.bars
    .map((b) => {
      const bh = b.guard || !withText ? h + textH * 0.5 : h;
      return `<rect x="${fmt(left + b.x * m)}" y="0" width="${fmt(b.width * m)}" height="${fmt(bh)}"/>`;
    })
    .join('');
  const digits = withText ? textElements(p, m, left, h + textH) : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}${unit}" height="${fmt(total)}${unit}" ` +
    `viewBox="0 0 ${fmt(width)} ${fmt(total)}"><rect width="100%" height="100%" fill="#fff"/>` +
    `<g fill="#000">${rects}</g>${digits}</svg>`
  );
}

function textElements(p: Ean13Pattern, m: number, left: number, baseline: number): string {
  const size = 9 * m;
  const parts = [`<text x="${fmt(left - 6 * m)}" y="${fmt(baseline)}">${p.code[0]}</text>`];
  parts.push(
    `<text x="${fmt(left + (3 + 21) * m)}" y="${fmt(baseline)}" text-anchor="middle">${p.code.slice(1, 7)}</text>`,
  );
  parts.push(
    `<text x="${fmt(left + (50 + 21) * m)}" y="${fmt(baseline)}" text-anchor="middle">${p.code.slice(7)}</text>`,
  );
  return `<g font-family="monospace" font-size="${fmt(size)}">${parts.join('')}</g>`;
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
