import { useEffect, useState } from 'react';
import { useT } from '../i18n';

/**
 * A calendar day typed as the app's language writes it, not as the browser's locale does: a native
 * <input type="date"> in Debian's Chromium shows mm/dd/yyyy whatever the page says, so "12/01/2026" reads
 * as 12 January to the manager and is stored as 1 December. Every language here (fr, ar, and en for
 * Morocco) writes dd/mm/yyyy with Latin digits, as core/time.ts formatLocalDate and the receipts do.
 * The value is the ISO day "yyyy-mm-dd" (or '' when empty), what the API takes.
 */

const two = (n: number) => String(n).padStart(2, '0');

/** "2027-08-20" -> "20/08/2027"; anything that is not an ISO day is returned as it is. */
export function isoDayToText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** "20/08/2027", "20-8-2027", "20.08.27" -> "2027-08-20"; null when it is not a real calendar day. */
export function textToIsoDay(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return null;
  return `${year}-${two(month)}-${two(day)}`;
}

export function DateInput(props: {
  label: string;
  /** ISO day or ''. */
  value: string;
  onChange(iso: string): void;
  testId?: string;
  /** In a table cell the column header names the field: the label is then the input's accessible name only. */
  labelHidden?: boolean;
  /** A real day the screen still refuses (one in the future, say): marked like a day that does not exist. */
  invalid?: boolean;
  onEnter?(): void;
}) {
  const t = useT();
  const [text, setText] = useState(isoDayToText(props.value));
  // A new value from the parent (a reset, a prefill) replaces what is shown, unless it is what was typed;
  // the text is deliberately not a dependency, or every keystroke would be rewritten.
  useEffect(() => {
    if (textToIsoDay(text) !== props.value && !(props.value === '' && text.trim() === ''))
      setText(isoDayToText(props.value));
  }, [props.value]);
  const invalid = text.trim() !== '' && textToIsoDay(text) === null;
  const input = (
    <input
      className="date-input"
      type="text"
      inputMode="numeric"
      dir="ltr"
      placeholder={t('date.placeholder')}
      value={text}
      aria-invalid={invalid || props.invalid || undefined}
      data-testid={props.testId}
      aria-label={props.labelHidden ? props.label : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && props.onEnter) {
          e.preventDefault();
          props.onEnter();
        }
      }}
      onChange={(e) => {
        setText(e.target.value);
        const iso = textToIsoDay(e.target.value);
        if (iso !== null) props.onChange(iso);
        else if (e.target.value.trim() === '') props.onChange('');
      }}
      onBlur={() => {
        const iso = textToIsoDay(text);
        if (iso !== null) setText(isoDayToText(iso));
      }}
    />
  );
  if (props.labelHidden) return input;
  return (
    <label className="field">
      <span>{props.label}</span>
      {input}
    </label>
  );
}
