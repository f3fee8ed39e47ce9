import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../../db/services/catalog-snapshot';
import { createCustomer } from '../../db/services/customers';
import { eraseCustomer } from '../../db/services/personal-data';
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

const PHONE = '+212 661 48 29 73';

/** The till's cache file and its WAL as they lie on the till's disk. */
function bytesOnDisk(file: string): string {
  const wal = `${file}-wal`;
  return (
    readFileSync(file).toString('latin1') + (existsSync(wal) ? readFileSync(wal).toString('latin1') : '')
  );
}

describe("a till's catalogue cache and an erased customer", () => {
  it('keeps no copy of the erased phone in its file once it has refreshed', async () => {
    fx = makeFixture({ withStock: false });
    const f = fx;
    const c = createCustomer(f.store, f.asManager, { name: 'Hassan Benali', phone: PHONE, tier: 'retail' });
    dir = mkdtempSync(join(tmpdir(), 'souk-till-cache-'));
    const file = join(dir, 'catalog.db');
    cache = new CatalogCache(file, 'T1');
    const fetch = async (afterId: number, limit: number) =>
      catalogSnapshot(f.store, 'T1', { afterId, limit });
    await cache.refresh(fetch);
    // A till never needs an account's phone: it is not sent. Its name is, until the erasure.
    expect(bytesOnDisk(file)).toContain('Hassan Benali');
    expect(bytesOnDisk(file)).not.toContain(PHONE);

    eraseCustomer(f.store, f.asAdmin, { customerId: c.id, confirm: 'Hassan Benali' });
    // The erasure changes the catalogue's version: the till drops its copy at its next refresh...
    expect(await cache.refresh(fetch)).toBe(true);
    // ...and that copy must be gone from the till's disk, not left in freed pages or the WAL's frames.
    const text = bytesOnDisk(file);
    for (const personal of [PHONE, 'Hassan Benali']) expect(text).not.toContain(personal);
  });
});
