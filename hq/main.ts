import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { isLoopbackHost } from '../core/loopback';
import { isEntryPoint } from '../server/entry-point';
import { stationTls } from '../server/tls';
import { DEMO_SHOP, startHqDemo } from './demo';
import type { HqTls } from './http';
import { startHq, type Hq } from './service';

function parseShop(spec: string): { id: string; key: string; name?: string } {
  const [id, key, ...name] = spec.split(':');
  if (!id || !key) throw new Error(`--shop wants id:key[:name], got "${spec}"`);
  return { id, key, ...(name.length > 0 ? { name: name.join(':') } : {}) };
}

// An address in 127.0.0.0/8, not any name that starts with "127." (127.shop.example resolves where its DNS says).
/**
 * HQ's certificate, by the rule: `--tls-cert F --tls-key F` (a real deployment's, e.g. from the chain's CA),
 * else a self-signed one made on first start in `--tls-dir` (server/tls.ts, as the station makes its own;
 * shops pin its fingerprint, printed below), else none: plain HTTP, which HQ serves on a loopback address
 * only (the demo, tests); bound to any other address without a certificate it makes one in data/hq-tls.
 */
export async function hqTls(
  v: { host: string; 'tls-cert'?: string; 'tls-key'?: string; 'tls-dir'?: string },
  defaultDir = 'data/hq-tls',
): Promise<(HqTls & { fingerprint: string }) | null> {
  if (v['tls-cert'] || v['tls-key']) {
    if (!v['tls-cert'] || !v['tls-key']) throw new Error('--tls-cert and --tls-key go together');
    const cert = readFileSync(v['tls-cert'], 'utf8');
    return {
      cert,
      key: readFileSync(v['tls-key'], 'utf8'),
      fingerprint: new X509Certificate(cert).fingerprint256,
    };
  }
  const dir = v['tls-dir'] ?? (isLoopbackHost(v.host) ? null : defaultDir);
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  // Shops trust it by fingerprint, so its names are for people reading it: the address it is bound to, if one.
  const bound = /^\d+\.\d+\.\d+\.\d+$/.test(v.host) && v.host !== '0.0.0.0' && !isLoopbackHost(v.host);
  const made = await stationTls(join(resolve(dir), 'hq'), bound ? [v.host] : [], 'Souk HQ');
  return { key: made.key, cert: made.cert, fingerprint: made.fingerprint };
}

/**
 * `npm run hq -- --db postgres://souk@127.0.0.1:5432/souk_hq --port 8790 [--admin-key K] [--shop id:key[:name]]...
 *   [--tls-dir DIR | --tls-cert F --tls-key F]`
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
      'tls-dir': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
  });
  const tls = await hqTls(values);
  const givenKey = values['admin-key'] ?? process.env.SOUK_HQ_ADMIN_KEY;
  let hq: Hq;
  let close: () => Promise<void>;
  let extra = '';
  if (values.demo) {
    // The demo's HQ is on this machine's loopback, where plain HTTP is the rule's own exception.
    if (tls) throw new Error('--demo serves plain HTTP on loopback; --tls-* is for a real HQ');
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
      tls,
    });
    close = () => hq.close();
  }
  // One parseable line: tests and scripts wait for it.
  console.log(`Souk HQ ${hq.url} (schema ${hq.schemaVersion}${extra})`);
  // What each shop is configured with beside the URL (--hq-fingerprint, SOUK_HQ_FINGERPRINT).
  if (tls) console.log(`HQ certificate SHA-256 fingerprint: ${tls.fingerprint}`);
  if (values.demo) {
    console.log(
      `Demo shop "${DEMO_SHOP.id}" pushes with: npm run station -- --hq ${hq.url} --shop-id ${DEMO_SHOP.id} --hq-key ${DEMO_SHOP.key}${tls ? ` --hq-fingerprint ${tls.fingerprint}` : ''}`,
    );
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isEntryPoint(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
