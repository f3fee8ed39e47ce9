import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
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
