import { Fragment, useEffect, useState } from 'react';
import type { ApiInput, ApiOutput } from '../../../api/contract';
import { PRICE_TIERS } from '../../../core/pricing';
import { parseQuantity } from '../../../core/quantity';
import { formatLocalDate } from '../../../core/time';
import { call } from '../../api/client';
import { canStreamExports, fetchExport } from '../../api/export';
import { Modal } from '../../components/Modal';
import { errorText, formatMoney, formatQuantity, useLang, useT, type MessageKey } from '../../i18n';
import { newClientId } from '../../stores/client-id';
import { shopOffsetAt } from '../../stores/clock';
import { useUi } from '../../stores/ui';
import { coopNameOf, localName } from '../../i18n/names';
import { casablancaDate, addDays } from './casablanca-time';
import { downloadFile, openReturnNote } from './documents';
import { certificateKindText } from './CertificateEditor';
import { EXPIRING_SOON_DAYS } from './Certificates';
import { StockShortfalls } from './StockShortfalls';
import { CoopSelect, ErrorLine, Pager, SelectField, TextField, useCooperatives, useLoad } from './shared';

type Row = ApiOutput<'stock.page'>['rows'][number];
type Lot = ApiOutput<'stock.lots'>[number];
type Query = ApiInput<'stock.page'>;
type Sort = NonNullable<Query['sort']>;
const ADJUST_REASONS = ['count', 'damaged', 'expired', 'theft', 'sample', 'other'] as const;
type AdjustReason = (typeof ADJUST_REASONS)[number];
const SLOW_AFTER_DAYS = 30;
const EXPIRY_WARNING_DAYS = 30;
const PAGE_SIZE = 50;
const EXPIRY_CHOICES = [7, 30, 90] as const;
const SLOW_CHOICES = [30, 60, 90] as const;

/** 'expired', 'soon' (within 30 days) or null, comparing Casablanca calendar dates as text. */
export function expiryState(bestBefore: string | null, now: number): 'expired' | 'soon' | null {
  if (!bestBefore) return null;
  const today = casablancaDate(now);
  if (bestBefore < today) return 'expired';
  return bestBefore <= addDays(today, EXPIRY_WARNING_DAYS) ? 'soon' : null;
}

/** How urgent a best-before is, from the station's count of shop days left: each grade has its colour. */
export function expiryGrade(daysLeft: number | null): 'expired' | 'week' | 'month' | null {
  if (daysLeft === null) return null;
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= 7) return 'week';
  return daysLeft <= 30 ? 'month' : null;
}

export function isSlowMover(row: Pick<Row, 'soldLast30Days' | 'ageDays'>): boolean {
  return row.soldLast30Days === 0 && row.ageDays !== null && row.ageDays > SLOW_AFTER_DAYS;
}

/** "2027-01-31" (a shop calendar day, no time zone involved) as the screens show dates: "31/01/2027". */
function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

function DaysLeft({ days }: { days: number | null }) {
  const t = useT();
  const grade = expiryGrade(days);
  if (days === null || grade === null) return null;
  const text =
    days < 0
      ? t('mgr.stock.expiredSince', { n: -days })
      : days === 0
        ? t('mgr.stock.lastDay')
        : t('mgr.stock.daysLeft', { n: days });
  return (
    <span className={`badge expiry-badge expiry-${grade}`} data-testid="stock-days-left">
      {text}
    </span>
  );
}

export default function StockScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [expiring, setExpiring] = useState<number | null>(null);
  const [slow, setSlow] = useState<number | null>(null);
  const [belowText, setBelowText] = useState('');
  const [lowStock, setLowStock] = useState(false);
  const [sort, setSort] = useState<Sort>('name');
  const [dir, setDir] = useState<'asc' | 'desc'>('asc');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  // Typing settles before the list is asked again: one query per pause, not per key.
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(searchText.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [searchText]);
  const belowNumber = belowText.trim() === '' ? null : Number(belowText.replace(',', '.'));
  const belowQty =
    belowNumber !== null && Number.isFinite(belowNumber) && belowNumber > 0
      ? Math.round(belowNumber * 1000)
      : null;
  const filter = {
    cooperativeId: coopId,
    search: search || null,
    expiringWithinDays: expiring,
    slowDays: slow,
    belowQty,
    lowStock: lowStock || undefined,
    sort,
    dir,
  } satisfies Query;
  const key = JSON.stringify(filter);
  useEffect(() => setOffset(0), [key]);
  const { data, error, reload } = useLoad(
    () => call('stock.page', { ...filter, offset, limit: PAGE_SIZE }),
    [key, offset],
  );
  const [returning, setReturning] = useState<Row | null>(null);
  const [adjusting, setAdjusting] = useState<Row | null>(null);
  const rows = data?.rows ?? [];
  const total = data?.total ?? 0;
  // The page's certificate flags (expired, not yet valid, to complete), asked once per page of rows.
  const pageIds = [...new Set(rows.map((r) => r.productId))];
  const flags = useLoad(
    () => (pageIds.length ? call('certificates.flags', { productIds: pageIds }) : Promise.resolve([])),
    [pageIds.join(',')],
  );
  const flagsOf = (productId: number) => (flags.data ?? []).filter((w) => w.productId === productId);
  // Certificates still valid but ending soon, asked once: the renewal can be asked for before the labels
  // lose the sign (an ONSSA authorisation lists no products: it covers all its cooperative's).
  const ending = useLoad(() => call('certificates.expiring', { days: EXPIRING_SOON_DAYS }), []);
  const endingOf = (r: Row) =>
    (ending.data ?? []).filter(
      (c) =>
        c.status === 'valid' &&
        c.daysLeft >= 0 &&
        (c.productIds.length === 0
          ? c.cooperativeId === r.cooperativeId
          : c.productIds.includes(r.productId)),
    );
  const kindText = (kind: string) => certificateKindText(t, kind);

  const sortBy = (next: Sort) => {
    if (next === sort) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(next);
      // Biggest first is what a manager looks for in quantities, values, ages and sales.
      setDir(next === 'name' || next === 'cooperative' || next === 'bestBefore' ? 'asc' : 'desc');
    }
  };
  const header = (col: Sort, label: string, numeric = false) => (
    <th
      className={numeric ? 'num' : undefined}
      aria-sort={sort === col ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => sortBy(col)}>
        {label}
        {sort === col && <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </button>
    </th>
  );

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const file = await fetchExport('stock.export', filter);
      downloadFile(file.bytes, file.type, file.fileName);
    } catch (err) {
      setExportError(errorText(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="screen mgr-screen stock-screen">
      <h1>{t('nav.stock')}</h1>
      <div className="row stock-filters">
        <TextField label={t('mgr.stock.search')} value={searchText} onChange={setSearchText} />
        <CoopSelect value={coopId} onChange={setCoopId} cooperatives={cooperatives} all />
        <SelectField
          label={t('mgr.stock.expiring')}
          value={expiring}
          onChange={setExpiring}
          options={[
            { value: null, label: t('mgr.stock.anyDate') },
            ...EXPIRY_CHOICES.map((n) => ({ value: n, label: t('mgr.stock.withinDays', { n }) })),
          ]}
        />
        <SelectField
          label={t('mgr.stock.noSaleFor')}
          value={slow}
          onChange={setSlow}
          options={[
            { value: null, label: t('mgr.stock.anyDate') },
            ...SLOW_CHOICES.map((n) => ({ value: n, label: t('mgr.stock.days', { n }) })),
          ]}
        />
        <TextField
          label={t('mgr.stock.below')}
          value={belowText}
          onChange={setBelowText}
          inputMode="decimal"
          dir="ltr"
          invalid={belowText.trim() !== '' && belowQty === null}
        />
        <label className="field field-check">
          <input type="checkbox" checked={lowStock} onChange={(e) => setLowStock(e.target.checked)} />
          <span>{t('mgr.stock.lowOnly')}</span>
        </label>
        <button type="button" className="btn" onClick={reload}>
          {t('cash.refresh')}
        </button>
        {canStreamExports() && (
          <button type="button" className="btn" disabled={exporting} onClick={() => void exportCsv()}>
            {t('mgr.stock.export')}
          </button>
        )}
      </div>
      <ErrorLine error={error ?? exportError} />
      <StockShortfalls
        reloadKey={data}
        onCount={(r) => {
          setCoopId(r.cooperativeId);
          setSearchText(r.sku);
        }}
      />
      <table className="mgr-table stock-table">
        <thead>
          <tr>
            {header('name', t('sell.col.product'))}
            {header('cooperative', t('mgr.coop'))}
            {header('onHand', t('mgr.stock.onHand'), true)}
            {header('value', t('mgr.stock.value'), true)}
            {header('age', t('mgr.stock.ageShort'), true)}
            {header('bestBefore', t('mgr.stock.bb'))}
            {header('sold30', t('mgr.stock.sold30'), true)}
            <th>
              <span className="visually-hidden">{t('mgr.stock.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const rowKey = `${r.productId}-${r.cooperativeId}`;
            const grade = expiryGrade(r.bestBeforeDaysLeft);
            const slowMover = isSlowMover(r);
            return (
              <Fragment key={rowKey}>
                <tr data-testid="stock-row" className={slowMover ? 'slow-mover' : undefined}>
                  <td>
                    <span className="stock-name">{localName(r, lang)}</span>{' '}
                    <span className="muted stock-sku" dir="ltr">
                      {r.sku}
                    </span>
                    {slowMover && <span className="badge badge-warn">{t('mgr.stock.slow')}</span>}
                    {flagsOf(r.productId).map((w) => (
                      <span
                        key={w.certificateId}
                        className="badge badge-warn"
                        data-testid="stock-certificate"
                        title={t(`certificate.status.${w.status}`)}
                      >
                        {t('mgr.stock.certificateBadge', {
                          kind: kindText(w.kind),
                          status: t(`certificate.status.${w.status}`),
                        })}
                      </span>
                    ))}
                    {endingOf(r).map((c) => (
                      <span
                        key={c.id}
                        className="badge badge-warn"
                        data-testid="stock-certificate"
                        data-status="expiring"
                      >
                        {t('mgr.stock.certificateBadge', {
                          kind: kindText(c.kind),
                          status: t('mgr.cert.expiresIn', { count: c.daysLeft }),
                        })}
                      </span>
                    ))}
                    {r.lowStockAlert !== null && r.onHand <= r.lowStockAlert && (
                      <span className="badge badge-low" data-testid="stock-low">
                        {t('mgr.stock.lowBadge')}
                      </span>
                    )}
                  </td>
                  <td>{coopNameOf(r, lang)}</td>
                  <td className="num" data-testid="stock-onhand">
                    {formatQuantity(r.unit, r.onHand)}
                  </td>
                  <td className="num">{formatMoney(r.value.retail)}</td>
                  <td className="num">{r.ageDays ?? '—'}</td>
                  <td className={grade ? `expiry-${grade}` : undefined} data-testid="stock-bb">
                    <span dir="ltr">{r.nearestBestBefore ? dayText(r.nearestBestBefore) : '—'}</span>
                    <DaysLeft days={r.bestBeforeDaysLeft} />
                  </td>
                  <td className="num">{formatQuantity(r.unit, r.soldLast30Days)}</td>
                  <td className="line-actions stock-actions">
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-expanded={open === rowKey}
                      onClick={() => setOpen(open === rowKey ? null : rowKey)}
                    >
                      {t('mgr.stock.lots')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={t('mgr.stock.return')}
                      onClick={() => setReturning(r)}
                    >
                      {t('mgr.stock.returnShort')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setAdjusting(r)}>
                      {t('mgr.stock.adjust')}
                    </button>
                  </td>
                </tr>
                {open === rowKey && (
                  <tr className="stock-lots-row">
                    <td colSpan={8}>
                      <LotsTable row={r} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('common.total')}</th>
            <th colSpan={5} className="stock-totals">
              {PRICE_TIERS.map((tier) => (
                <span key={tier} data-testid={`stock-total-${tier}`}>
                  {t(`tier.${tier}`)} {formatMoney(data?.value[tier] ?? 0)}
                </span>
              ))}
            </th>
          </tr>
        </tfoot>
      </table>
      {data && rows.length === 0 && <p className="muted">{t('mgr.stock.empty')}</p>}
      <Pager
        offset={offset}
        pageSize={PAGE_SIZE}
        shown={rows.length}
        total={total}
        onOffset={setOffset}
        labels={{ prev: 'mgr.stock.prev', next: 'mgr.stock.next', range: 'mgr.stock.pageOf' }}
        rangeTestId="stock-page-info"
      />
      {returning && (
        <ReturnDialog
          row={returning}
          onClose={() => setReturning(null)}
          onDone={() => {
            setReturning(null);
            reload();
          }}
        />
      )}
      {adjusting && (
        <AdjustDialog
          row={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

/** A lot's key among a product's lots: delivery lines and transfers received are numbered apart. */
function lotKey(lot: Lot): string {
  return `${lot.source}:${lot.deliveryLineId}`;
}

function lotLabel(lot: Lot, t: ReturnType<typeof useT>): string {
  return lot.lot.trim() === '' ? t('mgr.stock.lotNone') : lot.lot;
}

/** The lots received of a row's product from its cooperative, with what is left of each (first in, first out). */
function LotsTable({ row }: { row: Row }) {
  const t = useT();
  const { data, error } = useLoad(
    () => call('stock.lots', { productId: row.productId, cooperativeId: row.cooperativeId }),
    [row.productId, row.cooperativeId],
  );
  if (error) return <ErrorLine error={error} />;
  if (!data) return null;
  if (data.length === 0) return <p className="muted">{t('mgr.stock.noLots')}</p>;
  return (
    <table className="mgr-table stock-lots" data-testid="stock-lots">
      <thead>
        <tr>
          <th>{t('mgr.receive.lot')}</th>
          <th>{t('mgr.stock.lotNote')}</th>
          <th>{t('mgr.stock.lotReceivedAt')}</th>
          <th>{t('mgr.stock.bb')}</th>
          <th className="num">{t('mgr.stock.lotReceived')}</th>
          <th className="num">{t('mgr.stock.onHand')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((lot) => (
          <tr key={lotKey(lot)} className={lot.onHand === 0 ? 'muted' : undefined} data-testid="stock-lot">
            <td dir="auto">{lotLabel(lot, t)}</td>
            <td dir="auto">
              {lot.source === 'transfer'
                ? t('mgr.stock.lotTransfer', { shop: lot.fromShop ?? '' })
                : lot.noteRef}
            </td>
            <td dir="ltr">{formatLocalDate(lot.receivedAt, shopOffsetAt(lot.receivedAt))}</td>
            <td className={expiryGrade(lot.daysLeft) ? `expiry-${expiryGrade(lot.daysLeft)}` : undefined}>
              <span dir="ltr">{lot.bestBefore ? dayText(lot.bestBefore) : '—'}</span>
              {lot.onHand > 0 && <DaysLeft days={lot.daysLeft} />}
            </td>
            <td className="num">{formatQuantity(row.unit, lot.received)}</td>
            <td className="num">{formatQuantity(row.unit, lot.onHand)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReturnDialog(props: { row: Row; onClose(): void; onDone(): void }) {
  const t = useT();
  const lang = useLang();
  const { row } = props;
  const lots = useLoad(
    () => call('stock.lots', { productId: row.productId, cooperativeId: row.cooperativeId }),
    [row.productId, row.cooperativeId],
  );
  const onShelf = (lots.data ?? []).filter((l) => l.onHand > 0);
  // The lot nearest its best-before first: expiring goods are what goes back.
  const choices = [...onShelf].sort(
    (a, b) => (a.bestBefore ?? '9999').localeCompare(b.bestBefore ?? '9999') || a.receivedAt - b.receivedAt,
  );
  const [lotId, setLotId] = useState<string | null>(null);
  const lot = choices.find((l) => lotKey(l) === lotId) ?? choices[0] ?? null;
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [returnId, setReturnId] = useState<number | null>(null);
  const [clientId] = useState(newClientId);
  const quantity = parseQuantity(qty, row.unit);
  const max = Math.min(row.onHand, lot?.onHand ?? row.onHand);
  const ok = quantity !== null && quantity <= max && reason.trim() !== '' && lots.data !== null;

  const submit = async () => {
    if (!ok || quantity === null) return;
    try {
      const res = await call('stock.returnToCooperative', {
        clientId,
        cooperativeId: row.cooperativeId,
        reason: reason.trim(),
        lines: [
          { productId: row.productId, quantity, ...(lot && lot.lot.trim() ? { lot: lot.lot.trim() } : {}) },
        ],
      });
      useUi.getState().toast('success', t('mgr.stock.returned', { id: res.returnId }));
      setReturnId(res.returnId);
    } catch (err) {
      setError(errorText(err));
    }
  };

  if (returnId !== null) {
    return (
      <Modal title={t('mgr.stock.returned', { id: returnId })} onClose={props.onDone}>
        <ErrorLine error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={props.onDone}>
            {t('common.close')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => openReturnNote(returnId).catch((err: unknown) => setError(errorText(err)))}
          >
            {t('mgr.stock.returnNote')}
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      title={t('mgr.stock.returnTitle', { name: localName(row, lang), coop: coopNameOf(row, lang) })}
      onClose={props.onClose}
    >
      <p>
        {t('mgr.stock.onHand')}: {formatQuantity(row.unit, row.onHand)}
      </p>
      <ErrorLine error={lots.error} />
      {choices.length > 0 && (
        <label className="field">
          <span>{t('mgr.stock.lotPick')}</span>
          <select
            value={lot ? lotKey(lot) : ''}
            onChange={(e) => setLotId(e.target.value)}
            data-testid="return-lot"
          >
            {choices.map((l) => (
              <option key={lotKey(l)} value={lotKey(l)}>
                {lotLabel(l, t)} · {l.bestBefore ? dayText(l.bestBefore) : '—'} ·{' '}
                {formatQuantity(row.unit, l.onHand)} {t(`unit.${row.unit}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <TextField
        label={t('mgr.stock.qtyIn', { unit: t(`unit.${row.unit}`) })}
        value={qty}
        onChange={setQty}
        inputMode="decimal"
        dir="ltr"
        invalid={qty.trim() !== '' && (quantity === null || quantity > max)}
      />
      <TextField
        label={t('returns.reason')}
        value={reason}
        onChange={setReason}
        onEnter={() => void submit()}
        // Why the button is greyed out once a quantity is there: the reason is what the return note prints.
        hint={{
          id: 'return-reason-hint',
          text: quantity !== null && reason.trim() === '' ? t('mgr.return.reasonHint') : null,
        }}
      />
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ok} onClick={() => void submit()}>
          {t('mgr.stock.return')}
        </button>
      </div>
    </Modal>
  );
}
function AdjustDialog(props: { row: Row; onClose(): void; onDone(): void }) {
  const t = useT();
  const lang = useLang();
  const { row } = props;
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState<AdjustReason>('count');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const quantity = parseQuantity(qty, row.unit, true);
  const ok = quantity !== null && quantity !== 0 && row.onHand + quantity >= 0;

  const submit = async () => {
    if (!ok || quantity === null) return;
    try {
      const res = await call('stock.adjust', {
        productId: row.productId,
        cooperativeId: row.cooperativeId,
        quantity,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      useUi
        .getState()
        .toast('success', t('mgr.stock.adjusted', { qty: formatQuantity(row.unit, res.onHand) }));
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Modal title={t('mgr.stock.adjustTitle', { name: localName(row, lang) })} onClose={props.onClose}>
      <p>
        {t('mgr.stock.onHand')}: {formatQuantity(row.unit, row.onHand)}
        {quantity !== null && ok && <> → {formatQuantity(row.unit, row.onHand + quantity)}</>}
      </p>
      <TextField
        label={t('mgr.stock.adjustQty', { unit: t(`unit.${row.unit}`) })}
        value={qty}
        onChange={setQty}
        dir="ltr"
        invalid={qty.trim() !== '' && !ok}
      />
      <SelectField
        label={t('returns.reason')}
        value={reason}
        onChange={setReason}
        options={ADJUST_REASONS.map((r) => ({ value: r, label: t(`mgr.adjust.${r}` as MessageKey) }))}
      />
      <TextField label={t('mgr.note')} value={note} onChange={setNote} onEnter={() => void submit()} />
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ok} onClick={() => void submit()}>
          {t('mgr.stock.adjust')}
        </button>
      </div>
    </Modal>
  );
}
