// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { useI18n } from '../../renderer/i18n';
import { useCart } from '../../renderer/stores/cart';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

configure({ asyncUtilTimeout: 15_000 });

let station: Station;
let dir: string;

beforeAll(async () => {
  const f = makeFixture();
  dir = f.dir;
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
  setTransport(httpTransport(station.url));
  useI18n.getState().setLang('fr');
});

afterAll(async () => {
  cleanup();
  setToken(null);
  await station?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function scanBurst(code: string): void {
  const target = document.activeElement ?? document.body;
  for (const key of [...code, 'Enter']) fireEvent.keyDown(target, { key });
}

describe('payment from the keyboard', () => {
  it('F12 lands in the amount received, Enter validates; a card payment validates with Enter too', async () => {
    const user = userEvent.setup({ delay: 40 });
    render(<App />);
    await user.click(await screen.findByRole('button', { name: /Youssef/ }));
    await user.keyboard('1357{Enter}');
    await screen.findByRole('textbox', { name: /Scanner ou chercher/ });

    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Paiement' });
    const received = within(pay).getByRole('textbox', { name: 'Reçu' });
    await waitFor(() => expect(document.activeElement).toBe(received));
    await user.keyboard('200{Enter}');
    const receipt = await screen.findByRole('dialog', { name: /Ticket n° 1/ });
    expect(within(receipt).getByTestId('receipt-change').textContent).toMatch(/80,00/);
    expect(useCart.getState().lastSale).toMatchObject({ total: 12000, change: 8000 });
    await user.keyboard('{Enter}'); // "Nouvelle vente" has the focus
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    await user.keyboard('{F12}');
    const pay2 = await screen.findByRole('dialog', { name: 'Paiement' });
    await user.click(within(pay2).getByRole('radio', { name: 'Carte' }));
    const amount = within(pay2).getByRole('textbox', { name: 'Montant' });
    await waitFor(() => expect(document.activeElement).toBe(amount));
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: /Ticket n° 2/ });
    expect(useCart.getState().lastSale?.payments).toEqual([
      expect.objectContaining({ method: 'card', amount: 12000 }),
    ]);
  });
});
