import { useState } from 'react';
import { call } from '../api/client';
import { errorText, useT } from '../i18n';
import { usePairing } from '../stores/pairing';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';

/**
 * "Pair this device": what a browser on the shop's network sees until it has a till token. The manager
 * reads the code off the Tills screen; the station answers with the token as an HttpOnly cookie, so this
 * page never holds it.
 */
export function PairDeviceScreen() {
  const t = useT();
  const needed = usePairing((s) => s.needed);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pair = async () => {
    setBusy(true);
    setError(null);
    try {
      const paired = await call('tills.pair', { code: code.trim() });
      usePairing.getState().paired();
      useUi.getState().toast('success', t('pair.done', { name: paired.tillName, shop: paired.shopName }));
      await useSession
        .getState()
        .loadStation()
        .catch(() => null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="screen pair-screen">
      <form
        className="pair-form"
        onSubmit={(e) => {
          e.preventDefault();
          void pair();
        }}
      >
        <h1>{t('pair.title')}</h1>
        <p>{needed === 'revoked' ? t('pair.revoked') : t('pair.hint')}</p>
        <label className="field">
          <span>{t('pair.code')}</span>
          <input
            className="pair-input"
            dir="ltr"
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="ABCDE-FGHJK"
            value={code}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary btn-large" disabled={busy || code.trim() === ''}>
          {t('pair.submit')}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
