import { useState } from 'react';
import { centimesToDecimal, parseDirhams } from '../../core/money';
import type { Unit } from '../../core/quantity';
import { useLang, type Language } from '../i18n';

/**
 * One decimal convention per language in every money or quantity field: French and Arabic show a comma
 * ("55,00"), English a dot ("55.00"). Typing accepts both, and leaving the field rewrites it in the
 * language's form, so a prefilled price and a typed one never sit side by side in two conventions.
 */
export function decimalSeparator(lang: Language): ',' | '.' {
  return lang === 'en' ? '.' : ',';
}

/** Centimes as a field shows them: "1040,00" (fr/ar) or "1040.00" (en), no grouping, no currency. */
export function centimesToInput(centimes: number, lang: Language): string {
  return centimesToDecimal(centimes).replace('.', decimalSeparator(lang));
}

/** Milli-units as a field shows them: "6" pieces, "2,500" kg (fr/ar) or "2.500" kg (en). */
export function milliToInput(milli: number, unit: Unit, lang: Language): string {
  const abs = Math.abs(milli);
  const sign = milli < 0 ? '-' : '';
  if (unit === 'piece' && abs % 1000 === 0) return `${sign}${abs / 1000}`;
  return `${sign}${Math.floor(abs / 1000)}${decimalSeparator(lang)}${String(abs % 1000).padStart(3, '0')}`;
}

/**
 * A typed amount written with the other language's separator ("47.50" in French) rewritten in this
 * language's ("47,50"); anything else is left as typed ("100" stays "100", a bad amount stays visible).
 */
export function normalizeMoneyText(text: string, lang: Language): string {
  const other = decimalSeparator(lang) === ',' ? '.' : ',';
  if (!text.includes(other)) return text;
  const v = parseDirhams(text);
  return v === null ? text : centimesToInput(v, lang);
}

/** A dirham field ("12,50"); the parent keeps the text and reads centimes with `parseDirhams`. */
export function MoneyInput(props: {
  label: string;
  value: string;
  onChange(text: string): void;
  autoFocus?: boolean;
  onEnter?(): void;
  /** A problem the parent found (e.g. the service refused this field): marks the input and says why. */
  error?: string | null;
  testId?: string;
}) {
  const lang = useLang();
  const [id] = useState(() => `money-${Math.random().toString(36).slice(2)}`);
  const invalid = (props.value.trim() !== '' && parseDirhams(props.value) === null) || !!props.error;
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        inputMode="decimal"
        dir="ltr"
        value={props.value}
        aria-invalid={invalid}
        aria-describedby={props.error ? id : undefined}
        autoFocus={props.autoFocus}
        data-autofocus={props.autoFocus ? '' : undefined}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={() => {
          const next = normalizeMoneyText(props.value, lang);
          if (next !== props.value) props.onChange(next);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && props.onEnter) {
            e.preventDefault();
            props.onEnter();
          }
        }}
      />
      {props.error && (
        <small id={id} className="field-error" role="alert">
          {props.error}
        </small>
      )}
    </label>
  );
}
