import { useState } from 'react';
import { PAYMENT_METHODS } from '../../../core/cash';
import { PRICE_TIERS } from '../../../core/pricing';
import { call } from '../../api/client';
import { formatCount } from '../../../core/number-format';
import { formatMoney, formatPercent, useLang, useT } from '../../i18n';
import { addDays, casablancaDate, mondayOf, startOfDay } from './casablanca-time';
import { HqPushLine } from './HqPushLine';
import { ErrorLine, useLoad } from './shared';

type Period = 'today' | 'week';

/** [from, to] of today or of this Monday-to-now week, in Casablanca days. */
export function periodRange(period: Period, now: number): { from: number; to: number } {
  const today = casablancaDate(now);
  const first = period === 'today' ? today : mondayOf(today);
  return { from: startOfDay(first) ?? now, to: now };
}

interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars as inline SVG; labels stay in HTML so they follow the page direction. */
export function BarList({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      {bars.map((b) => (
        <div key={b.label} className="bar-row" data-testid="bar">
          <span className="bar-label">{b.label}</span>
          <svg className="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect x="0" y="0" height="10" width={b.value <= 0 ? 0 : Math.max(1, (b.value / max) * 100)} />
          </svg>
          <span className="bar-value">{formatMoney(b.value)}</span>
        </div>
      ))}
    </figure>
  );
}

/** "2026-12-01" -> "01/12": a day of the week's columns, as dates are written everywhere (dd/mm). */
export function dayLabel(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

/** Column per day; the day's amount is the title of its column (hover / screen reader). */
export function DailyColumns({ title, days }: { title: string; days: { day: string; amount: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.amount));
  const width = Math.max(1, days.length) * 12;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg className="columns-svg" viewBox={`0 0 ${width} 64`} role="img" aria-label={title}>
        {days.map((d, i) => {
          const h = d.amount <= 0 ? 0 : Math.max(1, (d.amount / max) * 56);
          return (
            <g key={d.day}>
              <rect x={i * 12 + 2} y={58 - h} width="8" height={h} data-testid="day-column">
                <title>{`${d.day}: ${formatMoney(d.amount)}`}</title>
              </rect>
              <text x={i * 12 + 6} y="63" fontSize="4" textAnchor="middle">
                {dayLabel(d.day)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export default function DashboardScreen() {
  const t = useT();
  const lang = useLang();
  const [period, setPeriod] = useState<Period>('today');
  const { data, error, reload } = useLoad(
    () => call('dashboard.summary', periodRange(period, Date.now())),
    [period],
  );

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.dashboard')}</h1>
      <HqPushLine />
      <div className="row" role="radiogroup" aria-label={t('mgr.dash.period')}>
        {(['today', 'week'] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={p === period}
            className={p === period ? 'btn btn-active' : 'btn'}
            onClick={() => setPeriod(p)}
          >
            {t(`mgr.dash.${p}`)}
          </button>
        ))}
        <button type="button" className="btn" onClick={reload}>
          {t('cash.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {data && data.salesCount === 0 && data.refunds === 0 && (
        // Zeros and a lone day column read as a broken screen on a morning before the first sale.
        <p className="muted" role="status" data-testid="dash-empty">
          {t('mgr.dash.noSales')}
        </p>
      )}
      {data && (data.salesCount > 0 || data.refunds !== 0) && (
        <>
          <div className="stat-tiles">
            <div className="stat">
              <span>{t('common.total')}</span>
              <strong data-testid="dash-total">{formatMoney(data.total)}</strong>
            </div>
            <div className="stat">
              <span>{t('mgr.dash.sales')}</span>
              <strong data-testid="dash-count">{formatCount(data.salesCount, lang)}</strong>
            </div>
            <div className="stat">
              <span>{t('mgr.dash.basket')}</span>
              <strong>{formatMoney(data.averageBasket)}</strong>
            </div>
            <div className="stat">
              <span>{t('mgr.dash.refunds')}</span>
              <strong>{formatMoney(data.refunds)}</strong>
            </div>
            <div className="stat">
              <span>{t('mgr.dash.womens')}</span>
              <strong data-testid="dash-womens">
                {formatPercent(data.womensShare.shareBp, lang)} · {formatMoney(data.womensShare.amount, lang)}
              </strong>
            </div>
          </div>
          <div className="charts">
            <BarList
              title={t('cash.byTier')}
              bars={PRICE_TIERS.map((tier) => ({ label: t(`tier.${tier}`), value: data.byTier[tier] }))}
            />
            <BarList
              title={t('cash.byMethod')}
              bars={PAYMENT_METHODS.map((m) => ({ label: t(`pay.method.${m}`), value: data.byMethod[m] }))}
            />
            <BarList
              title={t('mgr.dash.byCoop')}
              bars={data.byCooperative.map((c) => ({
                label: c.womens ? `${c.name} ♀` : c.name,
                value: c.amount,
              }))}
            />
            <BarList
              title={t('mgr.dash.byRegion')}
              bars={data.byRegion.map((r) => ({ label: r.region, value: r.amount }))}
            />
            {period === 'week' && (
              <DailyColumns title={t('mgr.dash.byDay')} days={fillDays(data.byDay, data.from, data.to)} />
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** Every day of the period, zero where nothing sold, so the columns keep the calendar's rhythm. */
function fillDays(days: { day: string; amount: number }[], from: number, to: number) {
  const byDay = new Map(days.map((d) => [d.day, d.amount]));
  const out: { day: string; amount: number }[] = [];
  const last = casablancaDate(to);
  for (let d = casablancaDate(from); d <= last && out.length < 62; d = addDays(d, 1)) {
    out.push({ day: d, amount: byDay.get(d) ?? 0 });
  }
  return out;
}
