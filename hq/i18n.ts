/**
 * Words of the HQ pages (cooperative portal, dashboard) in French, Arabic and English, with the same
 * discipline as renderer/i18n: every string through a catalogue, plurals written in the catalogue
 * (`{count, plural, one {...} other {...}}`, `=N`, `#`) and chosen by Intl.PluralRules. The renderer's
 * formatter lives in the renderer (zustand, DOM), which HQ cannot import; this is its server twin.
 */
import type { Language } from '../core/languages';
import { ar } from './i18n-ar';
import { en } from './i18n-en';
import { fr, type HqMessageKey } from './i18n-fr';

export type { HqMessageKey };
/** Every language has every key, and only those (tsc checks ar and en against fr). */
export type HqCatalog = Record<HqMessageKey, string>;

export const HQ_CATALOGS: Record<Language, HqCatalog> = { fr, ar, en };
const LOCALES: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-MA' };

export type HqParams = Record<string, string | number>;

const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const rules = new Map<Language, Intl.PluralRules>();

function pluralForm(lang: Language, n: number, forms: string): string {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(LOCALES[lang]);
    rules.set(lang, r);
  }
  const byName = new Map([...forms.matchAll(PLURAL_FORM)].map((m) => [m[1] ?? '', m[2] ?? '']));
  const form = byName.get(`=${n}`) ?? byName.get(r.select(n)) ?? byName.get('other') ?? '';
  return form.replace(/#/g, String(n));
}

/** The sentence for key in lang, its {params} filled in (plain text: the pages escape it). */
export function hqT(lang: Language, key: HqMessageKey, params: HqParams = {}): string {
  const template = HQ_CATALOGS[lang][key];
  return template
    .replace(PLURAL, (whole, name: string, forms: string) => {
      const n = params[name];
      return typeof n === 'number' ? pluralForm(lang, n, forms) : whole;
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const isRtl = (lang: Language): boolean => lang === 'ar';
