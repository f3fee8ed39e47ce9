import { existsSync } from 'node:fs';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { PlacedCell } from '../../core/receipt/layout';
import { hasArabic } from '../../core/receipt/document';

/**
 * Arabic cannot go through a printer code page (no shaping, no bidi), so a line holding Arabic is drawn
 * with a real shaping engine (Skia + HarfBuzz in @napi-rs/canvas) and sent as a 1-bit raster image.
 */

/** 1 bit per dot, rows packed MSB-first, `bytesPerRow = widthDots / 8`; a set bit is a black dot. */
export interface RasterImage {
  widthDots: number;
  heightDots: number;
  data: Uint8Array;
}

export interface RasterLineOptions {
  widthDots: number;
  columns: number;
  bold?: boolean;
  tall?: boolean;
}

export class ArabicFontError extends Error {
  readonly code = 'ARABIC_FONT_MISSING';
}

const FAMILY = 'SoukNaskh';
const LATIN_FAMILY = 'SoukLatin';
// Debian's fonts-noto-core; fonts-noto-extra/-hinted ship the same file elsewhere on some releases.
const FONT_DIRS = [
  '/usr/share/fonts/truetype/noto',
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto',
];
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  const extra = process.env.SOUK_ARABIC_FONT_DIR;
  const dirs = extra ? [extra, ...FONT_DIRS] : FONT_DIRS;
  for (const dir of dirs) {
    const regular = `${dir}/NotoNaskhArabic-Regular.ttf`;
    if (!existsSync(regular)) continue;
    GlobalFonts.registerFromPath(regular, FAMILY);
    const bold = `${dir}/NotoNaskhArabic-Bold.ttf`;
    if (existsSync(bold)) GlobalFonts.registerFromPath(bold, FAMILY);
    // Latin punctuation and digits inside Arabic names come from Noto Sans (the Arabic font has none).
    const latin = `${dir}/NotoSans-Regular.ttf`;
    if (existsSync(latin)) GlobalFonts.registerFromPath(latin, LATIN_FAMILY);
    fontReady = true;
    return;
  }
  throw new ArabicFontError(
    `NotoNaskhArabic-Regular.ttf not found in ${dirs.join(', ')}: install Debian package fonts-noto-core`,
  );
}

const FONT_PX = 24;
const LINE_PX = 38;

const canvases = new Map<string, { ctx: SKRSContext2D }>();

function context(width: number, height: number): SKRSContext2D {
  const key = `${width}x${height}`;
  let entry = canvases.get(key);
  if (!entry) {
    const canvas = createCanvas(width, height);
    entry = { ctx: canvas.getContext('2d') };
    canvases.set(key, entry);
  }
  return entry.ctx;
}

const CACHE_LIMIT = 1024;
const cache = new Map<string, RasterImage>();

/** Drops cached images (tests use it to measure the uncached path). */
export function clearRasterCache(): void {
  cache.clear();
}

/**
 * Draws one receipt line, its cells placed on the same column grid as the text lines (dots per column =
 * widthDots / columns), Arabic cells right-to-left. Identical lines are cached: product names repeat.
 */
export function rasterizeLine(cells: readonly PlacedCell[], options: RasterLineOptions): RasterImage {
  const key = JSON.stringify([cells, options.widthDots, options.columns, !!options.bold, !!options.tall]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  ensureFont();
  const { widthDots, columns } = options;
  const scale = options.tall ? 2 : 1;
  const height = LINE_PX * scale;
  const fontPx = FONT_PX * scale;
  const dotsPerColumn = widthDots / columns;
  const ctx = context(widthDots, height);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthDots, height);
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `${options.bold ? 'bold ' : ''}${fontPx}px ${FAMILY}, ${LATIN_FAMILY}`;
  const baseline = Math.round(fontPx * 1.05);
  for (const cell of cells) {
    if (cell.text === '') continue;
    const x0 = cell.start * dotsPerColumn;
    const w = cell.width * dotsPerColumn;
    const rtl = firstStrongIsArabic(cell.text);
    ctx.direction = rtl ? 'rtl' : 'ltr';
    ctx.textAlign = cell.align;
    const measured = ctx.measureText(cell.text).width;
    // A name wider than its cell is squeezed horizontally rather than cut: a cut Arabic word is unreadable.
    const sx = measured > w ? w / measured : 1;
    const anchor = cell.align === 'right' ? x0 + w - 1 : cell.align === 'center' ? x0 + w / 2 : x0;
    ctx.setTransform(sx, 0, 0, 1, anchor, 0);
    ctx.fillText(rtl ? isolateLatinRuns(cell.text) : cell.text, 0, baseline);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const rgba = ctx.getImageData(0, 0, widthDots, height).data;
  const bytesPerRow = Math.ceil(widthDots / 8);
  const data = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) {
    const row = y * widthDots;
    for (let x = 0; x < widthDots; x++) {
      // Red channel of black-on-white antialiased text; 128 keeps strokes about as thick as on screen.
      if ((rgba[(row + x) * 4] ?? 255) < 128) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const image: RasterImage = { widthDots: bytesPerRow * 8, heightDots: height, data };
  cache.set(key, image);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return image;
}

/** The paragraph direction a reader expects: that of the first strong (letter) character, as dir="auto". */
function firstStrongIsArabic(text: string): boolean {
  const m = /[\p{L}]/u.exec(text);
  return m !== null && hasArabic(m[0]);
}

/**
 * In a right-to-left line, a phone number "0537 00 00 00" or "0,750 kg" would be reordered group by
 * group by the bidi algorithm; wrapping each Latin/digit run in a left-to-right isolate keeps it as typed.
 */
function isolateLatinRuns(text: string): string {
  return text.replace(
    /[0-9A-Za-z\u00C0-\u024F](?:[0-9A-Za-z\u00C0-\u024F ,.:/%+-]*[0-9A-Za-z\u00C0-\u024F%])?/g,
    (run) => (run.length > 1 ? `\u2066${run}\u2069` : run),
  );
}

/** Ink extent of an image: the first and last columns holding a black dot, and the dot count. */
export function inkStats(image: RasterImage): { black: number; minX: number; maxX: number } {
  const bytesPerRow = image.widthDots / 8;
  let black = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (let y = 0; y < image.heightDots; y++) {
    for (let x = 0; x < image.widthDots; x++) {
      if ((image.data[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) {
        black++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
      }
    }
  }
  return { black, minX, maxX };
}
