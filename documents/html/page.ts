/**
 * The shell of every A4 document: the page box (size, margins, running header, reference and page numbers
 * in CSS page-margin boxes, which Chromium fills on every page of the PDF), the embedded fonts, the shared
 * table styles (a table's <thead> repeats at the top of each page it runs onto, rows never split) and the
 * draft watermark. The same HTML prints through playwright-core's Chromium and Electron's printToPDF.
 */
import type { Language } from '../../core/languages';
import type { MessageParams } from '../../core/message-format';
import { DOCUMENT_LABELS, secondLanguage, word, type DocText } from '../document-labels';
import { cssString, esc } from './escape';
import { ARABIC_STACK, FONT_STACK, fontFaceCss } from './fonts';

export interface PageMargins {
  /** Millimetres. */
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface HtmlDocumentOptions {
  lang: Language;
  title: string;
  body: string;
  /** Shown at the top of every page but the first (which carries the full heading). */
  runningHeader?: string;
  /** The document's reference at the foot of every page. */
  footer?: string;
  /** "Page i / n" at the foot of every page; label sheets have none (it would print on a label). */
  pageNumbers?: boolean;
  margins?: PageMargins;
  /** Page size in millimetres; A4 unless given (a label sheet's labels are printed one per label-sized page). */
  pageSize?: { widthMm: number; heightMm: number };
  /** A pale diagonal word behind every page (drafts). */
  watermark?: string;
  css?: string;
  arabicFontPath?: string;
}

export const DEFAULT_MARGINS: PageMargins = { top: 16, right: 12, bottom: 16, left: 12 };

/** "Page {page} / {pages}" as CSS content: the words in quotes, the numbers as Chromium's page counters. */
function pageCounterContent(lang: Language): string {
  const parts = DOCUMENT_LABELS.page[lang].split(/(\{page\}|\{pages\})/);
  return parts
    .filter((p) => p !== '')
    .map((p) => (p === '{page}' ? 'counter(page)' : p === '{pages}' ? 'counter(pages)' : cssString(p)))
    .join(' ');
}

function pageCss(o: HtmlDocumentOptions): string {
  const m = o.margins ?? DEFAULT_MARGINS;
  const rtl = o.lang === 'ar';
  // Margin boxes are placed physically: an Arabic document reads from the right, so its reference and
  // header go right and the page number left, as its text does.
  const start = rtl ? 'right' : 'left';
  const end = rtl ? 'left' : 'right';
  const box = `font-family:${FONT_STACK};font-size:7.5pt;color:#444;`;
  const boxes: string[] = [];
  if (o.footer) boxes.push(`@bottom-${start}{content:${cssString(o.footer)};${box}}`);
  if (o.pageNumbers !== false)
    boxes.push(`@bottom-${end}{content:${pageCounterContent(o.lang)};${box}font-size:8pt;color:#111;}`);
  if (o.runningHeader)
    boxes.push(`@top-${start}{content:${cssString(o.runningHeader)};${box}font-weight:700;color:#111;}`);
  return (
    `@page{size:${o.pageSize ? `${o.pageSize.widthMm}mm ${o.pageSize.heightMm}mm` : 'A4'};margin:${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;${boxes.join('')}}` +
    (o.runningHeader ? `@page:first{@top-${start}{content:none;}}` : '')
  );
}

const BASE_CSS = `
html{font-family:${FONT_STACK};font-size:9pt;color:#111;line-height:1.3;
  -webkit-print-color-adjust:exact;print-color-adjust:exact;}
body{margin:0;}
[lang|=ar]{font-family:${ARABIC_STACK};}
h1,h2,h3,p{margin:0;}
.second{color:#333;}
.muted{color:#555;font-size:7.5pt;}
table.lines{width:100%;border-collapse:collapse;margin:0 0 8pt;}
table.lines thead{display:table-header-group;}
table.lines tfoot{display:table-row-group;}
table.lines tr{break-inside:avoid;}
table.lines th{background:#e0e0e0;font-size:8pt;font-weight:700;text-align:start;vertical-align:bottom;
  padding:3pt 3pt;}
table.lines th .second{display:block;font-weight:400;}
table.lines td{padding:2pt 3pt;border-bottom:0.3pt solid #bbb;vertical-align:top;overflow-wrap:anywhere;}
table.lines tbody tr:nth-child(even) td{background:#f4f4f4;}
table.lines .total td{font-weight:700;border-top:0.6pt solid #666;background:#fff;}
table.lines caption{caption-side:top;text-align:start;font-size:11pt;font-weight:700;padding:6pt 0 3pt;}
table.lines caption .second{margin-inline-start:12pt;}
.num{text-align:end;white-space:nowrap;font-variant-numeric:tabular-nums;}
th.num{text-align:end;}
.sku{font-size:7.5pt;color:#555;white-space:nowrap;}
.name-second{display:block;}
.negative{color:#a00;}
.note-row td{color:#555;}
.watermark{position:fixed;top:45%;left:0;right:0;text-align:center;font-size:96pt;font-weight:700;
  color:rgba(200,40,40,0.12);transform:rotate(-50deg);z-index:10;}
`;

export function htmlDocument(o: HtmlDocumentOptions): string {
  const dir = o.lang === 'ar' ? 'rtl' : 'ltr';
  const watermark = o.watermark ? `<div class="watermark" aria-hidden="true">${esc(o.watermark)}</div>` : '';
  return (
    `<!doctype html><html lang="${o.lang}" dir="${dir}"><head><meta charset="utf-8">` +
    `<title>${esc(o.title)}</title><style>${fontFaceCss(o.arabicFontPath)}${pageCss(o)}${BASE_CSS}${o.css ?? ''}</style>` +
    `</head><body>${watermark}${o.body}</body></html>`
  );
}

/** A label in the document's language, the second language beside it (block: under it). */
export function bi(
  label: DocText,
  lang: Language,
  opts: { block?: boolean; params?: MessageParams } = {},
): string {
  const other = secondLanguage(lang);
  const fill = (l: Language) => esc(word(label, l, opts.params));
  const second = `<span class="second${opts.block ? ' name-second' : ''}" lang="${other}" dir="${other === 'ar' ? 'rtl' : 'ltr'}">${fill(other)}</span>`;
  if (word(label, other, opts.params) === word(label, lang, opts.params)) return `<span>${fill(lang)}</span>`;
  return `<span lang="${lang}">${fill(lang)}</span>${opts.block ? '' : ' '}${second}`;
}

/** A product's or cooperative's two names, the document's language first; an empty one is left out. */
export function names(nameFr: string, nameAr: string, lang: Language): string {
  const fr = nameFr.trim() ? `<span lang="fr" dir="ltr">${esc(nameFr)}</span>` : '';
  const ar = nameAr.trim() ? `<span lang="ar" dir="rtl">${esc(nameAr)}</span>` : '';
  const [first, second] = lang === 'ar' ? [ar, fr] : [fr, ar];
  if (!first) return second;
  if (!second) return first;
  return `${first}<span class="name-second second">${second}</span>`;
}
