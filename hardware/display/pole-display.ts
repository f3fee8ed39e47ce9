/**
 * Customer pole display, 2 lines of 20 characters (VFD), ESC/POS display command set (Epson DM-D and
 * the many clones). Pure: screens are laid out as two strings, then encoded to bytes; the serial
 * transport only writes them.
 *
 * VFD character generators hold a Latin code page, not Arabic glyphs or shaping, so an Arabic product
 * name is replaced by its French name rather than shown as question marks.
 */
import type { Centimes } from '../../core/money';
import type { Language } from '../../core/languages';
import { centimesToDecimal } from '../../core/money';
import { canEncode, encodeText, fitText, type CodePage } from '../text/code-pages';

export const DISPLAY_COLUMNS = 20;
export const DISPLAY_ROWS = 2;

export type DisplayLines = readonly [string, string];

const ESC = 0x1b;
const US = 0x1f;
const FF = 0x0c;

/** The display's code pages, named as the station's devices settings have always named them. */
export type DisplayCodePage = 'pc850' | 'wpc1252';

const PAGE: Record<DisplayCodePage, CodePage> = { pc850: 'PC850_MULTILINGUAL', wpc1252: 'WPC1252' };

/** The shared byte tables behind a display page. */
export function displayCodePage(page: DisplayCodePage): CodePage {
  return PAGE[page];
}

/** ESC t n values of the display command set. */
export const CODE_PAGE_NUMBER: Record<DisplayCodePage, number> = { pc850: 2, wpc1252: 16 };

export interface DisplayOptions {
  codePage?: DisplayCodePage;
  /** Appended to amounts when there is room ("120,00 DH"). */
  currency?: string;
}

export interface DisplayItem {
  nameFr: string;
  nameAr?: string;
  /** The shop's preferred language for product names; Arabic still falls back to French. */
  language?: Language;
  /** "2 x 12,50" or "0,750 kg": what the customer is paying for, already formatted. */
  quantityText?: string;
  amount: Centimes;
}

function pageOf(options: DisplayOptions): CodePage {
  return PAGE[options.codePage ?? 'pc850'];
}

/** French decimal comma, no grouping: the widest realistic amount (99999,99) still leaves room for a label. */
export function formatAmount(amount: Centimes): string {
  return centimesToDecimal(amount).replace('.', ',');
}

/** The product name the display can actually show. */
export function displayName(
  item: Pick<DisplayItem, 'nameFr' | 'nameAr' | 'language'>,
  page: CodePage,
): string {
  if (item.language === 'ar' && item.nameAr && canEncode(item.nameAr, page)) return item.nameAr;
  return item.nameFr;
}

function fit(text: string, page: CodePage): string {
  return fitText(text.replace(/\s+/g, ' ').trim(), page);
}

function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1).trimEnd()}.`;
}

export function center(text: string, width = DISPLAY_COLUMNS): string {
  const t = truncate(text, width);
  const left = Math.floor((width - t.length) / 2);
  return (' '.repeat(left) + t).padEnd(width);
}

/** Label on the left, value flush right; the label is shortened, never the value. */
export function leftRight(label: string, value: string, width = DISPLAY_COLUMNS): string {
  const v = truncate(value, width);
  const room = width - v.length - (label.length > 0 ? 1 : 0);
  const l = room > 0 ? truncate(label, room) : '';
  return l + ' '.repeat(width - l.length - v.length) + v;
}

function money(amount: Centimes, options: DisplayOptions, room: number): string {
  const plain = formatAmount(amount);
  const withCurrency = options.currency ? `${plain} ${options.currency}` : plain;
  return withCurrency.length <= room ? withCurrency : plain;
}

export function welcomeLines(
  shopName: string,
  tagline = 'Bienvenue',
  options: DisplayOptions = {},
): DisplayLines {
  const page = pageOf(options);
  return [center(fit(shopName, page)), center(fit(tagline, page))];
}

/** Line 1 the product name, line 2 the quantity on the left and the line amount on the right. */
export function itemLines(item: DisplayItem, options: DisplayOptions = {}): DisplayLines {
  const page = pageOf(options);
  const name = fit(displayName(item, page), page);
  const quantity = item.quantityText ? fit(item.quantityText, page) : '';
  const amount = money(item.amount, options, DISPLAY_COLUMNS - quantity.length - 1);
  return [truncate(name, DISPLAY_COLUMNS).padEnd(DISPLAY_COLUMNS), leftRight(quantity, amount)];
}

export function totalLines(total: Centimes, options: DisplayOptions = {}): DisplayLines {
  return [leftRight('TOTAL', ''), leftRight('', money(total, options, DISPLAY_COLUMNS))];
}

/**
 * Three figures on 40 characters: the total and the change always (the change is what the customer
 * checks); the amount tendered joins the change line when both fit with their labels.
 */
export function paymentLines(
  payment: { total: Centimes; tendered: Centimes; change: Centimes },
  options: DisplayOptions = {},
): DisplayLines {
  const total = leftRight('Total', money(payment.total, options, DISPLAY_COLUMNS - 6));
  const tendered = `Reçu ${formatAmount(payment.tendered)}`;
  const change = `Rendu ${formatAmount(payment.change)}`;
  const both = tendered.length + 1 + change.length <= DISPLAY_COLUMNS;
  const second = both
    ? leftRight(tendered, change)
    : leftRight('Rendu', money(payment.change, options, DISPLAY_COLUMNS - 6));
  return [total, fitText(second, pageOf(options))];
}

/** Reset, select the code page, overwrite mode (no scrolling when the last cell is written). */
export function initBytes(options: DisplayOptions = {}): Uint8Array {
  return Uint8Array.from([ESC, 0x40, ESC, 0x74, CODE_PAGE_NUMBER[options.codePage ?? 'pc850'], US, 0x01]);
}

/**
 * Clears and writes both lines. Each line is positioned with US $ x y (1-based) and written without
 * trailing blanks, so a shorter screen never leaves characters of the previous one.
 */
export function screenBytes(lines: DisplayLines, options: DisplayOptions = {}): Uint8Array {
  const page = pageOf(options);
  const out: number[] = [FF];
  lines.forEach((line, row) => {
    const fitted = truncate(fitText(line, page), DISPLAY_COLUMNS).trimEnd();
    const start = fitted.length - fitted.trimStart().length;
    const text = fitted.trimStart();
    if (text.length === 0) return;
    out.push(US, 0x24, start + 1, row + 1, ...encodeText(text, page));
  });
  return Uint8Array.from(out);
}
