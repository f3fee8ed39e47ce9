// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import { ApprovalDialog } from '../../../renderer/components/ApprovalDialog';
import CashCloseScreen from '../../../renderer/screens/manager/CashClose';
import CatalogScreen from '../../../renderer/screens/manager/Catalog';
import DashboardScreen from '../../../renderer/screens/manager/Dashboard';
import ReceiveScreen from '../../../renderer/screens/manager/Receive';
import SettingsScreen from '../../../renderer/screens/manager/Settings';
import SettlementsScreen from '../../../renderer/screens/manager/Settlements';
import StockScreen from '../../../renderer/screens/manager/Stock';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

/** The manager screens against a real station (HTTP, SQLite file) from jsdom. */
const f = useTillStation();

afterEach(() => cleanup());

async function loginAs(who: 'admin' | 'manager' | 'cashier'): Promise<void> {
  const pins = { admin: '9999', manager: '2468', cashier: '1357' };
  if (useSession.getState().user) await useSession.getState().logout();
  await useSession.getState().login(f.users[who].id, pins[who]);
}

async function onHand(productId: number): Promise<number> {
  const rows = await call('stock.onHand', { productId });
  return rows.reduce((s, r) => s + r.onHand, 0);
}

describe('manager screens on a real station', () => {
  it('receives a delivery by search and by scan, and stock goes up', async () => {
    await loginAs('manager');
    const user = userEvent.setup();
    const before = { amlou: await onHand(f.products.amlou.id), oil: await onHand(f.products.oil.id) };
    render(<ReceiveScreen />);
    const coop = await screen.findByRole('combobox', { name: 'Coopérative' });
    await waitFor(() => expect(within(coop).getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(coop, 'Coopérative Tighanimine');
    await user.type(screen.getByLabelText('N° du bon de livraison'), 'BL-777');

    const search = screen.getByLabelText(/Scanner ou chercher un produit/);
    await user.type(search, 'amlou');
    await user.click(await screen.findByRole('option', { name: /Amlou aux amandes/ }));
    await user.type(await screen.findByLabelText(/Quantité de Amlou/), '12');
    await user.type(screen.getAllByLabelText('Lot')[0]!, 'A9');

    // A GTIN typed or scanned then Enter adds the product directly.
    await user.type(search, '6111234567895{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('receive-line')).toHaveLength(2));
    // Pieces are whole: "2,5" pieces is refused before the station sees it.
    const oilQty = screen.getByLabelText(/Quantité de Huile/);
    await user.type(oilQty, '2,5');
    expect(oilQty.getAttribute('aria-invalid')).toBe('true');
    expect(
      (screen.getByRole('button', { name: 'Enregistrer la réception' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await user.clear(oilQty);
    await user.type(oilQty, '6');
    await user.click(screen.getByRole('button', { name: 'Enregistrer la réception' }));

    const labels = await screen.findByRole('dialog', { name: /Étiquettes de la livraison/ });
    // One label per amlou jar; the oil carries its maker's EAN-13, so it is left out unless ticked.
    const amlouCopies = await within(labels).findByLabelText(
      'Nombre d’étiquettes de Amlou aux amandes 300 g',
    );
    expect((amlouCopies as HTMLInputElement).value).toBe('12');
    expect((within(labels).getByLabelText(/^Étiqueter Huile/) as HTMLInputElement).checked).toBe(false);
    expect(await onHand(f.products.amlou.id)).toBe(before.amlou + 12_000);
    expect(await onHand(f.products.oil.id)).toBe(before.oil + 6_000);

    // The labels sheet comes back from the station as a PDF.
    await user.click(within(labels).getByRole('button', { name: 'Planche PDF' }));
    expect((await within(labels).findByRole('status')).textContent).toMatch(/12 étiquettes sur 1 page/);
  });

  it('refuses a product of another cooperative in a delivery', async () => {
    const user = userEvent.setup();
    render(<ReceiveScreen />);
    const coop = await screen.findByRole('combobox', { name: 'Coopérative' });
    await waitFor(() => expect(within(coop).getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(coop, 'Coopérative Miel Atlas');
    await user.type(screen.getByLabelText(/Scanner ou chercher un produit/), '6111234567895{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/appartient à Coopérative Tighanimine/);
    expect(screen.queryAllByTestId('receive-line')).toHaveLength(0);
  });

  it('adjusts stock with a reason and returns goods to the cooperative', async () => {
    const user = userEvent.setup();
    const start = await onHand(f.products.honeyKg.id);
    render(<StockScreen />);
    const row = (await screen.findAllByTestId('stock-row')).find((r) =>
      r.textContent?.includes('MIEL-THYM'),
    )!;
    expect(row).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Ajuster' }));
    let dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Écart/), '-1,250');
    await user.selectOptions(within(dialog).getByLabelText('Motif'), 'damaged');
    await user.click(within(dialog).getByRole('button', { name: 'Ajuster' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await onHand(f.products.honeyKg.id)).toBe(start - 1_250);

    const row2 = (await screen.findAllByTestId('stock-row')).find((r) =>
      r.textContent?.includes('MIEL-THYM'),
    )!;
    await user.click(within(row2).getByRole('button', { name: 'Retour coopérative' }));
    dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Quantité/), '2');
    await user.type(within(dialog).getByLabelText('Motif'), 'Fin de saison');
    await user.click(within(dialog).getByRole('button', { name: 'Retour coopérative' }));
    const done = await screen.findByRole('dialog', { name: /Retour n° \d+ enregistré/ });
    expect(within(done).getByRole('button', { name: 'Bon de retour (PDF)' })).toBeTruthy();
    expect(await onHand(f.products.honeyKg.id)).toBe(start - 1_250 - 2_000);
  });

  it('edits a product and dry-runs a CSV with two bad rows, then imports a good one', async () => {
    const user = userEvent.setup();
    render(<CatalogScreen />);
    await user.type(screen.getByLabelText(/Chercher un produit/), 'AML');
    await waitFor(() => expect(screen.getAllByTestId('catalog-row')).toHaveLength(1));
    const row = await screen.findByTestId('catalog-row');
    await user.click(within(row).getByRole('button', { name: 'Modifier' }));
    const editor = await screen.findByRole('dialog');
    const semi = within(editor).getByLabelText('Demi-gros');
    await user.clear(semi);
    await user.type(semi, '60,25');
    await user.click(within(editor).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await call('products.get', { id: f.products.amlou.id })).semiPrice).toBe(6025);

    const panel = screen.getByRole('region', { name: 'Importer un catalogue CSV' });
    const coop = within(panel).getByRole('combobox', { name: 'Coopérative' });
    await waitFor(() => expect(within(coop).getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(coop, 'Coopérative Miel Atlas');
    const bad = [
      'sku;name_fr;unit;vat;retail_price',
      'MIEL-EUC;Miel d’eucalyptus;kg;EX;180,00',
      'MIEL-BAD;Miel;sac;EX;90',
      'MIEL-X;Miel X;piece;EX;abc',
    ].join('\n');
    await user.upload(
      within(panel).getByLabelText('Fichier CSV'),
      new File([bad], 'miel.csv', { type: 'text/csv' }),
    );
    await user.click(within(panel).getByRole('button', { name: 'Vérifier' }));
    const errors = await within(panel).findAllByTestId('csv-error');
    expect(errors).toHaveLength(2);
    expect(errors[0]!.textContent).toMatch(/^3unit/);
    expect(errors[1]!.textContent).toMatch(/^4retail_price/);
    expect((within(panel).getByRole('button', { name: 'Importer' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    const good = 'sku;name_fr;unit;vat;retail_price\nMIEL-EUC;Miel d’eucalyptus;kg;EX;180,00\n';
    await user.upload(
      within(panel).getByLabelText('Fichier CSV'),
      new File([good], 'miel.csv', { type: 'text/csv' }),
    );
    await user.click(within(panel).getByRole('button', { name: 'Vérifier' }));
    expect((await within(panel).findByRole('status')).textContent).toMatch(/1 ligne valide : 1 à créer/);
    expect(await call('products.search', { query: 'MIEL-EUC' })).toHaveLength(0);
    await user.click(within(panel).getByRole('button', { name: 'Importer' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toMatch(/1 créées/));
    expect(within(panel).getByRole('progressbar').getAttribute('value')).toBe('4');
    expect(await call('products.search', { query: 'MIEL-EUC' })).toHaveLength(1);
  });

  it('issues a settlement after a sale, lists it with totals and marks it paid; the dashboard shows the sale', async () => {
    await loginAs('cashier');
    await call('sales.checkout', {
      clientId: 'mgr-test-sale-1',
      lines: [{ productId: f.products.oil.id, quantity: 2_000 }],
      payments: [{ method: 'cash', amount: 24_000, tendered: 24_000 }],
    });
    await loginAs('manager');
    const user = userEvent.setup();
    render(<SettlementsScreen />);
    const coop = await screen.findByRole('combobox', { name: 'Coopérative' });
    await waitFor(() => expect(within(coop).getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(coop, 'Coopérative Tighanimine');
    await user.click(screen.getByRole('button', { name: 'Préparer le relevé' }));
    const statement = await screen.findByTestId('statement');
    // 2 x 120.00 = 240.00 at 25 % commission: 60.00 to the shop, 180.00 to the cooperative.
    expect(within(statement).getByTestId('statement-net').textContent).toMatch(/240,00/);
    expect(within(statement).getByTestId('statement-commission').textContent).toMatch(/60,00/);
    expect(within(statement).getByTestId('statement-payout').textContent).toMatch(/180,00/);
    await user.click(within(statement).getByRole('button', { name: 'Émettre le relevé' }));
    const confirm = await screen.findByRole('dialog', { name: 'Émettre le relevé' });
    await user.click(within(confirm).getByRole('button', { name: 'Émettre le relevé' }));
    const listed = await screen.findByTestId('settlement-row');
    expect(listed.textContent).toMatch(/240,00/);
    expect(listed.textContent).toMatch(/180,00/);
    expect(listed.textContent).toMatch(/Émis/);
    const issued = await call('settlements.list', { cooperativeId: f.coops.argan.id });
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ netSales: 24_000, commission: 6_000, payout: 18_000, paidAt: null });

    await user.type(screen.getByLabelText('Référence du paiement'), 'VIR-2026-001{Enter}');
    await waitFor(() => expect(screen.getByTestId('settlement-row').textContent).toMatch(/Payé/));
    expect((await call('settlements.get', { id: issued[0]!.id })).paymentReference).toBe('VIR-2026-001');
    cleanup();

    render(<DashboardScreen />);
    await waitFor(() => expect(screen.getByTestId('dash-total').textContent).toMatch(/240,00/));
    expect(screen.getByTestId('dash-count').textContent).toBe('1');
    expect(screen.getByTestId('dash-womens').textContent).toMatch(/^100,0\u00a0%/);
    expect(screen.getAllByTestId('bar').length).toBeGreaterThanOrEqual(8);
    await user.click(screen.getByRole('radio', { name: 'Cette semaine' }));
    await waitFor(() => expect(screen.getAllByTestId('day-column').length).toBeGreaterThanOrEqual(1));
  });

  it('updates the shop identity and creates a user as admin', async () => {
    await loginAs('admin');
    const user = userEvent.setup();
    render(<SettingsScreen />);
    const name = await screen.findByLabelText('Nom du magasin');
    await user.clear(name);
    await user.type(name, 'Souk Tiznit');
    await user.type(screen.getByLabelText('Patente'), '48123456');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () =>
      expect((await call('settings.get', {})).shop).toMatchObject({
        name: 'Souk Tiznit',
        patente: '48123456',
      }),
    );

    await user.click(screen.getByRole('tab', { name: 'Utilisateurs' }));
    await screen.findAllByTestId('user-row');
    await user.type(screen.getByLabelText('Nom'), 'Khadija');
    await user.type(screen.getByLabelText('Code PIN'), '4321');
    await user.click(screen.getByRole('button', { name: 'Ajouter l’utilisateur' }));
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(4));
    expect((await call('users.list', {})).find((u) => u.name === 'Khadija')).toMatchObject({
      role: 'cashier',
      active: true,
    });
  });

  it('closes the till with a count and shows the variance, live and in the Z report', async () => {
    await loginAs('manager');
    const user = userEvent.setup();
    render(
      <>
        <CashCloseScreen />
        <ApprovalDialog />
      </>,
    );
    // Float 500.00 + the 240.00 cash sale = 740.00 expected.
    await waitFor(() => expect(screen.getByTestId('close-expected').textContent).toMatch(/740,00/));
    await user.type(screen.getByLabelText(/Nombre de 200,00/), '3');
    await user.type(screen.getByLabelText(/Nombre de 100,00/), '1');
    await user.type(screen.getByLabelText(/Nombre de 20,00/), '2');
    await user.type(screen.getByLabelText(/Nombre de 0,50/), '1');
    expect(screen.getByTestId('close-counted').textContent).toMatch(/740,50/);
    expect(screen.getByTestId('close-variance').textContent).toMatch(/0,50/);
    await user.click(screen.getByRole('button', { name: 'Clôturer la caisse (Z)' }));
    const confirm = await screen.findByRole('dialog', { name: 'Clôturer la caisse ?' });
    await act(async () => {
      await user.click(within(confirm).getByRole('button', { name: 'Clôturer la caisse (Z)' }));
    });
    const z = await screen.findByTestId('z-report');
    expect(within(z).getByTestId('z-variance').textContent).toMatch(/0,50/);
    expect(await call('cash.current', {})).toBeNull();
  });
});
