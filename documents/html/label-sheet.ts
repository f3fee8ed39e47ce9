/**
 * Adhesive product labels for A4 sheets (3x8 = 24 and 4x10 = 40) as HTML: each label in millimetres,
 * both names as real text that wraps rather than being cut, the prices and facts under them in
 * order of importance (what does not fit at the foot is left out whole, as before), and the EAN-13 as vector
 * bars (an SVG image per code, a CSS class every copy of the label shares: Chromium prints it as vectors, and
 * far faster than an inline SVG per label) under its digits as text. No page numbers: on a
 * label sheet they would print on a label.
 */
import { ean13Pattern } from '../../hardware/labels/barcode-svg';
import type { ProductLabel } from '../../hardware/labels/label-model';
import {
  formatBestBefore,
  lotText,
  qualityText,
  tierLines,
  validateLabel,
} from '../../hardware/labels/label-model';
import { LABEL_SHEET_LABELS, word } from '../document-labels';
import { esc } from './escape';
import { htmlDocument } from './page';

export type SheetLayout = '3x8' | '4x10';

interface LayoutSpec {
  columns: number;
  rows: number;
  widthMm: number;
  heightMm: number;
  padMm: number;
  nameSize: number;
  retailSize: number;
  smallSize: number;
  tinySize: number;
  /** The barcode block at the foot on the right, quiet zones included. */
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
  arabicFontPath?: string;
}

export function labelsPerSheet(layout: SheetLayout): number {
  const s = SHEET_LAYOUTS[layout];
  return s.columns * s.rows;
}

/** Sheets used by `count` labels starting at slot `startAt`. */
export function sheetCount(layout: SheetLayout, count: number, startAt = 0): number {
  return Math.ceil((startAt + count) / labelsPerSheet(layout));
}

/** Modules across an EAN-13 block: 11 quiet, 95 bars, 7 quiet (GS1). */
const MODULES = 113;

/** Modules the digits take under the bars. */
const DIGIT_MODULES = 9;

/**
 * One code's bars as a CSS class: an SVG image in module units (guard bars longer, reaching into the digits'
 * band), stretched over the barcode block. The digits are HTML text on top (see barcodeDigits).
 */
function barcodeClass(className: string, code: string, spec: LayoutSpec): string {
  const p = ean13Pattern(code);
  const height = barcodeHeightModules(spec);
  const barBottom = height - DIGIT_MODULES * 1.05;
  const bars = p.bars
    .map((b) => {
      const h = b.guard ? barBottom + DIGIT_MODULES * 0.5 : barBottom;
      return `<rect x="${11 + b.x}" y="0" width="${b.width}" height="${h.toFixed(2)}"/>`;
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MODULES} ${height.toFixed(2)}" ` +
    `preserveAspectRatio="none"><g fill="#000">${bars}</g></svg>`;
  return `.${className}{background-image:url("data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}");}`;
}

/** The digits under the bars, placed by module: the first left of the start guard, then two groups of six. */
function barcodeDigits(code: string): string {
  const at = (modules: number) => `${((modules / MODULES) * 100).toFixed(3)}%`;
  return (
    `<span class="d" style="left:${at(5.5)}">${code[0] ?? ''}</span>` +
    `<span class="d" style="left:${at(11 + 3 + 21)}">${code.slice(1, 7)}</span>` +
    `<span class="d" style="left:${at(11 + 50 + 21)}">${code.slice(7)}</span>`
  );
}

function labelCss(spec: LayoutSpec): string {
  return `
.label{position:relative;width:${spec.widthMm}mm;height:${spec.heightMm}mm;box-sizing:border-box;break-after:page;
  padding:${spec.padMm}mm;display:flex;flex-direction:column;overflow:hidden;}
.label:last-child{break-after:auto;}
.label.framed{outline:0.3pt solid #ccc;outline-offset:-0.15pt;}
.name{font-size:${spec.nameSize}pt;font-weight:700;line-height:1.1;overflow-wrap:anywhere;flex:0 1 auto;overflow:hidden;}
.name-ar{font-size:${spec.nameSize + 0.5}pt;line-height:1.15;text-align:right;overflow-wrap:anywhere;flex:0 1 auto;overflow:hidden;}
.foot{display:flex;gap:1mm;flex:1 0 ${spec.barcodeHeightMm}mm;min-height:${spec.barcodeHeightMm}mm;align-items:stretch;}
.info{flex:1;min-width:0;overflow:hidden;display:flex;flex-direction:column;justify-content:flex-start;}
.info div{line-height:1.12;overflow-wrap:anywhere;}
.retail{font-size:${spec.retailSize}pt;font-weight:700;}
.small{font-size:${spec.smallSize}pt;}
.quality{font-size:${spec.smallSize}pt;font-weight:700;}
.tiny{font-size:${spec.tinySize}pt;}
.bc{position:relative;width:${spec.barcodeWidthMm}mm;height:${spec.barcodeHeightMm}mm;flex:0 0 ${spec.barcodeWidthMm}mm;
  align-self:flex-end;background-repeat:no-repeat;background-size:100% 100%;}
.bc .d{position:absolute;bottom:0;transform:translateX(-50%);line-height:1;
  font-size:${((spec.barcodeWidthMm / MODULES) * DIGIT_MODULES).toFixed(2)}mm;letter-spacing:0.02em;}
`;
}

function labelInner(label: ProductLabel, spec: LayoutSpec, barcode: string): string {
  const lines: string[] = [];
  tierLines(label, spec.compact).forEach((t, i) =>
    lines.push(`<div class="${i === 0 ? 'retail' : 'small'}">${esc(t.text)}</div>`),
  );
  const quality = qualityText(label, spec.compact);
  if (quality) lines.push(`<div class="quality">${esc(quality)}</div>`);
  if (label.cooperative.trim()) lines.push(`<div class="tiny">${esc(label.cooperative.trim())}</div>`);
  if (label.bestBefore)
    lines.push(`<div class="tiny">${esc(formatBestBefore(label.bestBefore, spec.compact))}</div>`);
  const lot = lotText(label);
  if (lot) lines.push(`<div class="tiny">${esc(lot)}</div>`);
  const nameAr = label.nameAr.trim();
  return (
    `<div class="name" lang="fr">${esc(label.nameFr)}</div>` +
    (nameAr ? `<div class="name-ar" lang="ar" dir="rtl">${esc(nameAr)}</div>` : '') +
    `<div class="foot"><div class="info">${lines.join('')}</div>` +
    `<div class="bc ${barcode}">${barcodeDigits(label.code)}</div></div>`
  );
}

function barcodeHeightModules(spec: LayoutSpec): number {
  return (MODULES * spec.barcodeHeightMm) / spec.barcodeWidthMm;
}

/**
 * Each distinct label once, on a page of its own the size of the label. The sheet is then composed from
 * these pages (documents/label-sheet-pdf.ts): a shop prints the same label hundreds of times (200 products x
 * 400 copies is 80,000 labels, 3,300 A4 pages), and laying each copy out again in Chromium took minutes.
 */
export function labelPagesHtml(
  labels: readonly ProductLabel[],
  options: Pick<SheetOptions, 'layout' | 'frames' | 'arabicFontPath'> = {},
): string {
  for (const l of labels) validateLabel(l);
  const spec = SHEET_LAYOUTS[options.layout ?? '3x8'];
  const barcodes = new Map<string, string>();
  const barcodeCss: string[] = [];
  const pages = labels.map((label) => {
    let barcode = barcodes.get(label.code);
    if (!barcode) {
      barcode = `b${barcodes.size}`;
      barcodes.set(label.code, barcode);
      barcodeCss.push(barcodeClass(barcode, label.code, spec));
    }
    return `<div class="label${options.frames ? ' framed' : ''}">${labelInner(label, spec, barcode)}</div>`;
  });
  return htmlDocument({
    lang: 'fr',
    title: word(LABEL_SHEET_LABELS.title, 'fr'),
    body: pages.join(''),
    css: labelCss(spec) + barcodeCss.join(''),
    pageNumbers: false,
    pageSize: { widthMm: spec.widthMm, heightMm: spec.heightMm },
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    arabicFontPath: options.arabicFontPath,
  });
}
