// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError, setTransport } from '../../renderer/api/client';
import type { Transport, WireResponse } from '../../renderer/api/transport';
import { priceCart, useCart, type ProductSnapshot } from '../../renderer/stores/cart';

const honey: ProductSnapshot = {
  id: 1,
  sku: 'MIEL',
  nameFr: 'Miel de thym',
  nameAr: 'عسل الزعتر',
  unit: 'piece',
  vatCode: 'S20',
  retailPrice: 12000,
  semiPrice: 10800,
  wholesalePrice: 9600,
  semiMinQty: 6000,
  wholesaleMinQty: 24000,
  cooperativeId: 3,
  cooperativeName: 'Miel Atlas',
};

/** A transport that records what it was sent and answers from a script: only for failure injection. */
function scripted(answers: ((input: any) => WireResponse | Error)[]) {
  const sent: { method: string; input: any }[] = [];
  const transport: Transport = {
    kind: 'fake',
    async send(method, input) {
      sent.push({ method, input });
      const next = answers.shift();
      if (!next) throw new Error('no scripted answer');
      const out = next(input);
      if (out instanceof Error) throw out;
      return out;
    },
  };
  return { transport, sent };
}

const sale = (input: any): WireResponse => ({
  ok: true,
  result: { id: 7, clientId: input.clientId, receiptNo: 12, total: 12000, change: 0, replayed: false },
});

beforeEach(() => {
  useCart.setState({ held: [], lastSale: null, status: 'idle', lastError: null });
  useCart.getState().clear();
});

describe('cart store', () => {
  it('changes the tier live as the quantity crosses each threshold', () => {
    const s = useCart.getState();
    const key = s.addProduct(honey, 1000);
    const tierAt = () => priceCart(useCart.getState().current).lines[0]?.priced?.tier;
    expect(tierAt()).toBe('retail');
    useCart.getState().setQuantity(key, 5000);
    expect(tierAt()).toBe('retail');
    useCart.getState().bumpQuantity(key, 1); // 6 pieces
    expect(tierAt()).toBe('semi');
    expect(priceCart(useCart.getState().current).total).toBe(6 * 10800);
    useCart.getState().setQuantity(key, 24000);
    expect(tierAt()).toBe('wholesale');
    useCart.getState().bumpQuantity(key, -1);
    expect(tierAt()).toBe('semi');
  });

  it('a second scan of the same product adds to its line, so the tier can follow', () => {
    for (let i = 0; i < 6; i++) useCart.getState().addProduct(honey, 1000);
    const cart = priceCart(useCart.getState().current);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(6000);
    expect(cart.lines[0]?.priced?.tier).toBe('semi');
  });

  it('a wholesale customer account prices a single jar at wholesale', () => {
    useCart.getState().addProduct(honey, 1000);
    useCart.getState().setCustomer({ id: 5, name: 'Épicerie Salam', tier: 'wholesale' });
    const cart = priceCart(useCart.getState().current);
    expect(cart.lines[0]?.priced?.tier).toBe('wholesale');
    expect(cart.total).toBe(9600);
    expect(cart.vat[0]).toMatchObject({ code: 'S20', gross: 9600, vat: 1600 });
  });

  it('refuses a fractional quantity of pieces and a bump below one piece', () => {
    const key = useCart.getState().addProduct(honey, 1000);
    expect(useCart.getState().setQuantity(key, 1500)).toBe(false);
    expect(useCart.getState().bumpQuantity(key, -1)).toBe(false);
    expect(useCart.getState().current.lines[0]?.quantity).toBe(1000);
  });

  it('holds a cart and recalls it with the same clientId, parking the cart on screen', () => {
    useCart.getState().addProduct(honey, 2000);
    const firstId = useCart.getState().current.clientId;
    expect(useCart.getState().hold()).toBe(true);
    expect(useCart.getState().current.lines).toHaveLength(0);
    expect(useCart.getState().current.clientId).not.toBe(firstId);
    useCart.getState().addProduct({ ...honey, id: 2, sku: 'X' }, 1000);
    const secondId = useCart.getState().current.clientId;
    useCart.getState().recall(firstId);
    expect(useCart.getState().current.clientId).toBe(firstId);
    expect(useCart.getState().current.lines[0]?.quantity).toBe(2000);
    expect(useCart.getState().held.map((h) => h.clientId)).toEqual([secondId]);
    expect(useCart.getState().hold()).toBe(true);
    expect(useCart.getState().held).toHaveLength(2);
  });

  it('keeps the clientId across a failed checkout and replaces it after success', async () => {
    const { transport, sent } = scripted([
      () => new TypeError('fetch failed'),
      () => ({ ok: false, error: { code: 'OUT_OF_STOCK', message: 'x', details: {} } }),
      sale,
    ]);
    setTransport(transport);
    useCart.getState().addProduct(honey, 1000);
    const id = useCart.getState().current.clientId;
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const pay = [{ method: 'cash' as const, amount: 12000, tendered: 20000 }];

    await expect(useCart.getState().checkout(pay)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(useCart.getState().status).toBe('failed');
    expect(useCart.getState().current.clientId).toBe(id);
    expect(useCart.getState().current.lines).toHaveLength(1);

    const second = useCart.getState().checkout(pay);
    await expect(second).rejects.toBeInstanceOf(ApiCallError);
    expect(useCart.getState().current.clientId).toBe(id);

    const done = await useCart.getState().checkout(pay);
    expect(done.receiptNo).toBe(12);
    expect(sent.map((s) => s.input.clientId)).toEqual([id, id, id]);
    expect(sent[0]?.input.lines).toEqual([
      {
        productId: 1,
        quantity: 1000,
        cooperativeId: 3,
        barcode: null,
        overrideUnitPrice: null,
        discount: null,
      },
    ]);
    expect(useCart.getState().current.clientId).not.toBe(id);
    expect(useCart.getState().current.clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(useCart.getState().current.lines).toHaveLength(0);
  });

  it('sends the manager approval of a discount with the checkout', async () => {
    const { transport, sent } = scripted([sale]);
    setTransport(transport);
    const key = useCart.getState().addProduct(honey, 1000);
    useCart.getState().setDiscount(key, { kind: 'percent', bp: 1000 }, { managerId: 2, pin: '2468' });
    expect(priceCart(useCart.getState().current).total).toBe(10800);
    await useCart.getState().checkout([{ method: 'card', amount: 10800 }]);
    expect(sent[0]?.input.approval).toEqual({ managerId: 2, pin: '2468' });
    expect(sent[0]?.input.lines[0].discount).toEqual({ kind: 'percent', bp: 1000 });
  });
});
