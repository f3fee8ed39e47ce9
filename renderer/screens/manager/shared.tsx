import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { errorText, useLang, useT } from '../../i18n';

export type Cooperative = ApiOutput<'cooperatives.list'>[number];

/** Loads once, with the error as a translated sentence; `reload` after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    run()
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, reload, setData };
}

export function useCooperatives(): Cooperative[] {
  const { data } = useLoad(() => call('cooperatives.list', {}), []);
  return data ?? [];
}

export function coopName(c: { nameFr: string; nameAr: string }, lang: string): string {
  return lang === 'ar' && c.nameAr.trim() !== '' ? c.nameAr : c.nameFr;
}

/** A cooperative picker; `all` adds an "all cooperatives" choice (value null). */
export function CoopSelect(props: {
  value: number | null;
  onChange(id: number | null): void;
  cooperatives: Cooperative[];
  all?: boolean;
  label?: string;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <label className="field">
      <span>{props.label ?? t('mgr.coop')}</span>
      <select
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{props.all ? t('mgr.coop.all') : t('mgr.coop.pick')}</option>
        {props.cooperatives.map((c) => (
          <option key={c.id} value={c.id}>
            {coopName(c, lang)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  type?: string;
  invalid?: boolean;
  dir?: 'ltr' | 'rtl' | 'auto';
  inputMode?: 'numeric' | 'decimal' | 'text';
  autoFocus?: boolean;
  onEnter?(): void;
  children?: ReactNode;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type={props.type ?? 'text'}
        value={props.value}
        dir={props.dir}
        inputMode={props.inputMode}
        aria-invalid={props.invalid || undefined}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && props.onEnter) {
            e.preventDefault();
            props.onEnter();
          }
        }}
      />
      {props.children}
    </label>
  );
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Opens a document in a new tab where the host allows it, and downloads it otherwise (Electron
 * blocks popups). The blob URL outlives the click long enough for either.
 */
export function openDocument(data: Uint8Array<ArrayBuffer> | string, type: string, filename: string): void {
  const blob = new Blob([data], { type });
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(blob);
  const tab = type === 'application/pdf' ? window.open(url, '_blank', 'noopener') : null;
  if (!tab) {
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
  }
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function openPdf(base64: string, filename: string): void {
  openDocument(base64ToBytes(base64), 'application/pdf', filename);
}

/** Basis points as a percent for display and forms: 2500 -> "25", 1250 -> "12,5". */
export function bpToPercentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  return frac === 0 ? String(whole) : `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** "25" or "12,5" percent -> basis points, integers only; null when malformed or over 100 %. */
export function percentTextToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}
