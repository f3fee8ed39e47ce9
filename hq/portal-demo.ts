/**
 * The demo's cooperative portal accounts (`npm run hq -- --demo`, `npm start`): once a pushed shop's
 * cooperatives reach the chain tables, each gets a login `coop-<id>` with one well-known demo password, so the
 * portal can be tried at once. Demo only: a real HQ creates accounts through POST /hq/v1/portal-accounts.
 */
import type { Pool } from './db';
import { createPortalAccount } from './portal-auth';
import { scheduleProjection } from './projections';

export const DEMO_PORTAL_PASSWORD = 'demo-portal-2026';

export async function ensureDemoPortalAccounts(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: number; name_fr: string }>(
    `SELECT c.id, c.name_fr FROM hq_coops c
     WHERE NOT EXISTS (SELECT 1 FROM hq_portal_accounts a WHERE a.coop_id = c.id) ORDER BY c.id`,
  );
  const made: string[] = [];
  for (const c of rows) {
    const login = `coop-${c.id}`;
    // Two pushes at once may race for the same cooperative: the second finds the login taken, and says nothing.
    const created = await createPortalAccount(pool, {
      login,
      password: DEMO_PORTAL_PASSWORD,
      coopId: c.id,
    }).then(
      () => true,
      () => false,
    );
    if (!created) continue;
    made.push(login);
    console.log(`[hq demo] portal /portal: ${login} / ${DEMO_PORTAL_PASSWORD} (${c.name_fr})`);
  }
  return made;
}

/** After a push: the shop's events projected first, then an account for every new cooperative. */
export async function demoPortalAfterIngest(pool: Pool, shopId: string): Promise<void> {
  await scheduleProjection(pool, shopId);
  await ensureDemoPortalAccounts(pool);
}
