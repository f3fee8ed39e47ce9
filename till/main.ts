import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isEntryPoint } from '../server/entry-point';
import { createTillServer } from './http';
import { decodePairingCode } from '../core/pairing-code';
import { peerFingerprint } from '../server/pinned-fetch';
import { StationLink } from './station-link';
import { TillHost, type TillHostOptions } from './till-host';

export interface RunningTill {
  url: string;
  host: TillHost;
  close(): Promise<void>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Pairs the till once with a code from the manager's Tills screen (tills.pair): the long `souk-pair:` form
 * names the station's addresses and pins its certificate; with the short form the station's address is
 * given and its certificate is taken on first use (printed, for the manager to compare with the station's).
 * till.db keeps the till's id, token, the station's address and fingerprint: later starts need no code.
 */
export async function pairWithStation(
  stationUrl: string | null,
  code: string,
  log: (line: string) => void = () => {},
): Promise<{ tillId: string; token: string; stationUrl: string; fingerprint: string | null }> {
  const full = decodePairingCode(code);
  const url = stationUrl ?? (full?.addresses[0] ? `https://${full.addresses[0]}` : null);
  if (!url)
    throw new Error('This pairing code names no station address: give --station https://<station>:<port>.');
  let fingerprint = full?.fingerprint ?? null;
  if (url.startsWith('https:') && !fingerprint) {
    const { hostname, port } = new URL(url);
    fingerprint = await peerFingerprint(hostname, Number(port || 443));
    log(`station certificate ${fingerprint}: check it is the one the station shows`);
  }
  const link = new StationLink({ url, fingerprint: () => fingerprint });
  const answer = await link.call('tills.pair', { code }, null, 15_000);
  link.close();
  if (answer.kind === 'unreachable')
    throw new Error(`The station at ${url} is unreachable: ${answer.reason}`);
  if (answer.kind === 'error')
    throw new Error(`Pairing refused: ${answer.error.code}: ${answer.error.message}`);
  const r = answer.result as { tillId: string; token: string; certFingerprint: string | null };
  return { tillId: r.tillId, token: r.token, stationUrl: url, fingerprint: fingerprint ?? r.certFingerprint };
}

export async function startTill(
  options: TillHostOptions & { port?: number; staticDir?: string | null; pairCode?: string | null },
): Promise<RunningTill> {
  mkdirSync(options.dir, { recursive: true });
  const paired = options.pairCode
    ? await pairWithStation(options.stationUrl ?? null, options.pairCode, options.log)
    : null;
  const host = new TillHost({
    ...options,
    ...(paired
      ? {
          tillId: paired.tillId,
          tillToken: paired.token,
          stationUrl: paired.stationUrl,
          stationFingerprint: paired.fingerprint,
        }
      : {}),
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
      station: { type: 'string' },
      pair: { type: 'string' },
      dir: { type: 'string', default: 'data/till' },
      port: { type: 'string', default: '8790' },
      till: { type: 'string' },
      'online-timeout': { type: 'string' },
    },
  });
  const till = await startTill({
    dir: resolve(values.dir),
    stationUrl: values.station ?? null,
    port: Number(values.port),
    pairCode: values.pair ?? null,
    ...(values.till ? { tillId: values.till } : {}),
    ...(values['online-timeout'] ? { onlineTimeoutMs: Number(values['online-timeout']) } : {}),
    log: (line) => console.log(`[till] ${line}`),
    traceReplay: process.env.SOUK_TILL_TRACE === '1',
  });
  // One line the tests (and a kiosk's launcher) wait for.
  console.log(
    `Souk POS till ${till.host.tillId} ${till.url} (station ${till.host.stationUrl}, files ${resolve(values.dir)})`,
  );
  const stop = () => void till.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isEntryPoint(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
