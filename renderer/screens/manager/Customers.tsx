/**
 * Customer accounts (issue 13, loi 09-08): the paged list with its search (name, phone, ICE), an account's
 * form, its marketing consent per channel with the date and source of the last change, the export of
 * everything held on it, and its erasure (admin, the name typed as confirmation). The rules are the
 * station's (api/methods/customers.ts); the screen says what a refusal means.
 */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { CONSENT_CHANNELS, erasureConfirmed, type ConsentChannel } from '../../../core/customer';
import type { PriceTier } from '../../../core/pricing';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { Modal } from '../../components/Modal';
import { errorText, formatDate, useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { casablancaDate, startOfDay } from './casablanca-time';
import { downloadFile } from './documents';
import { ErrorLine, Pager, SelectField, TextField, useLoad } from './shared';

type Page = ApiOutput<'customers.page'>;
type Detail = ApiOutput<'customers.get'>;
const PAGE_SIZE = 25;
const TIERS: readonly PriceTier[] = ['retail', 'semi', 'wholesale'];

export default function CustomersScreen() {
  const t = useT();
  const [query, setQuery] = useState('');
  const [includeErased, setIncludeErased] = useState(false);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | 'new' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    const q = query.trim();
    call('customers.page', { ...(q ? { query: q } : {}), includeErased, offset, limit: PAGE_SIZE })
      .then((p) => {
        if (!live) return;
        setPage(p);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [query, includeErased, offset, version]);

  const changed = () => setVersion((v) => v + 1);
  const items = page?.items ?? [];
  return (
    <section className="screen mgr-screen customers-screen">
      <h1>{t('nav.customers')}</h1>
      <div className="row">
        <TextField
          label={t('cust.search')}
          value={query}
          onChange={(v) => {
            setQuery(v);
            setOffset(0);
          }}
        />
        <label className="field field-check">
          <input
            type="checkbox"
            checked={includeErased}
            onChange={(e) => {
              setIncludeErased(e.target.checked);
              setOffset(0);
            }}
          />
          <span>{t('cust.includeErased')}</span>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => setOpen('new')}>
          {t('cust.new')}
        </button>
      </div>
      <ErrorLine error={error} />
      <table className="mgr-table" data-testid="customers-table">
        <thead>
          <tr>
            <th>{t('cust.name')}</th>
            <th>{t('cust.phone')}</th>
            <th>{t('cust.ice')}</th>
            <th>{t('cust.tier')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-testid="customer-row" data-id={c.id}>
              <td dir="auto">
                {c.name}
                {c.erasedAt !== null && <span className="badge">{t('cust.erased')}</span>}
              </td>
              <td dir="ltr">{c.phone ?? ''}</td>
              <td dir="ltr">{c.ice ?? ''}</td>
              <td>
                <span className={`tier tier-${c.tier}`}>{t(`tier.${c.tier}`)}</span>
              </td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => setOpen(c.id)}>
                  {t('mgr.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && items.length === 0 && <p className="muted">{t('cust.none')}</p>}
      {page && page.total > PAGE_SIZE && (
        <Pager
          offset={offset}
          pageSize={PAGE_SIZE}
          shown={items.length}
          total={page.total}
          onOffset={setOffset}
          labels={{ prev: 'cust.prev', next: 'cust.next', range: 'cust.range' }}
        />
      )}
      {open !== null && (
        <CustomerDialog
          id={open === 'new' ? null : open}
          onSaved={(id) => {
            setOpen(id);
            changed();
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

interface Form {
  name: string;
  phone: string;
  email: string;
  address: string;
  ice: string;
  ifNumber: string;
  tier: PriceTier;
}
const EMPTY: Form = { name: '', phone: '', email: '', address: '', ice: '', ifNumber: '', tier: 'wholesale' };

function formOf(d: Detail): Form {
  return {
    name: d.name,
    phone: d.phone ?? '',
    email: d.email ?? '',
    address: d.address ?? '',
    ice: d.ice ?? '',
    ifNumber: d.ifNumber ?? '',
    tier: d.tier,
  };
}

/** One account: its form, then (once it exists) consent, export and erasure. */
function CustomerDialog(props: { id: number | null; onSaved(id: number): void; onClose(): void }) {
  const t = useT();
  const { id } = props;
  const detail = useLoad(() => (id === null ? Promise.resolve(null) : call('customers.get', { id })), [id]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // One request at a time: a double-click on Save for a new account created it twice.
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  useEffect(() => {
    if (d) setForm(formOf(d));
  }, [d]);

  const set = (k: keyof Form) => (v: string) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const save = () => {
    if (busy || form.name.trim() === '') return;
    const fields = {
      phone: form.phone,
      email: form.email,
      address: form.address,
      ice: form.ice,
      ifNumber: form.ifNumber,
      tier: form.tier,
    };
    const done = (r: { id: number }) => {
      setError(null);
      setSaved(true);
      props.onSaved(r.id);
      if (id !== null) detail.reload();
    };
    const fail = (err: unknown) => setError(errorText(err));
    setBusy(true);
    const sent =
      id === null
        ? call('customers.create', { name: form.name, ...fields })
        : call('customers.update', { id, name: form.name, ...fields });
    sent.then(done, fail).finally(() => setBusy(false));
  };
  const erased = d !== null && d.erasedAt !== null;

  return (
    <Modal title={id === null ? t('cust.new') : (d?.name ?? '')} onClose={props.onClose} wide>
      <div data-testid="customer-dialog">
        {erased && d && (
          <p className="notice" data-testid="customer-erased">
            {t('cust.erasedOn', { date: formatDate(d.erasedAt!) })}
          </p>
        )}
        <fieldset disabled={erased} className="customer-form">
          <div className="row">
            <TextField
              label={t('cust.name')}
              value={form.name}
              onChange={set('name')}
              dir="auto"
              autoFocus
              onEnter={save}
            />
            <SelectField
              label={t('cust.tier')}
              value={form.tier}
              onChange={(v) => set('tier')(v)}
              options={TIERS.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))}
            />
          </div>
          <div className="row">
            <TextField
              label={t('cust.phone')}
              value={form.phone}
              onChange={set('phone')}
              dir="ltr"
              type="tel"
              onEnter={save}
            />
            <TextField
              label={t('cust.email')}
              value={form.email}
              onChange={set('email')}
              dir="ltr"
              type="email"
              onEnter={save}
            />
          </div>
          <TextField
            label={t('cust.address')}
            value={form.address}
            onChange={set('address')}
            dir="auto"
            onEnter={save}
          />
          <div className="row">
            <TextField
              label={t('cust.ice')}
              value={form.ice}
              onChange={set('ice')}
              dir="ltr"
              inputMode="numeric"
              onEnter={save}
            />
            <TextField
              label={t('cust.if')}
              value={form.ifNumber}
              onChange={set('ifNumber')}
              dir="ltr"
              onEnter={save}
            />
          </div>
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || form.name.trim() === ''}
              onClick={save}
            >
              {t('cust.save')}
            </button>
            {saved && <span role="status">{t('cust.saved')}</span>}
          </div>
        </fieldset>
        <ErrorLine error={error ?? detail.error} />
        {d && <Consents detail={d} onChanged={detail.setData} />}
        {d && <PersonalData detail={d} onErased={() => props.onSaved(d.id)} reload={detail.reload} />}
        <div className="actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('cust.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

const CHANNEL_KEY = {
  sms: 'cust.channel.sms',
  whatsapp: 'cust.channel.whatsapp',
  email: 'cust.channel.email',
} as const;

/** Each channel's consent now, and one form (date, source) to record the next change on any of them. */
function Consents(props: { detail: Detail; onChanged(d: Detail): void }) {
  const t = useT();
  const { detail } = props;
  const today = casablancaDate(Date.now());
  const [day, setDay] = useState(today);
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One change at a time: a double-click recorded the same consent twice in the account's history.
  const [busy, setBusy] = useState(false);
  const erased = detail.erasedAt !== null;
  const record = (channel: ConsentChannel, given: boolean) => {
    if (busy) return;
    // Today's change is dated now; an earlier day's (a form signed then) at the start of that shop day.
    const at = day === today ? Date.now() : startOfDay(day);
    if (at === null) return;
    setBusy(true);
    call('customers.setConsent', { customerId: detail.id, channel, given, at, source })
      .then(
        (d) => {
          setError(null);
          props.onChanged(d);
        },
        (err: unknown) => setError(errorText(err)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section className="customer-consents">
      <h2>{t('cust.consents')}</h2>
      <div className="row">
        <DateInput label={t('cust.consent.date')} value={day} onChange={setDay} testId="consent-date" />
        <TextField
          label={t('cust.consent.source')}
          value={source}
          onChange={setSource}
          dir="auto"
          hint={{ id: 'consent-source-hint', text: source.trim() ? null : t('cust.consent.sourceNeeded') }}
        />
      </div>
      <table className="mgr-table" data-testid="consents-table">
        <tbody>
          {CONSENT_CHANNELS.map((channel) => {
            const c = detail.consents.find((s) => s.channel === channel);
            const given = c?.given ?? false;
            return (
              <tr key={channel} data-testid="consent-row" data-channel={channel} data-given={given}>
                <th scope="row">{t(CHANNEL_KEY[channel])}</th>
                <td>
                  {given
                    ? t('cust.consent.given')
                    : c !== undefined && c.at !== null
                      ? t('cust.consent.withdrawn')
                      : t('cust.consent.never')}
                </td>
                <td>
                  {c !== undefined && c.at !== null
                    ? t('cust.consent.last', { date: formatDate(c.at), source: c.source ?? '' })
                    : ''}
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy || erased || source.trim() === ''}
                    aria-describedby={source.trim() ? undefined : 'consent-source-hint'}
                    onClick={() => record(channel, !given)}
                  >
                    {given ? t('cust.consent.withdraw') : t('cust.consent.give')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorLine error={error} />
      {detail.consentHistory.length > 0 && (
        <details>
          <summary>{t('cust.consent.history', { count: detail.consentHistory.length })}</summary>
          <ul data-testid="consent-history">
            {detail.consentHistory.map((e) => (
              <li key={e.id}>
                {formatDate(e.at)} — {t(CHANNEL_KEY[e.channel])} —{' '}
                {e.given ? t('cust.consent.given') : t('cust.consent.withdrawn')} —{' '}
                <span dir="auto">{e.source}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The right of access (export) and of erasure; erasure is the admin's, confirmed by typing the name. */
function PersonalData(props: { detail: Detail; onErased(): void; reload(): void }) {
  const t = useT();
  const role = useSession((s) => s.user?.role);
  const { detail } = props;
  const [error, setError] = useState<string | null>(null);
  const [erasing, setErasing] = useState(false);
  const [typed, setTyped] = useState('');
  const exportAs = (format: 'json' | 'csv') => {
    call('customers.exportData', { id: detail.id }).then(
      (f) => {
        setError(null);
        if (format === 'json') downloadFile(f.json, 'application/json;charset=utf-8', f.jsonFileName);
        else downloadFile(f.csv, 'text/csv;charset=utf-8', f.csvFileName);
      },
      (err: unknown) => setError(errorText(err)),
    );
  };
  const erase = () => {
    call('customers.erase', { id: detail.id, confirm: typed }).then(
      () => {
        setError(null);
        setErasing(false);
        props.onErased();
        props.reload();
      },
      (err: unknown) => setError(errorText(err)),
    );
  };
  return (
    <section className="customer-personal-data">
      <h2>{t('cust.personalData')}</h2>
      <div className="row">
        <button type="button" className="btn" onClick={() => exportAs('json')}>
          {t('cust.export.json')}
        </button>
        <button type="button" className="btn" onClick={() => exportAs('csv')}>
          {t('cust.export.csv')}
        </button>
        {role === 'admin' && detail.erasedAt === null && (
          <button type="button" className="btn btn-danger" onClick={() => setErasing(true)}>
            {t('cust.erase')}
          </button>
        )}
      </div>
      {erasing && (
        <div className="erase-confirm" role="group" aria-label={t('cust.erase')}>
          <p>{t('cust.erase.explain')}</p>
          <TextField
            label={t('cust.erase.typeName', { name: detail.name })}
            value={typed}
            onChange={setTyped}
            dir="auto"
            autoFocus
          />
          <div className="row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={!erasureConfirmed(detail.name, typed)}
              onClick={erase}
            >
              {t('cust.erase.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setErasing(false)}>
              {t('cust.erase.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
