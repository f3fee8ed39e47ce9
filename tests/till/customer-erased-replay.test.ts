import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../../db/services/catalog-snapshot';
import { checkout } from '../../db/services/checkout';
import { createCustomer } from '../../db/services/customers';
import { checkoutOffline } from '../../db/services/offline-sales';
import { eraseCustomer } from '../../db/services/personal-data';
import { CatalogCache } from '../../till/catalog-cache';
import { priceLocalSale } from '../../till/local-sales';
import { appError } from '../db/db-helpers';
import { makeFixture, uid, type Fixture } from '../db/fixture';

let fx: Fixture | undefined;
let dir: string | undefined;
afterEach(() => {
  fx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an account erased while a till sold to it offline', () => {
  it('the offline sale is still recorded on replay, at the tier the till charged; a new online sale is refused', async () => {
    fx = makeFixture();
    const f = fx;
    const hotel = createCustomer(f.store, f.asManager, {
      name: 'Hôtel Atlas',
      phone: '0522 40 10 10',
      tier: 'wholesale',
    });
    dir = mkdtempSync(join(tmpdir(), 'souk-till-cache-'));
    const cache = new CatalogCache(join(dir, 'catalog.db'), 'T1');
    await cache.refresh(async (afterId, limit) => catalogSnapshot(f.store, 'T1', { afterId, limit }));
    const cart = {
      clientId: uid(),
      customerId: hotel.id,
      lines: [{ productId: f.products.oil.id, quantity: 2_000 }],
      payments: [{ method: 'card' as const, amount: 2 * f.products.oil.wholesalePrice }],
    };
    // Sold while the station was unreachable; the account is erased before the till comes back.
    const priced = priceLocalSale(cache.store, cart, {
      tillId: 'T1',
      receiptNo: 1,
      localId: 2 ** 40 + 1,
      cashierId: f.users.cashier.id,
      at: f.now() - 3_600_000,
    });
    eraseCustomer(f.store, f.asAdmin, { customerId: hotel.id, confirm: 'Hôtel Atlas' });

    const sale = checkoutOffline(f.store, f.asCashier, 'T1', priced.request);
    expect(sale).toMatchObject({ customerId: hotel.id, total: 2 * f.products.oil.wholesalePrice });
    expect(sale.lines.map((l) => l.tier)).toEqual(['wholesale']);
    // Online, the erased account can no longer be sold to.
    expect(
      appError(() => checkout(f.store, f.asCashier, { ...cart, clientId: uid(), receiptNo: 2 })).code,
    ).toBe('NOT_FOUND');
    cache.close();
  });
});
