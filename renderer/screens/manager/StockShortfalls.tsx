import type { ApiOutput } from '../../../api/contract';
import { formatLocalDate } from '../../../core/time';
import { call } from '../../api/client';
import { formatQuantity, useT } from '../../i18n';
import { shopOffsetAt } from '../../stores/clock';
import { useUi } from '../../stores/ui';
import { useLoad } from './shared';

type Shortfall = ApiOutput<'stock.shortfalls'>[number];

/**
 * Stock that sales made offline took below zero (issue 11), for the manager to resolve: a count (the stock
 * screen's adjust, on that product's row) or the late delivery that was never received (Receive). A
 * shortfall closes by itself once the product and cooperative are back at zero or above. Nothing is shown
 * when none is open.
 */
export function StockShortfalls(props: { onCount(row: Shortfall): void; reloadKey: unknown }) {
  const t = useT();
  const navigate = useUi((s) => s.navigate);
  const { data } = useLoad(() => call('stock.shortfalls', { openOnly: true, limit: 200 }), [props.reloadKey]);
  const rows = data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="shortfalls" aria-labelledby="shortfalls-title">
      <h3 id="shortfalls-title">{t('mgr.shortfalls.title', { count: rows.length })}</h3>
      <p className="hint">{t('mgr.shortfalls.hint')}</p>
      <div className="shortfalls-scroll">
        <table className="mgr-table">
          <thead>
            <tr>
              <th>{t('mgr.shortfalls.receipt')}</th>
              <th>{t('sell.col.product')}</th>
              <th>{t('mgr.coop')}</th>
              <th className="num">{t('mgr.shortfalls.short')}</th>
              <th className="num">{t('mgr.stock.onHand')}</th>
              <th>
                <span className="visually-hidden">{t('mgr.stock.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td dir="ltr">
                  {r.tillId} #{r.receiptNo} · {formatLocalDate(r.at, shopOffsetAt(r.at))}
                </td>
                <td>{r.productName}</td>
                <td>{r.cooperativeName}</td>
                <td className="num">{formatQuantity(r.unit, r.quantity)}</td>
                <td className="num">{formatQuantity(r.unit, r.onHandNow)}</td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small" onClick={() => props.onCount(r)}>
                    {t('mgr.shortfalls.count')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => navigate('receive')}>
                    {t('mgr.shortfalls.delivery')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
