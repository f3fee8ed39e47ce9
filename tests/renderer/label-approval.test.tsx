// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import { App } from '../../renderer/App';
import { useCart } from '../../renderer/stores/cart';
import { logInAtTill, useTillStation } from '../helpers/till-station';

/** A price label the scale's operator typed at 0.00 must not sell its goods without a manager's PIN. */
// Thyme honey by weight (scale reference 00042) at 250,00 MAD/kg, a session open.
const s = useTillStation();

function zeroPriceLabel(): string {
  const rule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');
  if (!rule) throw new Error('no price-embedded rule in the default nomenclature');
  return makeEmbeddedCode(rule, '00042', 0);
}

describe('a price label below the floor at the till', () => {
  it('asks for the manager PIN at the scan: cancelled, no line; approved, the sale goes through', async () => {
    const user = userEvent.setup({ delay: 60 });
    render(<App />);
    await logInAtTill(user, 'cashier');
    const search = await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
    await waitFor(() => expect(document.activeElement).toBe(search));

    // An ordinary jar first, so that the cart is not empty and its line must survive both answers.
    await act(async () => {
      for (const key of [...'6111234567895', 'Enter']) fireEvent.keyDown(search, { key });
    });
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));

    // Typed by hand (a person's pace), as a cashier does with a label the scanner cannot read.
    const label = zeroPriceLabel();
    await user.keyboard(`${label}{Enter}`);
    let ask = await screen.findByRole('dialog', { name: 'Autorisation du responsable' });
    expect(ask.textContent).toMatch(/Étiquette à 0,00.*Miel de thym/);
    await user.click(within(ask).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getAllByTestId('cart-line')).toHaveLength(1);
    expect(useCart.getState().current.lines.map((l) => l.barcode)).toEqual(['6111234567895']);

    await user.keyboard(`${label}{Enter}`);
    ask = await screen.findByRole('dialog', { name: 'Autorisation du responsable' });
    await user.click(within(ask).getByRole('radio', { name: 'Samira' }));
    // The PIN goes to the pad, not to the scan box behind the dialog.
    await user.keyboard('2468{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(2));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((search as HTMLInputElement).value).toBe('');
    const line = useCart.getState().current.lines.find((l) => l.barcode === label);
    expect(line).toMatchObject({ labelAmount: 0, approval: { managerId: s.users.manager.id, pin: '2468' } });

    await user.keyboard('{F12}');
    const pay = await screen.findByRole('dialog', { name: 'Paiement' });
    await user.click(within(pay).getByRole('radio', { name: 'Carte' }));
    await user.click(within(pay).getByRole('button', { name: 'Valider la vente' }));
    await screen.findByRole('dialog', { name: /Ticket n° 1/ });
    const sale = useCart.getState().lastSale;
    expect(sale?.lines.map((l) => l.amount).sort((a, b) => a - b)).toEqual([0, 12_000]);
  });
});
