import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { formatLocalDateTime } from '../../../core/time';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { errorText, useT } from '../../i18n';
import { shopOffsetAt } from '../../stores/clock';
import { endOfDay, startOfDay } from './casablanca-time';
import { DeliveryLabelsDialog } from './DeliveryLabels';
import { CoopSelect, ErrorLine, Pager, useCooperatives } from './shared';

type Page = ApiOutput<'deliveries.list'>;

const PAGE_SIZE = 20;

/** The deliveries received, newest first, per cooperative and period; labels are reprinted from here. */
export default function DeliveriesScreen() {
  const t = useT();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    // The dates are shop days: from the first millisecond of the first to the last of the second.
    const fromAt = from ? startOfDay(from) : null;
    const toAt = to ? endOfDay(to) : null;
    call('deliveries.list', {
      cooperativeId: coopId,
      from: fromAt,
      to: toAt,
      offset,
      limit: PAGE_SIZE,
    })
      .then((p) => {
        if (!live) return;
        setPage(p);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [coopId, from, to, offset]);

  const filter = (apply: () => void) => {
    apply();
    setOffset(0);
  };
  const rows = page?.rows ?? [];

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.deliveries')}</h1>
      <div className="row">
        <CoopSelect
          value={coopId}
          cooperatives={cooperatives}
          all
          onChange={(id) => filter(() => setCoopId(id))}
        />
        <DateInput
          label={t('mgr.deliveries.from')}
          value={from}
          onChange={(iso) => filter(() => setFrom(iso))}
        />
        <DateInput label={t('mgr.deliveries.to')} value={to} onChange={(iso) => filter(() => setTo(iso))} />
      </div>
      <ErrorLine error={error} />
      {page && rows.length === 0 && <p className="muted">{t('mgr.deliveries.empty')}</p>}
      {rows.length > 0 && (
        <table className="mgr-table deliveries">
          <thead>
            <tr>
              <th>{t('mgr.deliveries.date')}</th>
              <th>{t('mgr.coop')}</th>
              <th>{t('mgr.receive.noteRef')}</th>
              <th>{t('mgr.deliveries.lines')}</th>
              <th>{t('mgr.deliveries.user')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td dir="ltr">{formatLocalDateTime(d.receivedAt, shopOffsetAt(d.receivedAt), false)}</td>
                <td>{d.cooperativeName}</td>
                <td dir="ltr">{d.noteRef}</td>
                <td>{d.lineCount}</td>
                <td>{d.userName}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('mgr.deliveries.labelsFor', { note: d.noteRef })}
                    onClick={() => setOpen(d.id)}
                  >
                    {t('mgr.deliveries.labels')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.total > PAGE_SIZE && (
        <Pager
          offset={offset}
          pageSize={PAGE_SIZE}
          shown={rows.length}
          total={page.total}
          onOffset={setOffset}
          labels={{
            prev: 'mgr.deliveries.prev',
            next: 'mgr.deliveries.next',
            range: 'mgr.deliveries.pageOf',
          }}
        />
      )}
      {open !== null && <DeliveryLabelsDialog deliveryId={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
