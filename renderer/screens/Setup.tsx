import { useState } from 'react';
import { errorText, useT } from '../i18n';
import { useSession } from '../stores/session';

/** First run of a station with an empty database: name the shop and create the administrator. */
export function SetupScreen() {
  const t = useT();
  const setup = useSession((s) => s.setup);
  const [shopName, setShopName] = useState('');
  const [adminName, setAdminName] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinOk = /^\d{4,8}$/.test(pin);
  const ready = shopName.trim() !== '' && adminName.trim() !== '' && pinOk && pin === pin2 && !busy;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await setup({ shopName: shopName.trim(), adminName: adminName.trim(), pin });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <section className="screen login">
      <h1>{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>{t('setup.shopName')}</span>
          <input value={shopName} onChange={(e) => setShopName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>{t('setup.adminName')}</span>
          <input value={adminName} onChange={(e) => setAdminName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('setup.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            dir="ltr"
            value={pin}
            aria-invalid={pin !== '' && !pinOk}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('setup.pinAgain')}</span>
          <input
            type="password"
            inputMode="numeric"
            dir="ltr"
            value={pin2}
            aria-invalid={pin2 !== '' && pin2 !== pin}
            onChange={(e) => setPin2(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={!ready}>
            {t('setup.submit')}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
