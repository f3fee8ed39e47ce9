/**
 * The invoice or credit note as CSV, in the form the settlement CSV has (documents/settlement-csv.ts): UTF-8
 * with a BOM, ';' between fields, decimal comma, CRLF. One row per line, then the totals per rate and overall
 * (the booked figures: VAT once per rate), then the references.
 */
import { invoiceLineHt, type Invoice } from '../core/invoice';
import { formatDecimalMoney, formatDecimalQuantity, formatDocDate, UNIT_LABEL } from './document-format';
import { csvText } from './settlement-csv';
import { isoDayText } from './html/blocks';

export const INVOICE_CSV_HEADER = [
  'Type',
  'N°',
  'Désignation',
  'Désignation (arabe)',
  'Unité',
  'Quantité',
  'P.U. HT (MAD)',
  'Code TVA',
  'Taux TVA (%)',
  'Total HT (MAD)',
  'TVA (MAD)',
  'Total TTC (MAD)',
  'Mention',
] as const;

export const INVOICE_CSV_ROW_TYPE = {
  line: 'Ligne',
  rate: 'Total taux',
  total: 'Total',
  info: 'Info',
} as const;

const rate = (bp: number) => formatDecimalMoney(bp).replace(/,00$/, '');

export function invoiceCsv(inv: Invoice): string {
  const out: string[] = [INVOICE_CSV_HEADER.map(csvText).join(';')];
  const T = INVOICE_CSV_ROW_TYPE;
  for (const l of inv.lines) {
    const { ht, unitHt } = invoiceLineHt(l);
    out.push(
      [
        T.line,
        String(l.lineNo),
        csvText(l.nameFr),
        csvText(l.nameAr),
        UNIT_LABEL[l.unit],
        formatDecimalQuantity(l.unit, l.quantity),
        formatDecimalMoney(unitHt),
        l.vatCode,
        rate(l.vatRateBp),
        formatDecimalMoney(ht),
        formatDecimalMoney(l.amount - ht),
        formatDecimalMoney(l.amount),
        '',
      ].join(';'),
    );
  }
  for (const r of inv.totals.byRate) {
    out.push(
      [
        T.rate,
        '',
        '',
        '',
        '',
        '',
        '',
        r.vatCode,
        rate(r.rateBp),
        formatDecimalMoney(r.ht),
        formatDecimalMoney(r.tva),
        formatDecimalMoney(r.ttc),
        csvText(r.exemptionWordingFr ?? ''),
      ].join(';'),
    );
  }
  const t = inv.totals;
  out.push(
    [
      T.total,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      formatDecimalMoney(t.ht),
      formatDecimalMoney(t.tva),
      formatDecimalMoney(t.ttc),
      '',
    ].join(';'),
  );
  const info = (label: string, value: string) => [T.info, '', csvText(label), csvText(value)].join(';');
  out.push(info(inv.kind === 'invoice' ? 'Facture n°' : 'Avoir n°', inv.number));
  out.push(info('Date', formatDocDate(inv.issuedAt)));
  if (inv.dueDay) out.push(info("Date d'échéance", isoDayText(inv.dueDay)));
  if (inv.correctsNumber) out.push(info('Corrige la facture', inv.correctsNumber));
  if (inv.reason) out.push(info('Motif', inv.reason));
  out.push(info('Conditions de paiement', inv.paymentTerms));
  out.push(info('Client', inv.buyer.name));
  out.push(info('Adresse du client', inv.buyer.address));
  out.push(info('ICE du client', inv.buyer.ice));
  out.push(info('IF du client', inv.buyer.taxId ?? ''));
  out.push(info('Vendeur', inv.seller.legalName || inv.seller.name));
  out.push(info('ICE', inv.seller.ice));
  out.push(info('IF', inv.seller.if));
  out.push(info('RC', inv.seller.rcCourt ? `${inv.seller.rc} (${inv.seller.rcCourt})` : inv.seller.rc));
  // CRLF: what Excel writes and expects.
  return `\ufeff${out.join('\r\n')}\r\n`;
}
