/**
 * The cooperative's settlement statement ("Relevé de règlement / كشف التسوية") as an A4 PDF, French and
 * Arabic side by side. Written for people with little IT: large totals, every label in both languages,
 * readable printed or zoomed on a phone. French is PDF text (searchable, sharp); Arabic is shaped and
 * drawn as images, since the standard PDF fonts cannot shape it.
 */
import { CURRENCY_LABEL } from '../core/number-format';
import { formatMoney, formatReceiptQuantity } from '../core/receipt/format';
import type { SettlementStatement } from '../db/services/settlements';
import type { StockRow } from '../db/services/stock';
import type { PdfPage } from './pdf-writer';
import { A4, PdfDocument, fitText, textWidth } from './pdf-writer';
import { formatDocDate, formatDocDateTime, formatPeriodEnd } from './document-format';
import { SETTLEMENT_LABELS as L, STATUS_LABELS, TIER_LABELS } from './document-labels';
import type { Bilingual } from './document-labels';
import type { Cell, Column } from './pdf-blocks';
import {
  ArabicImages,
  CONTENT_WIDTH,
  MARGIN,
  PageFlow,
  Table,
  arabic,
  drawFooters,
  drawWatermark,
  text,
  watermarkImage,
} from './pdf-blocks';

/**
 * A debit note (returns exceeded sales) is titled as such and shows what the cooperative owes as a positive
 * amount: a "montant à verser" of -90,00 would read as a payment to the cooperative.
 */
export const DEBIT_NOTE_LABELS = {
  title: { fr: 'Note de débit', ar: 'إشعار مدين' },
  owed: { fr: 'Montant dû par la coopérative', ar: 'المبلغ المستحق على التعاونية' },
} as const satisfies Record<string, Bilingual>;

export interface ShopIdentity {
  name: string;
  address: string;
  ice: string;
  if: string;
  rc: string;
}

export interface SettlementPdfOptions {
  shop: ShopIdentity;
  /** What remains on the shelf; rows of other cooperatives are ignored. */
  stock?: readonly StockRow[];
  /** Fixed in tests so the same statement gives the same bytes. */
  creationDate?: Date;
  arabicFontPath?: string;
}

/** Words shown on draft pages, in the header banner and as the watermark. */
export const DRAFT_BANNER = 'BROUILLON / DRAFT - document provisoire, ne vaut pas règlement';
export const DRAFT_WATERMARK = 'BROUILLON';

const TOP_FIRST = 36;
const TOP_NEXT = 64;
const BOTTOM = 48;

export function settlementPdf(statement: SettlementStatement, options: SettlementPdfOptions): Buffer {
  return Buffer.from(buildSettlementPdf(statement, options).toBytes());
}

export function statementReference(statement: SettlementStatement): string {
  return statement.number ?? 'non numéroté';
}

export function buildSettlementPdf(
  statement: SettlementStatement,
  options: SettlementPdfOptions,
): PdfDocument {
  const coop = statement.cooperative;
  const doc = new PdfDocument({
    title: `${L.title.fr} ${statementReference(statement)} - ${coop.nameFr}`,
    author: options.shop.name,
    creationDate: options.creationDate,
  });
  const ar = new ArabicImages(doc, options.arabicFontPath);
  const watermark = statement.status === 'draft' ? watermarkImage(doc, DRAFT_WATERMARK) : null;
  const flow: PageFlow = new PageFlow(doc, {
    top: TOP_NEXT,
    bottom: BOTTOM,
    onPage: (page) => {
      if (watermark) drawWatermark(page, watermark);
      if (flow.pages.length > 1) continuationHeader(page, statement, ar);
    },
  });
  flow.newPage();
  flow.y = A4.height - TOP_FIRST;
  firstPageHeader(flow, statement, options.shop, ar);

  salesTable(flow, statement, ar);
  if (statement.returns.length > 0) returnsTable(flow, statement, ar);
  totalsBox(flow, statement, ar);
  if (options.stock) stockTable(flow, statement, options.stock, ar);

  drawFooters(
    flow.pages,
    `${L.title.fr} ${statementReference(statement)} - ${coop.nameFr} - ${options.shop.name}`,
  );
  return doc;
}

function firstPageHeader(flow: PageFlow, s: SettlementStatement, shop: ShopIdentity, ar: ArabicImages): void {
  const page = flow.page;
  const right = A4.width - MARGIN;
  const top = flow.y;
  const half = CONTENT_WIDTH / 2 - 10;

  page.text(MARGIN, top - 14, fitText(shop.name, half, 14, 'bold'), { size: 14, font: 'bold' });
  page.text(MARGIN, top - 28, fitText(shop.address, half, 8.5), { size: 8.5 });
  const ids = `ICE ${shop.ice} - IF ${shop.if} - RC ${shop.rc}`;
  page.text(MARGIN, top - 40, fitText(ids, half, 8), { size: 8, color: 0.25 });

  const title = s.kind === 'debit_note' ? DEBIT_NOTE_LABELS.title : L.title;
  page.text(right, top - 14, title.fr, { size: 15, font: 'bold', align: 'right' });
  ar.draw(page, title.ar, right, top - 31, 14, half);
  const number = s.number ? `N° ${s.number}` : 'N° - (brouillon non numéroté)';
  page.text(right, top - 52, number, { size: 10.5, font: 'bold', align: 'right' });
  const status = STATUS_LABELS[s.status];
  let statusText = `Statut : ${status.fr}`;
  if (s.status !== 'draft' && s.issuedAt !== null) statusText += ` le ${formatDocDateTime(s.issuedAt)}`;
  page.text(right, top - 64, statusText, { size: 8.5, align: 'right' });
  ar.draw(page, status.ar, right - textWidth(statusText, 8.5) - 8, top - 61.5, 8.5, 80);
  let y = top - 76;
  if (s.status === 'paid' && s.paidAt !== null) {
    const paid = `Versé le ${formatDocDate(s.paidAt)}${s.paymentReference ? ` - réf. ${s.paymentReference}` : ''}`;
    page.text(right, y, fitText(paid, half, 8.5), { size: 8.5, align: 'right' });
    y -= 12;
  }

  if (s.status === 'draft') {
    page.rect(MARGIN, y - 18, CONTENT_WIDTH, 16, { fill: [1, 0.92, 0.92], stroke: [0.75, 0.1, 0.1] });
    page.text(MARGIN + 6, y - 13, DRAFT_BANNER, { size: 9, font: 'bold', color: [0.7, 0.05, 0.05] });
    ar.draw(page, STATUS_LABELS.draft.ar, right - 6, y - 10, 9, 60);
    y -= 24;
  }

  // The cooperative: who is paid, and where the money goes.
  const coop = s.cooperative;
  const boxH = 64;
  const boxTop = y - 4;
  page.rect(MARGIN, boxTop - boxH, CONTENT_WIDTH, boxH, { fill: 0.95, stroke: 0.7, lineWidth: 0.6 });
  const frW = Math.min(textWidth(coop.nameFr, 12.5, 'bold'), CONTENT_WIDTH * 0.55);
  page.text(MARGIN + 8, boxTop - 17, fitText(coop.nameFr, CONTENT_WIDTH * 0.55, 12.5, 'bold'), {
    size: 12.5,
    font: 'bold',
  });
  ar.draw(page, coop.nameAr, right - 8, boxTop - 13, 13, CONTENT_WIDTH - frW - 36);
  const idParts = [
    `ICE : ${coop.ice ?? '-'}`,
    coop.registrationNo ? `N° d'enregistrement : ${coop.registrationNo}` : null,
    coop.region ? `Région : ${coop.region}` : null,
  ].filter((p): p is string => p !== null);
  page.text(MARGIN + 8, boxTop - 32, fitText(idParts.join(' - '), CONTENT_WIDTH * 0.62, 8.5), { size: 8.5 });
  if (coop.womens) {
    const badge = L.womens;
    const bw = 150;
    page.rect(right - 8 - bw, boxTop - 37, bw, 14, { fill: [0.93, 0.88, 0.97], stroke: [0.5, 0.3, 0.6] });
    page.text(right - 8 - bw + 5, boxTop - 33, badge.fr, {
      size: 8,
      font: 'bold',
      color: [0.35, 0.15, 0.45],
    });
    ar.draw(page, badge.ar, right - 12, boxTop - 30, 8, 60);
  }
  const bank = [coop.bankName, coop.bankAccount].filter((v) => v && v.trim()).join(' - ') || '-';
  const bankLabel = `${L.bank.fr} : `;
  page.text(MARGIN + 8, boxTop - 50, bankLabel, { size: 9 });
  page.text(
    MARGIN + 8 + textWidth(bankLabel, 9),
    boxTop - 50,
    fitText(bank, CONTENT_WIDTH - 200, 9.5, 'bold'),
    {
      size: 9.5,
      font: 'bold',
    },
  );
  ar.draw(page, L.bank.ar, right - 8, boxTop - 47, 9, 90);
  y = boxTop - boxH - 8;

  const period =
    s.periodStart > 0
      ? `du ${formatDocDate(s.periodStart)} au ${formatPeriodEnd(s.periodEnd)}`
      : `jusqu'au ${formatPeriodEnd(s.periodEnd)}`;
  const periodText = `${L.period.fr} : ${period}`;
  page.text(MARGIN, y - 12, periodText, { size: 11, font: 'bold' });
  ar.draw(page, L.period.ar, right, y - 8.5, 11, 120);
  flow.y = y - 24;
}

function continuationHeader(page: PdfPage, s: SettlementStatement, ar: ArabicImages): void {
  const y = A4.height - 36;
  const label = `${L.title.fr} ${statementReference(s)} - ${s.cooperative.nameFr}`;
  page.text(MARGIN, y - 10, fitText(label, CONTENT_WIDTH * 0.6, 9.5, 'bold'), { size: 9.5, font: 'bold' });
  ar.draw(page, s.cooperative.nameAr, A4.width - MARGIN, y - 7, 10, CONTENT_WIDTH * 0.35);
  page.line(MARGIN, y - 18, A4.width - MARGIN, y - 18, { width: 0.5, color: 0.5 });
}

/** References are smaller and grey: needed to match a line, not to read it. */
const skuCell = (sku: string): Cell => ({ kind: 'text', text: sku, size: 7.5, color: 0.3 });

const LINE_COLUMNS: Column[] = [
  { width: 58, align: 'left', fr: L.colRef.fr, ar: L.colRef.ar },
  { width: 110, align: 'left', fr: L.colProduct.fr },
  { width: 93, align: 'right', fr: '', ar: L.colProduct.ar },
  { width: 84, align: 'left', fr: L.colTier.fr, ar: L.colTier.ar },
  { width: 58, align: 'right', fr: L.colQuantity.fr, ar: L.colQuantity.ar },
  { width: 60, align: 'right', fr: L.colAmount.fr, ar: L.colAmount.ar },
  { width: 60, align: 'right', fr: L.colPayout.fr, ar: L.colPayout.ar },
];

function salesTable(flow: PageFlow, s: SettlementStatement, ar: ArabicImages): void {
  const table = new Table(flow, ar, LINE_COLUMNS);
  table.begin(L.sales);
  if (s.sales.length === 0) table.note(L.noSales.fr, L.noSales.ar);
  s.sales.forEach((l, i) => {
    const tier = TIER_LABELS[l.tier];
    table.row(
      [
        skuCell(l.sku),
        text(l.nameFr),
        arabic(l.nameAr),
        { kind: 'both', fr: tier.fr, ar: tier.ar },
        text(formatReceiptQuantity(l.unit, l.quantity)),
        text(formatMoney(l.amount)),
        text(formatMoney(l.payout)),
      ],
      { shade: i % 2 === 1 },
    );
  });
  const amount = s.sales.reduce((t, l) => t + l.amount, 0);
  const payout = s.sales.reduce((t, l) => t + l.payout, 0);
  table.row([
    null,
    text('Total des ventes', 'bold'),
    arabic('مجموع المبيعات'),
    null,
    null,
    text(formatMoney(amount), 'bold'),
    text(formatMoney(payout), 'bold'),
  ]);
  table.end();
}

function returnsTable(flow: PageFlow, s: SettlementStatement, ar: ArabicImages): void {
  const table = new Table(flow, ar, LINE_COLUMNS);
  table.begin(L.returns);
  const red = [0.65, 0.05, 0.05] as const;
  s.returns.forEach((l, i) => {
    table.row(
      [
        skuCell(l.sku),
        text(l.nameFr),
        arabic(l.nameAr),
        { kind: 'both', fr: L.returnLine.fr, ar: L.returnLine.ar },
        text(formatReceiptQuantity(l.unit, -l.quantity), 'regular', red),
        text(formatMoney(-l.amount), 'regular', red),
        text(formatMoney(-l.payout), 'regular', red),
      ],
      { shade: i % 2 === 1 },
    );
  });
  const amount = s.returns.reduce((t, l) => t + l.amount, 0);
  const payout = s.returns.reduce((t, l) => t + l.payout, 0);
  table.row([
    null,
    text('Total des retours', 'bold'),
    arabic('مجموع المرتجعات'),
    null,
    null,
    text(formatMoney(-amount), 'bold', red),
    text(formatMoney(-payout), 'bold', red),
  ]);
  table.end();
}

function totalsBox(flow: PageFlow, s: SettlementStatement, ar: ArabicImages): void {
  const rows: { label: Bilingual; amount: number; strong?: boolean; big?: boolean }[] = [
    { label: L.grossSales, amount: s.totals.grossSales },
    { label: L.returnsTotal, amount: -s.totals.returns },
    { label: L.netSales, amount: s.totals.netSales, strong: true },
    { label: L.commission, amount: -s.totals.commission },
    s.kind === 'debit_note'
      ? { label: DEBIT_NOTE_LABELS.owed, amount: -s.totals.payout, strong: true, big: true }
      : { label: L.payout, amount: s.totals.payout, strong: true, big: true },
  ];
  const rowH = 19;
  const height = 22 + rows.length * rowH + 8 + 12;
  flow.need(height + 4);
  const page = flow.page;
  const width = 340;
  const x = A4.width - MARGIN - width;
  const top = flow.y - 4;
  page.text(MARGIN, top - 14, L.totals.fr, { size: 11, font: 'bold' });
  ar.draw(page, L.totals.ar, MARGIN + textWidth(L.totals.fr, 11, 'bold') + 60, top - 10.5, 11, 55);
  page.text(MARGIN, top - 28, `Montants TTC en dirhams (${CURRENCY_LABEL}).`, { size: 7.5, color: 0.35 });
  page.text(MARGIN, top - 38, 'Ventes nettes = commission + montant à verser.', { size: 7.5, color: 0.35 });
  page.rect(x, top - 22 - rows.length * rowH - 4, width, rows.length * rowH + 26, {
    stroke: 0.4,
    lineWidth: 0.8,
  });
  page.text(x + width - 8, top - 14, CURRENCY_LABEL, { size: 8, font: 'bold', align: 'right', color: 0.35 });
  let y = top - 22;
  for (const r of rows) {
    const size = r.big ? 11 : 9.5;
    const font = r.strong ? 'bold' : 'regular';
    if (r.big) page.rect(x + 1, y - rowH, width - 2, rowH, { fill: [0.86, 0.94, 0.86] });
    else if (r.strong) page.line(x + 6, y, x + width - 6, y, { width: 0.4, color: 0.5 });
    const baseline = y - rowH / 2 - size * 0.35;
    page.text(x + 8, baseline, r.label.fr, { size, font });
    ar.draw(
      page,
      r.label.ar,
      x + width - 92,
      y - rowH / 2,
      size,
      width - 100 - textWidth(r.label.fr, size, font) - 18,
    );
    page.text(x + width - 8, baseline, formatMoney(r.amount), { size, font, align: 'right' });
    y -= rowH;
  }
  flow.y = y - 18;
}

const STOCK_COLUMNS: Column[] = [
  { width: 58, align: 'left', fr: L.colRef.fr, ar: L.colRef.ar },
  { width: 142, align: 'left', fr: L.colProduct.fr },
  { width: 110, align: 'right', fr: '', ar: L.colProduct.ar },
  { width: 65, align: 'right', fr: L.colOnHand.fr, ar: L.colOnHand.ar },
  { width: 68, align: 'right', fr: L.colBestBefore.fr, ar: L.colBestBefore.ar },
  { width: 80, align: 'right', fr: L.colValue.fr, ar: L.colValue.ar },
];

function isoDate(value: string | null): string {
  if (!value) return '-';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

function stockTable(
  flow: PageFlow,
  s: SettlementStatement,
  stock: readonly StockRow[],
  ar: ArabicImages,
): void {
  const rows = stock.filter((r) => r.cooperativeId === s.cooperative.id);
  const table = new Table(flow, ar, STOCK_COLUMNS);
  table.begin(L.stock);
  if (rows.length === 0) table.note(L.noStock.fr, L.noStock.ar);
  rows.forEach((r, i) => {
    table.row(
      [
        skuCell(r.sku),
        text(r.nameFr),
        arabic(r.nameAr),
        text(formatReceiptQuantity(r.unit, r.onHand)),
        text(isoDate(r.nearestBestBefore)),
        text(formatMoney(r.value.retail)),
      ],
      { shade: i % 2 === 1 },
    );
  });
  if (rows.length > 0) {
    const value = rows.reduce((t, r) => t + r.value.retail, 0);
    table.row([
      null,
      text('Valeur totale au prix de détail', 'bold'),
      null,
      null,
      null,
      text(formatMoney(value), 'bold'),
    ]);
  }
  table.end();
}
