import { create } from 'zustand';
import type { ApiOutput } from '../../api/contract';
import { call, onSessionError, onSessionRole, setToken } from '../api/client';
import { isLanguage, t as translateNow, useI18n } from '../i18n';
import { useCart } from './cart';
import { setShopClock } from './clock';
import { usePairing } from './pairing';
import { useUi } from './ui';

export type User = ApiOutput<'auth.login'>['user'];
export type CashSession = NonNullable<ApiOutput<'cash.current'>>;
export type StationInfo = ApiOutput<'system.info'>;
export type ShopSettings = ApiOutput<'settings.get'>['shop'];

interface SessionState {
  token: string | null;
  user: User | null;
  station: StationInfo | null;
  cash: CashSession | null;
  /** False until cash.current answered after login: the open-session screen must not flash. */
  cashKnown: boolean;
  shop: ShopSettings | null;
  /** The station ended the last session (user deactivated, demoted or PIN changed): the login screen says so. */
  ended: boolean;
  loadStation(): Promise<StationInfo>;
  login(userId: number, pin: string): Promise<User>;
  /** First run: creates the first admin (only possible while there is no user) and logs in as them. */
  setup(input: { adminName: string; pin: string; shopName: string }): Promise<User>;
  logout(): Promise<void>;
  /** Re-reads this session's user (auth.me): a role changed on the station shows in the menus (see onSessionRole). */
  refreshUser(): Promise<User | null>;
  refreshCash(): Promise<CashSession | null>;
  openCash(openingFloat: number): Promise<CashSession>;
  loadShop(): Promise<ShopSettings>;
}

export const useSession = create<SessionState>((set, get) => ({
  token: null,
  user: null,
  station: null,
  cash: null,
  cashKnown: false,
  shop: null,
  ended: false,
  async loadStation() {
    const station = await call('system.info', {});
    setShopClock(station.clock);
    set({ station });
    return station;
  },
  async login(userId, pin) {
    const { token, user } = await call('auth.login', { userId, pin });
    return adopt(token, user);
  },
  async setup(input) {
    const { token, user } = await call('system.setup', { ...input, language: useI18n.getState().lang });
    return adopt(token, user);
  },
  async logout() {
    // The session ends locally even when the station cannot be told: the next login replaces it.
    await call('auth.logout', {}).catch(() => null);
    setToken(null);
    set({ token: null, user: null, cash: null, cashKnown: false });
  },
  refreshUser() {
    // An auth.me already on its way may have been read before the change that asks again: one more follows it.
    if (queued) return queued;
    if (refreshing) {
      queued = refreshing
        .catch(() => null)
        .then(() => {
          queued = null;
          return get().refreshUser();
        });
      return queued;
    }
    refreshing = refreshUserOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
  async refreshCash() {
    const cash = await call('cash.current', {});
    set({ cash, cashKnown: true });
    return cash;
  },
  async openCash(openingFloat) {
    const cash = await call('cash.open', { openingFloat });
    set({ cash, cashKnown: true });
    return cash;
  },
  async loadShop() {
    const cached = get().shop;
    if (cached) return cached;
    const { shop } = await call('settings.get', {});
    set({ shop });
    return shop;
  },
}));

/** Starts a session with a token the station issued (login or first-run setup). */
async function adopt(token: string, user: User): Promise<User> {
  const { getState: get, setState: set } = useSession;
  setToken(token);
  if (isLanguage(user.language)) useI18n.getState().setLang(user.language);
  set({ token, user, cash: null, cashKnown: false, ended: false });
  if (!get().station)
    await get()
      .loadStation()
      .catch(() => null);
  await get().refreshCash();
  return user;
}

export const isManager = (user: User | null): boolean => user?.role === 'manager' || user?.role === 'admin';

let refreshing: Promise<User | null> | null = null;
let queued: Promise<User | null> | null = null;

async function refreshUserOnce(): Promise<User | null> {
  const { getState: get, setState: set } = useSession;
  const asked = get().token;
  if (asked === null) return null;
  const user = await call('auth.me', {});
  // A logout or another login while asking: that answer describes a session no longer on screen.
  if (get().token !== asked) return get().user;
  set({ user });
  return user;
}

/**
 * The station no longer accepts this session. Whatever was on the till is held (F9 recalls it after the
 * next login: nothing scanned is lost) and the login screen says why, once.
 */
function endedByStation(): void {
  useCart.getState().hold();
  setToken(null);
  useSession.setState({ token: null, user: null, cash: null, cashKnown: false, ended: true });
}

onSessionError((err, sent) => {
  // Calls still pending with an older token answer after the session already ended: nothing more to do.
  if (sent !== useSession.getState().token) return;
  if (err.code === 'UNAUTHENTICATED') endedByStation();
  // A manager revoked this device: the cart is held as for an ended session, and the pairing screen shows.
  else if (err.code === 'TILL_REVOKED') {
    endedByStation();
    usePairing.getState().noticeRefusal(err);
  }
  // A demotion refuses manager calls; the role is re-read so the manager entries leave the menu.
  else if (err.code === 'FORBIDDEN' || err.code === 'APPROVAL_REQUIRED')
    void useSession
      .getState()
      .refreshUser()
      .catch(() => null);
});

// Every answer carries the caller's role on the station now: a promotion (which nothing refuses) or a
// demotion shows in the menus at the session's next call, without a new login.
onSessionRole((role, sent) => {
  const { token, user } = useSession.getState();
  if (sent !== token || !user || user.role === role) return;
  void useSession
    .getState()
    .refreshUser()
    .catch(() => null);
});

// Each call that was pending when the session ended fails with UNAUTHENTICATED, and the screen that made
// it would toast that: the login screen's one notice says it instead.
useUi.subscribe((ui) => {
  if (!useSession.getState().ended) return;
  const said = translateNow('error.UNAUTHENTICATED');
  const kept = ui.toasts.filter((x) => !(x.kind === 'error' && x.text === said));
  if (kept.length !== ui.toasts.length) useUi.setState({ toasts: kept });
});
