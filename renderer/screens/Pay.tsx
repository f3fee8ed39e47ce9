import { useEffect, useMemo, useRef, useState } from 'react';
import { tenderSuggestions, type PaymentMethod } from '../../core/cash';
import { parseDirhams } from '../../core/money';
import { MoneyInput } from '../components/MoneyInput';
import { Modal } from '../components/Modal';
import { errorText, formatMoney, useT } from '../i18n';
import { isApiError } from '../api/client';
import { useCart, type PaymentInput, type Sale } from '../stores/cart';

const METHODS: PaymentMethod[] = ['cash', 'card', 'mobile', 'voucher'];

export function PayDialog(props: { total: number; onDone(sale: Sale): void; onCancel(): void }) {
  const t = useT();
  const checkout = useCart((s) => s.checkout);
  const status = useCart((s) => s.status);
  const lastError = useCart((s) => s.lastError);
  const [payments, setPayments] = useState<PaymentInput[]>([]);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [amountText, setAmountText] = useState('');
  const [tenderedText, setTenderedText] = useState('');
  const [reference, setReference] = useState('');

  const paid = payments.reduce((s, p) => s + p.amount, 0);
  const remaining = props.total - paid;
  const amount = amountText.trim() === '' ? remaining : parseDirhams(amountText);
  const tendered = tenderedText.trim() === '' ? null : parseDirhams(tenderedText);
  const cashUsed = payments.some((p) => p.method === 'cash');
  const suggestions = useMemo(() => (remaining > 0 ? tenderSuggestions(remaining) : []), [remaining]);

  /** The payment being typed, when it is valid; cash alone may be over-tendered. */
  const draft = (): PaymentInput | null => {
    if (amount === null || amount <= 0 || amount > remaining) return null;
    if (method === 'cash') {
      if (cashUsed) return null;
      if (tendered !== null && tendered < amount) return null;
      return { method, amount, tendered: tendered ?? amount };
    }
    return { method, amount, reference: reference.trim() === '' ? null : reference.trim() };
  };

  const add = (): PaymentInput[] | null => {
    const p = draft();
    if (!p) return null;
    const next = [...payments, p];
    setPayments(next);
    setAmountText('');
    setTenderedText('');
    setReference('');
    return next;
  };

  const submit = async (list: PaymentInput[]) => {
    if (list.reduce((s, p) => s + p.amount, 0) !== props.total || status === 'sending') return;
    try {
      props.onDone(await checkout(list));
    } catch {
      // shown below from the store; the cart and its clientId stay for the retry
    }
  };

  const validate = () => {
    if (remaining === 0) return void submit(payments);
    const next = add();
    if (next && next.reduce((s, p) => s + p.amount, 0) === props.total) void submit(next);
  };

  // Keyboard first: after a method is picked or a split payment added, the cursor is back in the field
  // to type in (amount received for cash, the amount otherwise), where Enter validates.
  const entryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    entryRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [method, payments.length]);

  const cashPayment = payments.find((p) => p.method === 'cash');
  const change =
    cashPayment && cashPayment.tendered
      ? cashPayment.tendered - cashPayment.amount
      : (tendered ?? 0) - (amount ?? 0);

  return (
    <Modal title={t('pay.title')} onClose={status === 'sending' ? undefined : props.onCancel} wide>
      <div className="pay-grid">
        <div className="pay-entry" ref={entryRef}>
          <p className="pay-due">
            {t('pay.due')} <strong data-testid="pay-due">{formatMoney(props.total)}</strong>
          </p>
          <p className="pay-remaining">
            {t('pay.remaining')} <strong data-testid="pay-remaining">{formatMoney(remaining)}</strong>
          </p>
          <div className="method-buttons" role="radiogroup" aria-label={t('pay.title')}>
            {METHODS.map((m) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={m === method}
                disabled={m === 'cash' && cashUsed}
                className={m === method ? 'btn btn-large btn-active' : 'btn btn-large'}
                onClick={() => setMethod(m)}
              >
                {t(`pay.method.${m}`)}
              </button>
            ))}
          </div>
          {remaining > 0 && (
            <>
              <MoneyInput
                label={t('pay.amount')}
                value={amountText === '' ? '' : amountText}
                onChange={setAmountText}
                onEnter={validate}
                autoFocus={method !== 'cash'}
              />
              {method === 'cash' ? (
                <>
                  <MoneyInput
                    label={t('pay.tendered')}
                    value={tenderedText}
                    onChange={setTenderedText}
                    onEnter={validate}
                    autoFocus
                  />
                  <div className="tender-suggestions">
                    {suggestions.map((s) => (
                      <button
                        key={s}
                        type="button"
                        className="btn btn-large"
                        onClick={() => setTenderedText((s / 100).toFixed(2))}
                      >
                        {s === remaining ? t('pay.exact') : formatMoney(s)}
                      </button>
                    ))}
                  </div>
                </>
              ) : (
                <label className="field">
                  <span>{t('pay.reference')}</span>
                  <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={80} />
                </label>
              )}
              <button type="button" className="btn pay-add" onClick={() => add()} disabled={draft() === null}>
                {t('pay.add')}
              </button>
            </>
          )}
        </div>
        <div className="pay-side">
          <h3>{t('pay.split')}</h3>
          <ul className="payment-list">
            {payments.map((p, i) => (
              <li key={i}>
                <span>{t(`pay.method.${p.method}`)}</span>
                <span>{formatMoney(p.amount)}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={t('common.clear')}
                  onClick={() => setPayments(payments.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <div className="change-box">
            <span>{t('pay.change')}</span>
            <strong data-testid="pay-change">{formatMoney(Math.max(0, change))}</strong>
          </div>
        </div>
      </div>
      {status === 'failed' && lastError !== null && (
        <p className="error" role="alert">
          {isApiError(lastError, 'NETWORK') ? t('sell.unsent') : errorText(lastError)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel} disabled={status === 'sending'}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-large"
          onClick={validate}
          disabled={status === 'sending' || (remaining > 0 && draft() === null)}
        >
          {status === 'sending'
            ? t('sell.syncing')
            : status === 'failed'
              ? t('common.retry')
              : t('pay.submit')}
        </button>
      </div>
    </Modal>
  );
}
