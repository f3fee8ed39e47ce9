/**
 * A small PDF 1.4 writer: pages, text in the standard Helvetica fonts (WinAnsiEncoding, so French
 * accents need no embedded font), lines, rectangles and images (PNG or raw pixels, Flate-compressed,
 * alpha as a soft mask). Written for label sheets and cooperative settlement statements; scripts
 * the standard fonts cannot show (Arabic) are drawn as images by the caller.
 *
 * Coordinates are PDF points (1/72 in) from the bottom-left corner of the page.
 */
import { deflateSync } from 'node:zlib';
import { encodeText } from '../hardware/text/code-pages';
import type { RawImage } from '../hardware/labels/png-decode';
import { decodePng } from '../hardware/labels/png-decode';

export const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 } as const;

export function mm(value: number): number {
  return value * MM;
}

export type PdfFont = 'regular' | 'bold';
/** Grey level 0..1, or RGB 0..1 each. */
export type PdfColor = number | readonly [number, number, number];

export interface TextOptions {
  size?: number;
  font?: PdfFont;
  color?: PdfColor;
  align?: 'left' | 'center' | 'right';
}

export interface ShapeOptions {
  fill?: PdfColor;
  stroke?: PdfColor;
  lineWidth?: number;
}

/** Handle to an image stored once in the document and drawable on any page. */
export interface PdfImage {
  readonly id: number;
  readonly width: number;
  readonly height: number;
}

const FONT_NAME: Record<PdfFont, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const FONT_KEY: Record<PdfFont, string> = { regular: 'F1', bold: 'F2' };

/** Advance widths (1/1000 em) of the printable ASCII range 0x20-0x7E, from the standard AFM files. */
const ASCII_WIDTHS: Record<PdfFont, readonly number[]> = {
  regular: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ],
  bold: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
    556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
    556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ],
};

const SPECIAL_WIDTHS: Record<string, number> = {
  '·': 278,
  '°': 400,
  '€': 556,
  '«': 556,
  '»': 556,
  œ: 944,
  Œ: 1000,
};

function charWidth(ch: string, font: PdfFont): number {
  const code = ch.charCodeAt(0);
  if (code >= 0x20 && code <= 0x7e) return ASCII_WIDTHS[font][code - 0x20] ?? 556;
  const special = SPECIAL_WIDTHS[ch];
  if (special !== undefined) return special;
  // Accented letters have the advance of their base letter in Helvetica.
  const base = ch.normalize('NFD')[0];
  if (base !== undefined && base !== ch) return charWidth(base, font);
  return 556;
}

/** Width in points of `text` at `size` in Helvetica (as encoded in WinAnsi). */
export function textWidth(text: string, size: number, font: PdfFont = 'regular'): number {
  let total = 0;
  for (const ch of text) total += charWidth(ch, font);
  return (total * size) / 1000;
}

/** Cuts `text` (adding '…') so it fits `maxWidth` points. */
export function fitText(text: string, maxWidth: number, size: number, font: PdfFont = 'regular'): string {
  if (textWidth(text, size, font) <= maxWidth) return text;
  let cut = text;
  while (cut.length > 0 && textWidth(`${cut}…`, size, font) > maxWidth) cut = cut.slice(0, -1);
  return cut.length > 0 ? `${cut.trimEnd()}…` : '';
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`PDF number must be finite, got ${n}`);
  const r = Math.round(n * 1000) / 1000;
  return String(r === 0 ? 0 : r);
}

function colorOp(color: PdfColor, stroke: boolean): string {
  if (typeof color === 'number') return `${num(color)} ${stroke ? 'G' : 'g'}`;
  return `${color.map(num).join(' ')} ${stroke ? 'RG' : 'rg'}`;
}

/** A PDF literal string of WinAnsi bytes; non-ASCII and delimiters escaped so the file stays 7-bit in text. */
export function pdfString(text: string): string {
  let out = '(';
  for (const b of encodeText(text, 'WPC1252')) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

export class PdfPage {
  readonly width: number;
  readonly height: number;
  private readonly ops: string[] = [];
  readonly images = new Set<number>();

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  text(x: number, y: number, text: string, options: TextOptions = {}): this {
    const size = options.size ?? 10;
    const font = options.font ?? 'regular';
    const w = textWidth(text, size, font);
    const left = options.align === 'center' ? x - w / 2 : options.align === 'right' ? x - w : x;
    this.ops.push(
      `q ${colorOp(options.color ?? 0, false)} BT /${FONT_KEY[font]} ${num(size)} Tf ${num(left)} ${num(y)} Td ${pdfString(text)} Tj ET Q`,
    );
    return this;
  }

  line(
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    options: { width?: number; color?: PdfColor } = {},
  ): this {
    this.ops.push(
      `q ${colorOp(options.color ?? 0, true)} ${num(options.width ?? 0.5)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`,
    );
    return this;
  }

  rect(x: number, y: number, w: number, h: number, options: ShapeOptions = { fill: 0 }): this {
    const parts = ['q'];
    if (options.fill !== undefined) parts.push(colorOp(options.fill, false));
    if (options.stroke !== undefined)
      parts.push(colorOp(options.stroke, true), `${num(options.lineWidth ?? 0.5)} w`);
    const paint =
      options.fill !== undefined && options.stroke !== undefined
        ? 'B'
        : options.fill !== undefined
          ? 'f'
          : 'S';
    parts.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re ${paint} Q`);
    this.ops.push(parts.join(' '));
    return this;
  }

  image(img: PdfImage, x: number, y: number, w: number, h: number): this {
    this.images.add(img.id);
    this.ops.push(`q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /Im${img.id} Do Q`);
    return this;
  }

  content(): string {
    return this.ops.join('\n');
  }
}

interface StoredImage {
  image: RawImage;
}

export interface DocumentInfo {
  title?: string;
  author?: string;
  /** Fixed in tests so the same input gives the same bytes. */
  creationDate?: Date;
}

export class PdfDocument {
  private readonly pages: PdfPage[] = [];
  private readonly images: StoredImage[] = [];
  private readonly info: DocumentInfo;
  /** Streams are compressed unless a caller wants to read them in a text editor. */
  compress = true;

  constructor(info: DocumentInfo = {}) {
    this.info = info;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  addPage(width: number = A4.width, height: number = A4.height): PdfPage {
    const page = new PdfPage(width, height);
    this.pages.push(page);
    return page;
  }

  addImage(image: RawImage): PdfImage {
    if (image.pixels.length !== image.width * image.height * image.channels) {
      throw new RangeError('image pixel buffer does not match its size');
    }
    this.images.push({ image });
    return { id: this.images.length, width: image.width, height: image.height };
  }

  addPng(png: Uint8Array): PdfImage {
    return this.addImage(decodePng(png));
  }

  toBytes(): Uint8Array {
    const objects: (Buffer | null)[] = [];
    const reserve = (): number => {
      objects.push(null);
      return objects.length;
    };
    const set = (id: number, body: string | Buffer): void => {
      objects[id - 1] = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
    };
    const stream = (dict: string, data: Buffer, compress = this.compress): Buffer => {
      const body = compress ? deflateSync(data) : data;
      const filter = compress ? ' /Filter /FlateDecode' : '';
      return Buffer.concat([
        Buffer.from(`<< ${dict}${filter} /Length ${body.length} >>\nstream\n`, 'latin1'),
        body,
        Buffer.from('\nendstream', 'latin1'),
      ]);
    };

    const catalogId = reserve();
    const pagesId = reserve();
    const fontIds = { regular: reserve(), bold: reserve() };
    for (const font of ['regular', 'bold'] as const) {
      set(
        fontIds[font],
        `<< /Type /Font /Subtype /Type1 /BaseFont /${FONT_NAME[font]} /Encoding /WinAnsiEncoding >>`,
      );
    }
    const imageIds = this.images.map(({ image }) => this.writeImage(image, reserve, set, stream));
    const pageIds: number[] = [];
    for (const page of this.pages) {
      const contentId = reserve();
      set(contentId, stream('', Buffer.from(page.content(), 'latin1')));
      const xobjects = [...page.images].map((i) => `/Im${i} ${imageIds[i - 1]} 0 R`).join(' ');
      const pageId = reserve();
      set(
        pageId,
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
          `/Resources << /Font << /F1 ${fontIds.regular} 0 R /F2 ${fontIds.bold} 0 R >>` +
          (xobjects ? ` /XObject << ${xobjects} >>` : '') +
          ` /ProcSet [/PDF /Text /ImageB /ImageC] >> /Contents ${contentId} 0 R >>`,
      );
      pageIds.push(pageId);
    }
    set(
      pagesId,
      `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    );
    set(catalogId, `<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
    const infoId = reserve();
    const date = this.info.creationDate ?? new Date();
    const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const infoParts = [`/Producer ${pdfString('Souk POS')}`, `/CreationDate (D:${stamp}Z)`];
    if (this.info.title) infoParts.push(`/Title ${pdfString(this.info.title)}`);
    if (this.info.author) infoParts.push(`/Author ${pdfString(this.info.author)}`);
    set(infoId, `<< ${infoParts.join(' ')} >>`);

    // The binary comment tells transfer tools the file is not plain text.
    const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = chunks[0]?.length ?? 0;
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      if (!body) throw new Error(`PDF object ${i + 1} was reserved but never written`);
      const obj = Buffer.concat([
        Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
        body,
        Buffer.from('\nendobj\n', 'latin1'),
      ]);
      offsets.push(offset);
      chunks.push(obj);
      offset += obj.length;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n'];
    for (const o of offsets) xref.push(`${String(o).padStart(10, '0')} 00000 n \n`);
    xref.push(
      `trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /Info ${infoId} 0 R >>\nstartxref\n${offset}\n%%EOF\n`,
    );
    chunks.push(Buffer.from(xref.join(''), 'latin1'));
    return new Uint8Array(Buffer.concat(chunks));
  }

  private writeImage(
    image: RawImage,
    reserve: () => number,
    set: (id: number, body: string | Buffer) => void,
    stream: (dict: string, data: Buffer, compress?: boolean) => Buffer,
  ): number {
    const { width, height, channels, pixels } = image;
    const colorChannels = channels >= 3 ? 3 : 1;
    const hasAlpha = channels === 2 || channels === 4;
    const count = width * height;
    const color = Buffer.alloc(count * colorChannels);
    const alpha = hasAlpha ? Buffer.alloc(count) : null;
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < colorChannels; c++) color[i * colorChannels + c] = pixels[i * channels + c] ?? 0;
      if (alpha) alpha[i] = pixels[i * channels + channels - 1] ?? 0;
    }
    const base = `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /BitsPerComponent 8`;
    let smask = '';
    if (alpha) {
      const maskId = reserve();
      set(maskId, stream(`${base} /ColorSpace /DeviceGray`, alpha, true));
      smask = ` /SMask ${maskId} 0 R`;
    }
    const id = reserve();
    const space = colorChannels === 3 ? '/DeviceRGB' : '/DeviceGray';
    set(id, stream(`${base} /ColorSpace ${space}${smask}`, color, true));
    return id;
  }
}
