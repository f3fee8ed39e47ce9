// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../renderer/api/client';
import type { Transport } from '../../renderer/api/transport';
import { startCustomerDisplay } from '../../renderer/customer-display';
import { useCart, type ProductSnapshot } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';

const oil: ProductSnapshot = {
  id: 1,
  sku: 'ARG',
  nameFr: "Huile d'argan 250 ml",
  nameAr: 'زيت الأركان',
  unit: 'piece',
  vatCode: 'S20',
  retailPrice: 12000,
  semiPrice: 10800,
  wholesalePrice: 9600,
  semiMinQty: 6000,
  wholesaleMinQty: 24000,
  cooperativeId: 1,
  cooperativeName: 'Tighanimine',
};

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('customer display', () => {
  it('shows each scanned item with its line amount, and falls back to the welcome screen', async () => {
    const sent: { method: string; input: any }[] = [];
    const transport: Transport = {
      kind: 'fake',
      async send(method, input) {
        sent.push({ method, input });
        return { ok: true, result: { shown: true, lines: ['', ''] } };
      },
    };
    setTransport(transport);
    useSession.setState({ token: 'test-token' });
    useCart.getState().clear();
    stop = startCustomerDisplay();
    const key = useCart.getState().addProduct(oil, 1000);
    useCart.getState().setQuantity(key, 6000);
    useCart.getState().clear();
    await Promise.resolve();
    const screens = sent.filter((s) => s.method === 'devices.display').map((s) => s.input);
    expect(screens[0]).toEqual({
      screen: 'item',
      nameFr: "Huile d'argan 250 ml",
      quantityText: '1 x 120,00',
      amount: 12000,
    });
    // Six jars cross the semi-wholesale threshold: the display shows the tier price.
    expect(screens[1]).toEqual({
      screen: 'item',
      nameFr: "Huile d'argan 250 ml",
      quantityText: '6 x 108,00',
      amount: 64800,
    });
    expect(screens[2]).toEqual({ screen: 'welcome' });
  });
});
