import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { PRICE_TIERS } from '../../../core/pricing';
import { call } from '../../api/client';
import { Modal } from '../../components/Modal';
import { errorText, formatMoney, formatQuantity, useLang, useT, type MessageKey } from '../../i18n';
import { newClientId } from '../../stores/client-id';
import { useUi } from '../../stores/ui';
import { coopName, productName } from '../quantity-text';
import { casablancaDate, addDays } from './casablanca-time';
import { openReturnNote } from './documents';
import { parseMilli } from './quantities';
import { CoopSelect, ErrorLine, TextField, useCooperatives, useLoad } from './shared';

type Row = ApiOutput<'stock.onHand'>[number];
const ADJUST_REASONS = ['count', 'damaged', 'expired', 'theft', 'sample', 'other'] as const;
type AdjustReason = (typeof ADJUST_REASONS)[number];
const SLOW_AFTER_DAYS = 30;
const EXPIRY_WARNING_DAYS = 30;

/** 'expired', 'soon' (within 30 days) or null, comparing Casablanca calendar dates as text. */
export function expiryState(bestBefore: string | null, now: number): 'expired' | 'soon' | null {
  if (!bestBefore) return null;
  const today = casablancaDate(now);
  if (bestBefore < today) return 'expired';
  return bestBefore <= addDays(today, EXPIRY_WARNING_DAYS) ? 'soon' : null;
}

export function isSlowMover(row: Pick<Row, 'soldLast30Days' | 'ageDays'>): boolean {
  return row.soldLast30Days === 0 && row.ageDays !== null && row.ageDays > SLOW_AFTER_DAYS;
}

export default function StockScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const { data, error, reload } = useLoad(() => call('stock.onHand', { cooperativeId: coopId }), [coopId]);
  const [returning, setReturning] = useState<Row | null>(null);
  const [adjusting, setAdjusting] = useState<Row | null>(null);
  const now = Date.now();
  const rows = data ?? [];
  const totals = { retail: 0, semi: 0, wholesale: 0 };
  for (const r of rows) for (const tier of PRICE_TIERS) totals[tier] += r.value[tier];

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.stock')}</h1>
      <div className="row">
        <CoopSelect value={coopId} onChange={setCoopId} cooperatives={cooperatives} all />
        <button type="button" className="btn" onClick={reload}>
          {t('cash.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('sell.col.product')}</th>
            <th>{t('mgr.coop')}</th>
            <th className="num">{t('mgr.stock.onHand')}</th>
            {PRICE_TIERS.map((tier) => (
              <th key={tier} className="num">
                {t(`tier.${tier}`)}
              </th>
            ))}
            <th className="num">{t('mgr.stock.age')}</th>
            <th>{t('mgr.receive.bestBefore')}</th>
            <th className="num">{t('mgr.stock.sold30')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const expiry = expiryState(r.nearestBestBefore, now);
            const slow = isSlowMover(r);
            return (
              <tr
                key={`${r.productId}-${r.cooperativeId}`}
                data-testid="stock-row"
                className={slow ? 'slow-mover' : undefined}
              >
                <td>
                  {productName(r, lang)} <span className="muted">{r.sku}</span>
                  {slow && <span className="badge badge-warn">{t('mgr.stock.slow')}</span>}
                </td>
                <td>{coopName(r, lang)}</td>
                <td className="num" data-testid="stock-onhand">
                  {formatQuantity(r.unit, r.onHand)}
                </td>
                {PRICE_TIERS.map((tier) => (
                  <td key={tier} className="num">
                    {formatMoney(r.value[tier])}
                  </td>
                ))}
                <td className="num">{r.ageDays ?? '—'}</td>
                <td className={expiry ? `expiry-${expiry}` : undefined} data-testid="stock-bb">
                  {r.nearestBestBefore ?? '—'}
                  {expiry && <span className="badge">{t(`mgr.stock.${expiry}`)}</span>}
                </td>
                <td className="num">{formatQuantity(r.unit, r.soldLast30Days)}</td>
                <td className="line-actions">
                  <button type="button" className="btn btn-small" onClick={() => setReturning(r)}>
                    {t('mgr.stock.return')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setAdjusting(r)}>
                    {t('mgr.stock.adjust')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('common.total')}</th>
            {PRICE_TIERS.map((tier) => (
              <th key={tier} className="num">
                {formatMoney(totals[tier])}
              </th>
            ))}
            <th colSpan={4} />
          </tr>
        </tfoot>
      </table>
      {data && rows.length === 0 && <p className="muted">{t('mgr.stock.empty')}</p>}
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

function ReturnDialog(props: { row: Row; onClose(): void; onDone(): void }) {
  const t = useT();
  const lang = useLang();
  const { row } = props;
  const [qty, setQty] = useState('');
  const [lot, setLot] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [returnId, setReturnId] = useState<number | null>(null);
  const [clientId] = useState(newClientId);
  const quantity = parseMilli(qty, row.unit);
  const ok = quantity !== null && quantity <= row.onHand && reason.trim() !== '';

  const submit = async () => {
    if (!ok || quantity === null) return;
    try {
      const res = await call('stock.returnToCooperative', {
        clientId,
        cooperativeId: row.cooperativeId,
        reason: reason.trim(),
        lines: [{ productId: row.productId, quantity, ...(lot.trim() ? { lot: lot.trim() } : {}) }],
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
      title={t('mgr.stock.returnTitle', { name: productName(row, lang), coop: coopName(row, lang) })}
      onClose={props.onClose}
    >
      <p>
        {t('mgr.stock.onHand')}: {formatQuantity(row.unit, row.onHand)}
      </p>
      <TextField
        label={t('mgr.stock.qtyIn', { unit: t(`unit.${row.unit}`) })}
        value={qty}
        onChange={setQty}
        inputMode="decimal"
        dir="ltr"
        invalid={qty.trim() !== '' && (quantity === null || quantity > row.onHand)}
      />
      <TextField label={t('mgr.receive.lot')} value={lot} onChange={setLot} />
      <TextField
        label={t('returns.reason')}
        value={reason}
        onChange={setReason}
        onEnter={() => void submit()}
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
  const quantity = parseMilli(qty, row.unit, true);
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
    <Modal title={t('mgr.stock.adjustTitle', { name: productName(row, lang) })} onClose={props.onClose}>
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
      <label className="field">
        <span>{t('returns.reason')}</span>
        <select value={reason} onChange={(e) => setReason(e.target.value as AdjustReason)}>
          {ADJUST_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`mgr.adjust.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
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
