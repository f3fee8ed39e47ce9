/**
 * Folds text for search so that a cashier finds "Huile d'argan" by typing "huile argan", "HUILE"
 * or "hùile", and "زيت الأركان" by typing "زيت الاركان" (hamza forms, tashkeel and tatweel ignored).
 */
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_FOLD: Record<string, string> = {
  '\u0623': '\u0627', // أ -> ا
  '\u0625': '\u0627', // إ -> ا
  '\u0622': '\u0627', // آ -> ا
  '\u0671': '\u0627', // ٱ -> ا
  '\u0649': '\u064a', // ى -> ي
  '\u0629': '\u0647', // ة -> ه
  '\u0624': '\u0648', // ؤ -> و
  '\u0626': '\u064a', // ئ -> ي
};
const ARABIC_DIGITS = /[\u0660-\u0669]/g;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(ARABIC_MARKS, '')
    .replace(/[\u0622\u0623\u0625\u0671\u0649\u0629\u0624\u0626]/g, (c) => ARABIC_FOLD[c] ?? c)
    .replace(ARABIC_DIGITS, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .toLowerCase()
    .replace(/['’`"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits folded text into search tokens (letters and digits of any script). */
export function searchTokens(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}
