/**
 * "Bon de retour / وصل إرجاع": the one-page note the store manager prints when unsold or expiring goods
 * go back to a cooperative; both sides sign it, each keeps a copy.
 */
import { lineAmount } from '../core/money';
import { formatAmount } from '../core/number-format';
import type { Unit } from '../core/quantity';
import { formatReceiptQuantity } from '../core/receipt/format';
import { A4, PdfDocument, fitText, textWidth } from './pdf-writer';
import { formatDocDateTime } from './document-format';
import { RETURN_NOTE_LABELS as R, SETTLEMENT_LABELS as L } from './document-labels';
import type { Column } from './pdf-blocks';
import {
  ArabicImages,
  CONTENT_WIDTH,
  MARGIN,
  PageFlow,
  Table,
  arabic,
  drawFooters,
  text,
} from './pdf-blocks';
import type { ShopIdentity } from './settlement-pdf';

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
    readonly code: 'RETURN_NOTE_TOO_LONG' | 'RETURN_NOTE_EMPTY',
    message: string,
  ) {
    super(message);
  }
}

/** Lines that fit on the page above the signature boxes. */
export const RETURN_NOTE_MAX_LINES = 22;

/** Headings of the columns this note adds (document-labels.ts holds the shared ones). */
const NOTE_LABELS = {
  bestBefore: { fr: 'DLUO', ar: 'صالح إلى' },
  value: { fr: 'Valeur MAD', ar: 'القيمة' },
  valueNote: 'Valeur au prix de détail TTC, en dirhams (MAD).',
};

const COLUMNS: Column[] = [
  { width: 50, align: 'left', fr: L.colRef.fr, ar: L.colRef.ar },
  { width: 130, align: 'left', fr: L.colProduct.fr },
  { width: 95, align: 'right', fr: '', ar: L.colProduct.ar },
  { width: 60, align: 'left', fr: R.colLot.fr, ar: R.colLot.ar },
  { width: 58, align: 'left', fr: NOTE_LABELS.bestBefore.fr, ar: NOTE_LABELS.bestBefore.ar },
  { width: 55, align: 'right', fr: L.colQuantity.fr, ar: L.colQuantity.ar },
  { width: 75, align: 'right', fr: NOTE_LABELS.value.fr, ar: NOTE_LABELS.value.ar },
];

/** "2027-08-20" -> "20/08/2027", the one way dates are written on every document. */
function isoDayText(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '-';
}

function lineValue(l: ReturnNoteLine): number | null {
  return l.unitPrice === null || l.unitPrice === undefined ? null : lineAmount(l.unitPrice, l.quantity);
}

export function coopReturnNotePdf(
  data: CoopReturnNote,
  options: { creationDate?: Date; arabicFontPath?: string } = {},
): Buffer {
  if (data.lines.length === 0)
    throw new ReturnNoteError('RETURN_NOTE_EMPTY', 'A return note needs at least one line.');
  if (data.lines.length > RETURN_NOTE_MAX_LINES) {
    throw new ReturnNoteError(
      'RETURN_NOTE_TOO_LONG',
      `A return note holds at most ${RETURN_NOTE_MAX_LINES} lines (got ${data.lines.length}); split the return.`,
    );
  }
  const doc = new PdfDocument({
    title: `${R.title.fr} ${data.number} - ${data.cooperative.nameFr}`,
    author: data.shop.name,
    creationDate: options.creationDate,
  });
  const ar = new ArabicImages(doc, options.arabicFontPath);
  const flow = new PageFlow(doc, { top: 36, bottom: 48 });
  const page = flow.newPage();
  const right = A4.width - MARGIN;
  const half = CONTENT_WIDTH / 2 - 10;
  let y = flow.y;

  page.text(MARGIN, y - 14, fitText(data.shop.name, half, 14, 'bold'), { size: 14, font: 'bold' });
  page.text(MARGIN, y - 28, fitText(data.shop.address, half, 8.5), { size: 8.5 });
  page.text(
    MARGIN,
    y - 40,
    fitText(`ICE ${data.shop.ice} - IF ${data.shop.if} - RC ${data.shop.rc}`, half, 8),
    {
      size: 8,
      color: 0.25,
    },
  );
  page.text(right, y - 14, R.title.fr, { size: 16, font: 'bold', align: 'right' });
  ar.draw(page, R.title.ar, right, y - 32, 14, half);
  page.text(right, y - 54, `N° ${data.number}`, { size: 10.5, font: 'bold', align: 'right' });
  page.text(right, y - 66, `Date : ${formatDocDateTime(data.at)}`, { size: 9, align: 'right' });
  y -= 84;

  const boxH = 46;
  page.rect(MARGIN, y - boxH, CONTENT_WIDTH, boxH, { fill: 0.95, stroke: 0.7, lineWidth: 0.6 });
  page.text(MARGIN + 8, y - 13, `${R.cooperative.fr} :`, { size: 8.5, color: 0.3 });
  ar.draw(page, R.cooperative.ar, right - 8, y - 10, 8.5, 80);
  const frW = Math.min(textWidth(data.cooperative.nameFr, 12.5, 'bold'), CONTENT_WIDTH * 0.55);
  page.text(MARGIN + 8, y - 32, fitText(data.cooperative.nameFr, CONTENT_WIDTH * 0.55, 12.5, 'bold'), {
    size: 12.5,
    font: 'bold',
  });
  ar.draw(page, data.cooperative.nameAr, right - 8, y - 28, 13, CONTENT_WIDTH - frW - 36);
  y -= boxH + 12;

  const reasonLabel = `${R.reason.fr} : `;
  page.text(MARGIN, y - 10, reasonLabel, { size: 10, font: 'bold' });
  page.text(
    MARGIN + textWidth(reasonLabel, 10, 'bold'),
    y - 10,
    fitText(data.reason, CONTENT_WIDTH - 140, 10),
    {
      size: 10,
    },
  );
  ar.draw(page, R.reason.ar, right, y - 6.5, 10, 60);
  flow.y = y - 24;

  const table = new Table(flow, ar, COLUMNS);
  table.begin(R.lines);
  data.lines.forEach((l, i) =>
    table.row(
      [
        { kind: 'text', text: l.sku, size: 7.5, color: 0.3 },
        text(l.nameFr),
        arabic(l.nameAr),
        text(l.lot ?? '-'),
        text(isoDayText(l.bestBefore)),
        text(formatReceiptQuantity(l.unit, l.quantity), 'bold'),
        text(lineValue(l) === null ? '-' : formatAmount(lineValue(l)!)),
      ],
      { shade: i % 2 === 1 },
    ),
  );
  const values = data.lines.map(lineValue);
  const total = values.every((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null;
  table.row([
    null,
    text(`${data.lines.length} ligne(s)`, 'bold'),
    arabic(`عدد السطور: ${data.lines.length}`),
    null,
    null,
    null,
    text(total === null ? '-' : formatAmount(total), 'bold'),
  ]);
  table.end();
  page.text(MARGIN, flow.y - 4, NOTE_LABELS.valueNote, { size: 7.5, color: 0.35 });
  flow.y -= 12;

  // Signature boxes sit at the foot of the page, wherever the table ended.
  const boxTop = Math.min(flow.y - 10, 48 + 120);
  const w = (CONTENT_WIDTH - 20) / 2;
  for (const [i, label] of [R.shopSignature, R.coopSignature].entries()) {
    const x = MARGIN + i * (w + 20);
    page.rect(x, boxTop - 110, w, 110, { stroke: 0.3, lineWidth: 0.8 });
    page.text(x + 6, boxTop - 13, fitText(label.fr, w - 70, 8.5, 'bold'), { size: 8.5, font: 'bold' });
    ar.draw(page, label.ar, x + w - 6, boxTop - 10, 9, 70);
  }
  drawFooters(flow.pages, `${R.title.fr} ${data.number} - ${data.cooperative.nameFr} - ${data.shop.name}`);
  return Buffer.from(doc.toBytes());
}
