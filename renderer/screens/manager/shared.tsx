import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { errorText, useLang, useT, type MessageKey } from '../../i18n';
import { localName } from '../../i18n/names';

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

/** One choice of a SelectField: its value (null for "any" / "none") and the words shown. */
export interface SelectOption<T> {
  value: T;
  label: string;
}

/**
 * A labelled drop-down of typed values: the select's strings are only its own business, so a number or a
 * null ("any") comes back as it went in.
 */
export function SelectField<T extends string | number | null>(props: {
  label: string;
  value: T;
  // Typed by `value` alone: a state setter (which also takes a function) would widen T otherwise.
  onChange(value: NoInfer<T>): void;
  options: readonly SelectOption<NoInfer<T>>[];
  /** The dialog's first field: a Modal focuses it on opening (it looks for inputs and buttons otherwise). */
  autoFocus?: boolean;
}) {
  const key = (v: T) => (v === null ? '' : String(v));
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        value={key(props.value)}
        data-autofocus={props.autoFocus ? '' : undefined}
        onChange={(e) => {
          const chosen = props.options.find((o) => key(o.value) === e.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {props.options.map((o) => (
          <option key={key(o.value)} value={key(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A cooperative picker; `all` adds an "all cooperatives" choice (value null). */
export function CoopSelect(props: {
  value: number | null;
  onChange(id: number | null): void;
  cooperatives: Cooperative[];
  all?: boolean;
  label?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <SelectField
      label={props.label ?? t('mgr.coop')}
      value={props.value}
      onChange={props.onChange}
      autoFocus={props.autoFocus}
      options={[
        { value: null, label: props.all ? t('mgr.coop.all') : t('mgr.coop.pick') },
        ...props.cooperatives.map((c) => ({ value: c.id, label: localName(c, lang) })),
      ]}
    />
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
  /**
   * What is missing before the form can go on (text null: nothing now), shown under the field and read as
   * its description. Outside the label, so the field's name stays its label alone.
   */
  hint?: { id: string; text: string | null } | undefined;
  children?: ReactNode;
}) {
  const field = (
    <label className="field">
      <span>{props.label}</span>
      <input
        type={props.type ?? 'text'}
        value={props.value}
        dir={props.dir}
        inputMode={props.inputMode}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.hint?.text ? props.hint.id : undefined}
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
  // The wrapper is there whether or not a hint shows, so the input is never remounted (and never loses
  // the focus) as the hint comes and goes while typing.
  if (!props.hint) return field;
  return (
    <div className="field-group">
      {field}
      {props.hint.text && <FieldHint id={props.hint.id} text={props.hint.text} />}
    </div>
  );
}

/**
 * Previous / "from–to of total" / next under a paged list (catalogue, stock, deliveries). `shown` is the number of
 * rows on the page now; each screen keeps its own words (`labels`) and the range's test id.
 */
export function Pager(props: {
  offset: number;
  pageSize: number;
  shown: number;
  total: number;
  onOffset(offset: number): void;
  labels: { prev: MessageKey; next: MessageKey; range: MessageKey };
  rangeTestId?: string;
}) {
  const t = useT();
  const { offset, pageSize, total } = props;
  return (
    <div className="pager">
      <button
        type="button"
        className="btn"
        disabled={offset === 0}
        onClick={() => props.onOffset(Math.max(0, offset - pageSize))}
      >
        {t(props.labels.prev)}
      </button>
      <span data-testid={props.rangeTestId}>
        {t(props.labels.range, { from: total === 0 ? 0 : offset + 1, to: offset + props.shown, total })}
      </span>
      <button
        type="button"
        className="btn"
        disabled={offset + pageSize >= total}
        onClick={() => props.onOffset(offset + pageSize)}
      >
        {t(props.labels.next)}
      </button>
    </div>
  );
}

/** The sentence at a field saying why the button it feeds is greyed out (aria-describedby points here). */
/** A product found by the manager screens' search box. */
export type ProductHit = ApiOutput<'products.search'>[number];

/**
 * The search box of the screens that add products to a list (Receive, Transfers): type or scan, Enter takes
 * the highlighted hit (or the scanned code), arrows move the highlight, a click picks. The screen keeps the
 * query, the hits and the highlight, since what Enter does with a code is its own.
 */
export function ProductSearchBox(props: {
  label: string;
  query: string;
  onQuery: (query: string) => void;
  hits: readonly ProductHit[];
  active: number;
  onActive: (update: (index: number) => number) => void;
  onEnter: () => void;
  onPick: (hit: ProductHit) => void;
  children?: ReactNode;
}) {
  const lang = useLang();
  const { hits, active, onActive } = props;
  return (
    <div className="search-box">
      <label className="field grow">
        <span>{props.label}</span>
        <input
          className="search-input"
          value={props.query}
          onChange={(e) => props.onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              props.onEnter();
            } else if (e.key === 'ArrowDown' && hits.length > 0) {
              e.preventDefault();
              onActive((i) => Math.min(hits.length - 1, i + 1));
            } else if (e.key === 'ArrowUp' && hits.length > 0) {
              e.preventDefault();
              onActive((i) => Math.max(0, i - 1));
            }
          }}
        />
      </label>
      {hits.length > 0 && (
        <ul className="pick-list" role="listbox" aria-label={props.label}>
          {hits.map((h, i) => (
            <li key={h.id}>
              <button
                type="button"
                className={i === active ? 'pick pick-active' : 'pick'}
                role="option"
                aria-selected={i === active}
                onClick={() => props.onPick(h)}
              >
                {localName(h, lang)} <span className="muted">{h.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.children}
    </div>
  );
}

export function FieldHint(props: { id: string; text: string }) {
  return (
    <span className="field-hint" id={props.id}>
      {props.text}
    </span>
  );
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
