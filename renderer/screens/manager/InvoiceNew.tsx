/**
 * A new invoice (issue 13): for an account over a period (its uninvoiced sales and their totals per rate
 * shown before issuing) or for one sale found by its receipt number. The buyer's name and ICE come from the
 * account; its address and IF are typed until the account holds them. The station refuses what it must
 * (shop ids missing, a customer without ICE, a sale already invoiced) and the refusal is shown translated.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ApiInput, ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { errorText, formatDate, formatMoney, formatPercent, useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { receiptNumberOf } from '../Returns';
import { addDays, casablancaDate, endOfDay, startOfDay } from './casablanca-time';
import { ErrorLine, SelectField, TextField } from './shared';

type Customer = ApiOutput<'customers.list'>[number];
type Preview = ApiOutput<'invoices.uninvoiced'>;
type Sale = ApiOutput<'sales.byReceipt'>;
type Totals = Preview['totals'];

/** The form's rows wrap at the back office's narrower windows rather than run off the side. */
const WRAP = { flexWrap: 'wrap' } as const;

interface TermsForm {
  days: string;
  endOfMonth: boolean;
  note: string;
}

/** Empty days: the shop's default terms (settings.invoicing) whole; typed days: those, with or without month end. */
function termsInput(
  f: TermsForm,
): Pick<ApiInput<'invoices.issue'>, 'paymentDays' | 'endOfMonth' | 'termsNote'> {
  const days = /^\d{1,3}$/.test(f.days) ? Number(f.days) : undefined;
  return {
    ...(days !== undefined ? { paymentDays: days, endOfMonth: f.endOfMonth } : {}),
    ...(f.note.trim() ? { termsNote: f.note.trim() } : {}),
  };
}

export function NewInvoice(props: {
  mode: 'account' | 'sale';
  accounts: Customer[];
  onMode(mode: 'account' | 'sale'): void;
  onIssued(id: number): void;
  onClose(): void;
}) {
  const t = useT();
  const [terms, setTerms] = useState<TermsForm>({ days: '', endOfMonth: false, note: '' });
  return (
    <div className="panel new-invoice" data-testid="new-invoice">
      <div className="row" role="tablist">
        {(['account', 'sale'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={props.mode === m}
            className={props.mode === m ? 'btn btn-active' : 'btn'}
            onClick={() => props.onMode(m)}
          >
            {t(m === 'account' ? 'inv.new.account' : 'inv.new.sale')}
          </button>
        ))}
        <button type="button" className="btn" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
      {/* The terms are part of what is issued: each form shows them before its button, not under it. */}
      {props.mode === 'account' ? (
        <ForAccount
          accounts={props.accounts}
          terms={terms}
          termsFields={<TermsFields value={terms} onChange={setTerms} />}
          onIssued={props.onIssued}
        />
      ) : (
        <ForSale
          terms={terms}
          termsFields={<TermsFields value={terms} onChange={setTerms} />}
          onIssued={props.onIssued}
        />
      )}
    </div>
  );
}

function TermsFields(props: { value: TermsForm; onChange(v: TermsForm): void }) {
  const t = useT();
  const v = props.value;
  return (
    <div className="row" style={WRAP}>
      <TextField
        label={t('inv.terms.days')}
        value={v.days}
        onChange={(days) => props.onChange({ ...v, days })}
        inputMode="numeric"
        dir="ltr"
        invalid={v.days !== '' && !(/^\d{1,3}$/.test(v.days) && Number(v.days) <= 120)}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={v.endOfMonth}
          onChange={(e) => props.onChange({ ...v, endOfMonth: e.target.checked })}
        />
        {t('inv.terms.endOfMonth')}
      </label>
      <TextField
        label={t('inv.terms.note')}
        value={v.note}
        onChange={(note) => props.onChange({ ...v, note })}
      />
      <span className="muted">{t('inv.terms.default')}</span>
    </div>
  );
}

function BuyerExtra(props: {
  address: string;
  taxId: string;
  onAddress(v: string): void;
  onTaxId(v: string): void;
}) {
  const t = useT();
  return (
    <>
      <TextField label={t('inv.buyer.address')} value={props.address} onChange={props.onAddress} dir="auto" />
      <TextField label={t('inv.buyer.if')} value={props.taxId} onChange={props.onTaxId} dir="ltr" />
    </>
  );
}

function ForAccount(props: {
  accounts: Customer[];
  terms: TermsForm;
  termsFields: ReactNode;
  onIssued(id: number): void;
}) {
  const t = useT();
  const today = casablancaDate(Date.now());
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [from, setFrom] = useState(() => `${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [address, setAddress] = useState('');
  const [taxId, setTaxId] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromAt = startOfDay(from);
  const toEnd = endOfDay(to);
  const period =
    fromAt !== null && toEnd !== null && fromAt <= toEnd ? { from: fromAt, to: toEnd + 1 } : null;
  const chosen = props.accounts.find((c) => c.id === customerId) ?? null;
  // The account picked last: an earlier pick's details arriving late must not fill its invoice.
  const picked = useRef<number | null>(null);

  // The account's own address and IF, when it holds them, are what the invoice will print: shown to check.
  const prefill = async (id: number) => {
    try {
      const c = await call('customers.get', { id });
      if (picked.current !== id) return;
      setAddress(c.address ?? '');
      setTaxId(c.ifNumber ?? '');
    } catch (err) {
      setError(errorText(err));
    }
  };
  const show = async () => {
    if (customerId === null || period === null) return;
    setError(null);
    try {
      setPreview(await call('invoices.uninvoiced', { customerId, ...period }));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const issue = async () => {
    if (customerId === null || period === null) return;
    setBusy(true);
    setError(null);
    try {
      const inv = await call('invoices.issueForAccount', {
        customerId,
        ...period,
        buyer: {
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(taxId.trim() ? { taxId: taxId.trim() } : {}),
        },
        ...termsInput(props.terms),
      });
      useUi.getState().toast('success', t('inv.issued', { number: inv.number }));
      props.onIssued(inv.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <div className="row" style={WRAP}>
        <SelectField
          label={t('inv.account')}
          value={customerId}
          onChange={(v) => {
            setCustomerId(v);
            setPreview(null);
            picked.current = v;
            if (v !== null) void prefill(v);
          }}
          options={[
            { value: null, label: t('inv.pickAccount') },
            ...props.accounts.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <DateInput
          label={t('inv.filter.from')}
          value={from}
          onChange={(v) => (setFrom(v), setPreview(null))}
        />
        <DateInput
          label={t('inv.filter.to')}
          value={to}
          onChange={(v) => (setTo(v), setPreview(null))}
          invalid={period === null}
        />
        <button
          type="button"
          className="btn"
          disabled={customerId === null || period === null}
          onClick={() => void show()}
        >
          {t('inv.show')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => (setFrom(addDays(today, -30)), setPreview(null))}
        >
          {t('inv.last30')}
        </button>
      </div>
      {chosen && (
        <p className="muted" dir="auto">
          {chosen.ice ? t('inv.accountIce', { ice: chosen.ice }) : t('error.CUSTOMER_ICE_MISSING')}
        </p>
      )}
      <div className="row" style={WRAP}>
        <BuyerExtra address={address} taxId={taxId} onAddress={setAddress} onTaxId={setTaxId} />
      </div>
      {preview && (
        <div data-testid="invoice-preview">
          <p>{t('inv.sales.count', { count: preview.sales.length })}</p>
          {preview.sales.length > 0 && (
            <table className="mgr-table">
              <thead>
                <tr>
                  <th>{t('inv.sale.receipt')}</th>
                  <th>{t('inv.col.date')}</th>
                  <th className="num">{t('inv.col.ttc')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.sales.map((s) => (
                  <tr key={s.id} data-testid="uninvoiced-sale">
                    <td dir="ltr">
                      {s.tillId}-{s.receiptNo}
                    </td>
                    <td>{formatDate(s.at)}</td>
                    <td className="num">{formatMoney(s.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <TotalsTable totals={preview.totals} />
        </div>
      )}
      {props.termsFields}
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={
            busy || customerId === null || period === null || preview === null || preview.sales.length === 0
          }
          onClick={() => void issue()}
        >
          {t('inv.issue')}
        </button>
      </div>
    </div>
  );
}

function ForSale(props: { terms: TermsForm; termsFields: ReactNode; onIssued(id: number): void }) {
  const t = useT();
  const station = useSession((s) => s.station);
  const [tillId, setTillId] = useState(station?.tillId ?? '');
  const [receipt, setReceipt] = useState('');
  const [sale, setSale] = useState<Sale | null>(null);
  const [name, setName] = useState('');
  const [ice, setIce] = useState('');
  const [address, setAddress] = useState('');
  const [taxId, setTaxId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Which search is the current one: a retyped till or receipt makes any answer still on its way stale.
  const asked = useRef(0);
  // The sale found stands for the receipt typed: another number must be found again before issuing, or the
  // invoice went to the sale found before.
  const forget = () => {
    asked.current++;
    setSale(null);
  };

  const find = async () => {
    const receiptNo = receiptNumberOf(receipt);
    if (receiptNo === null || tillId.trim() === '') return;
    setError(null);
    forget();
    const ask = asked.current;
    try {
      const found = await call('sales.byReceipt', { tillId: tillId.trim().toUpperCase(), receiptNo });
      if (asked.current === ask) setSale(found);
    } catch (err) {
      if (asked.current === ask) setError(errorText(err));
    }
  };
  const issue = async () => {
    if (!sale) return;
    setBusy(true);
    setError(null);
    const buyer =
      sale.customerId !== null
        ? {
            ...(address.trim() ? { address: address.trim() } : {}),
            ...(taxId.trim() ? { taxId: taxId.trim() } : {}),
          }
        : {
            name: name.trim(),
            address: address.trim(),
            ice: ice.trim(),
            ...(taxId.trim() ? { taxId: taxId.trim() } : {}),
          };
    try {
      const inv = await call('invoices.issue', { saleId: sale.id, buyer, ...termsInput(props.terms) });
      useUi.getState().toast('success', t('inv.issued', { number: inv.number }));
      props.onIssued(inv.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <div className="row" style={WRAP}>
        <TextField
          label={t('inv.till')}
          value={tillId}
          onChange={(v) => (setTillId(v), forget())}
          dir="ltr"
        />
        <TextField
          label={t('inv.receiptNo')}
          value={receipt}
          onChange={(v) => (setReceipt(v), forget())}
          inputMode="numeric"
          dir="ltr"
          onEnter={() => void find()}
        />
        <button
          type="button"
          className="btn"
          disabled={receiptNumberOf(receipt) === null}
          onClick={() => void find()}
        >
          {t('inv.find')}
        </button>
      </div>
      {sale && (
        <>
          <p data-testid="invoice-sale">
            {t('inv.sale.found', {
              receipt: `${sale.tillId}-${sale.receiptNo}`,
              date: formatDate(sale.at),
              total: formatMoney(sale.total),
            })}
          </p>
          <div className="row" style={WRAP}>
            {sale.customerId === null && (
              <>
                <TextField label={t('inv.buyer.name')} value={name} onChange={setName} dir="auto" />
                <TextField
                  label={t('inv.buyer.ice')}
                  value={ice}
                  onChange={setIce}
                  dir="ltr"
                  inputMode="numeric"
                />
              </>
            )}
            <BuyerExtra address={address} taxId={taxId} onAddress={setAddress} onTaxId={setTaxId} />
          </div>
        </>
      )}
      {props.termsFields}
      <ErrorLine error={error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || !sale}
          onClick={() => void issue()}
        >
          {t('inv.issue')}
        </button>
      </div>
    </div>
  );
}

/** Totals HT / TVA / TTC per rate, as the invoice will print them (exempt groups with their wording). */
export function TotalsTable({ totals }: { totals: Totals }) {
  const t = useT();
  return (
    <table className="mgr-table" data-testid="invoice-totals">
      <thead>
        <tr>
          <th>{t('inv.rate')}</th>
          <th className="num">{t('inv.col.ht')}</th>
          <th className="num">{t('inv.col.tva')}</th>
          <th className="num">{t('inv.col.ttc')}</th>
        </tr>
      </thead>
      <tbody>
        {totals.byRate.map((r) => (
          <tr key={`${r.vatCode}-${r.rateBp}`}>
            <td>
              {r.vatCode === 'EX' ? t('inv.exempt') : formatPercent(r.rateBp)}
              {r.exemptionWordingFr && <div className="muted">{r.exemptionWordingFr}</div>}
            </td>
            <td className="num">{formatMoney(r.ht)}</td>
            <td className="num">{formatMoney(r.tva)}</td>
            <td className="num">{formatMoney(r.ttc)}</td>
          </tr>
        ))}
        <tr className="total" data-testid="invoice-total">
          <td>{t('inv.total')}</td>
          <td className="num">{formatMoney(totals.ht)}</td>
          <td className="num">{formatMoney(totals.tva)}</td>
          <td className="num">{formatMoney(totals.ttc)}</td>
        </tr>
      </tbody>
    </table>
  );
}
