/**
 * Invoices (factures) and credit notes (avoirs) for account buyers, issue 13: the list with its filters
 * (customer, kind, period, number / buyer / ICE), a new invoice for an account over a period or for one sale,
 * and an invoice's detail (PDF, CSV, credit note). Issuing and the refusals are the station's
 * (api/methods/invoices.ts); the screen shows what will be invoiced before it is.
 */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { errorText, formatDate, formatMoney, useT } from '../../i18n';
import { endOfDay, startOfDay } from './casablanca-time';
import { InvoiceDetail } from './InvoiceDetail';
import { NewInvoice } from './InvoiceNew';
import { ErrorLine, Pager, SelectField, TextField, useLoad } from './shared';

type Page = ApiOutput<'invoices.list'>;
type Kind = 'invoice' | 'credit_note';
const PAGE_SIZE = 25;

export default function InvoicesScreen() {
  const t = useT();
  const customers = useLoad(() => call('customers.list', {}), []);
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [kind, setKind] = useState<Kind | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState<'account' | 'sale' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    const fromAt = from ? startOfDay(from) : null;
    const toAt = to ? endOfDay(to) : null;
    call('invoices.list', {
      ...(customerId !== null ? { customerId } : {}),
      ...(kind !== null ? { kind } : {}),
      ...(fromAt !== null ? { from: fromAt } : {}),
      // endOfDay is the day's last millisecond; the list's period ends exclusively.
      ...(toAt !== null ? { to: toAt + 1 } : {}),
      ...(query.trim() ? { query: query.trim() } : {}),
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
  }, [customerId, kind, from, to, query, offset, version]);

  const filter = (apply: () => void) => {
    apply();
    setOffset(0);
  };
  const issued = (id: number) => {
    setCreating(null);
    setOpen(id);
    setVersion((v) => v + 1);
  };
  const rows = page?.rows ?? [];
  const accounts = customers.data ?? [];

  return (
    <section className="screen mgr-screen invoices-screen">
      <h1>{t('nav.invoices')}</h1>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => setCreating('account')}>
          {t('inv.new.account')}
        </button>
        <button type="button" className="btn" onClick={() => setCreating('sale')}>
          {t('inv.new.sale')}
        </button>
      </div>
      {creating && (
        <NewInvoice
          mode={creating}
          accounts={accounts}
          onMode={setCreating}
          onIssued={issued}
          onClose={() => setCreating(null)}
        />
      )}
      {open !== null && (
        <InvoiceDetail
          id={open}
          onOpen={setOpen}
          onChanged={() => setVersion((v) => v + 1)}
          onClose={() => setOpen(null)}
        />
      )}
      <h2>{t('inv.list')}</h2>
      {/* Five filters: they wrap at the back office's narrower windows rather than run off the side. */}
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <SelectField
          label={t('inv.filter.customer')}
          value={customerId}
          onChange={(v) => filter(() => setCustomerId(v))}
          options={[
            { value: null, label: t('inv.filter.allCustomers') },
            ...accounts.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <SelectField
          label={t('inv.filter.kind')}
          value={kind}
          onChange={(v) => filter(() => setKind(v))}
          options={[
            { value: null, label: t('inv.kind.all') },
            { value: 'invoice', label: t('inv.kind.invoice') },
            { value: 'credit_note', label: t('inv.kind.credit_note') },
          ]}
        />
        <DateInput label={t('inv.filter.from')} value={from} onChange={(v) => filter(() => setFrom(v))} />
        <DateInput label={t('inv.filter.to')} value={to} onChange={(v) => filter(() => setTo(v))} />
        <TextField label={t('inv.filter.query')} value={query} onChange={(v) => filter(() => setQuery(v))} />
      </div>
      <ErrorLine error={error} />
      <table className="mgr-table" data-testid="invoices-table">
        <thead>
          <tr>
            <th>{t('inv.col.number')}</th>
            <th>{t('inv.col.date')}</th>
            <th>{t('inv.col.buyer')}</th>
            <th>{t('inv.col.ice')}</th>
            <th className="num">{t('inv.col.ht')}</th>
            <th className="num">{t('inv.col.tva')}</th>
            <th className="num">{t('inv.col.ttc')}</th>
            <th>{t('inv.col.link')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="invoice-row" data-number={r.number}>
              <td dir="ltr">{r.number}</td>
              <td>{formatDate(r.issuedAt)}</td>
              <td dir="auto">{r.buyerName}</td>
              <td dir="ltr">{r.buyerIce}</td>
              <td className="num">{formatMoney(r.ht)}</td>
              <td className="num">{formatMoney(r.tva)}</td>
              <td className="num">{formatMoney(r.ttc)}</td>
              <td>
                {r.correctsNumber
                  ? t('inv.correctsShort', { number: r.correctsNumber })
                  : r.creditNoteNumber
                    ? t('inv.creditedShort', { number: r.creditNoteNumber })
                    : ''}
              </td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => setOpen(r.id)}>
                  {t('mgr.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && rows.length === 0 && <p className="muted">{t('inv.none')}</p>}
      {page && page.total > PAGE_SIZE && (
        <Pager
          offset={offset}
          pageSize={PAGE_SIZE}
          shown={rows.length}
          total={page.total}
          onOffset={setOffset}
          labels={{ prev: 'inv.prev', next: 'inv.next', range: 'inv.range' }}
        />
      )}
    </section>
  );
}
