// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { call } from '../../renderer/api/client';
import { useCart } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';
import { scanBurst, useTillStation } from '../helpers/till-station';

// A role changed on the station shows in the open session's menu at its next call, without a new login:
// every answer carries the caller's role as the station has it now. Before, a promotion showed only at
// the next login (nothing refused the promoted user's calls, so nothing made the till re-read the role).
let adminToken: string;
const s = useTillStation({
  async started() {
    adminToken = (await call('auth.login', { userId: s.users.admin.id, pin: '9999' }, { token: null })).token;
  },
});

const setRole = (id: number, role: 'cashier' | 'manager') =>
  call('users.update', { id, role }, { token: adminToken });

async function logIn(name: RegExp, pin: string) {
  const user = userEvent.setup({ delay: 60 });
  await user.click(await screen.findByRole('button', { name }));
  await user.keyboard(`${pin}{Enter}`);
  await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
  return user;
}

afterEach(async () => {
  cleanup();
  useCart.getState().clear();
  await useSession.getState().logout();
});

describe('a role changed while its user is logged in', () => {
  it('a promoted cashier gets the manager menu at the next call, still in the same session', async () => {
    render(<App />);
    await logIn(/Youssef/, '1357');
    const menu = screen.getByRole('navigation', { name: 'menu' });
    expect(within(menu).queryByRole('button', { name: /Relevés/ })).toBeNull();
    const token = useSession.getState().token;

    await setRole(s.users.cashier.id, 'manager');
    // Any call will do: the cashier scans an article, and its answer says the role is now manager.
    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1), { timeout: 15_000 });
    await waitFor(() => expect(useSession.getState().user?.role).toBe('manager'), { timeout: 15_000 });
    await waitFor(() => expect(within(menu).getByRole('button', { name: /Relevés/ })).toBeTruthy());
    expect(within(menu).getByRole('button', { name: /Stock/ })).toBeTruthy();
    expect(useSession.getState().token).toBe(token);
    expect(screen.getByText(/Youssef · Responsable/)).toBeTruthy();
    await setRole(s.users.cashier.id, 'cashier');
  });

  it('a manager demoted to cashier loses the manager menu at the next call, even one a cashier may make', async () => {
    render(<App />);
    await logIn(/Samira/, '2468');
    const menu = screen.getByRole('navigation', { name: 'menu' });
    expect(within(menu).getByRole('button', { name: /Relevés/ })).toBeTruthy();

    await setRole(s.users.manager.id, 'cashier');
    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(within(menu).queryByRole('button', { name: /Relevés/ })).toBeNull(), {
      timeout: 15_000,
    });
    expect(useSession.getState()).toMatchObject({ ended: false, user: { role: 'cashier' } });
    await setRole(s.users.manager.id, 'manager');
  });
});
