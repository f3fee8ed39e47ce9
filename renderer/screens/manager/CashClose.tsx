import { useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { MAD_DENOMINATIONS, PAYMENT_METHODS, countTotal } from '../../../core/cash';
import { PRICE_TIERS } from '../../../core/pricing';
import { call } from '../../api/client';
import { Modal } from '../../components/Modal';
import { errorText, formatDate, formatMoney, useT } from '../../i18n';
import { useApproval } from '../../stores/approval';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { printCashReport } from './documents';
import { ErrorLine, useLoad } from './shared';
import { ShopZSection } from './ShopZSection';

type Report = ApiOutput<'cash.xReport'>;

/** Counts typed per denomination -> the `counts` map of cash.close (only positive, whole counts). */
export function countsFromText(texts: Record<string, string>): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const d of MAD_DENOMINATIONS) {
    const raw = (texts[String(d)] ?? '').trim();
    if (raw === '') continue;
    if (!/^\d{1,6}$/.test(raw)) return null;
    const n = Number(raw);
    if (n > 100_000) return null;
    if (n > 0) out[String(d)] = n;
  }
  return out;
}

export default function CashCloseScreen() {
  const t = useT();
  const cash = useSession((s) => s.cash);
  const [z, setZ] = useState<Report | null>(null);
  if (z)
    return (
      <ZReport
        report={z}
        onDone={() => {
          setZ(null);
          // The drawer is closed: the till entries now lead to opening one, the back office stays.
          useUi.getState().navigate('sell');
        }}
      />
    );
  // After the Z the back office stays open: there is simply no drawer to count until one is opened.
  if (!cash)
    return (
      <section className="screen mgr-screen cash-close">
        <h1>{t('nav.cashClose')}</h1>
        <p className="muted" data-testid="close-no-session">
          {t('mgr.close.noSession')}
        </p>
        <ShopZSection />
      </section>
    );
  return <CloseForm onClosed={setZ} />;
}

function CloseForm({ onClosed }: { onClosed(report: Report): void }) {
  const t = useT();
  const { data: x, error: loadError, reload } = useLoad(() => call('cash.xReport', {}), []);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const counts = countsFromText(texts);
  const counted = counts ? countTotal(counts) : null;
  const variance = x && counted !== null ? counted - x.expectedCash : null;

  const close = async () => {
    if (!counts || busy) return;
    setConfirming(false);
    const ok = await useApproval.getState().request(t('mgr.close.approval'));
    if (!ok.ok) return;
    setBusy(true);
    setError(null);
    try {
      const report = await call('cash.close', { counts, ...(ok.approval ? { approval: ok.approval } : {}) });
      onClosed(report);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen mgr-screen cash-close">
      <h1>{t('nav.cashClose')}</h1>
      <ErrorLine error={loadError} />
      <div className="close-grid">
        <div>
          <h2>{t('mgr.close.count')}</h2>
          <div className="count-grid">
            {MAD_DENOMINATIONS.map((d) => {
              const raw = texts[String(d)] ?? '';
              return (
                <label key={d} className="count-row">
                  <span className="count-denom">{formatMoney(d)}</span>
                  <span>×</span>
                  <input
                    inputMode="numeric"
                    dir="ltr"
                    aria-label={t('mgr.close.countOf', { denomination: formatMoney(d) })}
                    value={raw}
                    aria-invalid={raw.trim() !== '' && !/^\d{1,6}$/.test(raw.trim())}
                    onChange={(e) => setTexts((s) => ({ ...s, [String(d)]: e.target.value }))}
                  />
                  <span className="num">
                    {/^\d{1,6}$/.test(raw.trim()) ? formatMoney(d * Number(raw.trim())) : ''}
                  </span>
                </label>
              );
            })}
          </div>
        </div>
        <div className="report">
          {/* The X figures may scroll; the counted, expected and variance lines below them stay in view. */}
          <div className="report-scroll">{x && <ReportBody report={x} />}</div>
          <div className="total-row">
            <span>{t('mgr.close.counted')}</span>
            <strong data-testid="close-counted">{counted === null ? '—' : formatMoney(counted)}</strong>
          </div>
          <div className="total-row">
            <span>{t('cash.expected')}</span>
            <strong data-testid="close-expected">{x ? formatMoney(x.expectedCash) : '—'}</strong>
          </div>
          <div className={variance !== null && variance !== 0 ? 'grand-total variance-off' : 'grand-total'}>
            <span>{t('mgr.close.variance')}</span>
            <strong data-testid="close-variance">{variance === null ? '—' : formatMoney(variance)}</strong>
          </div>
        </div>
      </div>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={reload}>
          {t('mgr.close.xReport')}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={!counts || busy}
          onClick={() => setConfirming(true)}
        >
          {t('mgr.close.submit')}
        </button>
      </div>
      {confirming && counted !== null && (
        <Modal title={t('mgr.close.confirmTitle')} onClose={() => setConfirming(false)}>
          <p>
            {t('mgr.close.confirm', { counted: formatMoney(counted), variance: formatMoney(variance ?? 0) })}
          </p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" data-autofocus onClick={() => void close()}>
              {t('mgr.close.submit')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

function ReportBody({ report }: { report: Report }) {
  const t = useT();
  const row = (label: string, value: number) => (
    <div className="total-row" key={label}>
      <span>{label}</span>
      <strong>{formatMoney(value)}</strong>
    </div>
  );
  return (
    <>
      <p>{t('cash.session', { id: report.sessionId, date: formatDate(report.openedAt) })}</p>
      {row(t('cash.openingFloat'), report.openingFloat)}
      {row(t('cash.sales', { count: report.salesCount }), report.salesTotal)}
      {row(t('cash.refunds', { count: report.refundCount }), report.refundTotal)}
      {row(t('cash.voids', { count: report.voidCount }), report.voidTotal)}
      {row(t('cash.cashIn'), report.cashIn)}
      {row(t('cash.cashOut'), report.cashOut)}
      <h3>{t('cash.byMethod')}</h3>
      {PAYMENT_METHODS.map((m) => row(t(`pay.method.${m}`), report.byMethod[m]))}
      <h3>{t('cash.byTier')}</h3>
      {PRICE_TIERS.map((tier) => row(t(`tier.${tier}`), report.byTier[tier]))}
      {report.vatByCode.length > 0 && <h3>{t('mgr.close.vat')}</h3>}
      {report.vatByCode.map((v) => row(v.vatCode, v.amount))}
    </>
  );
}

function ZReport({ report, onDone }: { report: Report; onDone(): void }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [printed, setPrinted] = useState(false);
  return (
    <section className="screen mgr-screen z-report">
      <h1>{t('mgr.close.zTitle', { id: report.sessionId })}</h1>
      <div className="report report-columns" data-testid="z-report">
        <ReportBody report={report} />
        {report.closedAt !== null && <p>{t('mgr.close.closedAt', { date: formatDate(report.closedAt) })}</p>}
        <p className="muted">
          {t('mgr.close.receipts', {
            first: report.firstReceiptNo ?? '—',
            last: report.lastReceiptNo ?? '—',
          })}
        </p>
        <div className="total-row">
          <span>{t('cash.expected')}</span>
          <strong>{formatMoney(report.expectedCash)}</strong>
        </div>
        <div className="total-row">
          <span>{t('mgr.close.counted')}</span>
          <strong>{formatMoney(report.countedCash ?? 0)}</strong>
        </div>
        <div className="grand-total">
          <span>{t('mgr.close.variance')}</span>
          <strong data-testid="z-variance">{formatMoney(report.variance ?? 0)}</strong>
        </div>
      </div>
      <ErrorLine error={error} />
      {printed && (
        <p className="notice notice-success" role="status">
          {t('mgr.printed')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn"
          onClick={() =>
            printCashReport(report.sessionId)
              .then((done) => (done ? setPrinted(true) : setError(t('error.NO_PRINTER'))))
              .catch((err: unknown) => setError(errorText(err)))
          }
        >
          {t('mgr.print')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() =>
            void useSession
              .getState()
              .refreshCash()
              .catch(() => null)
              .then(onDone)
          }
        >
          {t('mgr.close.done')}
        </button>
      </div>
    </section>
  );
}
