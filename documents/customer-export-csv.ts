/**
 * Everything held on one customer (core/customer-export.ts) as a CSV a person can read in a spreadsheet: the
 * right of access under loi 09-08 asks for the data "sous une forme intelligible". Same form as the statement's
 * CSV (UTF-8 with BOM, ';', decimal comma, CRLF) and one table: the first column says what a row is, so a
 * filter separates identity, consents, sales and their lines, returns, invoices and the account's journal.
 */
import type { CustomerExport } from '../core/customer-export';
import { formatDecimalMoney, formatDecimalQuantity, formatDocDateTime, UNIT_LABEL } from './document-format';
import { TIER_LABELS } from './document-labels';
import { csvText } from './settlement-csv';

export const CUSTOMER_EXPORT_CSV_HEADER = [
  'Type',
  'Date',
  'Référence',
  'Libellé',
  'Détail',
  'Montant TTC (MAD)',
];

const CHANNEL = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'E-mail' } as const;

export function customerExportCsv(data: CustomerExport): string {
  const rows: string[][] = [CUSTOMER_EXPORT_CSV_HEADER.map(csvText)];
  const push = (type: string, at: number | null, ref: string, label: string, detail: string, amount = '') =>
    rows.push([
      type,
      at === null ? '' : formatDocDateTime(at),
      csvText(ref),
      csvText(label),
      csvText(detail),
      amount,
    ]);

  const c = data.customer;
  const identity: [string, string | null][] = [
    ['Nom', c.name],
    ['Téléphone', c.phone],
    ['E-mail', c.email],
    ['Adresse', c.address],
    ['ICE', c.ice],
    ['IF', c.ifNumber],
    ['Tarif', TIER_LABELS[c.tier].fr],
    ['Compte actif', c.active ? 'oui' : 'non'],
  ];
  push('Client', c.createdAt, `client-${c.id}`, 'Compte créé le', '');
  for (const [label, value] of identity) push('Client', null, `client-${c.id}`, label, value ?? '');
  if (c.erasedAt !== null) push('Client', c.erasedAt, `client-${c.id}`, 'Données effacées le', '');
  push('Info', data.exportedAt, data.shop.name, 'Export établi le', `ICE ${data.shop.ice}`);

  for (const e of data.consentHistory) {
    const detail = [e.source, e.contact ?? ''].filter(Boolean).join(' - ');
    push('Consentement', e.at, CHANNEL[e.channel], e.given ? 'donné' : 'retiré', detail);
  }
  for (const s of data.sales) {
    const ref = `${s.tillId}-${s.receiptNo}`;
    push('Vente', s.at, ref, s.voided ? 'Vente annulée' : 'Vente', '', formatDecimalMoney(s.total));
    for (const l of s.lines) {
      const qty = `${formatDecimalQuantity(l.unit, l.quantity)} ${UNIT_LABEL[l.unit]}`;
      push('Ligne', s.at, ref, l.nameFr, qty, formatDecimalMoney(l.amount));
    }
  }
  for (const r of data.returns) {
    push(
      'Retour',
      r.at,
      `${r.tillId}-R${r.returnNo}`,
      `Retour sur la vente ${r.saleId}`,
      '',
      formatDecimalMoney(-r.total),
    );
  }
  for (const i of data.invoices) {
    const buyer = [i.buyerName, i.buyerAddress, `ICE ${i.buyerIce}`].join(' - ');
    push(
      'Facture',
      i.issuedAt,
      i.number,
      i.kind === 'invoice' ? 'Facture' : 'Avoir',
      buyer,
      formatDecimalMoney(i.ttc),
    );
  }
  for (const j of data.journal) push('Journal', j.at, `#${j.seq}`, j.kind, j.payload);
  return `\ufeff${rows.map((r) => r.join(';')).join('\r\n')}\r\n`;
}
