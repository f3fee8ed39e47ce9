/**
 * Arabic text as an image. Neither PDF's standard fonts nor printer code pages can shape Arabic, so
 * the text is shaped and laid out right-to-left by Skia (@napi-rs/canvas, HarfBuzz inside) with an
 * Arabic font from the system (Debian's fonts-noto-core), then embedded as a picture.
 */
import { existsSync } from 'node:fs';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { LabelError } from './barcode-svg';
import type { RawImage } from './png-decode';

/** Tried in order; Naskh is the book style most readers expect on a label. */
export const ARABIC_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf',
  '/usr/share/fonts/opentype/noto/NotoNaskhArabic-Regular.otf',
];

const FAMILY = 'Souk Arabic';
// Arabic fonts carry no Latin punctuation (parentheses, %, /): those glyphs come from a Latin font
// beside it, or they would print as empty boxes inside Arabic names.
const LATIN_FAMILY = 'Souk Latin';
const FONT_STACK = `"${FAMILY}", "${LATIN_FAMILY}"`;
let registeredPath: string | null = null;

function ensureFont(fontPath?: string): void {
  const wanted = fontPath ?? ARABIC_FONT_CANDIDATES.find((p) => existsSync(p));
  if (!wanted || !existsSync(wanted)) {
    throw new LabelError(
      'FONT_MISSING',
      `no Arabic font found (tried ${fontPath ?? ARABIC_FONT_CANDIDATES.join(', ')}); install fonts-noto-core`,
    );
  }
  if (registeredPath === wanted) return;
  if (!GlobalFonts.registerFromPath(wanted, FAMILY)) {
    throw new LabelError('FONT_MISSING', `the Arabic font ${wanted} could not be loaded`);
  }
  registeredPath = wanted;
  const latin = wanted.replace(/[^/]+$/, 'NotoSans-Regular.ttf');
  if (existsSync(latin)) GlobalFonts.registerFromPath(latin, LATIN_FAMILY);
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
  ensureFont(options.fontPath);
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
