/**
 * The HQ demo (`npm start`, `npm run hq -- --demo`) has a second shop, so a new user on the demo station finds
 * a shop to send a transfer to: with the demo shop alone the Transfers screen offered an empty list.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_SHOP, startHqDemo, type HqDemo } from '../../hq/demo';
import { chainShops } from '../../hq/transfers';
import { describePg } from '../helpers/postgres';

describePg('the HQ demo gives the demo shop somewhere to send a transfer', () => {
  let demo: HqDemo | null = null;
  beforeAll(async () => {
    demo = await startHqDemo();
  }, 180_000);
  afterAll(async () => {
    await demo?.close();
  });

  it("lists another shop of the chain to the demo shop's Transfers screen", async () => {
    const shops = await chainShops(demo!.hq.pool, DEMO_SHOP.id);
    expect(shops.map((s) => s.id)).not.toContain(DEMO_SHOP.id);
    expect(shops.length).toBeGreaterThan(0);
    expect(shops[0]?.name).toMatch(/Fès/);
  }, 60_000);
});
