// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { call } from '../../renderer/api/client';
import { type Transport } from '../../renderer/api/transport';
import { t } from '../../renderer/i18n';
import { useCart } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';
import { useUi } from '../../renderer/stores/ui';
import { useTillStation } from '../helpers/till-station';

/** Sessions follow their user on the station: the till must notice when its own session is ended or changed. */
let adminToken: string;
/** Answers the station gave to products.scan, refused or not. */
let scansAnswered = 0;

// A cash session is open on T1.
const s = useTillStation({
  transport: (http): Transport => ({
    kind: 'http',
    async send(method, input, token, signal) {
      try {
        return await http.send(method, input, token, signal);
      } finally {
        if (method === 'products.scan') scansAnswered++;
      }
    },
  }),
  async started() {
    // Another admin's session, as from the back office: never the till's own token.
    adminToken = (await call('auth.login', { userId: s.users.admin.id, pin: '9999' }, { token: null })).token;
  },
});

function asAdmin(input: { id: number; active?: boolean; role?: 'cashier' | 'manager' | 'admin' }) {
  return call('users.update', input, { token: adminToken });
}

/** A scanner: the whole code then Enter, in one synchronous burst. */
function scanBurst(code: string): void {
  const target = document.activeElement ?? document.body;
  for (const key of [...code, 'Enter']) fireEvent.keyDown(target, { key });
}

async function logIn(name: RegExp, pin: string) {
  const user = userEvent.setup({ delay: 60 });
  await user.click(await screen.findByRole('button', { name }));
  await user.keyboard(`${pin}{Enter}`);
  await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
  return user;
}

describe('a session the station ended', () => {
  it('lands on the login screen with one notice, and the cart scanned so far is held for recall', async () => {
    render(<App />);
    await logIn(/Youssef/, '1357');
    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    const scanned = useCart.getState().current;
    expect(scansAnswered).toBe(1);

    await asAdmin({ id: s.users.cashier.id, active: false });

    // Two scans in flight when the station refuses the token: still one notice, and no error toast at all.
    await act(async () => {
      scanBurst('6111234567895');
      scanBurst('6111234567895');
    });
    const notice = await screen.findByTestId('session-ended');
    expect(notice.textContent).toBe('Votre session a pris fin : reconnectez-vous.');
    expect(screen.getByRole('heading', { name: 'Qui êtes-vous ?' })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: /Scanner ou chercher/ })).toBeNull();
    expect(useSession.getState()).toMatchObject({ token: null, user: null, ended: true });
    // Both refused answers are in before counting what the screen says.
    await waitFor(() => expect(scansAnswered).toBe(3));
    expect(screen.getAllByText('Votre session a pris fin : reconnectez-vous.')).toHaveLength(1);
    const unauthenticated = t('error.UNAUTHENTICATED');
    expect(useUi.getState().toasts.filter((x) => x.text === unauthenticated)).toEqual([]);
    expect(screen.queryAllByRole('alert')).toEqual([]);

    // The deactivated cashier is gone from the tiles; the manager logs in and recalls the held cart.
    expect(screen.queryByRole('button', { name: /Youssef/ })).toBeNull();
    expect(useCart.getState().held.map((h) => h.clientId)).toEqual([scanned.clientId]);
    const user = await logIn(/Samira/, '2468');
    expect(screen.queryByTestId('session-ended')).toBeNull();
    await user.keyboard('{F9}');
    const recall = await screen.findByRole('dialog', { name: /attente/i });
    await user.click(within(recall).getByRole('button', { name: /^1 ligne —/ }));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    expect(useCart.getState().current).toMatchObject({ clientId: scanned.clientId, lines: scanned.lines });
    cleanup();
  });

  it('a demoted manager loses the manager menu at the first manager call refused', async () => {
    useCart.getState().clear();
    useCart.setState({ held: [] });
    await useSession.getState().logout();
    render(<App />);
    const user = await logIn(/Samira/, '2468');
    const menu = screen.getByRole('navigation', { name: 'menu' });
    expect(within(menu).getByRole('button', { name: /Relevés/ })).toBeTruthy();

    await asAdmin({ id: s.users.manager.id, role: 'cashier' });
    // The statements screen asks for settlements.list, a manager's call: FORBIDDEN, and the role is re-read.
    await user.click(within(menu).getByRole('button', { name: /Relevés/ }));
    await waitFor(() => expect(useSession.getState().user?.role).toBe('cashier'));
    await waitFor(() => expect(within(menu).queryByRole('button', { name: /Relevés/ })).toBeNull());
    expect(within(menu).queryByRole('button', { name: /Stock/ })).toBeNull();
    expect(within(menu).getByRole('button', { name: /Vente/ })).toBeTruthy();
    // Still logged in: a demotion changes the role, it does not end the session.
    expect(screen.getByText(/Samira · Caissier/)).toBeTruthy();
    expect(useSession.getState().ended).toBe(false);
  });
});
