// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { startDemoDevices, type DemoDevices } from '../../hardware/virtual/demo-devices';
import { App } from '../../renderer/App';
import { call } from '../../renderer/api/client';
import { useCart } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';
import { logInAtTill, useTillStation } from '../helpers/till-station';

let devices: DemoDevices;

// Honey by weight at 250,00 MAD/kg, a session open.
useTillStation({
  async started(s) {
    devices = await startDemoDevices({ grams: 1250 });
    if (!devices.scalePath) throw new Error('socat is needed for the simulated scale');
    await useSession.getState().login(s.users.admin.id, '9999');
    await call('devices.configure', {
      printer: null,
      scale: { path: devices.scalePath, protocol: 'toledo-8217' },
    });
    await useSession.getState().logout();
  },
  async closing() {
    await devices?.close();
  },
});

describe('weighing at the till', () => {
  it('reads the scale by itself when a weighed product is chosen, and re-weighs a line', async () => {
    const user = userEvent.setup({ delay: 40 });
    render(<App />);
    await logInAtTill(user, 'cashier');
    await screen.findByRole('textbox', { name: /Scanner ou chercher/ });

    await user.keyboard('miel');
    await screen.findByRole('option', { name: /Miel de thym/ });
    await user.keyboard('{Enter}');
    const weigh = await screen.findByRole('dialog', { name: /Pesée : Miel de thym/ });
    // No button pressed: the stable weight, its unit and the price per kg are on screen.
    const priced = await within(weigh).findByTestId('weight-priced');
    expect(priced.textContent?.replace(/\s/g, ' ')).toMatch(/1,250 kg × 250,00 MAD \/ kg = 312,50 MAD/);
    expect(within(weigh).getByText('Poids stable')).toBeTruthy();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(useCart.getState().current.lines.map((l) => l.quantity)).toEqual([1250]);

    // The customer takes some back out of the bag: re-weigh the line.
    // The pan still swings for a few readings: only the stable weight is taken.
    devices.scale!.set({ grams: 800 });
    devices.scale!.motionFor(3);
    await user.click(screen.getByRole('button', { name: 'Repeser' }));
    const again = await screen.findByRole('dialog', { name: /Pesée : Miel de thym/ });
    await waitFor(() =>
      expect(within(again).getByTestId('weight-priced').textContent?.replace(/\s/g, ' ')).toMatch(
        /0,800 kg × 250,00 MAD \/ kg = 200,00 MAD/,
      ),
    );
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(useCart.getState().current.lines.map((l) => l.quantity)).toEqual([800]);
    expect(screen.getAllByTestId('cart-line')).toHaveLength(1);
  });
});
