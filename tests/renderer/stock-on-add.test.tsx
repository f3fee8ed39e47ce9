// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { useCart } from '../../renderer/stores/cart';
import { logInAtTill, scanBurst, useTillStation } from '../helpers/till-station';

// 50 bottles of argan oil on hand from Tighanimine, a session open
useTillStation();

describe('stock shortage at the till', () => {
  it('is shown as soon as the line asks for more than the cooperative has, with what is on hand', async () => {
    const user = userEvent.setup({ delay: 60 });
    render(<App />);
    await logInAtTill(user, 'cashier');
    await screen.findByRole('textbox', { name: /Scanner ou chercher/ });

    await act(async () => scanBurst('6111234567895'));
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(1));
    // Within stock: nothing to warn about (give the quote time to answer before saying so).
    await new Promise((r) => setTimeout(r, 600));
    expect(screen.queryByTestId('stock-short')).toBeNull();

    // 50 more bottles on the same line: 51 wanted, 50 on hand. No payment typed yet.
    await user.keyboard('50*');
    await screen.findByText(/×50/);
    await act(async () => scanBurst('6111234567895'));
    const short = await screen.findByTestId('stock-short');
    expect(short.textContent).toMatch(/Stock insuffisant/);
    expect(short.textContent).toMatch(/50/);
    expect(short.textContent).toContain('Coopérative Tighanimine');
    expect(screen.queryByRole('dialog')).toBeNull();

    // Back within stock: the warning goes.
    const key = useCart.getState().current.lines[0]!.key;
    act(() => void useCart.getState().setQuantity(key, 50_000));
    await waitFor(() => expect(screen.queryByTestId('stock-short')).toBeNull());
  });
});
