// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MAD_DENOMINATIONS } from '../../core/cash';
import { formatMoney } from '../../renderer/i18n';
import { OpenSessionScreen } from '../../renderer/screens/OpenSession';
import CashCloseScreen from '../../renderer/screens/manager/CashClose';
import { useSession } from '../../renderer/stores/session';
import { useTillStation } from '../helpers/till-station';

let managerId: number;

const s = useTillStation({
  fixture: { openSession: false },
  async started() {
    managerId = s.users.manager.id;
  },
});

/** 3 206,25 MAD: 16 x 200 DH, a 5 DH and a 1 DH coin, a 20 and a 5 centime coin. */
const DRAWER: [number, number][] = [
  [20000, 16],
  [500, 1],
  [100, 1],
  [20, 1],
  [5, 1],
];

describe('counting every Moroccan coin in circulation', () => {
  it('lists the 5, 10 and 20 centime coins', () => {
    expect(MAD_DENOMINATIONS).toEqual(expect.arrayContaining([20, 10, 5]));
  });

  it('opens the drawer with 3 206,25 MAD counted coin by coin, and the Z count closes it exactly', async () => {
    const user = userEvent.setup();
    await useSession.getState().login(managerId, '2468');
    const open = render(<OpenSessionScreen />);
    for (const [d, n] of DRAWER) {
      const button = screen.getByRole('button', { name: formatMoney(d) });
      for (let i = 0; i < n; i++) await user.click(button);
    }
    expect(screen.getByTestId('opening-float').textContent).toBe(formatMoney(320_625));
    await user.click(screen.getByRole('button', { name: 'Ouvrir la caisse' }));
    await waitFor(() => expect(useSession.getState().cash?.openingFloat).toBe(320_625));
    open.unmount();

    render(<CashCloseScreen />);
    await waitFor(() => expect(screen.getByTestId('close-expected').textContent).toBe(formatMoney(320_625)));
    for (const [d, n] of DRAWER) {
      await user.type(screen.getByRole('textbox', { name: `Nombre de ${formatMoney(d)}` }), String(n));
    }
    expect(screen.getByTestId('close-counted').textContent).toBe(formatMoney(320_625));
    expect(screen.getByTestId('close-variance').textContent).toBe(formatMoney(0));
    await user.click(screen.getByRole('button', { name: 'Clôturer la caisse (Z)' }));
    const confirm = await screen.findByRole('dialog');
    await user.click(within(confirm).getByRole('button', { name: 'Clôturer la caisse (Z)' }));
    const z = await screen.findByTestId('z-report');
    expect(within(z).getByTestId('z-variance').textContent).toBe(formatMoney(0));
  });
});
