import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../../db/services/catalog-snapshot';
import { createCustomer, updateCustomer } from '../../db/services/customers';
import { CatalogCache } from '../../till/catalog-cache';
import { makeFixture, type Fixture } from '../db/fixture';

let fx: Fixture | undefined;
let dir: string | undefined;
let cache: CatalogCache | undefined;
afterEach(() => {
  cache?.close();
  fx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a till's catalogue cache follows the station's customer accounts", () => {
  it('a new account and a changed tier reach the till at its next refresh', async () => {
    fx = makeFixture({ withStock: false });
    const f = fx;
    dir = mkdtempSync(join(tmpdir(), 'souk-till-cache-'));
    cache = new CatalogCache(join(dir, 'catalog.db'), 'T1');
    const fetch = async (afterId: number, limit: number) =>
      catalogSnapshot(f.store, 'T1', { afterId, limit });
    await cache.refresh(fetch);
    const cachedTier = (id: number) =>
      cache!.store.get<{ tier: string }>('SELECT tier FROM customers WHERE id = ?', id)?.tier ?? null;

    // Offline, the till prices an account's sale from this copy: an account it lacks cannot be sold to.
    const hotel = createCustomer(f.store, f.asManager, { name: 'Hôtel Atlas', tier: 'semi' });
    expect(await cache.refresh(fetch)).toBe(true);
    expect(cachedTier(hotel.id)).toBe('semi');

    // And a tier agreed since would be charged at the old one.
    updateCustomer(f.store, f.asManager, hotel.id, { tier: 'wholesale' });
    expect(await cache.refresh(fetch)).toBe(true);
    expect(cachedTier(hotel.id)).toBe('wholesale');
    expect(await cache.refresh(fetch)).toBe(false);
  });
});
