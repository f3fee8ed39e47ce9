import { afterAll, beforeAll, expect, it } from 'vitest';
import { postBatch, readPushBatch } from '../../db/services/hq-push';
import { DEMO_SHOP, startHqDemo, type HqDemo } from '../../hq/demo';
import { DEMO_PORTAL_PASSWORD } from '../../hq/portal-demo';
import { makeFixture, type Fixture } from '../db/fixture';
import { describePg } from '../helpers/postgres';

describePg('the HQ demo opens the portal to the cooperatives its shop pushes', () => {
  let demo: HqDemo | null = null;
  let shop: Fixture;
  beforeAll(async () => {
    demo = await startHqDemo();
    shop = makeFixture();
  }, 180_000);
  afterAll(async () => {
    await demo?.close();
    shop?.close();
  });

  it('gives each pushed cooperative a coop-<id> login with the demo password', async () => {
    const hq = demo!.hq;
    const batch = await readPushBatch(shop.store, 0, 500, 100, 0);
    await postBatch({ url: hq.url, shopId: DEMO_SHOP.id, key: DEMO_SHOP.key }, batch, 30_000);
    const logins = async () =>
      (await hq.pool.query('SELECT login FROM hq_portal_accounts ORDER BY login')).rows.map((r) => r.login);
    await expect.poll(logins, { timeout: 60_000 }).toEqual(['coop-1', 'coop-2']);
    const r = await fetch(`${hq.url}/portal/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: 'coop-1', password: DEMO_PORTAL_PASSWORD }).toString(),
    });
    expect(r.status).toBe(303);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    const home = await (await fetch(`${hq.url}/portal?lang=fr`, { headers: { cookie } })).text();
    expect(home).toContain('Bonjour, Coopérative Tighanimine');
  }, 120_000);
});
