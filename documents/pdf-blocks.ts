/**
 * Building blocks of the A4 documents: Arabic strings as shaped images (rendered once per string),
 * a page flow that breaks pages and repeats table headers, tables with French + Arabic headers,
 * page footers and the draft watermark.
 */
import { createCanvas } from '@napi-rs/canvas';
import { renderRtlText } from '../hardware/text/arabic';
import type { PdfColor, PdfDocument, PdfFont, PdfImage, PdfPage } from './pdf-writer';
import { A4, fitText, textWidth } from './pdf-writer';

export const MARGIN = 36;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** Pixels per em of the Arabic images: about 400 dpi at 9 pt, sharp on paper and when zoomed on a phone. */
const ARABIC_PX = 48;

/** Arabic strings drawn as images, each rendered and embedded once however often it is shown. */
export class ArabicImages {
  private readonly cache = new Map<string, PdfImage>();

  constructor(
    private readonly doc: PdfDocument,
    private readonly fontPath?: string,
  ) {}

  get count(): number {
    return this.cache.size;
  }

  image(text: string): PdfImage {
    let img = this.cache.get(text);
    if (!img) {
      img = this.doc.addImage(renderRtlText(text, { fontSizePx: ARABIC_PX, fontPath: this.fontPath }).raw);
      this.cache.set(text, img);
    }
    return img;
  }

  /**
   * Draws `text` at the size of a `size`-point font, its right edge at `xRight`, centred on `yMiddle`,
   * shrunk to `maxWidth` if needed. Returns the width used (0 for an empty string).
   */
  draw(page: PdfPage, text: string, xRight: number, yMiddle: number, size: number, maxWidth: number): number {
    const t = text.trim();
    if (!t || maxWidth <= 0) return 0;
    const img = this.image(t);
    let scale = size / ARABIC_PX;
    if (img.width * scale > maxWidth) scale = maxWidth / img.width;
    const w = img.width * scale;
    const h = img.height * scale;
    page.image(img, xRight - w, yMiddle - h / 2, w, h);
    return w;
  }

  /** Width `text` would take at `size` points, without shrinking. */
  width(text: string, size: number): number {
    const t = text.trim();
    return t ? (this.image(t).width * size) / ARABIC_PX : 0;
  }
}

export interface Column {
  width: number;
  align: 'left' | 'right';
  fr: string;
  ar?: string;
}

export type Cell =
  | { kind: 'text'; text: string; font?: PdfFont; size?: number; color?: PdfColor }
  | { kind: 'arabic'; text: string }
  /** French on the left, Arabic on the right of the same cell (tier names). */
  | { kind: 'both'; fr: string; ar: string; font?: PdfFont };

export const text = (value: string, font?: PdfFont, color?: PdfColor): Cell => ({
  kind: 'text',
  text: value,
  font,
  color,
});
export const arabic = (value: string): Cell => ({ kind: 'arabic', text: value });

export const ROW_HEIGHT = 15;
const HEADER_HEIGHT = 26;
const CELL_PAD = 3;
const BODY_SIZE = 8.5;

/** Pages in order, a cursor going down the current one, and what to repeat at the top of a new page. */
export class PageFlow {
  readonly pages: PdfPage[] = [];
  y = 0;
  /** Redrawn at the top of each page the current table spills onto. */
  private repeat: (() => void) | null = null;

  constructor(
    private readonly doc: PdfDocument,
    private readonly opts: { top: number; bottom: number; onPage?: (page: PdfPage) => void },
  ) {}

  get page(): PdfPage {
    const p = this.pages[this.pages.length - 1];
    if (!p) throw new Error('no page yet');
    return p;
  }

  newPage(): PdfPage {
    const page = this.doc.addPage(A4.width, A4.height);
    this.pages.push(page);
    this.opts.onPage?.(page);
    this.y = A4.height - this.opts.top;
    this.repeat?.();
    return page;
  }

  /** Makes room for `height` points, starting a new page when the current one is full. */
  need(height: number): void {
    if (this.pages.length === 0 || this.y - height < this.opts.bottom) this.newPage();
  }

  setRepeat(fn: (() => void) | null): void {
    this.repeat = fn;
  }
}

export class Table {
  private readonly xs: number[] = [];

  constructor(
    private readonly flow: PageFlow,
    private readonly arabicImages: ArabicImages,
    readonly columns: readonly Column[],
    private readonly x0 = MARGIN,
  ) {
    let x = x0;
    for (const c of columns) {
      this.xs.push(x);
      x += c.width;
    }
  }

  get width(): number {
    return this.columns.reduce((s, c) => s + c.width, 0);
  }

  /** Starts the table: header now and on every page it continues onto, until `end()`. */
  begin(title?: { fr: string; ar: string }): void {
    const titleHeight = title ? 20 : 0;
    this.flow.need(titleHeight + HEADER_HEIGHT + ROW_HEIGHT);
    if (title) this.sectionTitle(title);
    this.header();
    this.flow.setRepeat(() => this.header());
  }

  end(): void {
    this.flow.setRepeat(null);
    this.flow.y -= 8;
  }

  private sectionTitle(title: { fr: string; ar: string }): void {
    const page = this.flow.page;
    const y = this.flow.y - 13;
    page.text(this.x0, y, title.fr, { size: 11, font: 'bold' });
    const frW = textWidth(title.fr, 11, 'bold');
    this.arabicImages.draw(page, title.ar, this.x0 + this.width, y + 4, 11, this.width - frW - 20);
    this.flow.y -= 20;
  }

  private header(): void {
    const page = this.flow.page;
    const top = this.flow.y;
    page.rect(this.x0, top - HEADER_HEIGHT, this.width, HEADER_HEIGHT, { fill: 0.88 });
    this.columns.forEach((c, i) => {
      const x = this.xs[i] ?? 0;
      const inner = c.width - 2 * CELL_PAD;
      const label = fitText(c.fr, inner, 8, 'bold');
      const tx = c.align === 'right' ? x + c.width - CELL_PAD : x + CELL_PAD;
      page.text(tx, top - 10, label, { size: 8, font: 'bold', align: c.align });
      if (c.ar) {
        // Arabic reads from the right: its header sits on the right edge of the column.
        this.arabicImages.draw(page, c.ar, x + c.width - CELL_PAD, top - 19.5, 8, inner);
      }
    });
    this.flow.y = top - HEADER_HEIGHT;
  }

  /** One row; `shade` for readability on long tables, `bold` for subtotal rows. */
  row(cells: readonly (Cell | null)[], opts: { shade?: boolean; height?: number } = {}): void {
    const h = opts.height ?? ROW_HEIGHT;
    this.flow.need(h);
    const page = this.flow.page;
    const top = this.flow.y;
    if (opts.shade) page.rect(this.x0, top - h, this.width, h, { fill: 0.96 });
    const baseline = top - h / 2 - BODY_SIZE * 0.35;
    cells.forEach((cell, i) => {
      const c = this.columns[i];
      if (!cell || !c) return;
      const x = this.xs[i] ?? 0;
      const inner = c.width - 2 * CELL_PAD;
      if (cell.kind === 'arabic') {
        this.arabicImages.draw(page, cell.text, x + c.width - CELL_PAD, top - h / 2, BODY_SIZE, inner);
        return;
      }
      if (cell.kind === 'both') {
        const font = cell.font ?? 'regular';
        page.text(x + CELL_PAD, baseline, fitText(cell.fr, inner, BODY_SIZE, font), {
          size: BODY_SIZE,
          font,
        });
        const room = inner - textWidth(cell.fr, BODY_SIZE, font) - 3;
        this.arabicImages.draw(page, cell.ar, x + c.width - CELL_PAD, top - h / 2, BODY_SIZE - 0.5, room);
        return;
      }
      const size = cell.size ?? BODY_SIZE;
      const font = cell.font ?? 'regular';
      const value = fitText(cell.text, inner, size, font);
      const tx = c.align === 'right' ? x + c.width - CELL_PAD : x + CELL_PAD;
      page.text(tx, baseline, value, { size, font, align: c.align, color: cell.color });
    });
    page.line(this.x0, top - h, this.x0 + this.width, top - h, { width: 0.3, color: 0.75 });
    this.flow.y = top - h;
  }

  /** A full-width caption row inside the table (e.g. "Aucune vente"). */
  note(fr: string, ar: string): void {
    this.flow.need(ROW_HEIGHT);
    const page = this.flow.page;
    const top = this.flow.y;
    page.text(this.x0 + CELL_PAD, top - ROW_HEIGHT / 2 - 3, fr, { size: BODY_SIZE, color: 0.35 });
    this.arabicImages.draw(
      page,
      ar,
      this.x0 + this.width - CELL_PAD,
      top - ROW_HEIGHT / 2,
      BODY_SIZE,
      this.width / 2,
    );
    this.flow.y = top - ROW_HEIGHT;
  }
}

/** "Page i/n" and a reference at the foot of every page; called once all pages exist. */
export function drawFooters(pages: readonly PdfPage[], reference: string): void {
  pages.forEach((page, i) => {
    const y = 22;
    page.line(MARGIN, y + 10, A4.width - MARGIN, y + 10, { width: 0.4, color: 0.6 });
    page.text(MARGIN, y, fitText(reference, CONTENT_WIDTH - 80, 7.5), { size: 7.5, color: 0.3 });
    page.text(A4.width - MARGIN, y, `Page ${i + 1}/${pages.length}`, { size: 8, align: 'right' });
  });
}

/**
 * A diagonal, pale watermark image (the PDF writer draws text horizontally only). Rendered once per
 * document and drawn first on each page so the content stays on top of it.
 */
export function watermarkImage(doc: PdfDocument, word: string): PdfImage {
  const w = 600;
  const h = 850;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.translate(w / 2, h / 2);
  ctx.rotate(-Math.atan2(h, w));
  ctx.font = 'bold 110px "DejaVu Sans", "Liberation Sans", sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(200, 40, 40, 0.16)';
  ctx.fillText(word, 0, 0);
  const data = ctx.getImageData(0, 0, w, h).data;
  return doc.addImage({
    width: w,
    height: h,
    channels: 4,
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

export function drawWatermark(page: PdfPage, img: PdfImage): void {
  const w = A4.width - 2 * MARGIN;
  const h = (w * img.height) / img.width;
  page.image(img, MARGIN, (A4.height - h) / 2, w, h);
}
