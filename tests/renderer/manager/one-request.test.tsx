// @vitest-environment jsdom
/**
 * A manager's button sends its request once: a double-click (two clicks a macrotask apart, as a real one is
 * tens of milliseconds apart) on a form that creates or issues something must not reach the station twice,
 * and a found record the form acts on is the one the fields now name. Against a real station over HTTP.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import type { Transport } from '../../../renderer/api/transport';
import CustomersScreen from '../../../renderer/screens/manager/Customers';
import { InvoiceDetail } from '../../../renderer/screens/manager/InvoiceDetail';
import { NewInvoice } from '../../../renderer/screens/manager/InvoiceNew';
import { ProductVatSection } from '../../../renderer/screens/manager/ProductVat';
import { FiscalTab } from '../../../renderer/screens/manager/SettingsFiscal';
import { VatTab } from '../../../renderer/screens/manager/SettingsVat';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

/** Every method the screens sent, in order. */
const sent: string[] = [];
/** Every method the station has answered (or refused), in order. */
const answered: string[] = [];
const f = useTillStation({
  transport: (http): Transport => ({
    kind: http.kind,
    send(method, input, token, signal) {
      sent.push(method);
      return http.send(method, input, token, signal).finally(() => answered.push(method));
    },
  }),
});

beforeEach(() => {
  sent.length = 0;
  answered.length = 0;
});
afterEach(() => cleanup());

async function loginAs(who: 'admin' | 'manager' | 'cashier'): Promise<void> {
  const pins = { admin: '9999', manager: '2468', cashier: '1357' };
  if (useSession.getState().user) await useSession.getState().logout();
  await useSession.getState().login(f.users[who].id, pins[who]);
}

const count = (method: string) => sent.filter((m) => m === method).length;

describe('one click, one request', () => {
  it('a new customer account double-clicked into Save is created once', async () => {
    await loginAs('manager');
    const user = userEvent.setup();
    render(<CustomersScreen />);
    await user.click(await screen.findByRole('button', { name: 'Nouveau client' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Nom'), 'Hôtel Double Clic');
    await user.dblClick(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await within(dialog).findByText('Enregistré.');
    expect(count('customers.create')).toBe(1);
    const page = await call('customers.page', { query: 'Double Clic', offset: 0, limit: 10 });
    expect(page.total).toBe(1);
  });

  it('Enter in the account form saves it, once', async () => {
    await loginAs('manager');
    const user = userEvent.setup();
    render(<CustomersScreen />);
    await user.click(await screen.findByRole('button', { name: 'Nouveau client' }));
    const dialog = await screen.findByRole('dialog');
    // The dialog opens on the name: the manager types and presses Enter, no mouse.
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Nom'));
    await user.keyboard('Épicerie Entrée{Enter}');
    await within(dialog).findByText('Enregistré.');
    expect(count('customers.create')).toBe(1);
  });

  it("a consent button double-clicked records one change in the account's history", async () => {
    await loginAs('manager');
    const { id } = await call('customers.create', {
      name: 'Riad Consentement',
      phone: '0612345678',
      tier: 'retail',
    });
    const user = userEvent.setup();
    render(<CustomersScreen />);
    const row = (await screen.findAllByTestId('customer-row')).find((r) => r.dataset.id === String(id))!;
    await user.click(within(row).getByRole('button', { name: 'Ouvrir' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Source (ex. formulaire papier signé)'), 'Formulaire');
    const smsRow = (await within(dialog).findAllByTestId('consent-row')).find(
      (r) => r.dataset.channel === 'sms',
    )!;
    await user.dblClick(within(smsRow).getByRole('button', { name: 'Enregistrer le consentement' }));
    await waitFor(() => expect(smsRow.dataset.given).toBe('true'));
    expect(count('customers.setConsent')).toBe(1);
    const detail = await call('customers.get', { id });
    expect(detail.consentHistory).toHaveLength(1);
  });

  it('a finance law rate double-clicked into Add is sent once, and no overlap error follows its success', async () => {
    await loginAs('admin');
    const user = userEvent.setup();
    render(<VatTab isAdmin />);
    const form = await screen.findByRole('region', { name: /Nouveau taux|taux/i });
    await user.type(within(form).getByLabelText('Taux (%)'), '12');
    await user.type(within(form).getByTestId('vat-rate-from'), '01/01/2031');
    await user.type(within(form).getByLabelText('Source légale'), 'LF 2031');
    await user.dblClick(within(form).getByRole('button', { name: 'Ajouter le taux' }));
    await waitFor(() => expect(within(form).getByLabelText('Taux (%)')).toHaveProperty('value', ''));
    expect(count('vat.addRate')).toBe(1);
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it("a product's dated VAT move double-clicked is scheduled once", async () => {
    await loginAs('manager');
    const user = userEvent.setup();
    render(<ProductVatSection productId={f.products.amlou.id} />);
    const move = await screen.findByRole('button', { name: 'Programmer le changement' });
    await user.selectOptions(screen.getByLabelText('Nouveau code'), 'R10');
    await user.dblClick(move);
    await waitFor(() => expect(screen.getByTestId('vat-today').textContent).toMatch(/10/));
    expect(count('vat.schedule')).toBe(1);
  });

  it("the shop's fiscal identity double-clicked into Save is saved once", async () => {
    await loginAs('admin');
    const user = userEvent.setup();
    render(<FiscalTab />);
    await user.type(await screen.findByLabelText('Registre du commerce (RC)'), '12345');
    await user.dblClick(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect((await call('settings.get', {})).shop.rc).toMatch(/12345$/));
    expect(count('settings.update')).toBe(1);
  });

  it('a credit note double-clicked is issued once, and Enter in its reason issues it', async () => {
    await loginAs('admin');
    await call('settings.update', { shop: { ice: '001525874000063', if: '40123456', rc: 'RC 98765' } });
    const { id: customerId } = await call('customers.create', {
      name: 'Hôtel Avoir',
      ice: '002233445000011',
      tier: 'wholesale',
    });
    await loginAs('cashier');
    const invoiced: number[] = [];
    const lines = [{ productId: f.products.amlou.id, quantity: 1_000 }];
    const saleIds: number[] = [];
    for (const n of [1, 2]) {
      const { total } = await call('sales.quote', { lines, customerId });
      const sale = await call('sales.checkout', {
        clientId: `one-request-credit-${n}`,
        customerId,
        lines,
        payments: [{ method: 'card', amount: total }],
      });
      saleIds.push(sale.id);
    }
    await loginAs('manager');
    for (const saleId of saleIds)
      invoiced.push((await call('invoices.issue', { saleId, buyer: { address: 'Rabat' } })).id);
    const user = userEvent.setup();
    for (const [n, id] of invoiced.entries()) {
      render(<InvoiceDetail id={id} onOpen={() => {}} onChanged={() => {}} onClose={() => {}} />);
      if (n === 0) {
        // A document is drawn by the station's Chromium: a double-click must not draw (and save) it twice.
        await user.dblClick(await screen.findByRole('button', { name: 'PDF' }));
        await waitFor(() =>
          expect(answered.filter((m) => m === 'invoices.pdf')).toHaveLength(count('invoices.pdf')),
        );
        expect(count('invoices.pdf')).toBe(1);
      }
      await user.click(await screen.findByRole('button', { name: 'Établir un avoir' }));
      const form = await screen.findByTestId('credit-note-form');
      await user.type(within(form).getByLabelText("Motif de l'avoir"), 'Casse');
      if (n === 0) await user.dblClick(within(form).getByRole('button', { name: "Émettre l'avoir" }));
      else await user.keyboard('{Enter}');
      await waitFor(async () => expect((await call('invoices.get', { id })).creditNotes).toHaveLength(1));
      cleanup();
    }
    expect(count('invoices.creditNote')).toBe(2);
  });

  it('an invoice for one sale issues the sale the receipt field names, not the one found before it changed', async () => {
    await loginAs('cashier');
    const first = await call('sales.checkout', {
      clientId: 'one-request-sale-1',
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000, tendered: 12_000 }],
    });
    await loginAs('manager');
    const user = userEvent.setup();
    render(<NewInvoice mode="sale" accounts={[]} onMode={() => {}} onIssued={() => {}} onClose={() => {}} />);
    const receipt = await screen.findByLabelText('N° de ticket');
    await user.type(receipt, String(first.receiptNo));
    await user.click(screen.getByRole('button', { name: 'Chercher la vente' }));
    await screen.findByTestId('invoice-sale');
    // The manager now types another receipt number: what was found no longer stands for the form.
    await user.clear(receipt);
    await user.type(receipt, String(first.receiptNo + 1));
    expect(screen.queryByTestId('invoice-sale')).toBeNull();
    expect(screen.getByRole('button', { name: 'Émettre la facture' })).toHaveProperty('disabled', true);
  });
});
