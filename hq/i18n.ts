/**
 * Words of the HQ pages (cooperative portal, dashboard) in French, Arabic and English, with the same
 * discipline as renderer/i18n: every string through a catalogue, plurals written in the catalogue
 * (`{count, plural, one {...} other {...}}`, `=N`, `#`) and chosen by Intl.PluralRules, through the one
 * formatter the screens and documents use (core/message-format.ts), so a plural reads the same everywhere.
 */
import type { Language } from '../core/languages';
import { formatMessage, type MessageParams } from '../core/message-format';
import { ar } from './i18n-ar';
import { en } from './i18n-en';
import { fr, type HqMessageKey } from './i18n-fr';

export type { HqMessageKey };
/** Every language has every key, and only those (tsc checks ar and en against fr). */
export type HqCatalog = Record<HqMessageKey, string>;

export const HQ_CATALOGS: Record<Language, HqCatalog> = { fr, ar, en };

export type HqParams = MessageParams;

/** The sentence for key in lang, its {params} filled in (plain text: the pages escape it). */
export function hqT(lang: Language, key: HqMessageKey, params: HqParams = {}): string {
  return formatMessage(lang, HQ_CATALOGS[lang][key], params);
}

export const isRtl = (lang: Language): boolean => lang === 'ar';
