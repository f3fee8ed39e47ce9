import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { centimesToDecimal, parseDirhams } from '../../../core/money';
import { VAT_CODES, type VatCode } from '../../../core/vat';
import { call, isApiError } from '../../api/client';
import { MoneyInput } from '../../components/MoneyInput';
import { Modal } from '../../components/Modal';
import { errorText, formatMoney, useLang, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { coopName, productName } from '../quantity-text';
import { milliToText, parseMilli } from './quantities';
import { CoopSelect, ErrorLine, TextField, useCooperatives } from './shared';

type Hit = ApiOutput<'products.search'>[number];
type Product = ApiOutput<'products.get'>;
export interface CsvRowError {
  line: number;
  column: string | null;
  message: string;
}

/** Row errors of a CSV_INVALID answer (details.errors), or null when the error is something else. */
export function csvErrors(err: unknown): CsvRowError[] | null {
  if (!isApiError(err, 'CSV_INVALID')) return null;
  const list = err.details.errors;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is CsvRowError =>
      typeof e === 'object' && e !== null && typeof (e as CsvRowError).line === 'number',
  );
}

export default function CatalogScreen() {
  const t = useT();
  const lang = useLang();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Product | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setHits([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      call('products.search', { query: q, limit: 100 })
        .then((h) => {
          if (!live) return;
          setHits(h);
          setError(null);
        })
        .catch((err: unknown) => live && setError(errorText(err)));
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, version]);

  const open = (id: number) =>
    call('products.get', { id })
      .then(setEditing)
      .catch((err: unknown) => setError(errorText(err)));

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.catalog')}</h1>
      <TextField label={t('mgr.catalog.search')} value={query} onChange={setQuery} autoFocus />
      <ErrorLine error={error} />
      {query.trim() === '' ? (
        <p className="muted">{t('mgr.catalog.hint')}</p>
      ) : (
        <table className="mgr-table">
          <thead>
            <tr>
              <th>{t('mgr.product.sku')}</th>
              <th>{t('sell.col.product')}</th>
              <th>{t('mgr.coop')}</th>
              <th className="num">{t('tier.retail')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr key={h.id} data-testid="catalog-row">
                <td>{h.sku}</td>
                <td>{productName(h, lang)}</td>
                <td>{coopName(h, lang)}</td>
                <td className="num">{formatMoney(h.retailPrice)}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => void open(h.id)}>
                    {t('mgr.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.trim() !== '' && hits.length === 0 && <p className="muted">{t('sell.noResults')}</p>}
      <CsvImport />
      {editing && (
        <ProductEditor
          product={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </section>
  );
}

function ProductEditor(props: { product: Product; onClose(): void; onSaved(): void }) {
  const lang = useLang();
  const t = useT();
  const p = props.product;
  const [nameFr, setNameFr] = useState(p.nameFr);
  const [nameAr, setNameAr] = useState(p.nameAr);
  const [retail, setRetail] = useState(centimesToDecimal(p.retailPrice));
  const [semi, setSemi] = useState(centimesToDecimal(p.semiPrice));
  const [wholesale, setWholesale] = useState(centimesToDecimal(p.wholesalePrice));
  const [semiMin, setSemiMin] = useState(p.semiMinQty === null ? '' : milliToText(p.semiMinQty, p.unit));
  const [wholesaleMin, setWholesaleMin] = useState(
    p.wholesaleMinQty === null ? '' : milliToText(p.wholesaleMinQty, p.unit),
  );
  const [vatCode, setVatCode] = useState<VatCode>(p.vatCode);
  const [labels, setLabels] = useState(p.qualityLabels.join(', '));
  const [scaleRef, setScaleRef] = useState(p.scaleRef ?? '');
  const [active, setActive] = useState(p.active);
  const [error, setError] = useState<string | null>(null);

  const prices = [parseDirhams(retail), parseDirhams(semi), parseDirhams(wholesale)];
  const threshold = (text: string) => (text.trim() === '' ? null : parseMilli(text, p.unit));
  const semiMinQty = threshold(semiMin);
  const wholesaleMinQty = threshold(wholesaleMin);
  const badThreshold =
    (semiMin.trim() !== '' && semiMinQty === null) ||
    (wholesaleMin.trim() !== '' && wholesaleMinQty === null);
  const badScale = scaleRef.trim() !== '' && !/^\d{5}$/.test(scaleRef.trim());
  const ok = nameFr.trim() !== '' && prices.every((v) => v !== null && v >= 0) && !badThreshold && !badScale;

  const save = async () => {
    const [r, s, w] = prices;
    if (
      !ok ||
      r === null ||
      s === null ||
      w === null ||
      r === undefined ||
      s === undefined ||
      w === undefined
    )
      return;
    try {
      await call('products.update', {
        id: p.id,
        nameFr: nameFr.trim(),
        nameAr: nameAr.trim(),
        retailPrice: r,
        semiPrice: s,
        wholesalePrice: w,
        semiMinQty,
        wholesaleMinQty,
        vatCode,
        qualityLabels: labels
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        scaleRef: scaleRef.trim() || null,
        active,
      });
      useUi.getState().toast('success', t('mgr.saved'));
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Modal title={`${p.sku} · ${p.nameFr}`} onClose={props.onClose} wide>
      <p className="muted">
        {coopName(p, lang)} · {t(`unit.${p.unit}`)} · {p.barcodes.join(' ')}
      </p>
      <div className="form-grid">
        <TextField label={t('mgr.product.nameFr')} value={nameFr} onChange={setNameFr} />
        <TextField label={t('mgr.product.nameAr')} value={nameAr} onChange={setNameAr} dir="rtl" />
        <MoneyInput label={t('tier.retail')} value={retail} onChange={setRetail} />
        <MoneyInput label={t('tier.semi')} value={semi} onChange={setSemi} />
        <MoneyInput label={t('tier.wholesale')} value={wholesale} onChange={setWholesale} />
        <TextField
          label={t('mgr.product.semiMin', { unit: t(`unit.${p.unit}`) })}
          value={semiMin}
          onChange={setSemiMin}
          dir="ltr"
          invalid={semiMin.trim() !== '' && semiMinQty === null}
        />
        <TextField
          label={t('mgr.product.wholesaleMin', { unit: t(`unit.${p.unit}`) })}
          value={wholesaleMin}
          onChange={setWholesaleMin}
          dir="ltr"
          invalid={wholesaleMin.trim() !== '' && wholesaleMinQty === null}
        />
        <label className="field">
          <span>{t('mgr.product.vat')}</span>
          <select value={vatCode} onChange={(e) => setVatCode(e.target.value as VatCode)}>
            {VAT_CODES.map((v) => (
              <option key={v} value={v}>
                {t(`mgr.vat.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <TextField label={t('mgr.product.labels')} value={labels} onChange={setLabels} />
        <TextField
          label={t('mgr.product.scaleRef')}
          value={scaleRef}
          onChange={setScaleRef}
          dir="ltr"
          inputMode="numeric"
          invalid={badScale}
        />
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('mgr.active')}
        </label>
      </div>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ok} onClick={() => void save()}>
          {t('mgr.save')}
        </button>
      </div>
    </Modal>
  );
}

type Phase = 'idle' | 'read' | 'validate' | 'import' | 'done';
const PHASE_STEP: Record<Phase, number> = { idle: 0, read: 1, validate: 2, import: 3, done: 4 };

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

function CsvImport() {
  const t = useT();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [rowErrors, setRowErrors] = useState<CsvRowError[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [validated, setValidated] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setCsv(null);
    setRowErrors(null);
    setSummary(null);
    setValidated(false);
    setError(null);
    setPhase('idle');
  };

  const fail = (err: unknown) => {
    const rows = csvErrors(err);
    setRowErrors(rows);
    setError(errorText(err));
    setValidated(false);
  };

  const dryRun = async () => {
    if (!file || coopId === null) return;
    reset();
    try {
      setPhase('read');
      const text = await readText(file);
      setCsv(text);
      setPhase('validate');
      const res = await call('products.importCsv', { cooperativeId: coopId, csv: text, dryRun: true });
      setSummary(t('mgr.csv.dryRunOk', { rows: res.rows, created: res.created, updated: res.updated }));
      setValidated(true);
      setPhase('validate');
    } catch (err) {
      fail(err);
    }
  };

  const runImport = async () => {
    if (!csv || coopId === null || !validated) return;
    try {
      setPhase('import');
      const res = await call('products.importCsv', { cooperativeId: coopId, csv });
      setSummary(t('mgr.csv.imported', { rows: res.rows, created: res.created, updated: res.updated }));
      setValidated(false);
      setPhase('done');
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section className="panel" aria-label={t('mgr.csv.title')}>
      <h2>{t('mgr.csv.title')}</h2>
      <p className="muted">{t('mgr.csv.hint')}</p>
      <div className="row">
        <CoopSelect
          value={coopId}
          onChange={(id) => {
            setCoopId(id);
            reset();
          }}
          cooperatives={cooperatives}
        />
        <label className="field">
          <span>{t('mgr.csv.file')}</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
            }}
          />
        </label>
      </div>
      <progress
        className="phase-progress"
        max={4}
        value={PHASE_STEP[phase]}
        aria-label={t('mgr.csv.progress')}
        aria-valuetext={t(`mgr.csv.phase.${phase}`)}
      />
      <span className="muted"> {t(`mgr.csv.phase.${phase}`)}</span>
      {summary && (
        <p className="notice" role="status">
          {summary}
        </p>
      )}
      <ErrorLine error={error} />
      {rowErrors && rowErrors.length > 0 && (
        <table className="mgr-table" aria-label={t('mgr.csv.report')}>
          <thead>
            <tr>
              <th className="num">{t('mgr.csv.line')}</th>
              <th>{t('mgr.csv.column')}</th>
              <th>{t('mgr.csv.message')}</th>
            </tr>
          </thead>
          <tbody>
            {rowErrors.map((e, i) => (
              <tr key={i} data-testid="csv-error">
                <td className="num">{e.line}</td>
                <td dir="ltr">{e.column ?? '—'}</td>
                <td dir="ltr">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={!file || coopId === null}
          onClick={() => void dryRun()}
        >
          {t('mgr.csv.check')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!validated}
          onClick={() => void runImport()}
        >
          {t('mgr.csv.import')}
        </button>
      </div>
    </section>
  );
}
