/**
 * The settlement statement as CSV for a spreadsheet, in the form French Excel opens without an import
 * wizard: UTF-8 with a BOM (else Arabic and accents are garbled), ';' between fields, decimal comma.
 * One row per product and tier, one per carried-over return (negative), then the totals.
 */
import type { SettlementStatement } from '../core/settlement';
import {
  formatDecimalMoney,
  formatDecimalQuantity,
  formatPeriodEnd,
  formatDocDate,
  UNIT_LABEL,
} from './document-format';
import { SETTLEMENT_LABELS as L, STATUS_LABELS, TIER_LABELS } from './document-labels';
import { DEBIT_NOTE_LABELS } from './settlement-pdf';

export const SETTLEMENT_CSV_HEADER = [
  'Type',
  'Réf.',
  'Produit',
  'Produit (arabe)',
  'Tarif',
  'Unité',
  'Quantité',
  'Montant TTC (MAD)',
  'Commission (MAD)',
  'Part coopérative (MAD)',
] as const;

/** Row types in the first column, so a spreadsheet filter separates lines from totals. */
export const CSV_ROW_TYPE = { sale: 'Vente', return: 'Retour', total: 'Total', info: 'Info' } as const;

/**
 * Quotes a field when it holds the separator, a quote or a line break. A text starting with = + - @
 * would run as a formula in Excel, so it gets a leading apostrophe; numbers never pass through here.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(cells: readonly string[]): string {
  return cells.join(';');
}

export function settlementCsv(statement: SettlementStatement): string {
  const lines: string[] = [row(SETTLEMENT_CSV_HEADER.map(csvText))];
  for (const l of statement.sales) {
    lines.push(
      row([
        CSV_ROW_TYPE.sale,
        csvText(l.sku),
        csvText(l.nameFr),
        csvText(l.nameAr),
        TIER_LABELS[l.tier].fr,
        UNIT_LABEL[l.unit],
        formatDecimalQuantity(l.unit, l.quantity),
        formatDecimalMoney(l.amount),
        formatDecimalMoney(l.commission),
        formatDecimalMoney(l.payout),
      ]),
    );
  }
  for (const l of statement.returns) {
    lines.push(
      row([
        CSV_ROW_TYPE.return,
        csvText(l.sku),
        csvText(l.nameFr),
        csvText(l.nameAr),
        L.returnLine.fr,
        UNIT_LABEL[l.unit],
        formatDecimalQuantity(l.unit, -l.quantity),
        formatDecimalMoney(-l.amount),
        formatDecimalMoney(-l.commission),
        formatDecimalMoney(-l.payout),
      ]),
    );
  }
  const t = statement.totals;
  const total = (label: { fr: string; ar: string }, amount: number, commission = '', payout = '') =>
    row([
      CSV_ROW_TYPE.total,
      '',
      csvText(label.fr),
      csvText(label.ar),
      '',
      '',
      '',
      formatDecimalMoney(amount),
      commission,
      payout,
    ]);
  lines.push(total(L.grossSales, t.grossSales));
  lines.push(total(L.returnsTotal, -t.returns));
  lines.push(total(L.netSales, t.netSales, formatDecimalMoney(t.commission), formatDecimalMoney(t.payout)));
  lines.push(total(L.commission, t.commission));
  // A debit note states what the cooperative owes, as a positive amount (see DEBIT_NOTE_LABELS).
  if (statement.kind === 'debit_note') lines.push(total(DEBIT_NOTE_LABELS.owed, -t.payout));
  else lines.push(total(L.payout, t.payout));

  const coop = statement.cooperative;
  const info = (label: string, value: string) => row([CSV_ROW_TYPE.info, '', csvText(label), csvText(value)]);
  lines.push(
    info(
      statement.kind === 'debit_note' ? 'Note de débit n°' : 'Relevé n°',
      statement.number ?? 'brouillon non numéroté',
    ),
  );
  lines.push(info('Statut', STATUS_LABELS[statement.status].fr));
  lines.push(info('Coopérative', coop.nameFr));
  lines.push(info('Coopérative (arabe)', coop.nameAr));
  lines.push(info('ICE', coop.ice ?? ''));
  lines.push(info('Compte bancaire', [coop.bankName, coop.bankAccount].filter(Boolean).join(' - ')));
  lines.push(info('Période du', statement.periodStart > 0 ? formatDocDate(statement.periodStart) : ''));
  lines.push(info('Période au', formatPeriodEnd(statement.periodEnd)));
  // CRLF: what Excel writes and expects.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
