import { useId, useState } from 'react';
import type { ApiOutput } from '../../../api/contract';
import { call } from '../../api/client';
import { DateInput } from '../../components/DateInput';
import { Modal } from '../../components/Modal';
import { errorText, formatDate, formatMoney, formatQuantity, useLang, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { localName } from '../../i18n/names';
import { casablancaDate, periodEndFor } from './casablanca-time';
import { downloadSettlementCsv, openSettlementPdf, type StatementRef } from './documents';
import { CoopSelect, ErrorLine, TextField, useCooperatives, useLoad } from './shared';

type Statement = ApiOutput<'settlements.draft'>;

export default function SettlementsScreen() {
  const t = useT();
  const lang = useLang();
  const cooperatives = useCooperatives();
  const [coopId, setCoopId] = useState<number | null>(null);
  const [date, setDate] = useState(() => casablancaDate(Date.now()));
  const [statement, setStatement] = useState<Statement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const list = useLoad(() => call('settlements.list', { cooperativeId: coopId }), [coopId]);
  const periodEnd = periodEndFor(date, Date.now());

  const run = async (what: () => Promise<Statement>) => {
    setBusy(true);
    setError(null);
    try {
      setStatement(await what());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const draft = () => {
    if (coopId === null || periodEnd === null) return;
    void run(() => call('settlements.draft', { cooperativeId: coopId, periodEnd }));
  };

  const issue = () => {
    setConfirming(false);
    if (!statement || statement.status !== 'draft') return;
    // A draft paying nothing or less is refused as a statement: the screen offers it as a debit note only.
    const debitNote = statement.kind === 'debit_note';
    const input = {
      cooperativeId: statement.cooperative.id,
      periodEnd: statement.periodEnd,
      ...(debitNote ? { debitNote } : {}),
    };
    void run(async () => {
      const issued = await call('settlements.issue', input);
      const done = debitNote ? 'mgr.settle.debitIssued' : 'mgr.settle.issued';
      useUi.getState().toast('success', t(done, { number: issued.number ?? '' }));
      list.reload();
      return issued;
    });
  };

  const coopById = new Map(cooperatives.map((c) => [c.id, c]));

  return (
    <section className="screen mgr-screen">
      <h1>{t('nav.settlements')}</h1>
      <div className="row">
        <CoopSelect value={coopId} onChange={setCoopId} cooperatives={cooperatives} />
        <DateInput
          label={t('mgr.settle.periodEnd')}
          value={date}
          onChange={setDate}
          invalid={periodEnd === null}
          onEnter={draft}
        />
        <button
          type="button"
          className="btn btn-primary"
          disabled={coopId === null || periodEnd === null || busy}
          onClick={draft}
        >
          {t('mgr.settle.draft')}
        </button>
      </div>
      <ErrorLine error={error} />
      {statement && (
        <StatementView
          statement={statement}
          busy={busy}
          onIssue={() => setConfirming(true)}
          onChanged={(s) => {
            setStatement(s);
            list.reload();
          }}
        />
      )}
      <h2>{t('mgr.settle.list')}</h2>
      <ErrorLine error={list.error} />
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('mgr.settle.number')}</th>
            <th>{t('mgr.coop')}</th>
            <th>{t('mgr.settle.period')}</th>
            <th className="num">{t('mgr.settle.netSales')}</th>
            <th className="num">{t('mgr.settle.commission')}</th>
            <th className="num">{t('mgr.settle.payout')}</th>
            <th>{t('mgr.settle.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((s) => {
            const c = coopById.get(s.cooperativeId);
            return (
              <tr key={s.id} data-testid="settlement-row">
                <td>{s.number}</td>
                <td>{c ? localName(c, lang) : s.cooperativeId}</td>
                <td>
                  {formatDate(s.periodStart)} → {formatDate(s.periodEnd)}
                </td>
                <td className="num">{formatMoney(s.netSales)}</td>
                <td className="num">{formatMoney(s.commission)}</td>
                <td className="num">{formatMoney(s.payout)}</td>
                <td>{s.paidAt === null ? t('mgr.settle.status.issued') : t('mgr.settle.status.paid')}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => void run(() => call('settlements.get', { id: s.id }))}
                  >
                    {t('mgr.open')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.data?.length === 0 && <p className="muted">{t('mgr.settle.none')}</p>}
      {confirming && statement && (
        <Modal
          title={t(statement.kind === 'debit_note' ? 'mgr.settle.debitNote' : 'mgr.settle.issue')}
          onClose={() => setConfirming(false)}
        >
          <p>
            {statement.kind === 'debit_note'
              ? t('mgr.settle.debitConfirm', {
                  coop: localName(statement.cooperative, lang),
                  amount: formatMoney(-statement.totals.payout),
                })
              : t('mgr.settle.confirm', {
                  coop: localName(statement.cooperative, lang),
                  payout: formatMoney(statement.totals.payout),
                })}
          </p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" data-autofocus onClick={issue}>
              {t(statement.kind === 'debit_note' ? 'mgr.settle.debitNote' : 'mgr.settle.issue')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

function StatementView(props: {
  statement: Statement;
  busy: boolean;
  onIssue(): void;
  onChanged(s: Statement): void;
}) {
  const t = useT();
  const lang = useLang();
  const s = props.statement;
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tot = s.totals;
  const debit = s.kind === 'debit_note';
  const referenceMissing = reference.trim() === '';
  const referenceHint = useId();

  const markPaid = async () => {
    if (s.id === null || reference.trim() === '') return;
    try {
      props.onChanged(
        await call('settlements.markPaid', { settlementId: s.id, reference: reference.trim() }),
      );
      setReference('');
    } catch (err) {
      setError(errorText(err));
    }
  };

  // A draft exports too (watermarked by the station), so a cooperative can check it before issue.
  const ref: StatementRef =
    s.id !== null ? { id: s.id } : { cooperativeId: s.cooperative.id, periodEnd: s.periodEnd };
  const exportWith = (what: (r: StatementRef) => Promise<void>) =>
    what(ref).catch((err: unknown) => setError(errorText(err)));

  return (
    <article className="panel statement" aria-label={t('mgr.settle.statement')} data-testid="statement">
      <h2>
        {s.number ?? t('mgr.settle.status.draft')} · {localName(s.cooperative, lang)}
      </h2>
      <p className="muted" data-testid="statement-period">
        {formatDate(s.periodStart)} → {formatDate(s.periodEnd)} · {t(`mgr.settle.status.${s.status}`)}
        {s.paymentReference && ` · ${t('mgr.settle.reference')}: ${s.paymentReference}`}
      </p>
      {s.issuedAt !== null && (
        <p className="muted" data-testid="statement-issued">
          {t('mgr.settle.issuedAt', { date: formatDate(s.issuedAt) })}
        </p>
      )}
      <table className="mgr-table">
        <thead>
          <tr>
            <th>{t('sell.col.product')}</th>
            <th>{t('mgr.settle.tier')}</th>
            <th className="num">{t('sell.col.qty')}</th>
            <th className="num">{t('sell.col.amount')}</th>
            <th className="num">{t('mgr.settle.commission')}</th>
            <th className="num">{t('mgr.settle.payout')}</th>
          </tr>
        </thead>
        <tbody>
          {s.sales.map((l, i) => (
            <tr key={`s${i}`} data-testid="statement-line">
              <td>{localName(l, lang)}</td>
              <td>{t(`tier.${l.tier}`)}</td>
              <td className="num">{formatQuantity(l.unit, l.quantity)}</td>
              <td className="num">{formatMoney(l.amount)}</td>
              <td className="num">{formatMoney(l.commission)}</td>
              <td className="num">{formatMoney(l.payout)}</td>
            </tr>
          ))}
          {s.returns.map((l, i) => (
            <tr key={`r${i}`} className="statement-return">
              <td>{localName(l, lang)}</td>
              <td>{t('mgr.settle.returnLine')}</td>
              <td className="num">{formatQuantity(l.unit, l.quantity)}</td>
              <td className="num">{formatMoney(-l.amount)}</td>
              <td className="num">{formatMoney(-l.commission)}</td>
              <td className="num">{formatMoney(-l.payout)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="report">
        <div className="total-row">
          <span>{t('mgr.settle.grossSales')}</span>
          <strong>{formatMoney(tot.grossSales)}</strong>
        </div>
        <div className="total-row">
          <span>{t('mgr.settle.returns')}</span>
          <strong>{formatMoney(tot.returns)}</strong>
        </div>
        <div className="total-row">
          <span>{t('mgr.settle.netSales')}</span>
          <strong data-testid="statement-net">{formatMoney(tot.netSales)}</strong>
        </div>
        <div className="total-row">
          <span>{t('mgr.settle.commission')}</span>
          <strong data-testid="statement-commission">{formatMoney(tot.commission)}</strong>
        </div>
        <div className="grand-total">
          <span>{t('mgr.settle.payout')}</span>
          <strong data-testid="statement-payout">{formatMoney(tot.payout)}</strong>
        </div>
      </div>
      {debit && (
        // Returns outweigh sales: the cooperative owes the shop. Said in words, not left to a minus sign.
        <p className="notice notice-warning" data-testid="statement-debit">
          {t(s.status === 'draft' ? 'mgr.settle.debitBalance' : 'mgr.settle.debitOwed', {
            coop: localName(s.cooperative, lang),
            amount: formatMoney(-tot.payout),
          })}
        </p>
      )}
      <ErrorLine error={error} />
      <div className="actions">
        {s.status === 'draft' && (
          <button type="button" className="btn btn-primary" disabled={props.busy} onClick={props.onIssue}>
            {t(debit ? 'mgr.settle.debitNote' : 'mgr.settle.issue')}
          </button>
        )}
        <button type="button" className="btn" onClick={() => void exportWith(openSettlementPdf)}>
          {t('mgr.settle.pdf')}
        </button>
        <button type="button" className="btn" onClick={() => void exportWith(downloadSettlementCsv)}>
          {t('mgr.settle.csv')}
        </button>
      </div>
      {s.status === 'issued' && (
        <div className="row">
          <TextField
            label={t('mgr.settle.reference')}
            value={reference}
            onChange={setReference}
            onEnter={() => void markPaid()}
            hint={{ id: referenceHint, text: referenceMissing ? t('mgr.settle.referenceHint') : null }}
          />
          <button
            type="button"
            className="btn"
            disabled={referenceMissing}
            aria-describedby={referenceMissing ? referenceHint : undefined}
            onClick={() => void markPaid()}
          >
            {t('mgr.settle.markPaid')}
          </button>
        </div>
      )}
    </article>
  );
}
