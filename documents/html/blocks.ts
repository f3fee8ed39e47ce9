/**
 * Pieces the document templates share: the shop's heading, a titled table whose header repeats on every
 * page, money and dates as the documents print them.
 */
import type { Language } from '../../core/languages';
import { formatAmount } from '../../core/number-format';
import { DOCUMENT_LABELS, word, type DocText } from '../document-labels';
import type { ShopIdentity } from '../shop-identity';
import { esc } from './escape';
import { bi } from './page';

/** Amounts with the document's separators: a space and a comma in French and Arabic, as Moroccan paper does. */
export function money(amount: number, lang: Language): string {
  return ltr(formatAmount(amount, lang === 'en' ? 'en' : 'fr'));
}

/**
 * Figures, units, dates and references kept left-to-right inside an Arabic line: "0,287 kg" would otherwise
 * come out as "kg 0,287". The text is escaped here.
 */
export function ltr(text: string): string {
  return `<span dir="ltr">${esc(text)}</span>`;
}

export function shopHeading(shop: ShopIdentity, lang: Language): string {
  const ids = word(DOCUMENT_LABELS.shopIds, lang, { ice: shop.ice, if: shop.if, rc: shop.rc });
  return (
    // dir="auto": a shop's name and address are typed in either script and keep their own order.
    `<div class="shop"><div class="shop-name" dir="auto">${esc(shop.name)}</div>` +
    `<div dir="auto">${esc(shop.address)}</div><div class="muted" dir="ltr">${esc(ids)}</div></div>`
  );
}

export interface TableColumn {
  label: DocText;
  /** Numbers align to the end of the cell (the left in Arabic). */
  num?: boolean;
  /** A CSS width ("14%"); the rest share what is left. */
  width?: string;
}

/** One table: a caption, a header that Chromium repeats on each page it runs onto, then the rows given. */
export function linesTable(
  lang: Language,
  opts: {
    caption?: DocText;
    columns: readonly TableColumn[];
    rows: string;
    foot?: string;
    /** Headers in both languages (the cooperative documents) or the document's only (the shop's own papers). */
    bilingual?: boolean;
  },
): string {
  const label = (l: DocText, block: boolean) =>
    opts.bilingual === false ? esc(word(l, lang)) : bi(l, lang, { block });
  const caption = opts.caption ? `<caption>${label(opts.caption, false)}</caption>` : '';
  const cols = opts.columns.map((c) => `<col${c.width ? ` style="width:${c.width}"` : ''}>`).join('');
  const head = opts.columns
    .map((c) => `<th${c.num ? ' class="num"' : ''}>${label(c.label, true)}</th>`)
    .join('');
  const foot = opts.foot ? `<tfoot>${opts.foot}</tfoot>` : '';
  return (
    `<table class="lines">${caption}<colgroup>${cols}</colgroup>` +
    `<thead><tr>${head}</tr></thead><tbody>${opts.rows}</tbody>${foot}</table>`
  );
}

/** "2027-08-20" -> "20/08/2027", the one way dates are written on every document; "-" when there is none. */
export function isoDayText(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '-';
}

export const HEADING_CSS = `
.heading{display:flex;justify-content:space-between;gap:12pt;margin-bottom:8pt;}
.shop-name{font-size:14pt;font-weight:700;}
.doc-title{text-align:end;}
.doc-title h1{font-size:15pt;}
.doc-title h1 .second{display:block;font-size:13pt;font-weight:700;}
.doc-number{font-size:10.5pt;font-weight:700;margin-top:3pt;}
.party{border:0.6pt solid #aaa;background:#f2f2f2;padding:6pt 8pt;margin:6pt 0 8pt;}
.party-name{font-size:12.5pt;font-weight:700;}
.party-name .name-second{font-size:12.5pt;}
`;
