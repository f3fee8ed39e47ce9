import { useCallback, useEffect, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { PAYMENT_METHODS } from '../../core/cash';
import { PRICE_TIERS } from '../../core/pricing';
import { call } from '../api/client';
import { errorText, formatDate, formatMoney, useT } from '../i18n';
import { CashMoveDialog } from './CashMoveDialog';

type Report = ApiOutput<'cash.xReport'>;

export function CashReportScreen() {
  const t = useT();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printed, setPrinted] = useState(false);
  const [moving, setMoving] = useState(false);
  const [moved, setMoved] = useState<'in' | 'out' | null>(null);
  const print = () => {
    setPrinted(false);
    call('cash.printReport', { print: true })
      .then(() => setPrinted(true))
      .catch((err: unknown) => setError(errorText(err)));
  };
  const load = useCallback(() => {
    call('cash.xReport', {})
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(load, [load]);

  const row = (label: string, value: number, testId?: string) => (
    <div className="total-row" key={label}>
      <span>{label}</span>
      <strong data-testid={testId}>{formatMoney(value)}</strong>
    </div>
  );

  return (
    <section className="screen cash-report">
      <h1>{t('cash.title')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="report report-columns">
          <p>{t('cash.session', { id: report.sessionId, date: formatDate(report.openedAt) })}</p>
          {row(t('cash.openingFloat'), report.openingFloat)}
          {row(t('cash.sales', { count: report.salesCount }), report.salesTotal, 'x-sales')}
          {row(t('cash.refunds', { count: report.refundCount }), report.refundTotal)}
          {row(t('cash.voids', { count: report.voidCount }), report.voidTotal)}
          {row(t('cash.cashIn'), report.cashIn)}
          {row(t('cash.cashOut'), report.cashOut)}
          <h2>{t('cash.byMethod')}</h2>
          {PAYMENT_METHODS.map((m) => row(t(`pay.method.${m}`), report.byMethod[m]))}
          <h2>{t('cash.byTier')}</h2>
          {PRICE_TIERS.map((tier) => row(t(`tier.${tier}`), report.byTier[tier]))}
          <div className="grand-total">
            <span>{t('cash.expected')}</span>
            <strong data-testid="x-expected">{formatMoney(report.expectedCash)}</strong>
          </div>
        </div>
      )}
      {printed && <p className="notice notice-success">{t('cash.printed')}</p>}
      {moved && (
        <p className="notice notice-success">
          {t(moved === 'in' ? 'cash.move.doneIn' : 'cash.move.doneOut')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={load}>
          {t('cash.refresh')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!report}
          onClick={() => {
            setMoved(null);
            setMoving(true);
          }}
        >
          {t('cash.move.open')}
        </button>
        <button type="button" className="btn btn-primary" onClick={print} disabled={!report}>
          {t('cash.print')}
        </button>
      </div>
      {moving && (
        <CashMoveDialog
          onCancel={() => setMoving(false)}
          onDone={(kind) => {
            setMoving(false);
            setMoved(kind);
            load();
          }}
        />
      )}
    </section>
  );
}
