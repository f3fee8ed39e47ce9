/**
 * The stock list as CSV for a spreadsheet, in the settlement CSV's form (documents/settlement-csv.ts):
 * UTF-8 with a BOM, ';' between fields, decimal commas, CRLF, texts guarded against formulas. Written a
 * chunk of rows at a time from an iterator, so the whole list is never held.
 */
import { localDayKey, zoneOffsetMinutes } from '../core/time';
import type { StockRow } from '../core/stock';
import { formatDecimalMoney, formatDecimalQuantity, UNIT_LABEL } from './document-format';
import { csvText } from './settlement-csv';

export const STOCK_CSV_HEADER = [
  'Réf.',
  'Produit',
  'Produit (arabe)',
  'Coopérative',
  'Coopérative (arabe)',
  'Unité',
  'En stock',
  'Valeur détail (MAD)',
  'Valeur demi-gros (MAD)',
  'Valeur gros (MAD)',
  'Âge (jours)',
  'DLUO la plus proche',
  'Jours restants',
  'Vendu 30 j',
] as const;

/** "2027-01-31" as French Excel reads a date: "31/01/2027". */
function frenchDate(day: string | null): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

export function stockCsvLine(r: StockRow): string {
  return [
    csvText(r.sku),
    csvText(r.nameFr),
    csvText(r.nameAr),
    csvText(r.cooperativeName),
    csvText(r.cooperativeNameAr),
    UNIT_LABEL[r.unit],
    formatDecimalQuantity(r.unit, r.onHand),
    formatDecimalMoney(r.value.retail),
    formatDecimalMoney(r.value.semi),
    formatDecimalMoney(r.value.wholesale),
    r.ageDays === null ? '' : String(r.ageDays),
    frenchDate(r.nearestBestBefore),
    r.bestBeforeDaysLeft === null ? '' : String(r.bestBeforeDaysLeft),
    formatDecimalQuantity(r.unit, r.soldLast30Days),
  ].join(';');
}

/** The file in pieces of `rowsPerChunk` rows: the BOM and header first (alone when no row matches). */
export function* stockCsvChunks(rows: Iterable<StockRow>, rowsPerChunk = 500): Generator<string> {
  let chunk = `\ufeff${STOCK_CSV_HEADER.map(csvText).join(';')}\r\n`;
  let n = 0;
  for (const r of rows) {
    chunk += `${stockCsvLine(r)}\r\n`;
    if (++n === rowsPerChunk) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/** "stock-2026-12-01.csv", the shop's calendar day. */
export function stockCsvFileName(now: number): string {
  return `stock-${localDayKey(now, zoneOffsetMinutes(now))}.csv`;
}
