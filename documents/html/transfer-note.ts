/**
 * "Bon de transfert / وصل تحويل" as HTML: the consigned goods one shop sends another, for the driver to carry
 * and both shops to sign. Each line names its cooperative (the goods stay its own), lot and best-before; an
 * empty "received" column is left for the receiving shop to count into. As many pages as the lines need, the
 * three signature boxes kept together on the last one.
 */
import { fail } from '../../core/errors';
import type { Language } from '../../core/languages';
import type { TransferView } from '../../core/transfer';
import { formatReceiptQuantity } from '../../core/receipt/format';
import { formatDocDateTime } from '../document-format';
import { DOCUMENT_LABELS, secondLanguage, word } from '../document-labels';
import type { ShopIdentity } from '../shop-identity';
import { TRANSFER_NOTE_LABELS as T } from '../transfer-note-labels';
import { HEADING_CSS, isoDayText, linesTable, ltr, shopHeading, type TableColumn } from './blocks';
import { esc } from './escape';
import { bi, htmlDocument, names } from './page';

export interface TransferNote {
  shop: ShopIdentity;
  /** This shop's id in the chain ('' outside one), and the receiving shop's (its name when HQ gave it). */
  fromShop: string;
  toShop: { id: string; name: string | null };
  transfer: Pick<TransferView, 'transferId' | 'at' | 'note' | 'lines'>;
}

/** A short number to say over the phone: the transfer id's first eight characters. */
export function transferNoteNumber(transferId: string): string {
  return `TR-${transferId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8)
    .toUpperCase()}`;
}

const COLUMNS: TableColumn[] = [
  { label: T.colRef, width: '10%' },
  { label: T.colProduct },
  { label: T.colCoop, width: '17%' },
  { label: T.colLot, width: '10%' },
  { label: T.colBestBefore, width: '12%' },
  { label: T.colSent, num: true, width: '11%' },
  { label: T.colCounted, num: true, width: '11%' },
];

const CSS = `${HEADING_CSS}
.parties{display:flex;gap:10pt;}
.parties .party{flex:1;}
.ownership{font-size:9pt;margin:0 0 6pt;}
.day{white-space:nowrap;}
.counted{border-bottom:0.6pt dotted #666;min-width:14mm;display:inline-block;}
.signatures{display:flex;gap:10pt;break-inside:avoid;margin-top:10pt;}
.signatures div{flex:1;border:0.8pt solid #444;height:32mm;padding:4pt 6pt;font-weight:700;font-size:8.5pt;}
.signatures .second{display:block;font-weight:400;}
`;

export function transferNoteHtml(
  data: TransferNote,
  options: { lang?: Language; arabicFontPath?: string } = {},
): string {
  const { transfer } = data;
  // A transfer is sent with one line at least (db/services/transfers.ts): this guards other callers.
  if (transfer.lines.length === 0) fail('VALIDATION', 'A transfer note needs at least one line.', {});
  const lang = options.lang ?? 'fr';
  const other = secondLanguage(lang);
  const title = word(T.title, lang);
  const number = transferNoteNumber(transfer.transferId);
  const to = data.toShop.name ? `${data.toShop.name} (${data.toShop.id})` : data.toShop.id;
  const rows = transfer.lines
    .map(
      (l) =>
        `<tr><td class="sku">${ltr(l.sku)}</td><td>${names(l.nameFr, l.nameAr, lang)}</td>` +
        `<td dir="auto">${esc(l.cooperativeName)}</td><td>${ltr(l.lot || '-')}</td>` +
        `<td class="day">${ltr(isoDayText(l.bestBefore))}</td>` +
        `<td class="num"><b>${ltr(formatReceiptQuantity(l.unit, l.sent))}</b></td>` +
        `<td class="num"><span class="counted">${
          l.received === null ? '' : ltr(formatReceiptQuantity(l.unit, l.received))
        }</span></td></tr>`,
    )
    .join('');
  const count = { count: transfer.lines.length };
  const foot =
    `<tr class="total"><td></td><td colspan="6">${esc(word(T.lineCount, lang, count))} ` +
    `<span class="second" lang="${other}">${esc(word(T.lineCount, other, count))}</span></td></tr>`;
  const body =
    `<header class="heading">${shopHeading(data.shop, lang)}<div class="doc-title"><h1>${bi(T.title, lang, {
      block: true,
    })}</h1>` +
    `<div class="doc-number">${esc(word(DOCUMENT_LABELS.number, lang, { number }))}</div>` +
    `<div>${bi(DOCUMENT_LABELS.date, lang)} : ${ltr(formatDocDateTime(transfer.at))}</div></div></header>` +
    `<section class="parties"><div class="party"><div class="muted">${bi(T.from, lang)}</div>` +
    `<div class="party-name" dir="auto">${esc(data.shop.name)}${data.fromShop ? ` (${esc(data.fromShop)})` : ''}</div></div>` +
    `<div class="party"><div class="muted">${bi(T.to, lang)}</div>` +
    `<div class="party-name" dir="auto">${esc(to)}</div></div></section>` +
    `<p><b>${bi(T.reference, lang)} :</b> ${ltr(transfer.transferId)}</p>` +
    (transfer.note
      ? `<p><b>${bi(T.note, lang)} :</b> <span dir="auto">${esc(transfer.note)}</span></p>`
      : '') +
    `<p class="ownership">${bi(T.ownership, lang)}</p>` +
    linesTable(lang, { caption: T.lines, columns: COLUMNS, rows, foot }) +
    `<section class="signatures"><div>${bi(T.senderSignature, lang, { block: true })}</div>` +
    `<div>${bi(T.driverSignature, lang, { block: true })}</div>` +
    `<div>${bi(T.receiverSignature, lang, { block: true })}</div></section>`;
  return htmlDocument({
    lang,
    title: `${title} ${number}`,
    body,
    css: CSS,
    runningHeader: `${title} ${number} - ${data.fromShop} > ${data.toShop.id}`,
    footer: `${title} ${number} - ${data.shop.name}`,
    arabicFontPath: options.arabicFontPath,
  });
}
