import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../db/journal';
import { catalogSnapshot } from '../../db/services/catalog-snapshot';
import { checkout, type CheckoutInput } from '../../db/services/checkout';
import { checkoutOffline, listShortfalls } from '../../db/services/offline-sales';
import { updateCooperative, getCooperative } from '../../db/services/cooperatives';
import { updateProduct } from '../../db/services/products';
import { adjustStock } from '../../db/services/stock';
import { CatalogCache } from '../../till/catalog-cache';
import { priceLocalSale } from '../../till/local-sales';
import { appError, digest } from '../db/db-helpers';
import { makeFixture, uid, type Fixture } from '../db/fixture';

let fx: Fixture;
const dirs: string[] = [];
afterEach(() => {
  fx?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The till's catalogue cache, filled from the station's snapshot the way the till host fills it. */
async function tillCache(f: Fixture): Promise<CatalogCache> {
  const dir = mkdtempSync(join(tmpdir(), 'souk-till-cache-'));
  dirs.push(dir);
  const cache = new CatalogCache(join(dir, 'catalog.db'), 'T1');
  await cache.refresh(async (afterId, limit) =>
    catalogSnapshot(f.store, 'T1', { afterId, limit: Math.min(limit, 2) }),
  );
  return cache;
}

function offlineSale(f: Fixture, cache: CatalogCache, input: CheckoutInput, receiptNo: number) {
  return priceLocalSale(cache.store, input, {
    tillId: 'T1',
    receiptNo,
    localId: 2 ** 40 + receiptNo,
    cashierId: f.users.cashier.id,
    at: f.now() - 3_600_000,
  });
}

describe('offline sales replayed on the station (issue 11)', () => {
  it('refuses a till-numbered online sale that is not the till’s next receipt, and writes nothing', () => {
    fx = makeFixture();
    const cart = (n: number): CheckoutInput => ({
      clientId: uid(),
      lines: [{ productId: fx.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 12000 }],
      receiptNo: n,
    });
    const before = digest(fx.db);
    const err = appError(() => checkout(fx.store, fx.asCashier, cart(2)));
    expect(err.code).toBe('RECEIPT_OUT_OF_SEQUENCE');
    expect(err.details).toMatchObject({ tillId: 'T1', receiptNo: 2, expected: 1 });
    expect(digest(fx.db)).toBe(before);
    expect(checkout(fx.store, fx.asCashier, cart(1)).receiptNo).toBe(1);
  });

  it('records an offline sale beyond the shelf with the till’s prices and terms, lists the shortfall, and a count closes it', async () => {
    fx = makeFixture();
    const cache = await tillCache(fx);
    expect(cache.productCount()).toBe(3);
    // The station changes terms and prices after the till's refresh: the offline sale keeps what the till had.
    updateCooperative(fx.store, fx.asManager, {
      ...getCooperative(fx.store, fx.coops.argan.id),
      commissionBp: 4000,
    });
    updateProduct(fx.store, fx.asManager, fx.products.oil.id, { retailPrice: 15000 });
    const input: CheckoutInput = {
      clientId: uid('off'),
      lines: [
        { productId: fx.products.oil.id, quantity: 52_000 },
        { productId: fx.products.honeyKg.id, quantity: 1250 },
      ],
      // 52 bottles earn wholesale (24+): 52 x 96.00; 1.25 kg of honey at retail (semi from 2 kg): 312.50.
      payments: [
        { method: 'cash', amount: 300_000, tendered: 300_000 },
        { method: 'card', amount: 499_200 + 31_250 - 300_000 },
      ],
    };
    const priced = offlineSale(fx, cache, input, 1);
    expect(priced.sale.lines.map((l) => l.tier)).toEqual(['wholesale', 'retail']);
    const sale = checkoutOffline(fx.store, fx.asCashier, 'T1', priced.request);
    expect(sale.receiptNo).toBe(1);
    expect(sale.total).toBe(priced.sale.total);
    expect(sale.lines.map((l) => [l.amount, l.payout, l.commission])).toEqual(
      priced.sale.lines.map((l) => [l.amount, l.payout, l.commission]),
    );
    // The till's terms: 25 % commission (the station now says 40 %), and the honey's fixed 180 MAD/kg.
    expect(sale.lines[0]!.commission).toBe(Math.round(sale.lines[0]!.amount * 0.25));
    expect(sale.lines[1]!.payout).toBe(22500);
    expect(sale.at).toBe(fx.now() - 3_600_000);
    const onHand = fx.db
      .prepare('SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?')
      .get(fx.products.oil.id, fx.coops.argan.id) as { on_hand: number };
    expect(onHand.on_hand).toBe(-2000);
    const shortfalls = listShortfalls(fx.store);
    expect(shortfalls).toHaveLength(1);
    expect(shortfalls[0]).toMatchObject({
      tillId: 'T1',
      receiptNo: 1,
      productId: fx.products.oil.id,
      cooperativeId: fx.coops.argan.id,
      cooperativeName: 'Coopérative Tighanimine',
      quantity: 2000,
      onHandNow: -2000,
      open: true,
    });
    // A replay of the same client id (the till killed before it heard the answer) is the stored sale.
    const again = checkoutOffline(fx.store, fx.asCashier, 'T1', priced.request);
    expect(again).toMatchObject({ id: sale.id, replayed: true, receiptNo: 1 });
    expect(fx.db.prepare('SELECT COUNT(*) AS n FROM sales').get()).toEqual({ n: 1 });
    expect(verifyJournal(fx.store).ok).toBe(true);

    adjustStock(fx.store, fx.asManager, {
      productId: fx.products.oil.id,
      cooperativeId: fx.coops.argan.id,
      quantity: 2000,
      reason: 'count',
    });
    expect(listShortfalls(fx.store, { openOnly: true })).toEqual([]);
    expect(listShortfalls(fx.store)[0]).toMatchObject({ open: false, onHandNow: 0 });
    cache.close();
  });

  it('refuses an offline sale numbered out of the till’s series, and one the till priced differently', async () => {
    fx = makeFixture();
    const cache = await tillCache(fx);
    const input: CheckoutInput = {
      clientId: uid('off'),
      lines: [{ productId: fx.products.amlou.id, quantity: 2000 }],
      payments: [{ method: 'card', amount: 13100 }],
    };
    const before = digest(fx.db);
    const skipped = offlineSale(fx, cache, input, 2);
    expect(appError(() => checkoutOffline(fx.store, fx.asCashier, 'T1', skipped.request)).code).toBe(
      'RECEIPT_OUT_OF_SEQUENCE',
    );
    const ok = offlineSale(fx, cache, input, 1);
    const tampered = {
      ...ok.request,
      offline: { ...ok.request.offline, total: ok.request.offline.total + 1 },
    };
    expect(appError(() => checkoutOffline(fx.store, fx.asCashier, 'T1', tampered)).code).toBe(
      'PAYMENT_MISMATCH',
    );
    expect(digest(fx.db)).toBe(before);
    expect(checkoutOffline(fx.store, fx.asCashier, 'T1', ok.request).total).toBe(13100);
    cache.close();
  });
});
