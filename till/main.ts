import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTillServer } from './http';
import { StationLink } from './station-link';
import { TillHost, type TillHostOptions } from './till-host';

export interface RunningTill {
  url: string;
  host: TillHost;
  close(): Promise<void>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Pairs the till once with a code from the manager's Tills screen (tills.pair): the station's answer names
 * the till and gives its token, which till.db keeps; later starts need no code.
 */
async function pair(stationUrl: string, code: string): Promise<{ tillId: string; token: string }> {
  const answer = await new StationLink({ url: stationUrl }).call('tills.pair', { code }, null, 15_000);
  if (answer.kind === 'unreachable')
    throw new Error(`The station at ${stationUrl} is unreachable: ${answer.reason}`);
  if (answer.kind === 'error')
    throw new Error(`Pairing refused: ${answer.error.code}: ${answer.error.message}`);
  const r = answer.result as { tillId: string; token: string };
  return { tillId: r.tillId, token: r.token };
}

export async function startTill(
  options: TillHostOptions & { port?: number; staticDir?: string | null; pairCode?: string | null },
): Promise<RunningTill> {
  mkdirSync(options.dir, { recursive: true });
  const paired = options.pairCode ? await pair(options.stationUrl, options.pairCode) : null;
  const host = new TillHost({
    ...options,
    ...(paired ? { tillId: paired.tillId, tillToken: paired.token } : {}),
  });
  host.start();
  const staticDir = options.staticDir === undefined ? join(ROOT, 'dist', 'renderer') : options.staticDir;
  const server = createTillServer(host, staticDir);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => void host.close().then(done));
      }),
  };
}

/**
 * `npm run till -- --station URL [--pair CODE] [--dir data/till] [--port 8790] [--till T2]`; the till's own
 * printer, scale and display are configured on its Devices screen (devices.configure, kept in devices.db).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      station: { type: 'string', default: 'http://127.0.0.1:8787' },
      pair: { type: 'string' },
      dir: { type: 'string', default: 'data/till' },
      port: { type: 'string', default: '8790' },
      till: { type: 'string' },
      'online-timeout': { type: 'string' },
    },
  });
  const till = await startTill({
    dir: resolve(values.dir),
    stationUrl: values.station,
    port: Number(values.port),
    pairCode: values.pair ?? null,
    ...(values.till ? { tillId: values.till } : {}),
    ...(values['online-timeout'] ? { onlineTimeoutMs: Number(values['online-timeout']) } : {}),
    log: (line) => console.log(`[till] ${line}`),
    traceReplay: process.env.SOUK_TILL_TRACE === '1',
  });
  // One line the tests (and a kiosk's launcher) wait for.
  console.log(
    `Souk POS till ${till.host.tillId} ${till.url} (station ${values.station}, files ${resolve(values.dir)})`,
  );
  const stop = () => void till.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url))) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
