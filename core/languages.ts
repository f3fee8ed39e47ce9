/**
 * The languages of the screens, receipts, documents and the shell's menus: French first (the default and
 * the fallback), Arabic, English. One list, so a user's language, a receipt's and a menu's cannot disagree.
 */
export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
