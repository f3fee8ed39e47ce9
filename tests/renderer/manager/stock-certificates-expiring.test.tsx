// @vitest-environment jsdom
/**
 * The stock list warns of a certificate about to end, not only of one already ended: a manager who sees
 * "IGP expires in 10 days" on the argan oil's row can ask the cooperative for the renewal before the labels
 * lose the sign. An ONSSA authorisation (no products listed: all the cooperative's) shows on each of them;
 * a certificate valid for months shows nothing.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificate } from '../../../db/services/certificates';
import { receiveDelivery } from '../../../db/services/stock';
import StockScreen from '../../../renderer/screens/manager/Stock';
import { useSession } from '../../../renderer/stores/session';
import { useTillStation } from '../../helpers/till-station';

// Noon in Casablanca on 20 November 2026: the shop's day is the 20th.
const NOW = Date.UTC(2026, 10, 20, 11, 0, 0);

const f = useTillStation({
  station: { now: () => NOW },
  prepare(fx) {
    receiveDelivery(fx.store, fx.asManager, {
      clientId: 'stock-cert-delivery',
      noteRef: 'BL-1',
      cooperativeId: fx.coops.honey.id,
      lines: [{ productId: fx.products.honeyKg.id, quantity: 5_000 }],
    });
    receiveDelivery(fx.store, fx.asManager, {
      clientId: 'stock-cert-delivery-2',
      noteRef: 'BL-2',
      cooperativeId: fx.coops.argan.id,
      lines: [
        { productId: fx.products.oil.id, quantity: 12_000 },
        { productId: fx.products.amlou.id, quantity: 6_000 },
      ],
    });
    createCertificate(fx.store, fx.asManager, {
      cooperativeId: fx.coops.argan.id,
      kind: 'igp',
      number: 'IGP-ARG-2023-117',
      body: 'Normacert',
      validFrom: '2023-01-01',
      validTo: '2026-11-30',
      productIds: [fx.products.oil.id],
    });
    createCertificate(fx.store, fx.asManager, {
      cooperativeId: fx.coops.argan.id,
      kind: 'organic',
      number: 'BIO-MA-0451',
      body: 'Ecocert Maroc',
      validFrom: '2025-01-01',
      validTo: '2027-12-31',
      productIds: [fx.products.oil.id, fx.products.amlou.id],
    });
    createCertificate(fx.store, fx.asManager, {
      cooperativeId: fx.coops.honey.id,
      kind: 'onssa',
      number: 'ONSSA AS.12.345.21',
      body: 'ONSSA',
      validFrom: '2025-06-01',
      validTo: '2026-11-21',
      productIds: [],
    });
  },
});

afterEach(() => cleanup());

async function rowOf(name: RegExp): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('stock-row');
  const row = rows.find((r) => name.test(r.textContent ?? ''));
  if (!row) throw new Error(`no stock row ${name}`);
  return row;
}

describe('stock list and certificates about to end', () => {
  it('flags the oil IGP ending in 10 days and the honey ONSSA ending tomorrow; the organic one is quiet', async () => {
    await useSession.getState().login(f.users.manager.id, '2468');
    render(<StockScreen />);
    await waitFor(async () =>
      expect(
        within(await rowOf(/Huile d'argan/))
          .queryAllByTestId('stock-certificate')
          .map((b) => b.textContent),
      ).toEqual(['IGP expire dans 10 jours']),
    );
    expect(
      within(await rowOf(/Miel de thym/))
        .getAllByTestId('stock-certificate')
        .map((b) => b.textContent),
    ).toEqual(['Autorisation ONSSA expire dans 1 jour']);
    expect(within(await rowOf(/Amlou/)).queryAllByTestId('stock-certificate')).toEqual([]);
  });
});
