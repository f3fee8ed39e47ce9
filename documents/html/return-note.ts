/**
 * "Bon de retour / وصل إرجاع" as HTML: what goes back to a cooperative, line by line over as many pages as
 * the return needs (a cooperative's whole shelf can go back: a thousand lines), then the two signature boxes,
 * kept together on the last page. Both sides sign it, each keeps a copy.
 */
import type { Language } from '../../core/languages';
import { lineAmount } from '../../core/money';
import type { Unit } from '../../core/quantity';
import { formatReceiptQuantity } from '../../core/receipt/format';
import { formatDocDateTime } from '../document-format';
import {
  DOCUMENT_LABELS,
  RETURN_NOTE_LABELS as R,
  SETTLEMENT_LABELS as L,
  secondLanguage,
  word,
} from '../document-labels';
import type { ShopIdentity } from '../shop-identity';
import { HEADING_CSS, isoDayText, linesTable, ltr, money, shopHeading, type TableColumn } from './blocks';
import { esc } from './escape';
import { bi, htmlDocument, names } from './page';

export interface ReturnNoteLine {
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  /** Milli-units. */
  quantity: number;
  lot: string | null;
  /** Retail price TTC per unit, centimes: the line is valued at it, as the shelf showed it. */
  unitPrice?: number | null;
  /** ISO day "yyyy-mm-dd" of the lot's best-before, printed dd/mm/yyyy; null when it has none. */
  bestBefore?: string | null;
}

export interface CoopReturnNote {
  shop: ShopIdentity;
  cooperative: { nameFr: string; nameAr: string };
  number: string;
  /** UTC epoch milliseconds, shown in Africa/Casablanca. */
  at: number;
  reason: string;
  lines: readonly ReturnNoteLine[];
}

export class ReturnNoteError extends Error {
  constructor(
    readonly code: 'RETURN_NOTE_EMPTY',
    message: string,
  ) {
    super(message);
  }
}

const COLUMNS: TableColumn[] = [
  { label: L.colRef, width: '11%' },
  { label: L.colProduct },
  { label: R.colLot, width: '12%' },
  { label: R.colBestBefore, width: '11%' },
  { label: L.colQuantity, num: true, width: '11%' },
  { label: R.colValue, num: true, width: '12%' },
];

const CSS = `${HEADING_CSS}
.reason{font-size:10pt;margin:0 0 6pt;}
.signatures{display:flex;gap:14pt;break-inside:avoid;margin-top:10pt;}
.signatures div{flex:1;border:0.8pt solid #444;height:34mm;padding:4pt 6pt;font-weight:700;font-size:8.5pt;}
.signatures .second{display:block;font-weight:400;}
`;

export function lineValue(l: ReturnNoteLine): number | null {
  return l.unitPrice === null || l.unitPrice === undefined ? null : lineAmount(l.unitPrice, l.quantity);
}

export function returnNoteHtml(
  data: CoopReturnNote,
  options: { lang?: Language; arabicFontPath?: string } = {},
): string {
  if (data.lines.length === 0)
    throw new ReturnNoteError('RETURN_NOTE_EMPTY', 'A return note needs at least one line.');
  const lang = options.lang ?? 'fr';
  const other = secondLanguage(lang);
  const title = word(R.title, lang);
  const coop = data.cooperative;
  const rows = data.lines
    .map((l) => {
      const value = lineValue(l);
      return (
        `<tr><td class="sku">${ltr(l.sku)}</td><td>${names(l.nameFr, l.nameAr, lang)}</td>` +
        `<td>${ltr(l.lot ?? '-')}</td><td>${ltr(isoDayText(l.bestBefore))}</td>` +
        `<td class="num"><b>${ltr(formatReceiptQuantity(l.unit, l.quantity))}</b></td>` +
        `<td class="num">${value === null ? '-' : money(value, lang)}</td></tr>`
      );
    })
    .join('');
  const values = data.lines.map(lineValue);
  const total = values.every((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null;
  const count = { count: data.lines.length };
  const foot =
    `<tr class="total"><td></td><td colspan="4">${esc(word(R.lineCount, lang, count))} ` +
    `<span class="second" lang="${other}">${esc(word(R.lineCount, other, count))}</span></td>` +
    `<td class="num">${total === null ? '-' : money(total, lang)}</td></tr>`;
  const body =
    `<header class="heading">${shopHeading(data.shop, lang)}<div class="doc-title"><h1>${bi(R.title, lang, {
      block: true,
    })}</h1>` +
    `<div class="doc-number">${esc(word(DOCUMENT_LABELS.number, lang, { number: data.number }))}</div>` +
    `<div>${bi(DOCUMENT_LABELS.date, lang)} : ${ltr(formatDocDateTime(data.at))}</div></div></header>` +
    `<section class="party"><div class="muted">${bi(R.cooperative, lang)}</div>` +
    `<div class="party-name">${names(coop.nameFr, coop.nameAr, lang)}</div></section>` +
    `<p class="reason"><b>${bi(R.reason, lang)} :</b> ${esc(data.reason)}</p>` +
    linesTable(lang, { caption: R.lines, columns: COLUMNS, rows, foot }) +
    `<p class="muted">${bi(R.valueNote, lang)}</p>` +
    `<section class="signatures"><div>${bi(R.shopSignature, lang, { block: true })}</div>` +
    `<div>${bi(R.coopSignature, lang, { block: true })}</div></section>`;
  return htmlDocument({
    lang,
    title: `${title} ${data.number} - ${coop.nameFr}`,
    body,
    css: CSS,
    runningHeader: `${title} ${data.number} - ${coop.nameFr} / ${coop.nameAr}`,
    footer: `${title} ${data.number} - ${coop.nameFr} - ${data.shop.name}`,
    arabicFontPath: options.arabicFontPath,
  });
}
