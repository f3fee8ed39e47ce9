/**
 * One invoice or credit note (issue 13): its parties, lines and totals per rate as issued, its PDF (French,
 * or Arabic labels first) and CSV, and the credit note that corrects it, for all its lines or the chosen
 * ones, with a reason. An issued invoice is never edited: the credit note is the only correction.
 */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { isoDayToText } from '../../components/DateInput';
import { errorText, formatDate, formatMoney, formatPercent, formatQuantity, useLang, useT } from '../../i18n';
import { localName } from '../../i18n/names';
import { useUi } from '../../stores/ui';
import { downloadFile, downloadPdf } from './documents';
import { TotalsTable } from './InvoiceNew';
import { ErrorLine, TextField } from './shared';

type Invoice = ApiOutput<'invoices.get'>;

export function InvoiceDetail(props: {
  id: number;
  onOpen(id: number): void;
  onChanged(): void;
  onClose(): void;
}) {
  const t = useT();
  const [inv, setInv] = useState<Invoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crediting, setCrediting] = useState(false);
  // One document at a time: a double-click had the station draw the PDF twice and saved two files.
  const [fetching, setFetching] = useState(false);

  useEffect(() => {
    let live = true;
    setInv(null);
    setCrediting(false);
    call('invoices.get', { id: props.id })
      .then((i) => live && (setInv(i), setError(null)))
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [props.id]);

  const act = async (what: () => Promise<void>) => {
    if (fetching) return;
    setFetching(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setFetching(false);
    }
  };
  const pdf = (language: 'fr' | 'ar') =>
    act(async () => {
      const { fileName, pdfBase64 } = await call('invoices.pdf', { id: props.id, language });
      downloadPdf(pdfBase64, language === 'ar' ? fileName.replace(/\.pdf$/, '-ar.pdf') : fileName);
    });
  const csv = () =>
    act(async () => {
      const { fileName, csv: text } = await call('invoices.csv', { id: props.id });
      downloadFile(text, 'text/csv;charset=utf-8', fileName);
    });

  if (!inv) return <ErrorLine error={error} />;
  const b = inv.buyer;
  return (
    <div className="panel invoice-detail" data-testid="invoice-detail">
      <h2 dir="auto">
        {t(inv.kind === 'invoice' ? 'inv.kind.invoice' : 'inv.kind.credit_note')}{' '}
        <span dir="ltr" data-testid="invoice-number">
          {inv.number}
        </span>
      </h2>
      <p>
        {formatDate(inv.issuedAt)}
        {inv.dueDay && ` · ${t('inv.due', { date: isoDayToText(inv.dueDay) })}`}
        {inv.kind === 'invoice' && ` · ${t('inv.terms', { terms: inv.paymentTerms })}`}
      </p>
      {inv.correctsId !== null && inv.correctsNumber && (
        <p>
          <button type="button" className="btn btn-small" onClick={() => props.onOpen(inv.correctsId ?? 0)}>
            {t('inv.corrects', { number: inv.correctsNumber })}
          </button>
          {inv.reason && ` ${t('inv.reason', { reason: inv.reason })}`}
        </p>
      )}
      {inv.creditNotes.map((c) => (
        <p key={c.id}>
          <button type="button" className="btn btn-small" onClick={() => props.onOpen(c.id)}>
            {t('inv.creditedBy', { number: c.number })}
          </button>
        </p>
      ))}
      <p dir="auto" data-testid="invoice-buyer">
        <b>{b.name}</b> · {b.address} · ICE <span dir="ltr">{b.ice}</span>
        {b.taxId && (
          <>
            {' '}
            · IF <span dir="ltr">{b.taxId}</span>
          </>
        )}
      </p>
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('inv.line.no')}</th>
            <th>{t('inv.line.item')}</th>
            <th className="num">{t('inv.line.qty')}</th>
            <th className="num">{t('inv.rate')}</th>
            <th className="num">{t('inv.col.ttc')}</th>
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((l) => (
            <tr key={l.lineNo}>
              <td>{l.lineNo}</td>
              <td>
                <div lang="fr">{l.nameFr}</div>
                <div className="muted" lang="ar" dir="rtl">
                  {l.nameAr}
                </div>
              </td>
              <td className="num">{formatQuantity(l.unit, l.quantity)}</td>
              <td className="num">{l.vatCode === 'EX' ? t('inv.exempt') : formatPercent(l.vatRateBp)}</td>
              <td className="num">{formatMoney(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TotalsTable totals={inv.totals} />
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" disabled={fetching} onClick={() => void pdf('fr')}>
          {t('inv.pdf')}
        </button>
        <button type="button" className="btn" disabled={fetching} onClick={() => void pdf('ar')}>
          {t('inv.pdfAr')}
        </button>
        <button type="button" className="btn" disabled={fetching} onClick={() => void csv()}>
          {t('inv.csv')}
        </button>
        {inv.kind === 'invoice' && inv.creditedLineNos.length < inv.lines.length && (
          <button type="button" className="btn" onClick={() => setCrediting(true)}>
            {t('inv.credit')}
          </button>
        )}
        <button type="button" className="btn" onClick={props.onClose}>
          {t('inv.close')}
        </button>
      </div>
      {crediting && (
        <CreditNoteForm
          invoice={inv}
          onIssued={(id) => {
            props.onChanged();
            props.onOpen(id);
          }}
          onCancel={() => setCrediting(false)}
        />
      )}
    </div>
  );
}

function CreditNoteForm(props: { invoice: Invoice; onIssued(id: number): void; onCancel(): void }) {
  const t = useT();
  const lang = useLang();
  // Only the lines no credit note has credited yet: each is credited once at most.
  const done = new Set(props.invoice.creditedLineNos);
  const lines = props.invoice.lines.filter((l) => !done.has(l.lineNo));
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(lines.map((l) => l.lineNo)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const amount = lines.filter((l) => chosen.has(l.lineNo)).reduce((s, l) => s + l.amount, 0);
  const ready = !busy && reason.trim() !== '' && chosen.size > 0;

  const issue = async () => {
    // Also reached by Enter in the reason: never a second credit note while the first is on its way.
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const all = chosen.size === lines.length;
      const av = await call('invoices.creditNote', {
        invoiceId: props.invoice.id,
        reason: reason.trim(),
        ...(all ? {} : { lineNos: [...chosen].sort((a, b) => a - b) }),
      });
      useUi.getState().toast('success', t('inv.credit.issued', { number: av.number }));
      props.onIssued(av.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" data-testid="credit-note-form">
      <h3>{t('inv.credit')}</h3>
      <p className="muted">{t('inv.credit.lines')}</p>
      {lines.map((l) => (
        <label key={l.lineNo} className="check">
          <input
            type="checkbox"
            checked={chosen.has(l.lineNo)}
            onChange={(e) =>
              setChosen((c) => {
                const next = new Set(c);
                if (e.target.checked) next.add(l.lineNo);
                else next.delete(l.lineNo);
                return next;
              })
            }
          />
          {l.lineNo}. {localName(l, lang)} ({formatMoney(l.amount)})
        </label>
      ))}
      <TextField
        label={t('inv.credit.reason')}
        value={reason}
        onChange={setReason}
        dir="auto"
        onEnter={() => void issue()}
      />
      <p>{t('inv.credit.amount', { amount: formatMoney(amount) })}</p>
      <ErrorLine error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => void issue()}>
          {t('inv.credit.issue')}
        </button>
      </div>
    </div>
  );
}
