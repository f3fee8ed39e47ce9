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

const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

/**
 * The Arabic definite article at a word's start, alone or after و ب ف ك ("and", "with", "then", "like"):
 * "الورد" and "بالورد" are both "ورد". Only when two letters or more remain, so that "والد" or "بالغ"
 * keep their letters and a half-typed "الو" stays a prefix of the full word.
 */
const ARTICLE = /^[\u0648\u0628\u0641\u0643]?\u0627\u0644(?=[\u0621-\u064a]{2})/;

export function stripArticle(token: string): string {
  return token.replace(ARTICLE, '');
}

/** Splits folded text into search tokens (letters and digits of any script), articles stripped. */
export function searchTokens(text: string): string[] {
  return foldForSearch(text)
    .split(TOKEN_SPLIT)
    .filter((t) => t.length > 0)
    .map(stripArticle);
}

/**
 * What the search index holds for a text: the folded words plus, for each word with an article, the
 * word without it. A query is folded by searchTokens (articles stripped), and a query still being typed
 * ("الو") finds the full word ("الورد") by prefix.
 */
export function searchIndexText(text: string): string {
  const folded = foldForSearch(text);
  const bare = folded
    .split(TOKEN_SPLIT)
    .filter((t) => t.length > 0 && stripArticle(t) !== t)
    .map(stripArticle);
  return bare.length > 0 ? `${folded} ${bare.join(' ')}` : folded;
}

/** Bumped whenever searchIndexText changes: a database indexed with an older version is reindexed at open. */
export const SEARCH_INDEX_VERSION = 2;
