import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { parseDirhams } from '../../../core/money';
import { PRICE_TIERS } from '../../../core/pricing';
import { parseQuantity } from '../../../core/quantity';
import { call, isApiError } from '../../api/client';
import { centimesToInput, milliToInput, MoneyInput } from '../../components/MoneyInput';
import { Modal } from '../../components/Modal';
import {
  errorText,
  formatMoney,
  formatQuantity,
  translate,
  useLang,
  useT,
  type Language,
  type MessageKey,
} from '../../i18n';
import { fr } from '../../i18n/fr';
import { useUi } from '../../stores/ui';
import { coopNameOf, localName } from '../../i18n/names';
import { ProductsVatMove, ProductVatSection } from './ProductVat';
import { CoopSelect, ErrorLine, Pager, TextField, useCooperatives, useLoad } from './shared';

type Product = ApiOutput<'products.get'>;
type Row = ApiOutput<'products.list'>['rows'][number];
export type CsvRowError = ApiOutput<'products.importCsv'>['errors'][number];

/** Rows of a catalogue page: enough to scan by eye, few enough for a tablet. */
export const PAGE_SIZE = 25;

/** Row errors of a CSV_INVALID answer (details.errors), or null when the error is something else. */
export function csvErrors(err: unknown): CsvRowError[] | null {
  if (!isApiError(err, 'CSV_INVALID')) return null;
  const list = err.details.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (e): e is CsvRowError =>
        typeof e === 'object' && e !== null && typeof (e as CsvRowError).line === 'number',
    )
    .map((e) => ({ ...e, params: typeof e.params === 'object' && e.params !== null ? e.params : {} }));
}

/** A typed issue (core/product-issues.ts) in the user's language; the API's English when it is unknown. */
export function issueText(
  e: { code: string; params: Record<string, string | number>; message: string },
  lang: Language,
) {
  const key = `issue.${e.code}`;
  if (!(key in fr)) return e.message;
  const params = { ...e.params };
  if (typeof params.tier === 'string' && `tier.${params.tier}` in fr)
    params.tier = translate(lang, `tier.${params.tier}` as MessageKey).toLocaleLowerCase();
  return translate(lang, key as MessageKey, params);
}

export default function CatalogScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [query, setQuery] = useState('');
  const [coopId, setCoopId] = useState<number | null>(null);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ApiOutput<'products.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Product | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    // A typed query waits for a pause; the first page, a page turn or a filter loads at once.
    const timer = window.setTimeout(
      () => {
        call('products.list', { query: query.trim(), cooperativeId: coopId, offset, limit: PAGE_SIZE })
          .then((p) => {
            if (!live) return;
            setPage(p);
            setError(null);
          })
          .catch((err: unknown) => live && setError(errorText(err)));
      },
      query.trim() === '' ? 0 : 150,
    );
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [query, coopId, offset, version]);

  const open = (id: number) =>
    call('products.get', { id })
      .then(setEditing)
      .catch((err: unknown) => setError(errorText(err)));

  const rows = page?.rows ?? [];
  const total = page?.total ?? 0;
  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.catalog')}</h1>
      <div className="row">
        <TextField
          label={t('mgr.catalog.search')}
          value={query}
          onChange={(q) => {
            setQuery(q);
            setOffset(0);
          }}
          autoFocus
        />
        <CoopSelect
          value={coopId}
          onChange={(id) => {
            setCoopId(id);
            setOffset(0);
          }}
          cooperatives={cooperatives}
          all
        />
      </div>
      <ErrorLine error={error} />
      {page && rows.length === 0 && <p className="muted">{t('sell.noResults')}</p>}
      {rows.length > 0 && (
        // The table scrolls inside itself on a narrow window: the page and its menu never scroll sideways.
        <div className="catalog-scroll">
          <table className="mgr-table" aria-label={t('nav.catalog')}>
            <thead>
              <tr>
                <th>{t('mgr.product.sku')}</th>
                <th>{t('sell.col.product')}</th>
                <th>{t('mgr.coop')}</th>
                {PRICE_TIERS.map((tier) => (
                  <th key={tier} className="num">
                    {t(`tier.${tier}`)}
                  </th>
                ))}
                <th className="num">{t('mgr.catalog.stock')}</th>
                <th>{t('mgr.catalog.barcodes')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <CatalogRow key={p.id} p={p} lang={lang} onEdit={() => void open(p.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 && (
        <Pager
          offset={offset}
          pageSize={PAGE_SIZE}
          shown={Math.min(total - offset, PAGE_SIZE)}
          total={total}
          onOffset={setOffset}
          labels={{ prev: 'mgr.catalog.prev', next: 'mgr.catalog.next', range: 'mgr.catalog.range' }}
          rangeTestId="catalog-range"
        />
      )}
      {total > 0 && (query.trim() !== '' || coopId !== null) && (
        <ProductsVatMove
          query={query}
          cooperativeId={coopId}
          total={total}
          onMoved={() => setVersion((v) => v + 1)}
        />
      )}
      <CsvImport onImported={() => setVersion((v) => v + 1)} />
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

function CatalogRow({ p, lang, onEdit }: { p: Row; lang: Language; onEdit(): void }) {
  const t = useT();
  const threshold = (min: number | null) =>
    min === null ? null : t('mgr.catalog.from', { qty: formatQuantity(p.unit, min, lang) });
  const tiers = [
    { tier: 'retail', price: p.retailPrice, from: null },
    { tier: 'semi', price: p.semiPrice, from: threshold(p.semiMinQty) },
    { tier: 'wholesale', price: p.wholesalePrice, from: threshold(p.wholesaleMinQty) },
  ];
  return (
    <tr data-testid="catalog-row" className={p.active ? undefined : 'muted'}>
      <td dir="ltr">{p.sku}</td>
      <td>
        {localName(p, lang)}
        {p.origin === 'hq' && (
          <span className="badge" data-testid="origin-hq">
            {t('mgr.catalog.fromHq')}
          </span>
        )}
        {!p.active && <span className="muted"> · {t('mgr.catalog.inactive')}</span>}
      </td>
      <td>{coopNameOf(p, lang)}</td>
      {tiers.map((x) => (
        <td key={x.tier} className="num" data-testid={`price-${x.tier}`}>
          {formatMoney(x.price, lang)}
          {x.from && <div className="muted">{x.from}</div>}
        </td>
      ))}
      <td className="num" data-testid="stock">
        {formatQuantity(p.unit, p.onHand, lang)}
        {p.unit === 'piece' ? ` ${t('unit.piece')}` : ''}
        {p.low && <div className="notice">{t('mgr.catalog.low')}</div>}
      </td>
      <td dir="ltr" data-testid="barcodes">
        {p.barcodes.join(' ')}
      </td>
      <td>
        <button type="button" className="btn btn-small" onClick={onEdit}>
          {t('mgr.edit')}
        </button>
      </td>
    </tr>
  );
}

/** Fields whose input shows the service's refusal under it. */
const SHOWN_AT_FIELD = new Set([
  'retailPrice',
  'semiPrice',
  'wholesalePrice',
  'semiMinQty',
  'wholesaleMinQty',
  'lowStockAlert',
  'barcodes',
]);

/** The field a refusal names (VALIDATION's issue, CONFLICT's field), so the editor shows it there. */
function fieldOf(err: unknown): string | null {
  if (isApiError(err, 'VALIDATION') || isApiError(err, 'CONFLICT')) {
    const field = err.details.field;
    return typeof field === 'string' ? field : null;
  }
  return null;
}

function ProductEditor(props: { product: Product; onClose(): void; onSaved(): void }) {
  const lang = useLang();
  const t = useT();
  const cooperatives = useCooperatives();
  const p = props.product;
  const [nameFr, setNameFr] = useState(p.nameFr);
  const [nameAr, setNameAr] = useState(p.nameAr);
  const [cooperativeId, setCooperativeId] = useState<number | null>(p.cooperativeId);
  const [retail, setRetail] = useState(centimesToInput(p.retailPrice, lang));
  const [semi, setSemi] = useState(centimesToInput(p.semiPrice, lang));
  const [wholesale, setWholesale] = useState(centimesToInput(p.wholesalePrice, lang));
  const qtyText = (milli: number | null) => (milli === null ? '' : milliToInput(milli, p.unit, lang));
  const [semiMin, setSemiMin] = useState(qtyText(p.semiMinQty));
  const [wholesaleMin, setWholesaleMin] = useState(qtyText(p.wholesaleMinQty));
  const [lowAlert, setLowAlert] = useState(qtyText(p.lowStockAlert));
  const [labels, setLabels] = useState(p.qualityLabels.join(', '));
  const [scaleRef, setScaleRef] = useState(p.scaleRef ?? '');
  const [active, setActive] = useState(p.active);
  const [removed, setRemoved] = useState<string[]>([]);
  const [newCodes, setNewCodes] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  // A product from the chain catalogue: HQ decides its fields, and its prices unless HQ allows local ones
  // (db/services/hq-allowance.ts); the editor sends only what the shop may change.
  const { data: hqCatalog } = useLoad(() => call('hq.catalog', {}), []);
  const fromHq = p.origin === 'hq';
  const pricesLocked = fromHq && hqCatalog?.allowance.localPrices === false;

  const prices = [parseDirhams(retail), parseDirhams(semi), parseDirhams(wholesale)];
  const threshold = (text: string) => (text.trim() === '' ? null : parseQuantity(text, p.unit));
  const semiMinQty = threshold(semiMin);
  const wholesaleMinQty = threshold(wholesaleMin);
  const lowStockAlert = threshold(lowAlert);
  const badQty = (text: string, v: number | null) => text.trim() !== '' && v === null;
  const codes = newCodes.split(/[\s,;]+/).filter(Boolean);
  const badCodes = codes.some((c) => !/^\d{8,14}$/.test(c));
  const badScale = scaleRef.trim() !== '' && !/^\d{5}$/.test(scaleRef.trim());
  const ok =
    nameFr.trim() !== '' &&
    cooperativeId !== null &&
    prices.every((v) => v !== null && v >= 0) &&
    !badQty(semiMin, semiMinQty) &&
    !badQty(wholesaleMin, wholesaleMinQty) &&
    !badQty(lowAlert, lowStockAlert) &&
    !badCodes &&
    !badScale;
  const at = (field: string) => (error?.field === field ? error.text : null);

  const save = async () => {
    const [r, s, w] = prices.map((v) => v ?? null);
    if (!ok || r === null || s === null || w === null || cooperativeId === null) return;
    try {
      const hqFields = {
        nameFr: nameFr.trim(),
        nameAr: nameAr.trim(),
        cooperativeId,
        qualityLabels: labels
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        scaleRef: scaleRef.trim() || null,
        active,
        barcodes: codes,
        removeBarcodes: removed,
      };
      const priceFields = { retailPrice: r, semiPrice: s, wholesalePrice: w, semiMinQty, wholesaleMinQty };
      await call('products.update', {
        id: p.id,
        ...(fromHq ? {} : hqFields),
        ...(pricesLocked ? {} : priceFields),
        lowStockAlert,
      });
      useUi.getState().toast('success', t('mgr.saved'));
      props.onSaved();
    } catch (err) {
      const field = fieldOf(err);
      // A barcode conflict names the field "barcode"; the editor's input for new codes is "barcodes".
      setError({ field: field === 'barcode' ? 'barcodes' : field, text: errorText(err) });
    }
  };

  const qtyLabel = (key: 'mgr.product.semiMin' | 'mgr.product.wholesaleMin' | 'mgr.product.lowAlert') =>
    t(key, { unit: t(`unit.${p.unit}`) });
  return (
    <Modal title={`${p.sku} · ${p.nameFr}`} onClose={props.onClose} wide>
      <p className="muted">{t(`unit.${p.unit}`)}</p>
      {fromHq && (
        <p className="notice" data-testid="hq-owned">
          {t(pricesLocked ? 'mgr.catalog.hqOwnedPrices' : 'mgr.catalog.hqOwned')}
        </p>
      )}
      <div className="form-grid">
        {/* Disabled fieldsets grey out what HQ sets; display: contents keeps their inputs in the grid. */}
        <fieldset className="fieldset-contents" disabled={fromHq}>
          <TextField label={t('mgr.product.nameFr')} value={nameFr} onChange={setNameFr} />
          <TextField label={t('mgr.product.nameAr')} value={nameAr} onChange={setNameAr} dir="rtl" />
          <CoopSelect value={cooperativeId} onChange={setCooperativeId} cooperatives={cooperatives} />
        </fieldset>
        <fieldset className="fieldset-contents" disabled={pricesLocked}>
          <MoneyInput
            label={t('tier.retail')}
            value={retail}
            onChange={setRetail}
            error={at('retailPrice')}
          />
          <MoneyInput label={t('tier.semi')} value={semi} onChange={setSemi} error={at('semiPrice')} />
          <MoneyInput
            label={t('tier.wholesale')}
            value={wholesale}
            onChange={setWholesale}
            error={at('wholesalePrice')}
          />
          <QtyField
            label={qtyLabel('mgr.product.semiMin')}
            value={semiMin}
            onChange={setSemiMin}
            invalid={badQty(semiMin, semiMinQty)}
            error={at('semiMinQty')}
          />
          <QtyField
            label={qtyLabel('mgr.product.wholesaleMin')}
            value={wholesaleMin}
            onChange={setWholesaleMin}
            invalid={badQty(wholesaleMin, wholesaleMinQty)}
            error={at('wholesaleMinQty')}
          />
        </fieldset>
        <QtyField
          label={qtyLabel('mgr.product.lowAlert')}
          value={lowAlert}
          onChange={setLowAlert}
          invalid={badQty(lowAlert, lowStockAlert)}
          error={at('lowStockAlert')}
        />
        <fieldset className="fieldset-contents" disabled={fromHq}>
          <TextField label={t('mgr.product.labels')} value={labels} onChange={setLabels} />
          <TextField
            label={t('mgr.product.scaleRef')}
            value={scaleRef}
            onChange={setScaleRef}
            dir="ltr"
            inputMode="numeric"
            invalid={badScale || at('scaleRef') !== null}
          />
          <fieldset className="field" aria-label={t('mgr.catalog.barcodes')}>
            <legend>{t('mgr.catalog.barcodes')}</legend>
            {p.barcodes.length === 0 && <span className="muted">{t('mgr.catalog.noBarcode')}</span>}
            {p.barcodes.map((code) => (
              <label key={code} className="check" dir="ltr">
                <input
                  type="checkbox"
                  checked={!removed.includes(code)}
                  onChange={(e) =>
                    setRemoved((r) => (e.target.checked ? r.filter((c) => c !== code) : [...r, code]))
                  }
                />
                {code}
              </label>
            ))}
          </fieldset>
          <QtyField
            label={t('mgr.catalog.addBarcodes')}
            value={newCodes}
            onChange={setNewCodes}
            invalid={badCodes}
            error={at('barcodes')}
            numeric
          />
          <label className="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
            {t('mgr.active')}
          </label>
        </fieldset>
      </div>
      {/* VAT changes from a day, apart from Save: a move is dated and kept, never an edit of the row. */}
      <ProductVatSection productId={p.id} hqOwned={fromHq} />
      {/* A refusal the editor cannot place under one of its inputs is said once, here. */}
      <ErrorLine error={error && !SHOWN_AT_FIELD.has(error.field ?? '') ? error.text : null} />
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

/** A quantity (or code) field with the service's error under it. */
function QtyField(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  invalid: boolean;
  error: string | null;
  numeric?: boolean;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        value={props.value}
        dir="ltr"
        inputMode={props.numeric ? 'numeric' : 'decimal'}
        aria-invalid={props.invalid || props.error !== null || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <small className="field-error" role="alert">
          {props.error}
        </small>
      )}
    </label>
  );
}

type Phase = 'idle' | 'read' | 'validate' | 'checked' | 'import' | 'done' | 'failed';
/** How far the bar is: a checked file has done 2 of 4 steps and says it waits for "Importer". */
const PHASE_STEP: Record<Exclude<Phase, 'failed'>, number> = {
  idle: 0,
  read: 1,
  validate: 1.5,
  checked: 2,
  import: 3,
  done: 4,
};

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

function CsvImport(props: { onImported(): void }) {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [step, setStep] = useState(0);
  const [rowErrors, setRowErrors] = useState<CsvRowError[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [validated, setValidated] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const go = (p: Exclude<Phase, 'failed'>) => {
    setPhase(p);
    setStep(PHASE_STEP[p]);
  };
  const reset = () => {
    setCsv(null);
    setRowErrors(null);
    setSummary(null);
    setValidated(false);
    setError(null);
    go('idle');
  };

  const failed = (err: unknown) => {
    setRowErrors(csvErrors(err));
    setError(errorText(err));
    setValidated(false);
    // The bar stays where the file was stopped, and says nothing was imported.
    setPhase('failed');
  };

  const dryRun = async () => {
    if (!file || coopId === null) return;
    reset();
    try {
      go('read');
      const text = await readText(file);
      setCsv(text);
      go('validate');
      const res = await call('products.importCsv', { cooperativeId: coopId, csv: text, dryRun: true });
      setSummary(t('mgr.csv.dryRunOk', { rows: res.rows, created: res.created, updated: res.updated }));
      setValidated(true);
      go('checked');
    } catch (err) {
      failed(err);
    }
  };

  const runImport = async () => {
    if (!csv || coopId === null || !validated) return;
    try {
      go('import');
      const res = await call('products.importCsv', { cooperativeId: coopId, csv });
      setSummary(t('mgr.csv.imported', { rows: res.rows, created: res.created, updated: res.updated }));
      setValidated(false);
      go('done');
      props.onImported();
    } catch (err) {
      failed(err);
    }
  };

  const success = phase === 'checked' || phase === 'done';
  return (
    <section className="panel" aria-label={t('mgr.csv.title')}>
      <h2>{t('mgr.csv.title')}</h2>
      <p className="muted">{t('mgr.csv.hint')}</p>
      <p className="muted" data-testid="csv-format">
        {t('mgr.csv.format')}
      </p>
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
        value={step}
        aria-label={t('mgr.csv.progress')}
        aria-valuetext={t(`mgr.csv.phase.${phase}`)}
      />
      <span className="muted" data-testid="csv-phase">
        {' '}
        {t(`mgr.csv.phase.${phase}`)}
      </span>
      {summary && (
        <p className={success ? 'notice notice-success' : 'notice'} role="status">
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
              <tr key={i} data-testid="csv-error" data-code={e.code}>
                <td className="num">{e.line}</td>
                <td dir="ltr">{e.column ?? '—'}</td>
                <td>{issueText(e, lang)}</td>
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
