import { useState } from 'react';
import { MAD_DENOMINATIONS, countTotal } from '../../core/cash';
import { parseDirhams } from '../../core/money';
import { MoneyInput } from '../components/MoneyInput';
import { errorText, formatMoney, useT } from '../i18n';
import { useSession } from '../stores/session';

/** Counting the float note by note is how a drawer is really opened; the typed amount is the shortcut. */
export function OpenSessionScreen(props: { onBackOffice?: () => void } = {}) {
  const t = useT();
  const openCash = useSession((s) => s.openCash);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const counted = countTotal(counts);
  const typedValue = typed.trim() === '' ? null : parseDirhams(typed);
  const amount = typedValue ?? counted;

  const bump = (d: number, by: number) =>
    setCounts((c) => ({ ...c, [String(d)]: Math.max(0, (c[String(d)] ?? 0) + by) }));

  const submit = async () => {
    if (amount < 0 || (typed.trim() !== '' && typedValue === null) || busy) return;
    setBusy(true);
    setError(null);
    try {
      await openCash(amount);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <section className="screen open-session">
      <h1>{t('open.title')}</h1>
      <p>{t('open.hint')}</p>
      <div className="denominations">
        {MAD_DENOMINATIONS.map((d) => (
          <div key={d} className="denomination">
            <button type="button" className="btn denom-btn" onClick={() => bump(d, 1)}>
              {formatMoney(d)}
            </button>
            <span className="denom-count" aria-label={`${formatMoney(d)} ×`}>
              ×{counts[String(d)] ?? 0}
            </span>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => bump(d, -1)}
              aria-label={`- ${formatMoney(d)}`}
            >
              −
            </button>
          </div>
        ))}
      </div>
      <MoneyInput label={t('open.amount')} value={typed} onChange={setTyped} onEnter={() => void submit()} />
      <p className="big-total">
        {t('open.amount')} : <strong data-testid="opening-float">{formatMoney(amount)}</strong>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={busy}
          onClick={() => void submit()}
        >
          {t('open.submit')}
        </button>
        {props.onBackOffice && (
          <button type="button" className="btn btn-large" onClick={props.onBackOffice}>
            {t('open.backOffice')}
          </button>
        )}
      </div>
    </section>
  );
}
