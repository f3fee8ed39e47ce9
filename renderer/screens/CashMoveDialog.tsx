import { useRef, useState } from 'react';
import { parseDirhams } from '../../core/money';
import { call } from '../api/client';
import { Modal } from '../components/Modal';
import { MoneyInput } from '../components/MoneyInput';
import { errorText, useT } from '../i18n';
import { newClientId } from '../stores/client-id';

type Kind = 'in' | 'out';

/**
 * Cash put into or taken out of the drawer (change brought in, a bank drop). The movement's client id is
 * made when the cashier confirms it and kept for every retry of the same content, so a confirm whose answer
 * was lost (a cut link) and pressed again is recorded once; changing the amount, direction or reason after
 * a failure is another movement, with a new id.
 */
export function CashMoveDialog(props: { onCancel(): void; onDone(kind: Kind): void }) {
  const t = useT();
  const [kind, setKind] = useState<Kind>('out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sent = useRef<{ clientId: string; content: string } | null>(null);

  const submit = async () => {
    if (busy) return;
    const centimes = parseDirhams(amount);
    if (centimes === null || centimes <= 0) return setError(t('input.invalidAmount'));
    if (reason.trim() === '') return setError(t('cash.move.reasonMissing'));
    const input = { kind, amount: centimes, reason: reason.trim() };
    const content = JSON.stringify(input);
    if (sent.current?.content !== content) sent.current = { clientId: newClientId(), content };
    setBusy(true);
    setError(null);
    try {
      await call('cash.move', { clientId: sent.current.clientId, ...input });
      props.onDone(kind);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('cash.move.title')} onClose={props.onCancel}>
      <div className="method-buttons">
        {(['out', 'in'] as const).map((k) => (
          <button
            key={k}
            type="button"
            className={k === kind ? 'btn btn-active' : 'btn'}
            aria-pressed={k === kind}
            onClick={() => setKind(k)}
          >
            {t(k === 'in' ? 'cash.move.in' : 'cash.move.out')}
          </button>
        ))}
      </div>
      <MoneyInput label={t('cash.move.amount')} value={amount} onChange={setAmount} autoFocus />
      <label className="field">
        <span>{t('cash.move.reason')}</span>
        <input
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
          {t('common.confirm')}
        </button>
      </div>
    </Modal>
  );
}
