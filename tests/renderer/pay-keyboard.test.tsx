// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { useCart } from '../../renderer/stores/cart';
import { logInAtTill, scanBurst, useTillStation } from '../helpers/till-station';

useTillStation();

describe('payment from the keyboard', () => {
  it('F12 lands in the amount received, Enter validates; a card payment validates with Enter too', async () => {
    const user = userEvent.setup({ delay: 40 });
    render(<App />);
    await logInAtTill(user, 'cashier');
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
