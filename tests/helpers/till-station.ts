/**
 * The renderer (jsdom) against a real station: useTestStation's station, the API client pointed at it over
 * HTTP, French screens, and the DOM and the client's token cleared afterwards; plus the login and the
 * scanner burst the till tests share.
 */
import { cleanup, configure, fireEvent, screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport, type Transport } from '../../renderer/api/transport';
import { useI18n } from '../../renderer/i18n';
import { useTestStation, type StationSetup, type TestStation } from './station';

// A loaded 2-core machine answers in seconds, not milliseconds.
configure({ asyncUtilTimeout: 15_000 });

export interface TillSetup extends StationSetup {
  /** Wraps the HTTP transport (to count or hold calls); the plain one by default. */
  transport?(http: Transport): Transport;
  /** After the client is pointed at the station (log in, configure devices...). */
  started?(s: TestStation): Promise<void> | void;
  /** Before the station closes. */
  closing?(): Promise<void> | void;
}

export function useTillStation(setup: TillSetup = {}): TestStation {
  return useTestStation(setup, {
    async started(s) {
      const http = httpTransport(s.url);
      setTransport(setup.transport ? setup.transport(http) : http);
      useI18n.getState().setLang('fr');
      await setup.started?.(s);
    },
    async closing() {
      cleanup();
      setToken(null);
      await setup.closing?.();
    },
  });
}

/** makeFixture's people as the login screen shows them. */
export const TILL_USERS = {
  cashier: { name: /Youssef/, pin: '1357' },
  manager: { name: /Samira/, pin: '2468' },
  admin: { name: /Admin/, pin: '9999' },
} as const;

/** At the login screen: picks the person's tile and types the PIN, at the pace `user` was set up with. */
export async function logInAtTill(user: UserEvent, who: keyof typeof TILL_USERS): Promise<void> {
  await user.click(await screen.findByRole('button', { name: TILL_USERS[who].name }));
  await user.keyboard(`${TILL_USERS[who].pin}{Enter}`);
}

/** A scanner: the whole code then Enter, in one synchronous burst (gaps far under 30 ms). */
export function scanBurst(code: string): void {
  const target = document.activeElement ?? document.body;
  for (const key of [...code, 'Enter']) fireEvent.keyDown(target, { key });
}
