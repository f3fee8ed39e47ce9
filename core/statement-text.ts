/**
 * A cooperative's statement as one short message a phone can take (SMS, WhatsApp), in French or Arabic:
 * which statement, the period, net sales, what the cooperative is paid and when it was paid. Many members
 * read only one of the two languages and only on a basic phone, so the text is plain: no symbols, no
 * no-break spaces (an SMS with one character outside the GSM alphabet falls back to UCS-2, which holds 70
 * characters instead of 160; French keeps only the accents that alphabet has: é è à ù), Latin digits and dd/mm/yyyy dates as Moroccan receipts print them.
 */
import { formatAmount, CURRENCY_LABEL } from './number-format';
import { formatLocalDate, zoneOffsetMinutes } from './time';

export type SummaryLanguage = 'fr' | 'ar';

export interface StatementSummary {
  /** The statement's number (RG-2026-0004); a debit note (ND-) says what the cooperative owes. */
  number: string;
  kind: 'statement' | 'debit_note';
  /** Epoch ms; the period ends exclusively (a sale at periodEnd is in the next one). */
  periodStart: number;
  periodEnd: number;
  netSales: number;
  payout: number;
  paidAt: number | null;
  paymentReference: string | null;
}

interface Words {
  statement: string;
  debitNote: string;
  range: (from: string, to: string) => string;
  net: string;
  payout: string;
  owed: string;
  paid: (date: string) => string;
  reference: (ref: string) => string;
  unpaid: string;
  sep: string;
  colon: string;
}

const WORDS: Record<SummaryLanguage, Words> = {
  fr: {
    statement: 'Relevé',
    debitNote: 'Note de débit',
    range: (from, to) => `du ${from} au ${to}`,
    net: 'Ventes nettes',
    payout: 'Votre part',
    owed: 'La coopérative doit',
    paid: (date) => `Payé le ${date}`,
    reference: (ref) => `ref. ${ref}`,
    unpaid: 'Pas encore payé',
    sep: '. ',
    colon: ': ',
  },
  ar: {
    statement: 'كشف',
    debitNote: 'إشعار مدين',
    range: (from, to) => `من ${from} إلى ${to}`,
    net: 'صافي المبيعات',
    payout: 'حصتكم',
    owed: 'المستحق على التعاونية',
    paid: (date) => `دفع في ${date}`,
    reference: (ref) => `مرجع ${ref}`,
    unpaid: 'لم يدفع بعد',
    sep: '. ',
    colon: ': ',
  },
};

/** An amount with plain spaces between thousands: "1 049,83 MAD" without U+00A0 (see the note above). */
function plainMoney(centimes: number): string {
  return `${formatAmount(centimes, 'fr').replace(/\u00a0/g, ' ')} ${CURRENCY_LABEL}`;
}

/**
 * The summary text. `offsetAt` gives the shop clock's UTC offset in minutes at an instant (Casablanca by
 * default); dates are the shop's calendar days, the period's last day being the day before periodEnd.
 */
export function statementSummaryText(
  s: StatementSummary,
  lang: SummaryLanguage,
  offsetAt: (at: number) => number = (at) => zoneOffsetMinutes(at),
): string {
  const w = WORDS[lang];
  const day = (at: number) => formatLocalDate(at, offsetAt(at));
  const debit = s.kind === 'debit_note';
  const parts = [
    `${debit ? w.debitNote : w.statement} ${s.number} ${w.range(day(s.periodStart), day(s.periodEnd - 1))}`,
    `${w.net}${w.colon}${plainMoney(s.netSales)}`,
    debit ? `${w.owed}${w.colon}${plainMoney(-s.payout)}` : `${w.payout}${w.colon}${plainMoney(s.payout)}`,
  ];
  if (s.paidAt !== null) {
    const ref = s.paymentReference ? ` (${w.reference(s.paymentReference)})` : '';
    parts.push(`${w.paid(day(s.paidAt))}${ref}`);
  } else if (!debit) {
    parts.push(w.unpaid);
  }
  return `${parts.join(w.sep)}.`;
}

// The GSM 03.38 default alphabet; the extension table's characters take two septets.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

export interface SmsSize {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** How many SMS a text takes: 160 / 153 septets per part in GSM-7, 70 / 67 code units in UCS-2. */
export function smsSize(text: string): SmsSize {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm)
    return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
