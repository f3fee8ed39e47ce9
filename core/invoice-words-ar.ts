/**
 * An invoice's total in Arabic words, for the Arabic invoice ("حُدّدت هذه الفاتورة في مبلغ ألف وأربعون درهمًا
 * وخمسون سنتيمًا"), the counterpart of invoice-words.ts's French. Modern Standard Arabic as invoices write it,
 * in the nominative: units before tens joined by و ("ثلاثة وعشرون"), 3-10 in the feminine form since درهم,
 * سنتيم, ألف and مليون are masculine. The counted noun follows the number's last part: one and two are the noun
 * itself (درهم واحد, درهمان), 3-10 take the plural (دراهم, سنتيمات), 11-99 the accusative singular (درهمًا),
 * a round hundred, thousand or million the genitive singular (مائة درهم, ألف درهم); a scale word follows the same
 * rules (ثلاثة آلاف, أحد عشر ألفًا), and a dual just before its noun is in the construct (مائتا درهم, ألفا درهم).
 */

const ONES = [
  '',
  'واحد',
  'اثنان',
  'ثلاثة',
  'أربعة',
  'خمسة',
  'ستة',
  'سبعة',
  'ثمانية',
  'تسعة',
  'عشرة',
] as const;
const TENS = ['', '', 'عشرون', 'ثلاثون', 'أربعون', 'خمسون', 'ستون', 'سبعون', 'ثمانون', 'تسعون'] as const;
const HUNDREDS = [
  '',
  'مائة',
  'مائتان',
  'ثلاثمائة',
  'أربعمائة',
  'خمسمائة',
  'ستمائة',
  'سبعمائة',
  'ثمانمائة',
  'تسعمائة',
] as const;

/** The forms of a counted noun. */
interface Noun {
  /** The singular: after one, and genitive after a round hundred, thousand, million. */
  one: string;
  /** The dual (nominative). */
  dual: string;
  /** After 3 to 10. */
  plural: string;
  /** After 11 to 99: the accusative singular. */
  accusative: string;
}

/** A scale word is counted too, and may stand just before the noun: its dual then drops its ن. */
interface Scale extends Noun {
  dualConstruct: string;
}

const THOUSAND: Scale = {
  one: 'ألف',
  dual: 'ألفان',
  dualConstruct: 'ألفا',
  plural: 'آلاف',
  accusative: 'ألفًا',
};
const MILLION: Scale = {
  one: 'مليون',
  dual: 'مليونان',
  dualConstruct: 'مليونا',
  plural: 'ملايين',
  accusative: 'مليونًا',
};
const BILLION: Scale = {
  one: 'مليار',
  dual: 'ملياران',
  dualConstruct: 'مليارا',
  plural: 'مليارات',
  accusative: 'مليارًا',
};
const DIRHAM: Noun = { one: 'درهم', dual: 'درهمان', plural: 'دراهم', accusative: 'درهمًا' };
const CENTIME: Noun = { one: 'سنتيم', dual: 'سنتيمان', plural: 'سنتيمات', accusative: 'سنتيمًا' };

/** "و" is written against the word it joins. */
const and = (parts: string[]): string => parts.filter(Boolean).join(' و');

function below100(n: number): string {
  if (n <= 10) return ONES[n]!;
  if (n === 11) return 'أحد عشر';
  if (n === 12) return 'اثنا عشر';
  if (n < 20) return `${ONES[n - 10]!} عشر`;
  return and([ONES[n % 10]!, TENS[Math.floor(n / 10)]!]);
}

/** 1..999; `construct`: a round 200 stands just before what it counts (مائتا ألف, مائتا درهم). */
function below1000(n: number, construct: boolean): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const hundreds = h === 2 && rest === 0 && construct ? 'مائتا' : HUNDREDS[h]!;
  return and([hundreds, rest === 0 ? '' : below100(rest)]);
}

/**
 * `count` (1..999) thousands, millions or billions. `beforeNoun`: the number's last part, just before the
 * counted noun (ألفا درهم, أحد عشر ألف درهم) rather than before more of the number (ألفان و..., أحد عشر ألفًا و...).
 */
function scaleGroup(count: number, scale: Scale, beforeNoun: boolean): string {
  if (count === 1) return scale.one;
  if (count === 2) return beforeNoun ? scale.dualConstruct : scale.dual;
  const r = count % 100;
  const words = below1000(count, r === 0);
  if (r >= 3 && r <= 10) return `${words} ${scale.plural}`;
  if (r >= 11) return `${words} ${beforeNoun ? scale.one : scale.accusative}`;
  // A round hundred (مائة ألف), or one or two past it (مائة وواحد ألف): the genitive singular.
  return `${words} ${scale.one}`;
}

/** The groups of a whole number (billions, millions, thousands), then what is below a thousand. */
function spell(n: number, nounFollows: boolean): string[] {
  const groups: [number, Scale][] = [
    [Math.floor(n / 1e9), BILLION],
    [Math.floor((n % 1e9) / 1e6), MILLION],
    [Math.floor((n % 1e6) / 1000), THOUSAND],
  ];
  const rest = n % 1000;
  const parts: string[] = [];
  groups.forEach(([count, scale], i) => {
    if (count === 0) return;
    // The last part of the number when nothing below it is said: it stands before the noun, if one follows.
    const last = rest === 0 && groups.slice(i + 1).every(([c]) => c === 0);
    parts.push(scaleGroup(count, scale, last && nounFollows));
  });
  if (rest > 0) parts.push(below1000(rest, nounFollows && rest % 100 === 0));
  return parts;
}

function checkWhole(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`cannot spell ${n}`);
}

/** A whole number in Arabic words standing alone (0 to 999 999 999 999): 2000 -> "ألفان". */
export function arabicNumberWords(n: number): string {
  checkWhole(n);
  return n === 0 ? 'صفر' : and(spell(n, false));
}

/** `n` of a noun: the number's words, then the noun in the form the number's last part asks for. */
function amountOf(n: number, noun: Noun): string {
  if (n === 0) return `صفر ${noun.one}`;
  if (n === 1) return `${noun.one} واحد`;
  if (n === 2) return noun.dual;
  const r = n % 100;
  const words = and(spell(n, true));
  if (r >= 3 && r <= 10) return `${words} ${noun.plural}`;
  if (r >= 11) return `${words} ${noun.accusative}`;
  // A round hundred, thousand or million, or one or two past a hundred: the genitive singular.
  return `${words} ${noun.one}`;
}

/** Centimes as dirhams and centimes in Arabic words: 104050 -> "ألف وأربعون درهمًا وخمسون سنتيمًا". */
export function amountInArabicWords(centimes: number): string {
  if (!Number.isSafeInteger(centimes)) throw new RangeError(`cannot spell ${centimes}`);
  const abs = Math.abs(centimes);
  const dh = Math.floor(abs / 100);
  checkWhole(dh);
  const c = abs % 100;
  const text = c === 0 ? amountOf(dh, DIRHAM) : and([amountOf(dh, DIRHAM), amountOf(c, CENTIME)]);
  return centimes < 0 ? `ناقص ${text}` : text;
}
