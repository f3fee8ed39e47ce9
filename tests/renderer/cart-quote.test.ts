// @vitest-environment jsdom
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { checkoutInput, priceCart, useCart } from '../../renderer/stores/cart';
import { useSession } from '../../renderer/stores/session';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

let station: Station;
let dir: string;
let ids: { oil: number; honey: number; cashier: number };

beforeAll(async () => {
  const f = makeFixture();
  dir = f.dir;
  ids = { oil: f.products.oil.id, honey: f.products.honeyKg.id, cashier: f.users.cashier.id };
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
  setTransport(httpTransport(station.url));
  await useSession.getState().login(ids.cashier, '1357');
});

afterAll(async () => {
  setToken(null);
  await station?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the till's cart and the station's quote", () => {
  it('agree line by line when tiers are earned across lines (three 700 g honey lines = 2.1 kg, semi)', async () => {
    const cart = useCart.getState();
    cart.clear();
    const honey = await call('products.get', { id: ids.honey });
    const oil = await call('products.get', { id: ids.oil });
    for (let i = 0; i < 3; i++) cart.addProduct(honey, 700);
    cart.addProduct(oil, 5000);
    const local = priceCart(useCart.getState().current);
    expect(local.lines.map((l) => l.priced?.tier)).toEqual(['semi', 'semi', 'semi', 'retail']);
    const { lines, customerId } = checkoutInput(useCart.getState().current, []);
    const quote = await call('sales.quote', { lines, customerId });
    expect(quote.lines.map((l) => [l.tier, l.amount])).toEqual(
      local.lines.map((l) => [l.priced?.tier, l.priced?.amount]),
    );
    expect(quote.total).toBe(local.total);
    expect(quote.vat).toEqual(local.vat);
  });
});
