// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import { formatMoney, useI18n } from '../../../renderer/i18n';
import DashboardScreen from '../../../renderer/screens/manager/Dashboard';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

const f = useTillStation();

afterEach(() => {
  cleanup();
  useI18n.getState().setLang('fr');
});

const login = async (who: 'manager' | 'cashier') => {
  if (useSession.getState().user) await useSession.getState().logout();
  await useSession.getState().login(f.users[who].id, who === 'manager' ? '2468' : '1357');
};

describe('dashboard', () => {
  it('says "no sales yet" on a day without sales, instead of zeros and a lone "01"', async () => {
    await login('manager');
    render(<DashboardScreen />);
    expect((await screen.findByTestId('dash-empty')).textContent).toBe(
      'Aucune vente pour l’instant sur cette période.',
    );
    expect(screen.queryByTestId('dash-total')).toBeNull();
    expect(screen.queryAllByTestId('day-column')).toHaveLength(0);
  });

  it('formats amounts and percentages as the language writes them, with one currency label', async () => {
    await login('cashier');
    await call('sales.checkout', {
      clientId: 'dash-fmt-1',
      lines: [{ productId: f.products.oil.id, quantity: 10_000 }],
      payments: [{ method: 'cash', amount: 108_000, tendered: 108_000 }],
    });
    await login('manager');
    render(<DashboardScreen />);
    // 10 bottles earn the semi tier: 10 x 108,00.
    await waitFor(() => expect(screen.getByTestId('dash-total').textContent).toBe('1\u00a0080,00\u00a0MAD'));
    // The argan cooperative is a women's one in the fixture: all of it, written the French way.
    expect(screen.getByTestId('dash-womens').textContent).toBe('100,0\u00a0% · 1\u00a0080,00\u00a0MAD');
    expect(document.body.textContent).not.toMatch(/DH|د\.م/);
    cleanup();
    useI18n.getState().setLang('en');
    render(<DashboardScreen />);
    await waitFor(() => expect(screen.getByTestId('dash-total').textContent).toBe('1,080.00\u00a0MAD'));
    expect(screen.getByTestId('dash-womens').textContent).toBe('100.0% · 1,080.00\u00a0MAD');
    cleanup();
    useI18n.getState().setLang('ar');
    render(<DashboardScreen />);
    await waitFor(() => expect(screen.getByTestId('dash-total').textContent).toBe('1\u00a0080,00\u00a0MAD'));
    expect(formatMoney(-104_000, 'fr')).toBe('-1\u00a0040,00\u00a0MAD');
  });
});
