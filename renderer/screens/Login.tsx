import { useCallback, useEffect, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { call } from '../api/client';
import { PinPad } from '../components/PinPad';
import { errorText, useT } from '../i18n';
import { useSession } from '../stores/session';
import { SetupScreen } from './Setup';
import { usePairing } from '../stores/pairing';

type LoginUser = ApiOutput<'auth.users'>[number];

export function LoginScreen() {
  const t = useT();
  const login = useSession((s) => s.login);
  const ended = useSession((s) => s.ended);
  const [users, setUsers] = useState<LoginUser[] | null>(null);
  const [chosen, setChosen] = useState<LoginUser | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('auth.users', {})
      .then(setUsers)
      // Not paired (or revoked) is the pairing screen's to say, not an error here.
      .catch((err: unknown) => {
        if (!usePairing.getState().noticeRefusal(err)) setError(errorText(err));
      });
  }, []);

  const submit = useCallback(async () => {
    if (!chosen || pin.length < 4 || busy) return;
    setBusy(true);
    setError(null);
    try {
      await login(chosen.id, pin);
    } catch (err) {
      setError(errorText(err));
      setPin('');
      setBusy(false);
    }
  }, [chosen, pin, busy, login]);

  // An empty database (a new Electron install) has nobody to log in: the first admin is created here.
  if (users?.length === 0) return <SetupScreen />;

  return (
    <section className="screen login">
      <h1>{chosen ? t('login.pinFor', { name: chosen.name }) : t('login.title')}</h1>
      {ended && (
        <p className="notice" role="status" data-testid="session-ended">
          {t('login.sessionEnded')}
        </p>
      )}
      {users === null && !error && <p>{t('app.loading')}</p>}
      {!chosen && (
        <div className="tiles">
          {users?.map((u) => (
            <button key={u.id} type="button" className="tile user-tile" onClick={() => setChosen(u)}>
              <span className="tile-name">{u.name}</span>
              <span className="tile-sub">{t(`role.${u.role}`)}</span>
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <>
          <PinPad
            value={pin}
            onChange={setPin}
            onSubmit={() => void submit()}
            label={t('login.pinFor', { name: chosen.name })}
            busy={busy}
          />
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                setChosen(null);
                setPin('');
                setError(null);
              }}
            >
              {t('common.back')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
