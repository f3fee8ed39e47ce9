// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import CatalogScreen from '../../../renderer/screens/manager/Catalog';
import ReceiveScreen from '../../../renderer/screens/manager/Receive';
import { useSession } from '../../../renderer/stores/session';
import { applyCatalogPage } from '../../../db/services/hq-catalog-pull';
import { cooperativeCode } from '../../../core/cooperative-code';
import type { CatalogCoop, CatalogProduct } from '../../../core/hq-catalog-wire';
import { useTillStation } from '../../helpers/till-station';

/**
 * What HQ decides is greyed out wherever the shop could change it, not only in the catalogue's form: the
 * Receive screen's quick product creation when HQ allows the shop no products of its own, and the product
 * form's VAT move on a product from the chain catalogue. The station is real; HQ's catalogue comes down as
 * the pull applies it (applyCatalogPage on the station's own store).
 */
const f = useTillStation({
  async started() {
    await useSession.getState().login(f.users.manager.id, '2468');
  },
});

afterEach(() => cleanup());

const ARGAN: CatalogCoop = {
  code: 'reg:200512',
  nameFr: 'Coopérative Tighanimine',
  nameAr: 'تعاونية تيغانيمين',
  registrationNo: '2005/12',
  ice: '001234567000089',
  region: 'Souss-Massa',
  womens: true,
  contactName: 'Fatima',
  phone: '+212600000001',
  email: null,
  bankName: 'Crédit Agricole',
  bankAccount: '225 810 0001234567890123 45',
  commissionBp: 2500,
  active: true,
};
// The fixture's argan oil, as the chain catalogue names it: from now on an HQ product in this shop.
const OIL: CatalogProduct = {
  sku: 'ARG-250',
  nameFr: "Huile d'argan alimentaire 250 ml",
  nameAr: 'زيت الأركان الغذائي 250 مل',
  coopCode: ARGAN.code,
  unit: 'piece',
  vatCode: 'S20',
  retailPrice: 12000,
  semiPrice: 10800,
  wholesalePrice: 9600,
  semiMinQty: 6000,
  wholesaleMinQty: 24000,
  qualityLabels: ['organic'],
  scaleRef: null,
  terms: null,
  barcodes: ['6111234567895'],
  active: true,
};

const HONEY: CatalogCoop = {
  ...ARGAN,
  code: cooperativeCode({ registrationNo: null, ice: null, nameFr: 'Coopérative Miel Atlas' }),
  nameFr: 'Coopérative Miel Atlas',
  nameAr: 'تعاونية عسل الأطلس',
  registrationNo: null,
  ice: null,
  region: 'Béni Mellal-Khénifra',
  womens: false,
  contactName: null,
  phone: null,
  bankName: null,
  bankAccount: null,
  commissionBp: 3000,
};
// The fixture's thyme honey, exempt: HQ keeps it exempt, the shop may still date another CGI wording.
const HONEY_KG: CatalogProduct = {
  ...OIL,
  sku: 'MIEL-THYM',
  nameFr: 'Miel de thym (vrac)',
  nameAr: 'عسل الزعتر',
  coopCode: HONEY.code,
  unit: 'kg',
  vatCode: 'EX',
  retailPrice: 25000,
  semiPrice: 23000,
  wholesalePrice: 21000,
  semiMinQty: 2000,
  wholesaleMinQty: 10000,
  scaleRef: '00042',
  terms: { kind: 'fixed', payoutPerUnit: 18000 },
  barcodes: [],
};

function hqSends(version: number, rows: { coops?: CatalogCoop[]; products?: CatalogProduct[] }) {
  applyCatalogPage(f.station.ctx.store, {
    coops: (rows.coops ?? []).map((c) => ({ ...c, version })),
    products: (rows.products ?? []).map((p) => ({ ...p, version })),
    allowance: { localProducts: false, localPrices: true, version },
    version,
    more: false,
  });
}

async function receiveFor(coop: string) {
  const user = userEvent.setup();
  render(<ReceiveScreen />);
  const select = await screen.findByRole('combobox', { name: 'Coopérative' });
  await waitFor(() => expect(within(select).getAllByRole('option').length).toBeGreaterThan(2));
  await user.selectOptions(select, coop);
  return screen.findByRole('button', { name: 'Nouveau produit' });
}

describe('fields HQ owns, greyed out outside the catalogue form', () => {
  it('Receive offers a new product only when HQ allows the shop products of its own', async () => {
    // A shop that never heard from HQ may create its products.
    const offered = (await receiveFor('Coopérative Tighanimine')) as HTMLButtonElement;
    expect(offered.disabled).toBe(false);
    expect(screen.queryByTestId('hq-owned')).toBeNull();
    cleanup();

    hqSends(1, {});
    expect((await call('hq.catalog', {})).allowance.localProducts).toBe(false);
    const refused = (await receiveFor('Coopérative Tighanimine')) as HTMLButtonElement;
    const hint = await screen.findByTestId('hq-owned');
    expect(hint.textContent).toMatch(/siège/);
    await waitFor(() => expect(refused.disabled).toBe(true));
    expect(refused.getAttribute('aria-describedby')).toBe(hint.id);
    // Clicking it opens nothing: the station would refuse the product (HQ_LOCAL_PRODUCTS_NOT_ALLOWED).
    await userEvent.setup().click(refused);
    expect(screen.queryByRole('dialog', { name: 'Nouveau produit' })).toBeNull();
  });

  it('the product form offers no VAT code move on an HQ product, and still does on a local one', async () => {
    hqSends(2, { coops: [ARGAN, HONEY], products: [OIL, HONEY_KG] });
    const user = userEvent.setup();
    render(<CatalogScreen />);
    const editVat = async (sku: string) => {
      const row = (await screen.findAllByTestId('catalog-row')).find((r) => r.textContent?.includes(sku))!;
      await user.click(within(row).getByRole('button', { name: 'Modifier' }));
      const dialog = await screen.findByRole('dialog');
      const vat = await within(dialog).findByRole('group', { name: 'TVA' });
      await within(vat).findByTestId('vat-today');
      return vat;
    };

    const hq = await editVat('ARG-250');
    const code = within(hq).getByRole('combobox', { name: 'Nouveau code' }) as HTMLSelectElement;
    const move = within(hq).getByRole('button', { name: 'Programmer le changement' }) as HTMLButtonElement;
    const hint = within(hq).getByTestId('vat-hq-owned');
    // The form's own notice stays the one "hq-owned" of the dialog (tests/hq/catalog-demo.test.ts reads it).
    expect(within(screen.getByRole('dialog')).getAllByTestId('hq-owned')).toHaveLength(1);
    expect(hint.textContent).toMatch(/TVA.*siège/);
    // Greyed out by its disabled fieldset, as the catalogue form does HQ's fields.
    expect(code.matches(':disabled')).toBe(true);
    expect(within(hq).getByLabelText('À partir du').matches(':disabled')).toBe(true);
    expect(code.value).toBe('S20');
    expect(move.disabled).toBe(true);
    expect(move.getAttribute('aria-describedby')).toBe(hint.id);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // An exempt HQ product stays exempt, but its CGI wording may move from a date (the station allows it).
    const exempt = await editVat('MIEL-THYM');
    expect(within(exempt).getByTestId('vat-hq-owned')).toBeTruthy();
    expect(within(exempt).getByRole('combobox', { name: 'Nouveau code' }).matches(':disabled')).toBe(true);
    await waitFor(() =>
      expect(within(exempt).getByRole('combobox', { name: 'Exonération (CGI)' }).matches(':disabled')).toBe(
        false,
      ),
    );
    expect(within(exempt).getByLabelText('À partir du').matches(':disabled')).toBe(false);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // The amlou is the shop's own: its VAT moves as before, once another code is picked.
    const local = await editVat('AML-300');
    expect(within(local).queryByTestId('vat-hq-owned')).toBeNull();
    const localCode = within(local).getByRole('combobox', { name: 'Nouveau code' });
    expect(localCode.matches(':disabled')).toBe(false);
    await user.selectOptions(localCode, 'S20');
    await waitFor(() =>
      expect(
        (within(local).getByRole('button', { name: 'Programmer le changement' }) as HTMLButtonElement)
          .disabled,
      ).toBe(false),
    );
  });
});
