// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import { useI18n } from '../../../renderer/i18n';
import CatalogScreen, { PAGE_SIZE } from '../../../renderer/screens/manager/Catalog';
import { useSession } from '../../../renderer/stores/session';
import { useUi } from '../../../renderer/stores/ui';
import { useTillStation } from '../../helpers/till-station';

/** The catalogue as a store manager uses it, against a real station (HTTP, SQLite file) from jsdom. */
const f = useTillStation({
  async started() {
    await useSession.getState().login(f.users.manager.id, '2468');
  },
});

afterEach(() => {
  cleanup();
  useI18n.getState().setLang('fr');
});

const rowOf = async (sku: string) =>
  (await screen.findAllByTestId('catalog-row')).find((r) => r.textContent?.includes(sku))!;

async function openEditor(user: ReturnType<typeof userEvent.setup>, sku: string) {
  await user.click(within(await rowOf(sku)).getByRole('button', { name: 'Modifier' }));
  return screen.findByRole('dialog');
}

describe('catalogue screen', () => {
  it('lists the first page without a search, with tier prices and thresholds, stock and barcodes', async () => {
    render(<CatalogScreen />);
    const oil = await rowOf('ARG-250');
    expect(within(oil).getByTestId('price-retail').textContent).toMatch(/120,00/);
    expect(within(oil).getByTestId('price-semi').textContent).toMatch(/108,00.*dès 6/);
    expect(within(oil).getByTestId('price-wholesale').textContent).toMatch(/96,00.*dès 24/);
    expect(within(oil).getByTestId('stock').textContent).toBe('50 pce');
    expect(within(oil).getByTestId('barcodes').textContent).toBe('6111234567895');
    expect(within(await rowOf('MIEL-THYM')).getByTestId('stock').textContent).toBe('20,000 kg');
    expect(screen.getByTestId('catalog-range').textContent).toBe('1–3 sur 3');
  });

  it('pages a catalogue longer than a page', async () => {
    const user = userEvent.setup();
    for (let i = 0; i < PAGE_SIZE; i++) {
      await call('products.create', {
        sku: `PG-${String(i).padStart(3, '0')}`,
        nameFr: `Produit ${i}`,
        cooperativeId: f.coops.honey.id,
        unit: 'piece',
        vatCode: 'S20',
        retailPrice: 1000,
        semiPrice: 1000,
        wholesalePrice: 1000,
      });
    }
    render(<CatalogScreen />);
    await waitFor(() => expect(screen.getAllByTestId('catalog-row')).toHaveLength(PAGE_SIZE));
    expect(screen.getByTestId('catalog-range').textContent).toBe(`1–${PAGE_SIZE} sur ${PAGE_SIZE + 3}`);
    await user.click(screen.getByRole('button', { name: 'Suivants' }));
    await waitFor(() => expect(screen.getAllByTestId('catalog-row')).toHaveLength(3));
    expect(screen.getByTestId('catalog-range').textContent).toBe(
      `${PAGE_SIZE + 1}–${PAGE_SIZE + 3} sur ${PAGE_SIZE + 3}`,
    );
  });

  it('refuses tier prices without their thresholds, at the threshold field, in French; nothing saved', async () => {
    const user = userEvent.setup();
    render(<CatalogScreen />);
    const editor = await openEditor(user, 'AML-300');
    const semiMin = within(editor).getByLabelText('Seuil demi-gros (pce)');
    const wholesaleMin = within(editor).getByLabelText('Seuil gros (pce)');
    await user.clear(semiMin);
    await user.clear(wholesaleMin);
    await user.click(within(editor).getByRole('button', { name: 'Enregistrer' }));
    const alert = await within(editor).findByRole('alert');
    expect(alert.textContent).toMatch(/Le prix demi-gros est plus bas .* n’a pas de seuil/);
    // The message sits under the threshold's own input, which is marked.
    expect(alert.closest('label')?.querySelector('input')).toBe(semiMin);
    expect(semiMin.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect((await call('products.get', { id: f.products.amlou.id })).semiMinQty).toBe(6000);
  });

  it('shows and takes money in one convention per language: "55,00" and a typed "47.50" becomes "47,50"', async () => {
    const user = userEvent.setup();
    render(<CatalogScreen />);
    let editor = await openEditor(user, 'AML-300');
    expect((within(editor).getByLabelText('Détail') as HTMLInputElement).value).toBe('65,50');
    const wholesale = within(editor).getByLabelText('Gros') as HTMLInputElement;
    await user.clear(wholesale);
    await user.type(wholesale, '47.50');
    await user.tab();
    expect(wholesale.value).toBe('47,50');
    await user.click(within(editor).getByRole('button', { name: 'Annuler' }));
    cleanup();
    useI18n.getState().setLang('en');
    render(<CatalogScreen />);
    await user.click(within(await rowOf('AML-300')).getByRole('button', { name: 'Edit' }));
    editor = await screen.findByRole('dialog');
    expect((within(editor).getByLabelText('Retail') as HTMLInputElement).value).toBe('65.50');
  });

  it('edits barcodes, cooperative and the low-stock alert; the list flags low stock', async () => {
    const user = userEvent.setup();
    useUi.setState({ toasts: [] });
    render(<CatalogScreen />);
    const editor = await openEditor(user, 'ARG-250');
    await user.type(within(editor).getByLabelText('Alerte stock bas (pce)'), '60');
    await user.type(within(editor).getByLabelText(/Ajouter des codes-barres/), '6111234567901');
    await user.click(within(editor).getByRole('checkbox', { name: '6111234567895' }));
    await user.selectOptions(
      within(editor).getByRole('combobox', { name: 'Coopérative' }),
      'Coopérative Miel Atlas',
    );
    await user.click(within(editor).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const saved = await call('products.get', { id: f.products.oil.id });
    expect(saved).toMatchObject({
      lowStockAlert: 60_000,
      barcodes: ['6111234567901'],
      cooperativeId: f.coops.honey.id,
    });
    await waitFor(async () => expect((await rowOf('ARG-250')).textContent).toMatch(/Stock bas/));
    expect(useUi.getState().toasts.at(-1)).toMatchObject({ kind: 'success', text: 'Enregistré.' });
    // Put it back for the other tests.
    await call('products.update', {
      id: f.products.oil.id,
      cooperativeId: f.coops.argan.id,
      barcodes: ['6111234567895'],
    });
  });

  it('says which product already has a barcode typed into another one', async () => {
    const user = userEvent.setup();
    render(<CatalogScreen />);
    const editor = await openEditor(user, 'AML-300');
    await user.type(within(editor).getByLabelText(/Ajouter des codes-barres/), '6111234567895');
    await user.click(within(editor).getByRole('button', { name: 'Enregistrer' }));
    expect((await within(editor).findByRole('alert')).textContent).toBe(
      "Le code-barres 6111234567895 est déjà sur le produit ARG-250 « Huile d'argan alimentaire 250 ml ».",
    );
  });

  it('imports a file written with "pce"; row errors are in French and say how to fix; the bar ends full', async () => {
    const user = userEvent.setup();
    render(<CatalogScreen />);
    const panel = screen.getByRole('region', { name: 'Importer un catalogue CSV' });
    expect(within(panel).getByTestId('csv-format').textContent).toMatch(/20, 14, 10, 7, 0 ou EX.*32,50/);
    const coop = within(panel).getByRole('combobox', { name: 'Coopérative' });
    await waitFor(() => expect(within(coop).getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(coop, 'Coopérative Miel Atlas');
    const upload = (text: string) =>
      user.upload(
        within(panel).getByLabelText('Fichier CSV'),
        new File([text], 'c.csv', { type: 'text/csv' }),
      );
    await upload(['sku;name_fr;unit;vat;retail_price', 'SAV-1;;pce;19;12,00'].join('\n'));
    await user.click(within(panel).getByRole('button', { name: 'Vérifier' }));
    const errors = await within(panel).findAllByTestId('csv-error');
    expect(errors.map((e) => e.textContent)).toEqual([
      '2name_frLa colonne name_fr est obligatoire : remplissez cette cellule.',
      '2vatTVA « 19 » inconnue : écrivez 20, 14, 10, 7, 0 ou EX (exonéré).',
    ]);
    expect(within(panel).getByTestId('csv-phase').textContent).toMatch(/rien n’a été importé/);

    await upload(['sku;name_fr;unit;vat;retail_price', 'SAV-1;Savon beldi;pce;20;12,00'].join('\n'));
    await user.click(within(panel).getByRole('button', { name: 'Vérifier' }));
    const status = await within(panel).findByRole('status');
    expect(status.className).toContain('notice-success');
    expect(within(panel).getByTestId('csv-phase').textContent).toMatch(/prêt à importer/);
    await user.click(within(panel).getByRole('button', { name: 'Importer' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toMatch(/1 créées/));
    const bar = within(panel).getByRole('progressbar');
    expect(bar.getAttribute('value')).toBe(bar.getAttribute('max'));
    expect(within(panel).getByTestId('csv-phase').textContent).toMatch(/Terminé/);
    // The new product is in the list without typing anything.
    await rowOf('SAV-1');
  });
});
