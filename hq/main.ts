import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_SHOP, startHqDemo } from './demo';
import { startHq, type Hq } from './service';

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
  const givenKey = values['admin-key'] ?? process.env.SOUK_HQ_ADMIN_KEY;
  let hq: Hq;
  let close: () => Promise<void>;
  let extra = '';
  if (values.demo) {
    const demo = await startHqDemo({
      port: Number(values.port),
      ...(givenKey ? { adminKey: givenKey } : {}),
    });
    if (!demo) throw new Error('The HQ demo needs PostgreSQL 15 (apt-get install postgresql-15)');
    hq = demo.hq;
    close = demo.close;
    extra = `, demo PostgreSQL on port ${demo.cluster.port}`;
    if (!givenKey) console.log(`HQ staff key (this run): ${demo.adminKey}`);
  } else {
    const db = values.db ?? process.env.SOUK_HQ_DB;
    if (!db) throw new Error('--db postgres://... (or --demo) is required');
    const adminKey = givenKey ?? randomBytes(24).toString('base64url');
    if (!givenKey) console.log(`HQ staff key (this run): ${adminKey}`);
    hq = await startHq({
      db,
      port: Number(values.port),
      host: values.host,
      adminKey,
      shops: values.shop.map(parseShop),
    });
    close = () => hq.close();
  }
  // One parseable line: tests and scripts wait for it.
  console.log(`Souk HQ ${hq.url} (schema ${hq.schemaVersion}${extra})`);
  if (values.demo) {
    console.log(
      `Demo shop "${DEMO_SHOP.id}" pushes with: npm run station -- --hq ${hq.url} --shop-id ${DEMO_SHOP.id} --hq-key ${DEMO_SHOP.key}`,
    );
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Real paths on both sides: run through a symlinked folder (a node_modules link, /opt/souk -> a release), the
// script's own URL is the real path while argv[1] is the link's.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
