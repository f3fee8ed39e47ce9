// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { createCustomer } from '../../db/services/customers';
import { eraseCustomer } from '../../db/services/personal-data';
import { useCart } from '../../renderer/stores/cart';
import { logInAtTill, useTillStation } from '../helpers/till-station';

// Two accounts, one of them erased before the station opens.
useTillStation({
  prepare(f) {
    createCustomer(f.store, f.asManager, {
      name: 'Riad Dar Zitoun',
      phone: '0524 38 91 07',
      tier: 'wholesale',
    });
    const atlas = createCustomer(f.store, f.asManager, {
      name: 'Hôtel Atlas',
      phone: '0522 40 10 10',
      tier: 'semi',
    });
    eraseCustomer(f.store, f.asAdmin, { customerId: atlas.id, confirm: 'Hôtel Atlas' });
  },
});

describe("the till's customer picker", () => {
  it('lists the accounts that may be sold to, never an erased one, by name or by phone', async () => {
    const user = userEvent.setup({ delay: 30 });
    render(<App />);
    await logInAtTill(user, 'cashier');
    await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
    await user.keyboard('{F4}');
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('button', { name: /Riad Dar Zitoun/ });
    const names = () =>
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent ?? '');
    expect(names().some((n) => /Atlas|effacé/.test(n))).toBe(false);

    const search = within(dialog).getByRole('textbox');
    for (const query of ['Atlas', '0522', 'effacé']) {
      await user.clear(search);
      await user.type(search, query);
      // The list answers for this query: only "no account" stays.
      await waitFor(() => expect(within(dialog).queryByRole('button', { name: /Riad/ })).toBeNull());
      expect(names().some((n) => /Atlas|effacé/.test(n))).toBe(false);
    }
    await user.clear(search);
    await user.type(search, '0524');
    await user.click(await within(dialog).findByRole('button', { name: /Riad Dar Zitoun/ }));
    expect(useCart.getState().current.customer).toMatchObject({ name: 'Riad Dar Zitoun', tier: 'wholesale' });
  });
});
