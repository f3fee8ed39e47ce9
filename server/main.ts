import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isEntryPoint } from './entry-point';
import { checkHqLink } from '../db/services/hq-link';
import { hqPushConfigFromEnv, type HqPushOptions } from '../db/services/hq-push';
import { TILL_HEADER } from './access';
import { startStation, type Station } from './station';

export { startStation };

/**
 * What the station prints when it opens to the LAN: where tills and tablets reach it, and the certificate
 * fingerprint they pin (the pairing code carries it; the manager compares it with what a till shows).
 */
export function lanBanner(station: Pick<Station, 'url' | 'tls' | 'ctx'>): string {
  const hosts = station.ctx.lan?.addresses ?? [];
  return [
    'Open to the LAN over TLS. Tills and tablets reach it at:',
    ...(hosts.length > 0 ? hosts : ['<station-ip>:<port>']).map((a) => `  https://${a}/`),
    `Certificate SHA-256 fingerprint: ${station.tls?.fingerprint ?? '(none)'}`,
    `Pair each one with a code from the manager's Tills screen; it then sends its token as ${TILL_HEADER}.`,
    `Plain HTTP is answered on loopback only: ${station.url}`,
  ].join('\n');
}

function hqOptions(v: {
  hq?: string;
  'shop-id'?: string;
  'hq-key'?: string;
  'hq-batch'?: string;
  'hq-fingerprint'?: string;
}): HqPushOptions | null {
  const fromEnv = hqPushConfigFromEnv(process.env);
  const url = v.hq ?? fromEnv?.url;
  const shopId = v['shop-id'] ?? fromEnv?.shopId;
  const key = v['hq-key'] ?? fromEnv?.key;
  if (!url && !shopId && !key) return null;
  if (!url || !shopId || !key) throw new Error('--hq, --shop-id and --hq-key go together');
  const fingerprint = v['hq-fingerprint'] ?? process.env.SOUK_HQ_FINGERPRINT ?? null;
  return checkHqLink({
    url,
    shopId,
    key,
    fingerprint,
    ...(v['hq-batch'] ? { batchSize: Number(v['hq-batch']) } : {}),
  });
}

/** Last resort only: the HTTP layer answers every bad request itself; this keeps one bug from closing the shop. */
function keepRunning(): void {
  process.on('uncaughtException', (err) =>
    console.error('[station] uncaught exception, still running:', err),
  );
  process.on('unhandledRejection', (err) =>
    console.error('[station] unhandled rejection, still running:', err),
  );
}

/** `tsx server/main.ts --db data/souk.db --port 8787 [--lan] [--allow-host name]... [--till T1] [--report-workers n]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'data/souk.db' },
      port: { type: 'string', default: '8787' },
      lan: { type: 'boolean', default: false },
      till: { type: 'string', default: 'T1' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      // 0 answers reports on the main thread (what bench/report-bench.ts compares with).
      'report-workers': { type: 'string' },
      // The chain: push the journal to HQ (or SOUK_HQ_URL, SOUK_SHOP_ID, SOUK_HQ_KEY).
      hq: { type: 'string' },
      'shop-id': { type: 'string' },
      'hq-key': { type: 'string' },
      'hq-batch': { type: 'string' },
      // HQ's certificate SHA-256 fingerprint (what HQ prints at start), required for an https:// HQ.
      'hq-fingerprint': { type: 'string' },
    },
  });
  keepRunning();
  const dbFile = resolve(values.db);
  mkdirSync(dirname(dbFile), { recursive: true });
  const station: Station = await startStation({
    dbFile,
    port: Number(values.port),
    host: values.lan ? '0.0.0.0' : '127.0.0.1',
    tillId: values.till,
    allowedHosts: values['allow-host'],
    ...(values['report-workers'] === undefined ? {} : { reportWorkers: Number(values['report-workers']) }),
    hq: hqOptions(values),
  });
  console.log(
    `Souk POS station ${station.url} (database ${dbFile}${values.lan ? ', open to the LAN, tokens required' : ''})`,
  );
  if (station.tls) console.log(lanBanner(station));
  const stop = () => void station.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isEntryPoint(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
