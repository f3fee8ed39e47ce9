/**
 * An invoice's total in French words ("Arrêtée la présente facture à la somme de mille quarante dirhams et
 * cinquante centimes"), as Moroccan invoices state it so a figure cannot be altered by hand. Traditional
 * spelling: hyphens below a hundred, "et" in 21..71, "quatre-vingts" and "cents" plural only when last,
 * "mille" invariable, "million(s)" and "milliard(s)" as nouns.
 */
const UNITS = [
  'zéro',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
] as const;
const TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'] as const;

function below100(n: number): string {
  if (n <= 16) return UNITS[n]!;
  if (n < 20) return `dix-${UNITS[n - 10]!}`;
  if (n < 70) {
    const t = TENS[Math.floor(n / 10)]!;
    const u = n % 10;
    return u === 0 ? t : u === 1 ? `${t} et un` : `${t}-${UNITS[u]!}`;
  }
  if (n < 80) return n === 71 ? 'soixante et onze' : `soixante-${below100(n - 60)}`;
  if (n === 80) return 'quatre-vingts';
  return `quatre-vingt-${below100(n - 80)}`;
}

/** 0..999; `last`: nothing follows, so "deux cents" and "quatre-vingts" keep their plural. */
function below1000(n: number, last: boolean): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const restText = rest === 0 ? '' : below100(rest);
  const tail = !last && restText === 'quatre-vingts' ? 'quatre-vingt' : restText;
  if (h === 0) return tail;
  const hundreds = h === 1 ? 'cent' : `${UNITS[h]!} cent${rest === 0 && last ? 's' : ''}`;
  return rest === 0 ? hundreds : `${hundreds} ${tail}`;
}

/** A whole number in French words (0 to 999 999 999 999). */
export function frenchNumberWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`cannot spell ${n}`);
  if (n === 0) return 'zéro';
  const parts: string[] = [];
  const milliards = Math.floor(n / 1e9);
  const millions = Math.floor((n % 1e9) / 1e6);
  const thousands = Math.floor((n % 1e6) / 1000);
  const rest = n % 1000;
  if (milliards) parts.push(`${below1000(milliards, true)} milliard${milliards > 1 ? 's' : ''}`);
  if (millions) parts.push(`${below1000(millions, true)} million${millions > 1 ? 's' : ''}`);
  // "mille", never "un mille"; the hundreds before it lose their plural ("deux cent mille").
  if (thousands) parts.push(thousands === 1 ? 'mille' : `${below1000(thousands, false)} mille`);
  if (rest) parts.push(below1000(rest, true));
  return parts.join(' ');
}

/** Centimes as dirhams and centimes in words: 104050 -> "mille quarante dirhams et cinquante centimes". */
export function amountInFrenchWords(centimes: number): string {
  if (!Number.isSafeInteger(centimes)) throw new RangeError(`cannot spell ${centimes}`);
  const abs = Math.abs(centimes);
  const dh = Math.floor(abs / 100);
  const c = abs % 100;
  const dirhams = `${frenchNumberWords(dh)} dirham${dh > 1 ? 's' : ''}`;
  const text = c === 0 ? dirhams : `${dirhams} et ${frenchNumberWords(c)} centime${c > 1 ? 's' : ''}`;
  return centimes < 0 ? `moins ${text}` : text;
}
