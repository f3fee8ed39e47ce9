import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthSessions } from '../api/auth';
import { DeviceHub } from '../devices/hub';
import type { ApiContext } from '../api/handlers';
import { startReportWorkers } from '../api/report-workers';
import { openDatabase } from '../db/open';
import { startHqPush, type HqPusher, type HqPushOptions } from '../db/services/hq-push';
import { writePendingSeals } from '../db/services/seals';
import { ensureTill } from '../db/services/settings';
import { Store } from '../db/store';
import { HostAllowList, isLoopback, StationDeviceKey } from './access';
import type { HttpLimits } from './body';
import { createStationServer } from './http';

/** The project folder, found from this file whether it runs from server/ or from a bundle in out/station/. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

const ROOT = projectRoot();

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface StationOptions {
  dbFile: string;
  port: number;
  /** 127.0.0.1 unless the shop opens the station to its LAN on purpose; tokens are required either way. */
  host?: string;
  tillId?: string;
  staticDir?: string | null;
  validateOutput?: boolean;
  /** Further Host names the station answers to (e.g. a DNS name the shop's router gives it). */
  allowedHosts?: string[];
  /** Body size, memory and timeout limits of the HTTP layer; tests shorten the timeouts. */
  limits?: Partial<HttpLimits>;
  /** Report worker threads (api/report-workers.ts); 0 keeps every report on the main thread. */
  reportWorkers?: number;
  /** Push the journal to HQ (db/services/hq-push.ts); absent for a shop outside a chain. */
  hq?: HqPushOptions | null;
}

export interface Station {
  /** The journal's push to HQ, when configured. */
  hq: HqPusher | null;
  url: string;
  ctx: ApiContext;
  /** The key LAN devices present (x-souk-device); null when the station listens on loopback only. */
  deviceKey: string | null;
  close(): Promise<void>;
}

export async function startStation(options: StationOptions): Promise<Station> {
  const db = openDatabase(options.dbFile);
  const store = new Store(db, { tillId: options.tillId ?? 'T1' });
  ensureTill(store, store.tillId, `Caisse ${store.tillId}`);
  // A Z close whose seal could not be written (a crash right after it, a full disk) gets it now, rather
  // than waiting for the next cash opening.
  writePendingSeals(store);
  const devices = new DeviceHub(store);
  // Never awaited: a missing or stuck scanner, scale or display must not keep the shop from opening.
  devices.start();
  const ctx: ApiContext = {
    store,
    auth: new AuthSessions(),
    version: appVersion(),
    devices,
    validateOutput: options.validateOutput ?? false,
    // Read-only reports on their own connections, so a manager's year never holds up a till's scan.
    reports:
      options.reportWorkers === 0
        ? null
        : await startReportWorkers({
            dbFile: options.dbFile,
            tillId: store.tillId,
            ...(options.reportWorkers === undefined ? {} : { size: options.reportWorkers }),
          }),
  };
  // Started after the API context exists and never awaited: HQ being down must not keep the shop closed.
  const hq = startHqPush(store, options.hq);
  if (options.hq) ctx.hqPush = { url: options.hq.url, shopId: options.hq.shopId };
  const staticDir = options.staticDir === undefined ? join(ROOT, 'dist', 'renderer') : options.staticDir;
  const host = options.host ?? '127.0.0.1';
  // Only a station open to the LAN needs a device key: on loopback every client is the station's own machine.
  const device =
    host === 'localhost' || isLoopback(host) ? null : StationDeviceKey.forDatabase(options.dbFile);
  const server = createStationServer({
    ctx,
    staticDir: staticDir && existsSync(staticDir) ? staticDir : null,
    limits: options.limits,
    hosts: new HostAllowList(options.allowedHosts),
    device,
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    ctx,
    hq,
    deviceKey: device?.key ?? null,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => {
          void devices.close();
          void ctx.reports?.close();
          // The push reads and writes the database: stopped (its request aborted) before it closes.
          void (hq?.stop() ?? Promise.resolve()).then(() => {
            db.close();
            resolveClose();
          });
        });
      }),
  };
}
