import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startStation, type Station } from './station';

export { startStation };

/** `tsx server/main.ts --db data/souk.db --port 8787 [--lan] [--till T1]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'data/souk.db' },
      port: { type: 'string', default: '8787' },
      lan: { type: 'boolean', default: false },
      till: { type: 'string', default: 'T1' },
    },
  });
  const dbFile = resolve(values.db);
  mkdirSync(dirname(dbFile), { recursive: true });
  const station: Station = await startStation({
    dbFile,
    port: Number(values.port),
    host: values.lan ? '0.0.0.0' : '127.0.0.1',
    tillId: values.till,
  });
  console.log(
    `Souk POS station ${station.url} (database ${dbFile}${values.lan ? ', open to the LAN, tokens required' : ''})`,
  );
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
