import { Suspense, useEffect, useMemo } from 'react';
import { ApprovalDialog } from './components/ApprovalDialog';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { OfflineBanner } from './components/OfflineBanner';
import { Toasts } from './components/Toasts';
import { useT } from './i18n';
import { BACK_OFFICE_ROUTE, routesFor } from './routes';
import { LoginScreen } from './screens/Login';
import { OpenSessionScreen } from './screens/OpenSession';
import { PairDeviceScreen } from './screens/PairDevice';
import { usePairing } from './stores/pairing';
import { isManager, useSession } from './stores/session';
import { useUi } from './stores/ui';

export function App() {
  const t = useT();
  const user = useSession((s) => s.user);
  const cash = useSession((s) => s.cash);
  const cashKnown = useSession((s) => s.cashKnown);
  const station = useSession((s) => s.station);
  const pairingNeeded = usePairing((s) => s.needed);

  useEffect(() => {
    if (!useSession.getState().station)
      void useSession
        .getState()
        .loadStation()
        // A browser on the shop's network without a till token: the pairing screen, not an error.
        .catch((err: unknown) => usePairing.getState().noticeRefusal(err));
  }, []);

  // Each login starts on the till (or, with no session, on opening one): not on the last user's screen.
  const userId = user?.id;
  useEffect(() => {
    if (userId !== undefined) useUi.getState().navigate('sell');
  }, [userId]);

  let body;
  if (pairingNeeded) body = <PairDeviceScreen />;
  else if (!user) body = <LoginScreen />;
  else if (!cashKnown) body = <p className="screen">{t('app.loading')}</p>;
  // Only selling needs a drawer: a manager after the Z still reaches the back office without a float.
  else if (!cash && !isManager(user)) body = <OpenSessionScreen />;
  else body = <Shell />;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{station?.shopName || t('app.name')}</span>
        {station && (
          <span className="till" title={station.tillId}>
            {station.tillName}
          </span>
        )}
        <OfflineBanner />
        <span className="spacer" />
        <LanguageSwitcher />
        {user && <UserBadge />}
      </header>
      {body}
      <ApprovalDialog />
      <Toasts />
    </div>
  );
}

function UserBadge() {
  const t = useT();
  const user = useSession((s) => s.user);
  const logout = useSession((s) => s.logout);
  if (!user) return null;
  return (
    <span className="user-badge">
      <span>
        {user.name} · {t(`role.${user.role}`)}
      </span>
      <button type="button" className="btn btn-small" onClick={() => void logout()}>
        {t('login.logout')}
      </button>
    </span>
  );
}

function Shell() {
  const t = useT();
  const user = useSession((s) => s.user);
  const cash = useSession((s) => s.cash);
  const route = useUi((s) => s.route);
  const navigate = useUi((s) => s.navigate);
  const visible = useMemo(() => (user ? routesFor(user.role) : []), [user]);
  const current = visible.find((r) => r.id === route) ?? visible[0];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = visible.find((r) => r.hotkey === e.key);
      if (target && !document.querySelector('[role="dialog"]')) {
        e.preventDefault();
        navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, navigate]);

  useEffect(() => {
    if (current && typeof location !== 'undefined') history.replaceState(null, '', `#/${current.id}`);
  }, [current]);

  if (!current) return null;
  const Screen = current.component;
  const sections = (['till', 'manager'] as const)
    .map((id) => ({ id, routes: visible.filter((r) => r.section === id) }))
    .filter((s) => s.routes.length > 0);
  return (
    <div className="shell">
      <nav className="sidenav" aria-label="menu">
        {sections.map((section) => (
          <ul key={section.id} className={`nav-${section.id}`}>
            {section.routes.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className={r.id === current.id ? 'nav-item nav-active' : 'nav-item'}
                  aria-current={r.id === current.id ? 'page' : undefined}
                  onClick={() => navigate(r.id)}
                >
                  <span>{t(r.labelKey)}</span>
                  {r.hotkey && <kbd>{r.hotkey}</kbd>}
                </button>
              </li>
            ))}
          </ul>
        ))}
      </nav>
      <main className="content">
        <Suspense fallback={<p>{t('app.loading')}</p>}>
          {current.section === 'till' && !cash ? (
            <OpenSessionScreen onBackOffice={() => navigate(BACK_OFFICE_ROUTE)} />
          ) : (
            <Screen />
          )}
        </Suspense>
      </main>
    </div>
  );
}
