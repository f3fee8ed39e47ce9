import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresInstalled, startPgCluster, type PgCluster } from './pg-cluster';
import { startHq } from './service';

/** The demo shop's push key: fixed, so `npm start`'s demo station can push to `npm run hq -- --demo`. */
export const DEMO_SHOP = { id: 'demo', name: 'Boutique démo', key: 'demo-shop-key-not-secret-0001' };

function parseShop(spec: string): { id: string; key: string; name?: string } {
  const [id, key, ...name] = spec.split(':');
  if (!id || !key) throw new Error(`--shop wants id:key[:name], got "${spec}"`);
  return { id, key, ...(name.length > 0 ? { name: name.join(':') } : {}) };
}

/**
 * `npm run hq -- --db postgres://souk@127.0.0.1:5432/souk_hq --port 8790 [--admin-key K] [--shop id:key[:name]]...`
 * `npm run hq -- --demo`: its own throwaway PostgreSQL cluster (needs postgresql-15), removed on exit.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '8790' },
      host: { type: 'string', default: '127.0.0.1' },
      'admin-key': { type: 'string' },
      shop: { type: 'string', multiple: true, default: [] },
      demo: { type: 'boolean', default: false },
    },
  });
  let cluster: PgCluster | null = null;
  let db = values.db ?? process.env.SOUK_HQ_DB;
  const shops = values.shop.map(parseShop);
  if (values.demo) {
    if (!postgresInstalled())
      throw new Error('The HQ demo needs PostgreSQL 15 (apt-get install postgresql-15)');
    cluster = await startPgCluster();
    db = await cluster.createDatabase('souk_hq');
    shops.push(DEMO_SHOP);
  }
  if (!db) throw new Error('--db postgres://... (or --demo) is required');
  const adminKey =
    values['admin-key'] ?? process.env.SOUK_HQ_ADMIN_KEY ?? randomBytes(24).toString('base64url');
  const hq = await startHq({ db, port: Number(values.port), host: values.host, adminKey, shops });
  // One parseable line: tests and scripts/start.ts wait for it.
  console.log(
    `Souk HQ ${hq.url} (schema ${hq.schemaVersion}${cluster ? `, demo PostgreSQL on port ${cluster.port}` : ''})`,
  );
  if (!values['admin-key'] && !process.env.SOUK_HQ_ADMIN_KEY)
    console.log(`HQ staff key (this run): ${adminKey}`);
  if (values.demo) {
    console.log(
      `Demo shop "${DEMO_SHOP.id}" pushes with: npm run station -- --hq ${hq.url} --shop-id ${DEMO_SHOP.id} --hq-key ${DEMO_SHOP.key}`,
    );
  }
  const stop = () =>
    void hq
      .close()
      .then(() => cluster?.stop())
      .finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
