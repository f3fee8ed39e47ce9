import { useState } from 'react';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { formatMoney, useT } from '../../i18n';
import { ErrorLine, useLoad } from './shared';

/**
 * The shop-level Z of a day (issue 11): each till's sessions closed that day, and the shop's sum —
 * sales, refunds, payments by method, VAT, and each drawer's variance (a shortfall at one till is not
 * hidden by a surplus at another: each has its row). Today unless the manager picks another day.
 */
export function ShopZSection() {
  const t = useT();
  const [day, setDay] = useState('');
  const { data, error } = useLoad(() => call('tills.shopZ', day ? { day } : {}), [day]);
  const rows = data
    ? [...data.tills.map((r) => ({ ...r, label: r.tillName })), { ...data.shop, label: t('mgr.shopZ.total') }]
    : [];
  return (
    <section className="shop-z" aria-labelledby="shop-z-title" data-testid="shop-z">
      <h2 id="shop-z-title">
        {t('mgr.shopZ.title', { day: data ? data.day.split('-').reverse().join('/') : '…' })}
      </h2>
      <DateInput label={t('mgr.shopZ.day')} value={day} onChange={setDay} testId="shop-z-day" />
      <ErrorLine error={error} />
      {data && data.tills.length === 0 && <p className="muted">{t('mgr.shopZ.none')}</p>}
      {data && data.tills.length > 0 && (
        <div className="report-scroll">
          <table className="mgr-table">
            <thead>
              <tr>
                <th>{t('mgr.shopZ.till')}</th>
                <th className="num">{t('mgr.shopZ.sessions')}</th>
                <th className="num">{t('mgr.shopZ.sales')}</th>
                <th className="num">{t('pay.method.cash')}</th>
                <th className="num">{t('pay.method.card')}</th>
                <th className="num">{t('pay.method.mobile')}</th>
                <th className="num">{t('pay.method.voucher')}</th>
                <th className="num">{t('mgr.shopZ.refunds')}</th>
                <th className="num">{t('mgr.shopZ.expected')}</th>
                <th className="num">{t('mgr.shopZ.counted')}</th>
                <th className="num">{t('mgr.shopZ.variance')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} className={i === rows.length - 1 ? 'total-row' : undefined}>
                  <td>{r.label}</td>
                  <td className="num">{r.sessions}</td>
                  <td className="num">{formatMoney(r.salesTotal)}</td>
                  <td className="num">{formatMoney(r.byMethod.cash)}</td>
                  <td className="num">{formatMoney(r.byMethod.card)}</td>
                  <td className="num">{formatMoney(r.byMethod.mobile)}</td>
                  <td className="num">{formatMoney(r.byMethod.voucher)}</td>
                  <td className="num">{formatMoney(r.refundTotal)}</td>
                  <td className="num">{formatMoney(r.expectedCash)}</td>
                  <td className="num">{formatMoney(r.countedCash)}</td>
                  <td className={r.variance === 0 ? 'num' : 'num variance-off'}>{formatMoney(r.variance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            {t('mgr.shopZ.vat', {
              list:
                data.shop.vatByCode.map((v) => `${v.vatCode} ${formatMoney(v.amount)}`).join(' · ') || '—',
            })}
          </p>
        </div>
      )}
      {data && data.openSessions.length > 0 && (
        <p className="hint">
          {t('mgr.shopZ.open', {
            count: data.openSessions.length,
            tills: data.openSessions.map((s) => s.tillId).join(', '),
          })}
        </p>
      )}
    </section>
  );
}
