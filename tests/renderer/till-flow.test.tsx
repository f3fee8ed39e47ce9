// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { useCart } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';
import { logInAtTill, scanBurst, useTillStation } from '../helpers/till-station';

/** The whole cashier path against a real station (HTTP, SQLite file) from jsdom. */
const s = useTillStation({ fixture: { openSession: false } });

describe('till flow on a real station', () => {
  it('logs in, opens the drawer, scans, searches, pays cash and shows the change', async () => {
    // A person's pace: keys 0 ms apart (user-event's default) are a scanner's burst to the till.
    const user = userEvent.setup({ delay: 60 });
    render(<App />);

    await logInAtTill(user, 'cashier');

    // No open session on this till: the float is asked first.
    const amount = await screen.findByLabelText('Fond de caisse');
    await user.type(amount, '500');
    await user.click(screen.getByRole('button', { name: 'Ouvrir la caisse' }));
    const search = await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
    await waitFor(() => expect(document.activeElement).toBe(search));
    expect(useSession.getState().cash?.openingFloat).toBe(50_000);

    // A wedge burst is a scan: the line is added, the search box stays empty.
    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    expect((search as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('tier').textContent).toBe('Détail');

    // Typing goes to the search box; results come as you type; Enter adds the highlighted one.
    await user.keyboard('amlou');
    await waitFor(() => expect((search as HTMLInputElement).value).toBe('amlou'));
    const results = await screen.findByRole('listbox');
    expect(within(results).getByText(/Amlou aux amandes/)).toBeTruthy();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(2));

    // "5*" then a scan: five more jars join the line (six), which earns the semi-wholesale tier.
    await user.keyboard('5*');
    await screen.findByText(/×5/);
    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('tier')[0]?.textContent).toBe('Demi-gros'));
    const lines = useCart.getState().current.lines;
    expect(lines.find((l) => l.product.id === s.products.oil.id)?.quantity).toBe(6000);
    const clientId = useCart.getState().current.clientId;

    // 6 x 108.00 + 65.50 = 713.50 ; tendered 800 -> change 86.50
    expect(screen.getByTestId('cart-total').textContent?.replace(/\s/g, ' ')).toMatch(/713,50/);
    await user.keyboard('{F12}');
    const dialog = await screen.findByRole('dialog', { name: 'Paiement' });
    await user.click(within(dialog).getByRole('button', { name: /800,00/ }));
    await waitFor(() => expect(within(dialog).getByTestId('pay-change').textContent).toMatch(/86,50/));
    await user.click(within(dialog).getByRole('button', { name: 'Valider la vente' }));

    const receipt = await screen.findByRole('dialog', { name: 'Ticket n° 1' });
    expect(within(receipt).getByTestId('receipt-change').textContent).toMatch(/86,50/);
    expect(useCart.getState().lastSale).toMatchObject({ clientId, total: 71350, change: 8650, receiptNo: 1 });
    expect(useCart.getState().current.clientId).not.toBe(clientId);
    expect(useCart.getState().current.lines).toHaveLength(0);
    await user.click(within(receipt).getByRole('button', { name: 'Nouvelle vente' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows OUT_OF_STOCK with the product and cooperative, and keeps the cart for a retry', async () => {
    const user = userEvent.setup();
    useCart.getState().clear();
    const product = await (
      await import('../../renderer/api/client')
    ).call('products.get', { id: s.products.amlou.id });
    useCart.getState().addProduct(product, 999_000);
    const clientId = useCart.getState().current.clientId;
    await user.keyboard('{F12}');
    const dialog = await screen.findByRole('dialog', { name: 'Paiement' });
    await user.click(within(dialog).getByRole('radio', { name: 'Carte' }));
    await user.click(within(dialog).getByRole('button', { name: 'Valider la vente' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Amlou aux amandes 300 g');
    expect(alert.textContent).toContain('Coopérative Tighanimine');
    expect(useCart.getState().current.clientId).toBe(clientId);
    expect(useCart.getState().current.lines).toHaveLength(1);
  });
});
