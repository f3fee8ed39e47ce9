import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hqPushConfigFromEnv, type HqPushOptions } from '../db/services/hq-push';
import { DEVICE_HEADER, lanAddresses } from './access';
import { startStation, type Station } from './station';

export { startStation };

/**
 * What the station prints when it opens to the LAN: where tablets reach it and how they present the
 * station device key (the pairing link sets it as a cookie; an app sends it as a header).
 */
export function lanBanner(port: number, deviceKey: string, addresses: string[] = lanAddresses()): string {
  const hosts = addresses.length > 0 ? addresses : ['<station-ip>'];
  return [
    'Open to the LAN. On each tablet or till, open once (keeps the station device key):',
    ...hosts.map((a) => `  http://${a}:${port}/device?key=${deviceKey}`),
    `Apps send the key as the ${DEVICE_HEADER} header. No TLS yet: use it on a trusted shop network only (docs/security.md).`,
  ].join('\n');
}

function hqOptions(v: {
  hq?: string;
  'shop-id'?: string;
  'hq-key'?: string;
  'hq-batch'?: string;
}): HqPushOptions | null {
  const fromEnv = hqPushConfigFromEnv(process.env);
  const url = v.hq ?? fromEnv?.url;
  const shopId = v['shop-id'] ?? fromEnv?.shopId;
  const key = v['hq-key'] ?? fromEnv?.key;
  if (!url && !shopId && !key) return null;
  if (!url || !shopId || !key) throw new Error('--hq, --shop-id and --hq-key go together');
  return { url, shopId, key, ...(v['hq-batch'] ? { batchSize: Number(v['hq-batch']) } : {}) };
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
  if (station.deviceKey) console.log(lanBanner(Number(new URL(station.url).port), station.deviceKey));
  const stop = () => void station.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
