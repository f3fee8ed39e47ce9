import { create } from 'zustand';
import type { ApiOutput } from '../../api/contract';
import { call, setToken } from '../api/client';
import { isLanguage, useI18n } from '../i18n';
import { setShopClock } from './clock';

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
  loadStation(): Promise<StationInfo>;
  login(userId: number, pin: string): Promise<User>;
  /** First run: creates the first admin (only possible while there is no user) and logs in as them. */
  setup(input: { adminName: string; pin: string; shopName: string }): Promise<User>;
  logout(): Promise<void>;
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
  set({ token, user, cash: null, cashKnown: false });
  if (!get().station)
    await get()
      .loadStation()
      .catch(() => null);
  await get().refreshCash();
  return user;
}

export const isManager = (user: User | null): boolean => user?.role === 'manager' || user?.role === 'admin';
