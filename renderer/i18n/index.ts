import { create } from 'zustand';
import type { ErrorCode } from '../../core/errors';
import { MILLI_PER_UNIT } from '../../core/money';
import { formatMessage } from '../../core/message-format';
import { formatMoneyText, formatPercentBp } from '../../core/number-format';
import type { Unit } from '../../core/quantity';
import type { Language } from '../../core/languages';
import { shiftedDate } from '../../core/time';
import type { ApiCallError } from '../api/client';
import { shopOffsetAt } from '../stores/clock';
import { ar } from './ar';
import { en } from './en';
import { fr, type Catalog, type MessageKey } from './fr';

export type { MessageKey } from './fr';
export { LANGUAGES, isLanguage, type Language } from '../../core/languages';

export const CATALOGS: Record<Language, Catalog> = { fr, ar, en };
const LOCALES: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-MA' };

export type Params = Record<string, string | number>;

interface I18nState {
  lang: Language;
  setLang(lang: Language): void;
}

function applyToDocument(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

export const useI18n = create<I18nState>((set) => ({
  lang: 'fr',
  setLang(lang) {
    applyToDocument(lang);
    set({ lang });
  },
}));

/** The catalogues' syntax (placeholders, plurals by Intl.PluralRules) lives in core, shared with the documents. */
const interpolate = formatMessage;

export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const own = CATALOGS[lang][key];
  return own === undefined ? interpolate('fr', fr[key], params) : interpolate(lang, own, params);
}

/** For code outside components (stores, toasts); components use `useT` so they re-render on a switch. */
export function t(key: MessageKey, params?: Params): string {
  return translate(useI18n.getState().lang, key, params);
}

/**
 * "1 040,00 MAD": one grouping and one currency label on every screen and in every PDF (core/number-format.ts;
 * Intl's differ between ICU builds, and its Arabic label "د.م." sat beside the documents' DH).
 */
export function formatMoney(centimes: number, lang: Language = useI18n.getState().lang): string {
  return formatMoneyText(Math.round(centimes), lang);
}

/** Basis points as the language writes a percentage: "0,0 %" in French. */
export function formatPercent(bp: number, lang: Language = useI18n.getState().lang): string {
  return formatPercentBp(bp, lang);
}

/** Shop time (the station's offsets, core/time.ts): the browser's tz data is not trusted. */
export function formatDate(at: number, lang: Language = useI18n.getState().lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(shiftedDate(at, shopOffsetAt(at)));
}

/** 3000 pieces -> "3", 750 g -> "0,750 kg" in the user's language. */
export function formatQuantity(unit: Unit, milli: number, lang: Language = useI18n.getState().lang): string {
  const n = new Intl.NumberFormat(LOCALES[lang], {
    minimumFractionDigits: unit === 'piece' ? 0 : 3,
    maximumFractionDigits: 3,
  }).format(milli / MILLI_PER_UNIT);
  return unit === 'piece' ? n : `${n} ${translate(lang, `unit.${unit}`)}`;
}

function detailParams(
  code: ErrorCode | 'NETWORK',
  details: Record<string, unknown>,
  message: string,
  lang: Language,
): Params {
  const params: Params = { message };
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  }
  if (code === 'OUT_OF_STOCK' && typeof details.onHand === 'number') {
    params.onHand = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 3 }).format(
      details.onHand / MILLI_PER_UNIT,
    );
  }
  if (code === 'RETURN_EXCEEDS_SALE' && typeof details.returnable === 'number') {
    params.returnable = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 3 }).format(
      details.returnable / MILLI_PER_UNIT,
    );
  }
  return params;
}

/** A translated sentence for an API error, naming what the details name (product, cooperative...). */
export function errorText(err: unknown, lang: Language = useI18n.getState().lang): string {
  if (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof (err as ApiCallError).code === 'string'
  ) {
    const e = err as ApiCallError;
    const details = e.details ?? {};
    // A conflict that names its field (products: sku, barcode, scaleRef) says which product holds the value;
    // a validation that carries a typed issue (core/product-issues.ts) says it, and how to fix it.
    const specific =
      e.code === 'CONFLICT' && typeof details.field === 'string'
        ? `error.CONFLICT.${details.field}`
        : e.code === 'VALIDATION' && typeof details.issueCode === 'string'
          ? `issue.${details.issueCode}`
          : null;
    if (specific !== null && specific in fr) {
      const params = detailParams(e.code, details, e.message, lang);
      if (typeof params.tier === 'string' && `tier.${params.tier}` in fr)
        params.tier = translate(lang, `tier.${params.tier}` as MessageKey).toLocaleLowerCase();
      return translate(lang, specific as MessageKey, params);
    }
    const key = `error.${e.code}` as MessageKey;
    if (key in fr) return translate(lang, key, detailParams(e.code, e.details ?? {}, e.message, lang));
    return e.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function useT(): (key: MessageKey, params?: Params) => string {
  const lang = useI18n((s) => s.lang);
  return (key, params) => translate(lang, key, params);
}

export function useLang(): Language {
  return useI18n((s) => s.lang);
}
