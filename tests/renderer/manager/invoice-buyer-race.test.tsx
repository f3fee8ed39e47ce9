// @vitest-environment jsdom
/**
 * A new invoice prints the buyer's address the form shows, so the form must show the chosen account's: when
 * the manager picks one account and then another before the first one's details arrive, the late answer must
 * not fill the second account's invoice with the first one's address. Against a real station; the first
 * account's read is held back by the transport until the second one's has landed.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import type { Transport } from '../../../renderer/api/transport';
import { NewInvoice } from '../../../renderer/screens/manager/InvoiceNew';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

/** The id whose customers.get is held, and the release of what was held. */
let holdId: number | null = null;
let holdReceipt: number | null = null;
let release: (() => void) | null = null;
let held: Promise<void> | null = null;

const f = useTillStation({
  transport: (http): Transport => ({
    kind: http.kind,
    async send(method, input, token, signal) {
      const answer = http.send(method, input, token, signal);
      const heldCall =
        (method === 'customers.get' && (input as { id: number }).id === holdId) ||
        (method === 'sales.byReceipt' && (input as { receiptNo: number }).receiptNo === holdReceipt);
      if (heldCall) {
        held = new Promise<void>((r) => (release = r));
        await held;
      }
      return answer;
    },
  }),
  async started() {
    await useSession.getState().login(f.users.manager.id, '2468');
  },
});

afterEach(() => {
  cleanup();
  holdId = null;
  holdReceipt = null;
  release = null;
});

describe('new invoice for an account', () => {
  it("shows the last chosen account's address, whatever order the accounts' details arrive in", async () => {
    const a = await call('customers.create', {
      name: 'Riad Premier',
      ice: '001111111000011',
      address: '1 rue du Premier, Fès',
      tier: 'wholesale',
    });
    const b = await call('customers.create', {
      name: 'Riad Second',
      ice: '002222222000022',
      address: '2 avenue du Second, Rabat',
      tier: 'wholesale',
    });
    const accounts = await call('customers.list', {});
    holdId = a.id;
    const user = userEvent.setup();
    render(
      <NewInvoice
        mode="account"
        accounts={accounts}
        onMode={() => {}}
        onIssued={() => {}}
        onClose={() => {}}
      />,
    );
    const account = screen.getByLabelText('Compte client');
    const address = screen.getByLabelText('Adresse du client');
    await user.selectOptions(account, 'Riad Premier');
    await waitFor(() => expect(release).not.toBeNull());
    await user.selectOptions(account, 'Riad Second');
    await waitFor(() => expect(address).toHaveProperty('value', '2 avenue du Second, Rabat'));
    // Now the first account's details arrive, late.
    release!();
    await held;
    // Let the late answer reach the screen (a few macrotasks), then the field must still be the second's.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(address).toHaveProperty('value', '2 avenue du Second, Rabat');
    void b;
  });

  it('an invoice for one sale ignores a search answered after its receipt number was retyped', async () => {
    await useSession.getState().logout();
    await useSession.getState().login(f.users.cashier.id, '1357');
    const sale = await call('sales.checkout', {
      clientId: 'race-sale-1',
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000, tendered: 12_000 }],
    });
    await useSession.getState().logout();
    await useSession.getState().login(f.users.manager.id, '2468');
    holdReceipt = sale.receiptNo;
    const user = userEvent.setup();
    render(<NewInvoice mode="sale" accounts={[]} onMode={() => {}} onIssued={() => {}} onClose={() => {}} />);
    const receipt = screen.getByLabelText('N° de ticket');
    await user.type(receipt, `${sale.receiptNo}{Enter}`);
    await waitFor(() => expect(release).not.toBeNull());
    // While the search is on its way the manager types another number.
    await user.type(receipt, '7');
    release!();
    await held;
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('invoice-sale')).toBeNull();
    expect(screen.getByRole('button', { name: 'Émettre la facture' })).toHaveProperty('disabled', true);
  });
});
