import { useRef, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { PAYMENT_METHODS, type PaymentMethod } from '../../core/cash';
import { isValidQuantity, parseQuantity } from '../../core/quantity';
import { call, isApiError } from '../api/client';
import {
  errorText,
  formatDate,
  formatMoney,
  formatQuantity,
  t as translateNow,
  useLang,
  useT,
} from '../i18n';
import { useApproval } from '../stores/approval';
import { newClientId } from '../stores/client-id';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { localName } from '../i18n/names';

type Sale = ApiOutput<'sales.byReceipt'>;

/** A scanned receipt barcode is the zero-padded receipt number (core/receipt receiptBarcodeData). */
export function receiptNumberOf(text: string): number | null {
  const digits = text.trim();
  if (!/^\d{1,12}$/.test(digits)) return null;
  const n = Number(digits);
  return n > 0 ? n : null;
}

export function ReturnsScreen() {
  const t = useT();
  const lang = useLang();
  const station = useSession((s) => s.station);
  const toast = useUi((s) => s.toast);
  const requestApproval = useApproval((s) => s.request);
  const [receipt, setReceipt] = useState('');
  const [sale, setSale] = useState<Sale | null>(null);
  const [qty, setQty] = useState<Record<number, string>>({});
  const [restock, setRestock] = useState<Record<number, boolean>>({});
  const [reason, setReason] = useState('');
  const [refundMethod, setRefundMethod] = useState<PaymentMethod>('cash');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastReturn, setLastReturn] = useState<{ id: number; returnNo: number } | null>(null);
  // One id per return being prepared: a retry after a lost answer refunds once.
  const clientId = useRef(newClientId());

  const find = async () => {
    const no = receiptNumberOf(receipt);
    if (no === null || !station) return;
    setError(null);
    setSale(null);
    try {
      const s = await call('sales.byReceipt', { tillId: station.tillId, receiptNo: no });
      setSale(s);
      setQty({});
      setRestock(Object.fromEntries(s.lines.map((l) => [l.id, true])));
      clientId.current = newClientId();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const chosen = sale
    ? sale.lines.flatMap((l) => {
        const q = parseQuantity(qty[l.id] ?? '');
        return q === null
          ? []
          : [{ saleLineId: l.id, quantity: q, restock: restock[l.id] ?? true, unit: l.unit }];
      })
    : [];
  const valid =
    chosen.length > 0 && chosen.every((c) => isValidQuantity(c.unit, c.quantity)) && reason.trim() !== '';

  // The slip goes out as soon as the return is recorded, and can be printed again from the button.
  const printSlip = (ret: { id: number; returnNo: number }) =>
    // Like a receipt, a slip that fails to print is queued for reprint by the station.
    call('devices.printReturn', { returnId: ret.id })
      .then(() => toast('success', translateNow('returns.printed', { number: ret.returnNo })))
      .catch((err: unknown) => {
        if (!isApiError(err, 'NO_PRINTER')) toast('error', errorText(err));
      });

  const submit = async () => {
    if (!sale || busy) return;
    if (!valid) return setError(translateNow('returns.nothing'));
    const res = await requestApproval(translateNow('approval.reason.refund', { receipt: sale.receiptNo }));
    if (!res.ok) return;
    setBusy(true);
    setError(null);
    try {
      const out = await call('returns.create', {
        clientId: clientId.current,
        saleId: sale.id,
        lines: chosen.map(({ saleLineId, quantity, restock: r }) => ({ saleLineId, quantity, restock: r })),
        reason: reason.trim(),
        refundMethod,
        ...(res.approval ? { approval: res.approval } : {}),
      });
      toast('success', translateNow('returns.done', { number: out.returnNo, total: formatMoney(out.total) }));
      setLastReturn({ id: out.id, returnNo: out.returnNo });
      void printSlip(out);
      setSale(null);
      setReceipt('');
      setReason('');
      clientId.current = newClientId();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen returns">
      <h1>{t('returns.title')}</h1>
      <div className="row returns-find">
        <label className="field grow">
          <span>{t('returns.receipt')}</span>
          <input
            autoFocus
            inputMode="numeric"
            dir="ltr"
            value={receipt}
            onChange={(e) => setReceipt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find();
              }
            }}
          />
        </label>
        <button type="button" className="btn btn-large" onClick={() => void find()}>
          {t('returns.find')}
        </button>
      </div>
      {sale && (
        <>
          <h2>{t('returns.sale', { receipt: sale.receiptNo, date: formatDate(sale.at) })}</h2>
          {sale.voided && <p className="error">{t('returns.voided')}</p>}
          <div className="returns-scroll">
            <table className="cart-table returns-lines">
              <tbody>
                {sale.lines.map((l) => {
                  const returnable = l.quantity - l.returnedQuantity;
                  return (
                    <tr key={l.id} className="line">
                      <td>
                        <div className="line-name">{localName(l, lang)}</div>
                        <div className="muted">
                          {formatQuantity(l.unit, l.quantity)} × {formatMoney(l.unitPrice)} ={' '}
                          {formatMoney(l.amount)} ·{' '}
                          {t('returns.returnable', { qty: formatQuantity(l.unit, returnable) })}
                        </div>
                      </td>
                      <td>
                        <label className="field">
                          <span>{t('returns.qty')}</span>
                          <input
                            inputMode="decimal"
                            dir="ltr"
                            disabled={returnable <= 0 || sale.voided}
                            value={qty[l.id] ?? ''}
                            onChange={(e) => setQty({ ...qty, [l.id]: e.target.value })}
                          />
                        </label>
                      </td>
                      <td>
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={restock[l.id] ?? true}
                            onChange={(e) => setRestock({ ...restock, [l.id]: e.target.checked })}
                          />
                          {t('returns.restock')}
                        </label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="returns-footer">
            <label className="field returns-reason">
              <span>{t('returns.reason')}</span>
              <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            </label>
            <div className="method-buttons" role="radiogroup" aria-label={t('returns.refundMethod')}>
              {PAYMENT_METHODS.map((m) => (
                <button
                  key={m}
                  type="button"
                  role="radio"
                  aria-checked={m === refundMethod}
                  className={m === refundMethod ? 'btn btn-active' : 'btn'}
                  onClick={() => setRefundMethod(m)}
                >
                  {t(`pay.method.${m}`)}
                </button>
              ))}
            </div>
            <div className="actions">
              <button
                type="button"
                className="btn btn-primary btn-large"
                disabled={busy || sale.voided}
                onClick={() => void submit()}
              >
                {t('returns.submit')}
              </button>
            </div>
          </div>
        </>
      )}
      {lastReturn && !sale && (
        <div className="actions">
          <button type="button" className="btn" onClick={() => void printSlip(lastReturn)}>
            {t('returns.print', { number: lastReturn.returnNo })}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
