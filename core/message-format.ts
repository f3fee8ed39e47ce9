/**
 * The catalogues' message syntax, one implementation for the screens (renderer/i18n) and the documents
 * (documents/document-labels.ts): `{name}` placeholders and `{count, plural, one {# article} other {# articles}}`,
 * the form Intl.PluralRules picks for the language (French and English have one/other, Arabic
 * zero/one/two/few/many/other), `=N` for an exact number, `#` for the number; a missing category falls back
 * to `other`. Pure: Intl.PluralRules needs no time zone data.
 */
import type { Language } from './languages';

export type MessageParams = Record<string, string | number>;

const LOCALES: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-MA' };
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralForm(lang: Language, n: number, forms: string): string | null {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  const byName = new Map([...forms.matchAll(PLURAL_FORM)].map((m) => [m[1] ?? '', m[2] ?? '']));
  const form = byName.get(`=${n}`) ?? byName.get(rules.select(n)) ?? byName.get('other');
  return form === undefined ? null : form.replace(/#/g, String(n));
}

export function formatMessage(lang: Language, template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  const counted = template.replace(PLURAL, (whole, name: string, forms: string) => {
    const v = params[name];
    // Counts that travelled as text (CSV issue details) still choose their form.
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return typeof n === 'number' ? (pluralForm(lang, n, forms) ?? whole) : whole;
  });
  return counted.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
