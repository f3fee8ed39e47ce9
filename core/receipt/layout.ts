import type { ReceiptDocument, ReceiptLine } from './document';
import { hasArabic, receiptBarcodeData } from './document';
import { formatMoney, formatRate, formatReceiptDate, formatReceiptQuantity } from './format';
import { receiptLabels } from './labels';

/**
 * The receipt laid out once as rows of cells, independent of the output: the text preview, the HTML
 * preview and the ESC/POS printer all walk the same rows, so they cannot drift apart.
 */

export type Align = 'left' | 'center' | 'right';

export interface Cell {
  text: string;
  align: Align;
  /** Proportional width; when no cell of a row has one, the last cells take their text width and the first the rest. */
  share?: number;
}

export type ReceiptBlock =
  | { kind: 'row'; cells: Cell[]; bold?: boolean; tall?: boolean }
  | { kind: 'rule' }
  | { kind: 'blank' }
  | { kind: 'barcode'; data: string }
  /** Columns sized to their widest cell, so no figure is ever cut; header row printed bold. */
  | { kind: 'table'; header: string[]; rows: string[][]; aligns: Align[]; labelColumn: number };

export const RECEIPT_COLUMNS = [32, 42, 48] as const;
export type ReceiptColumns = (typeof RECEIPT_COLUMNS)[number];

/** Columns a string occupies in a monospace font: combining marks take none. */
export function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\p{M}/u.test(ch)) n++;
  return n;
}

function naturalAlign(text: string): Align {
  return hasArabic(text) ? 'right' : 'left';
}

function text(t: string, align: Align, style: { bold?: boolean; tall?: boolean } = {}): ReceiptBlock {
  return { kind: 'row', cells: [{ text: t, align }], ...style };
}

export function layoutReceipt(doc: ReceiptDocument): ReceiptBlock[] {
  const L = receiptLabels(doc.language);
  const rtl = doc.language === 'ar';
  // In an Arabic receipt the label sits on the right and the figure on the left.
  const pair = (
    label: string,
    value: string,
    style: { bold?: boolean; tall?: boolean } = {},
  ): ReceiptBlock =>
    rtl
      ? {
          kind: 'row',
          cells: [
            { text: value, align: 'left' },
            { text: label, align: 'right' },
          ],
          ...style,
        }
      : {
          kind: 'row',
          cells: [
            { text: label, align: 'left' },
            { text: value, align: 'right' },
          ],
          ...style,
        };
  const start: Align = rtl ? 'right' : 'left';
  const blocks: ReceiptBlock[] = [];
  const { shop } = doc;

  blocks.push(text(shop.name, 'center', { bold: true, tall: true }));
  if (shop.address) blocks.push(text(shop.address, 'center'));
  if (shop.phone) blocks.push(text(`${L.phone}: ${shop.phone}`, 'center'));
  blocks.push(text(`${L.ice}: ${shop.ice}`, 'center'));
  blocks.push(text(`${L.if}: ${shop.if}  ${L.rc}: ${shop.rc}`, 'center'));
  if (shop.patente) blocks.push(text(`${L.patente}: ${shop.patente}`, 'center'));
  if (doc.flags.isCopy) blocks.push(text(L.copy, 'center', { bold: true }));
  if (doc.flags.isRefund) blocks.push(text(L.refund, 'center', { bold: true }));
  blocks.push({ kind: 'rule' });

  if (doc.refund) {
    blocks.push(pair(L.returnNo, String(doc.receiptNumber), { bold: true }));
    blocks.push(pair(L.originalReceipt, String(doc.refund.saleReceiptNumber)));
  } else blocks.push(pair(L.receiptNo, String(doc.receiptNumber), { bold: true }));
  blocks.push(
    pair(`${L.till} ${doc.tillId}`, formatReceiptDate(doc.timestamp, doc.language, doc.utcOffsetMinutes)),
  );
  blocks.push(pair(L.cashier, doc.cashier));
  blocks.push({ kind: 'rule' });

  for (const line of doc.lines) blocks.push(...lineBlocks(doc, line, pair));
  blocks.push({ kind: 'rule' });

  blocks.push(pair(L.total, `${formatMoney(doc.totals.total)} ${L.currency}`, { bold: true, tall: true }));
  if (doc.totals.discountTotal !== 0) blocks.push(pair(L.discount, formatMoney(-doc.totals.discountTotal)));
  blocks.push(pair(L.items, String(doc.totals.itemCount)));
  for (const p of doc.payments) {
    blocks.push(pair(L.payment[p.method], formatMoney(p.amount)));
    if (p.tendered !== undefined) blocks.push(pair(`  ${L.tendered}`, formatMoney(p.tendered)));
    if (p.change !== undefined) blocks.push(pair(`  ${L.change}`, formatMoney(p.change)));
  }

  if (doc.vat.length > 0) {
    blocks.push({ kind: 'rule' });
    const header = [L.vat, L.vatRate, L.vatNet, L.vatAmount, L.vatGross];
    const rows = doc.vat.map((v) => [
      v.code,
      formatRate(v.rateBp),
      formatMoney(v.net),
      formatMoney(v.vat),
      formatMoney(v.gross),
    ]);
    const mirror = <T>(cells: T[]): T[] => (rtl ? [...cells].reverse() : cells);
    const aligns = header.map((_, i): Align => (i === 0 ? start : rtl ? 'left' : 'right'));
    blocks.push({
      kind: 'table',
      header: mirror(header),
      rows: rows.map(mirror),
      aligns: mirror(aligns),
      labelColumn: rtl ? header.length - 1 : 0,
    });
  }

  blocks.push({ kind: 'blank' });
  blocks.push({ kind: 'barcode', data: receiptBarcodeData(doc) });
  // One closing line: the shop's own footer when it has one (it is its thank-you), else the default one.
  blocks.push(text(doc.footer.trim() || L.thanks, 'center'));
  return blocks;
}

function lineBlocks(
  doc: ReceiptDocument,
  line: ReceiptLine,
  pair: (label: string, value: string) => ReceiptBlock,
): ReceiptBlock[] {
  const L = receiptLabels(doc.language);
  const names = doc.language === 'ar' ? [line.nameAr, line.nameFr] : [line.nameFr, line.nameAr];
  const out: ReceiptBlock[] = [];
  names.forEach((name, i) => {
    if (name.trim() === '') return;
    if (i === 1 && name === names[0]) return;
    out.push(text(name, naturalAlign(name), { bold: i === 0 }));
  });
  const perUnit = line.unit === 'piece' ? '' : `/${line.unit}`;
  const tier = line.tier === 'retail' ? '' : ` (${L.tier[line.tier]})`;
  const detail = `  ${formatReceiptQuantity(line.unit, line.quantity)} x ${formatMoney(line.unitPrice)}${perUnit}${tier}`;
  out.push(pair(detail, `${formatMoney(line.amount)} ${line.vatCode}`));
  if (line.discount !== 0) out.push(pair(`  ${L.discount}`, formatMoney(-line.discount)));
  return out;
}

/** A cell placed on a monospace line: where it starts and how many columns it may fill. */
export interface PlacedCell {
  text: string;
  align: Align;
  start: number;
  width: number;
}

function wrap(textIn: string, width: number): string[] {
  if (width <= 0) return [textIn];
  const lines: string[] = [];
  let current = '';
  for (const word of textIn.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    while (displayWidth(w) > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      const chars = [...w];
      lines.push(chars.slice(0, width).join(''));
      w = chars.slice(width).join('');
    }
    if (!current) current = w;
    else if (displayWidth(current) + 1 + displayWidth(w) <= width) current += ` ${w}`;
    else {
      lines.push(current);
      current = w;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

function truncate(t: string, width: number): string {
  const chars = [...t];
  return displayWidth(t) <= width ? t : chars.slice(0, Math.max(0, width)).join('');
}

/**
 * Places a row's cells on one or more monospace lines of `columns` characters. Long single texts wrap
 * at word boundaries; a pair whose two sides do not fit puts the label on its own line(s) first.
 */
export function placeRow(cells: readonly Cell[], columns: number): PlacedCell[][] {
  if (cells.length === 0) return [];
  const first = cells[0];
  if (cells.length === 1 && first) {
    if (displayWidth(first.text) <= columns)
      return [[{ text: first.text, align: first.align, start: 0, width: columns }]];
    return wrap(first.text, columns).map((t) => [{ text: t, align: first.align, start: 0, width: columns }]);
  }
  if (cells.some((c) => c.share !== undefined)) {
    const total = cells.reduce((s, c) => s + (c.share ?? 1), 0);
    const widths = cells.map((c) => Math.floor((columns * (c.share ?? 1)) / total));
    const rest = columns - widths.reduce((s, w) => s + w, 0);
    widths[0] = (widths[0] ?? 0) + rest;
    let start = 0;
    return [
      cells.map((c, i) => {
        const width = widths[i] ?? 0;
        // A separating space keeps adjacent right-aligned figures from touching.
        const placed = { text: truncate(c.text, Math.max(0, width - 1)), align: c.align, start, width };
        start += width;
        return placed;
      }),
    ];
  }
  // Pair semantics: trailing cells keep their own width, the first cell takes what is left.
  const tailWidths = cells.slice(1).map((c) => displayWidth(c.text));
  const tail = tailWidths.reduce((s, w) => s + w + 1, 0);
  const firstWidth = columns - tail;
  const lead = cells[0] as Cell;
  const lines: PlacedCell[][] = [];
  let leadText = lead.text;
  if (displayWidth(lead.text) > firstWidth) {
    const wrapped = wrap(lead.text, columns);
    const last = wrapped.pop() ?? '';
    for (const w of wrapped) lines.push([{ text: w, align: lead.align, start: 0, width: columns }]);
    if (displayWidth(last) <= firstWidth) leadText = last;
    else {
      lines.push([{ text: last, align: lead.align, start: 0, width: columns }]);
      leadText = '';
    }
  }
  const row: PlacedCell[] = [{ text: leadText, align: lead.align, start: 0, width: Math.max(0, firstWidth) }];
  let start = Math.max(0, firstWidth);
  cells.slice(1).forEach((c, i) => {
    const width = (tailWidths[i] ?? 0) + 1;
    row.push({ text: truncate(c.text, Math.min(width, columns)), align: c.align, start, width });
    start += width;
  });
  lines.push(row);
  return lines;
}

/** One placed line as a monospace string of at most `columns` characters (trailing spaces dropped). */
export function placedLineToString(cells: readonly PlacedCell[], columns: number): string {
  const out: string[] = Array.from({ length: columns }, () => ' ');
  for (const c of cells) {
    const chars = [...c.text];
    const w = displayWidth(c.text);
    const pad = c.align === 'right' ? c.width - w : c.align === 'center' ? Math.floor((c.width - w) / 2) : 0;
    let col = c.start + Math.max(0, pad);
    for (const ch of chars) {
      if (/\p{M}/u.test(ch)) {
        if (col > 0) out[col - 1] += ch;
        continue;
      }
      if (col >= columns) break;
      out[col] = ch;
      col++;
    }
  }
  return out.join('').replace(/\s+$/, '');
}

/**
 * Places a table: every column as wide as its widest cell plus a separating space, the spare width
 * given to the widest-aligned edge column. When the figures cannot all fit on one line, each row is
 * printed as "header value" pairs instead, so money is never truncated.
 */
export function placeTable(
  table: Extract<ReceiptBlock, { kind: 'table' }>,
  columns: number,
): { lines: PlacedCell[][]; headerLines: number } {
  const all = [table.header, ...table.rows];
  const count = table.header.length;
  const widths = Array.from({ length: count }, (_, i) =>
    Math.max(...all.map((r) => displayWidth(r[i] ?? ''))),
  );
  const needed = widths.reduce((s, w) => s + w, 0) + (count - 1);
  if (needed <= columns) {
    // The spare columns go to the edge column holding the row labels (the one aligned to the start).
    const labelIndex = table.labelColumn;
    const spare = columns - needed;
    const place = (row: string[]): PlacedCell[] => {
      let start = 0;
      return row.map((t, i) => {
        const width = (widths[i] ?? 0) + (i === labelIndex ? spare : 0) + (i < count - 1 ? 1 : 0);
        const align = table.aligns[i] ?? 'left';
        // The separating space sits on the side facing the next cell.
        const cell = { text: t, align, start, width: i < count - 1 ? width - 1 : width };
        start += width;
        return cell;
      });
    };
    return { lines: all.map(place), headerLines: 1 };
  }
  const lines: PlacedCell[][] = [];
  const labelIndex = table.labelColumn;
  for (const row of table.rows) {
    lines.push([
      { text: row[labelIndex] ?? '', align: table.aligns[labelIndex] ?? 'left', start: 0, width: columns },
    ]);
    for (let i = 0; i < count; i++) {
      if (i === labelIndex) continue;
      const label = `  ${table.header[i] ?? ''}`;
      const value = row[i] ?? '';
      const pair: Cell[] =
        table.aligns[labelIndex] === 'right'
          ? [
              { text: value, align: 'left' },
              { text: label.trim(), align: 'right' },
            ]
          : [
              { text: label, align: 'left' },
              { text: value, align: 'right' },
            ];
      lines.push(...placeRow(pair, columns));
    }
  }
  return { lines, headerLines: 0 };
}
