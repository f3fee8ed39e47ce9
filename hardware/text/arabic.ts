/**
 * Arabic as pictures. Neither printer code pages nor PDF's standard fonts can shape Arabic or lay it out
 * right-to-left, so it is drawn by Skia (@napi-rs/canvas, HarfBuzz inside) with an Arabic font from the
 * system (Debian's fonts-noto-core): receipt lines as 1-bit rasters, label and document text as images.
 */
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { hasArabic } from '../../core/receipt/document';
import type { PlacedCell } from '../../core/receipt/layout';
import type { RawImage } from '../labels/png-decode';
import { toMonochrome, type RasterImage } from '../printer/raster';

export class ArabicFontError extends Error {
  readonly code = 'ARABIC_FONT_MISSING';
}

// Debian's fonts-noto-core; fonts-noto-extra/-hinted ship the same files elsewhere on some releases.
const FONT_DIRS = [
  '/usr/share/fonts/truetype/noto',
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto',
];
/** Tried in order in each directory; Naskh is the book style most readers expect. */
const FONT_FILES = [
  'NotoNaskhArabic-Regular.ttf',
  'NotoNaskhArabic-Regular.otf',
  'NotoSansArabic-Regular.ttf',
];

const FAMILY = 'SoukArabic';
// Arabic fonts carry no Latin punctuation or digits (parentheses, %, /): those glyphs come from a Latin
// font beside it, or they would print as empty boxes inside Arabic names.
const LATIN_FAMILY = 'SoukLatin';
const FONT_STACK = `"${FAMILY}", "${LATIN_FAMILY}"`;
let registeredPath: string | null = null;

function fontCandidates(): string[] {
  const extra = process.env.SOUK_ARABIC_FONT_DIR;
  const dirs = extra ? [extra, ...FONT_DIRS] : FONT_DIRS;
  return dirs.flatMap((dir) => FONT_FILES.map((file) => `${dir}/${file}`));
}

/** The font files of one family found beside each other: the Arabic face, its bold, and the Latin ones. */
export interface FontFiles {
  arabic: string;
  arabicBold: string | null;
  latin: string | null;
  latinBold: string | null;
}

/**
 * Finds the Arabic font (an explicit file, or the first system one) and the bold and Latin (Noto Sans)
 * faces beside it. The one locator for canvas drawing and for the documents Chromium renders (their
 * @font-face), so a station prints its receipts and its PDFs with the same fonts.
 */
export function locateFonts(fontPath?: string): FontFiles {
  const tried = fontPath !== undefined ? [fontPath] : fontCandidates();
  const arabic = tried.find((p) => existsSync(p));
  if (!arabic) {
    throw new ArabicFontError(
      `no Arabic font found (tried ${tried.join(', ')}): install Debian package fonts-noto-core`,
    );
  }
  const sibling = (file: string) => {
    const p = arabic.replace(/[^/]+$/, file);
    return existsSync(p) ? p : null;
  };
  const bold = arabic.replace(/-Regular(\.\w+)$/, '-Bold$1');
  return {
    arabic,
    arabicBold: bold !== arabic && existsSync(bold) ? bold : null,
    latin: sibling('NotoSans-Regular.ttf'),
    latinBold: sibling('NotoSans-Bold.ttf'),
  };
}

/** Registers the Arabic font (an explicit file, or the first system one found), its bold and a Latin font. */
export function ensureArabicFont(fontPath?: string): void {
  const files = locateFonts(fontPath);
  const wanted = files.arabic;
  if (registeredPath === wanted) return;
  if (!GlobalFonts.registerFromPath(wanted, FAMILY)) {
    throw new ArabicFontError(`the Arabic font ${wanted} could not be loaded`);
  }
  registeredPath = wanted;
  if (files.arabicBold) GlobalFonts.registerFromPath(files.arabicBold, FAMILY);
  if (files.latin) GlobalFonts.registerFromPath(files.latin, LATIN_FAMILY);
}

export interface RtlTextOptions {
  /** Font size in pixels; the image is as tall as the text's ink plus padding. */
  fontSizePx?: number;
  /** Cap on the image width: a longer text is drawn smaller. */
  maxWidthPx?: number;
  fontPath?: string;
  /** CSS colour of the text; the background stays transparent. */
  color?: string;
}

export interface RtlTextImage {
  png: Buffer;
  /** Straight RGBA pixels of the same image, for raster printers. */
  raw: RawImage;
}

/** Renders `text` right-to-left, shaped, tightly cropped, on a transparent background. */
export function renderRtlText(text: string, options: RtlTextOptions = {}): RtlTextImage {
  ensureArabicFont(options.fontPath);
  let size = options.fontSizePx ?? 64;
  const probe = createCanvas(1, 1).getContext('2d');
  const measure = (): { width: number; ascent: number; descent: number } => {
    probe.font = `${size}px ${FONT_STACK}`;
    probe.direction = 'rtl';
    const m = probe.measureText(text);
    return { width: m.width, ascent: m.actualBoundingBoxAscent, descent: m.actualBoundingBoxDescent };
  };
  let m = measure();
  const pad = Math.ceil(size * 0.08);
  if (options.maxWidthPx !== undefined && m.width + 2 * pad > options.maxWidthPx) {
    size = Math.max(6, Math.floor((size * (options.maxWidthPx - 2 * pad)) / m.width));
    m = measure();
  }
  const width = Math.max(1, Math.ceil(m.width) + 2 * pad);
  const height = Math.max(1, Math.ceil(m.ascent + m.descent) + 2 * pad);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.font = `${size}px ${FONT_STACK}`;
  ctx.direction = 'rtl';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = options.color ?? '#000';
  ctx.fillText(text, width - pad, pad + m.ascent);
  const data = ctx.getImageData(0, 0, width, height).data;
  return {
    png: canvas.toBuffer('image/png'),
    raw: {
      width,
      height,
      channels: 4,
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    },
  };
}

export interface RasterLineOptions {
  widthDots: number;
  columns: number;
  bold?: boolean;
  tall?: boolean;
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
  ensureArabicFont();
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
  ctx.font = `${options.bold ? 'bold ' : ''}${fontPx}px ${FONT_STACK}`;
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
  const image = toMonochrome({
    width: widthDots,
    height,
    channels: 4,
    pixels: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength),
  });
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
