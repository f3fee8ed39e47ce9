import { randomBytes } from 'node:crypto';
import { importCatalog, setAllowance } from './catalog';
import { DEMO_ALLOWANCE, DEMO_HQ_CATALOG } from './demo-catalog';
import { postgresInstalled, startPgCluster, type PgCluster } from './pg-cluster';
import { demoPortalAfterIngest } from './portal-demo';
import { HQ_AFTER_INGEST } from './routes';
import { startHq, type Hq } from './service';

/** The demo shop's push key: fixed, so `npm start`'s demo station pushes to the demo HQ without setup. */
export const DEMO_SHOP = { id: 'demo', name: 'Boutique démo', key: 'demo-shop-key-not-secret-0001' };
/**
 * A second shop of the demo chain: it never pushes, but it gives the demo shop's Transfers screen somewhere
 * to send stock (with the demo shop alone its list of shops was empty).
 */
export const DEMO_OTHER_SHOP = {
  id: 'demo-fes',
  name: 'Souk Tadamoun Fès (démo)',
  key: 'demo-fes-key-not-secret-0002',
};

export interface HqDemo {
  hq: Hq;
  cluster: PgCluster;
  adminKey: string;
  close(): Promise<void>;
}

/**
 * HQ on a throwaway PostgreSQL cluster (the tests' own, hq/pg-cluster.ts), with the demo shop registered and
 * a chain catalogue for it to pull: for `npm run hq -- --demo` and `npm start`. Null when PostgreSQL 15 is not
 * installed.
 */
export async function startHqDemo(
  options: { port?: number; adminKey?: string } = {},
): Promise<HqDemo | null> {
  if (!postgresInstalled()) return null;
  const cluster = await startPgCluster();
  try {
    const db = await cluster.createDatabase('souk_hq');
    const adminKey = options.adminKey ?? randomBytes(24).toString('base64url');
    const hq = await startHq({
      db,
      port: options.port ?? 0,
      adminKey,
      shops: [DEMO_SHOP, DEMO_OTHER_SHOP],
      // The demo's cooperatives get portal logins as soon as they arrive (hq/portal-demo.ts).
      afterIngest: [...HQ_AFTER_INGEST, demoPortalAfterIngest],
    });
    // The chain's catalogue for the demo shop to pull (hq/demo-catalog.ts), before the shop can ask for it.
    try {
      await importCatalog(hq.pool, DEMO_HQ_CATALOG);
      await setAllowance(hq.pool, DEMO_SHOP.id, DEMO_ALLOWANCE);
    } catch (err) {
      await hq.close();
      throw err;
    }
    return {
      hq,
      cluster,
      adminKey,
      close: async () => {
        await hq.close();
        await cluster.stop();
      },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
