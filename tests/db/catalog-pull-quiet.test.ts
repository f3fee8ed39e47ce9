/**
 * A shop polls HQ's catalogue every 30 s. While HQ's catalogue is empty the shop stays at version 0, and a
 * pull from version 0 always carries the allowance: each poll journaled a 'catalog.pull' entry (2,880 a day,
 * each pushed back to HQ). Only a pull that changes something may be journaled.
 */
import { describe, expect, it } from 'vitest';
import { applyCatalogPage } from '../../db/services/hq-catalog-pull';
import { makeFixture } from './fixture';

const pulls = (f: ReturnType<typeof makeFixture>) =>
  (f.db.prepare("SELECT COUNT(*) AS n FROM journal WHERE kind = 'catalog.pull'").get() as { n: number }).n;

describe('catalogue pulls that change nothing', () => {
  it('journal the first allowance once, and nothing for the polls that bring it again unchanged', () => {
    const f = makeFixture();
    const page = (localPrices: boolean) => ({
      coops: [],
      products: [],
      allowance: { localProducts: true, localPrices, version: 0 },
      version: 0,
      more: false,
    });
    applyCatalogPage(f.store, page(false));
    expect(pulls(f)).toBe(1);
    for (let i = 0; i < 5; i++) applyCatalogPage(f.store, page(false));
    expect(pulls(f)).toBe(1);
    // HQ changes the allowance: that is news, journaled.
    applyCatalogPage(f.store, page(true));
    expect(pulls(f)).toBe(2);
    const state = f.db.prepare('SELECT local_prices, pulled_at FROM hq_catalog_state').get() as {
      local_prices: number;
      pulled_at: number | null;
    };
    expect(state.local_prices).toBe(1);
    expect(state.pulled_at).not.toBeNull();
  });
});
