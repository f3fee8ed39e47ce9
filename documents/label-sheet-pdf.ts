/**
 * A4 sheets of adhesive product labels (the common 3x8 = 24 and 4x10 = 40 layouts), printed on any
 * office printer by the store manager. French in Helvetica text, Arabic as a shaped image, the
 * EAN-13 as vector bars so it stays sharp at any printer resolution.
 */
import type { PdfImage, PdfPage } from './pdf-writer';
import { A4, PdfDocument, fitText, mm, textWidth } from './pdf-writer';
import { renderRtlText } from '../hardware/text/arabic';
import { ean13Pattern } from '../hardware/labels/barcode-svg';
import type { ProductLabel } from '../hardware/labels/label-model';
import {
  formatBestBefore,
  lotText,
  qualityText,
  tierLines,
  validateLabel,
} from '../hardware/labels/label-model';

export type SheetLayout = '3x8' | '4x10';

interface LayoutSpec {
  columns: number;
  rows: number;
  widthMm: number;
  heightMm: number;
  padMm: number;
  nameSize: number;
  arabicHeightMm: number;
  retailSize: number;
  smallSize: number;
  tinySize: number;
  /** Width given to the barcode block on the right, quiet zones included. */
  barcodeWidthMm: number;
  barcodeHeightMm: number;
  compact: boolean;
}

export const SHEET_LAYOUTS: Record<SheetLayout, LayoutSpec> = {
  '3x8': {
    columns: 3,
    rows: 8,
    widthMm: 70,
    heightMm: 37,
    padMm: 2.5,
    nameSize: 8.5,
    arabicHeightMm: 4.6,
    retailSize: 8,
    smallSize: 6,
    tinySize: 5.2,
    barcodeWidthMm: 30,
    barcodeHeightMm: 13,
    compact: false,
  },
  '4x10': {
    columns: 4,
    rows: 10,
    widthMm: 52.5,
    heightMm: 29.7,
    padMm: 1.8,
    nameSize: 7,
    arabicHeightMm: 3.8,
    retailSize: 6.8,
    smallSize: 5,
    tinySize: 4.4,
    barcodeWidthMm: 26,
    barcodeHeightMm: 9.5,
    compact: true,
  },
};

export interface SheetOptions {
  layout?: SheetLayout;
  /** Position of the first label on the first sheet, to reuse a partly used sheet (0 = top left). */
  startAt?: number;
  /** Thin grey frame around each label, for plain paper cut by hand. */
  frames?: boolean;
  creationDate?: Date;
  arabicFontPath?: string;
}

export function labelsPerSheet(layout: SheetLayout): number {
  const s = SHEET_LAYOUTS[layout];
  return s.columns * s.rows;
}

export function labelSheetPdf(labels: readonly ProductLabel[], options: SheetOptions = {}): Uint8Array {
  return buildLabelSheet(labels, options).toBytes();
}

export function buildLabelSheet(labels: readonly ProductLabel[], options: SheetOptions = {}): PdfDocument {
  for (const l of labels) validateLabel(l);
  const layout = options.layout ?? '3x8';
  const spec = SHEET_LAYOUTS[layout];
  const perSheet = spec.columns * spec.rows;
  const startAt = options.startAt ?? 0;
  if (!Number.isInteger(startAt) || startAt < 0 || startAt >= perSheet) {
    throw new RangeError(`startAt must be 0..${perSheet - 1}`);
  }
  const doc = new PdfDocument({ title: 'Étiquettes produits', creationDate: options.creationDate });
  // Labels of one product usually come in runs: the Arabic image is stored once per name.
  const arabic = new Map<string, PdfImage>();
  const arabicImage = (text: string): PdfImage => {
    let img = arabic.get(text);
    if (!img) {
      img = doc.addPng(renderRtlText(text, { fontSizePx: 72, fontPath: options.arabicFontPath }).png);
      arabic.set(text, img);
    }
    return img;
  };
  // Sheets are centred vertically: 8 x 37 mm leaves 1 mm of the 297 mm page.
  const top = (297 - spec.rows * spec.heightMm) / 2;
  const left = (210 - spec.columns * spec.widthMm) / 2;
  let page: PdfPage | null = null;
  labels.forEach((label, i) => {
    const slot = (startAt + i) % perSheet;
    if (page === null || slot === 0) page = doc.addPage(A4.width, A4.height);
    const col = slot % spec.columns;
    const row = Math.floor(slot / spec.columns);
    const x = mm(left + col * spec.widthMm);
    const yTop = A4.height - mm(top + row * spec.heightMm);
    if (options.frames)
      page.rect(x, yTop - mm(spec.heightMm), mm(spec.widthMm), mm(spec.heightMm), {
        stroke: 0.8,
        lineWidth: 0.3,
      });
    drawLabel(page, label, spec, x, yTop, label.nameAr.trim() ? arabicImage(label.nameAr.trim()) : null);
  });
  return doc;
}

function drawLabel(
  page: PdfPage,
  label: ProductLabel,
  spec: LayoutSpec,
  x0: number,
  yTop: number,
  arabic: PdfImage | null,
): void {
  const pad = mm(spec.padMm);
  const inner = mm(spec.widthMm) - 2 * pad;
  const bottom = yTop - mm(spec.heightMm) + pad;
  let y = yTop - pad - spec.nameSize * 0.8;
  page.text(x0 + pad, y, fitText(label.nameFr, inner, spec.nameSize, 'bold'), {
    size: spec.nameSize,
    font: 'bold',
  });

  if (arabic) {
    const h = mm(spec.arabicHeightMm);
    let w = (h * arabic.width) / arabic.height;
    let drawH = h;
    if (w > inner) {
      drawH = (h * inner) / w;
      w = inner;
    }
    y -= 1.5 + h;
    page.image(arabic, x0 + pad + inner - w, y + (h - drawH) / 2, w, drawH);
  }

  const barcodeW = mm(spec.barcodeWidthMm);
  const textW = inner - barcodeW - mm(1);
  const lines: { text: string; size: number; bold: boolean }[] = [];
  tierLines(label, spec.compact).forEach((t, i) =>
    lines.push({ text: t.text, size: i === 0 ? spec.retailSize : spec.smallSize, bold: i === 0 }),
  );
  const quality = qualityText(label, spec.compact);
  if (quality) lines.push({ text: quality, size: spec.smallSize, bold: true });
  if (label.cooperative.trim())
    lines.push({ text: label.cooperative.trim(), size: spec.tinySize, bold: false });
  if (label.bestBefore)
    lines.push({ text: formatBestBefore(label.bestBefore, spec.compact), size: spec.tinySize, bold: false });
  const lot = lotText(label);
  if (lot) lines.push({ text: lot, size: spec.tinySize, bold: false });

  let ty = y - 1;
  for (const line of lines) {
    const next = ty - line.size * 1.15;
    // A line that does not fit is left out whole; the order above is the order of importance.
    if (next < bottom) break;
    ty = next;
    const font = line.bold ? 'bold' : 'regular';
    page.text(x0 + pad, ty, fitText(line.text, textW, line.size, font), { size: line.size, font });
  }

  drawEan13(
    page,
    label.code,
    x0 + pad + inner - barcodeW,
    bottom,
    barcodeW,
    Math.min(mm(spec.barcodeHeightMm), y - 1 - bottom),
  );
}

/** Bars and digits inside the box (x, y) w x h, quiet zones included; module size follows the width. */
export function drawEan13(page: PdfPage, code: string, x: number, y: number, w: number, h: number): void {
  const pattern = ean13Pattern(code);
  const module = w / (11 + 95 + 7);
  const digitSize = Math.min(module * 9, h * 0.3);
  const barBottom = y + digitSize * 0.9;
  const barX = x + 11 * module;
  for (const bar of pattern.bars) {
    const extra = bar.guard ? digitSize * 0.5 : 0;
    page.rect(barX + bar.x * module, barBottom - extra, bar.width * module, y + h - barBottom + extra, {
      fill: 0,
    });
  }
  const base = y + digitSize * 0.05;
  page.text(barX - 2 * module - textWidth(code[0] ?? '', digitSize), base, code[0] ?? '', {
    size: digitSize,
  });
  page.text(barX + (3 + 21) * module, base, code.slice(1, 7), { size: digitSize, align: 'center' });
  page.text(barX + (50 + 21) * module, base, code.slice(7), { size: digitSize, align: 'center' });
}
