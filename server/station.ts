import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthSessions } from '../api/auth';
import { DeviceHub } from '../devices/hub';
import type { ApiContext } from '../api/handlers';
import { startReportWorkers } from '../api/report-workers';
import { openDatabase } from '../db/open';
import { startHqCatalogPull } from '../db/services/hq-catalog-pull';
import { startHqPush, type HqPusher, type HqPushOptions } from '../db/services/hq-push';
import { writePendingSeals } from '../db/services/seals';
import { ensureTill } from '../db/services/settings';
import { keepDueVatMovesApplied } from '../db/services/vat-rates';
import { Store } from '../db/store';
import { HostAllowList, isLoopback, lanAddresses, TillGate } from './access';
import type { HttpLimits } from './body';
import { pinHqLink } from './hq-tls';
import { createStationServer } from './http';
import { stationTls, type StationTls } from './tls';
import { createLanListener } from './tls-listener';

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
  /** The LAN addresses put in pairing codes and the certificate; this machine's IPv4 addresses by default. */
  lanAddresses?: string[];
  /** The station's clock (epoch ms); tests move it across a shop day to sell on both sides of a dated change. */
  now?: () => number;
}

export interface Station {
  /** The journal's push to HQ, when configured. */
  hq: HqPusher | null;
  /** Plain HTTP on loopback, for the station's own machine (on the LAN address only, when bound to one). */
  url: string;
  /** https://<LAN address>:<port> for paired tills and tablets; null when the station listens on loopback only. */
  lanUrl: string | null;
  /** The LAN certificate (made on first start beside the database); null on loopback only. */
  tls: StationTls | null;
  ctx: ApiContext;
  close(): Promise<void>;
}

export async function startStation(options: StationOptions): Promise<Station> {
  // HQ's certificate pinned (server/hq-tls.ts); a URL the rule refuses stops the start here, before anything
  // is opened, saying why.
  const hqLink = options.hq ? pinHqLink(options.hq) : null;
  const db = openDatabase(options.dbFile);
  const store = new Store(db, {
    tillId: options.tillId ?? 'T1',
    ...(options.now ? { now: options.now } : {}),
  });
  ensureTill(store, store.tillId, `Caisse ${store.tillId}`);
  // A Z close whose seal could not be written (a crash right after it, a full disk) gets it now, rather
  // than waiting for the next cash opening.
  writePendingSeals(store);
  // A VAT move dated for a later day reaches its product row (the tills' catalogue, invoices) once due.
  const stopVatMoves = keepDueVatMovesApplied(store);
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
  const hq = startHqPush(store, hqLink);
  if (hqLink) ctx.hqPush = { url: hqLink.url, shopId: hqLink.shopId };
  // The chain catalogue comes down the same link, beside the push (and transfers ask HQ through it).
  ctx.hqCatalog = startHqCatalogPull(
    store,
    hqLink
      ? {
          url: hqLink.url,
          shopId: hqLink.shopId,
          key: hqLink.key,
          fingerprint: hqLink.fingerprint ?? null,
          transport: hqLink.transport ?? null,
        }
      : null,
  );
  const staticDir = options.staticDir === undefined ? join(ROOT, 'dist', 'renderer') : options.staticDir;
  const host = options.host ?? '127.0.0.1';
  // Open to the LAN: TLS with the station's own certificate, plain HTTP from loopback only (tls-listener.ts).
  const onLan = !(host === 'localhost' || isLoopback(host));
  const addresses = options.lanAddresses ?? lanAddresses();
  const tls = onLan ? await stationTls(options.dbFile, addresses) : null;
  const server = createStationServer({
    ctx,
    staticDir: staticDir && existsSync(staticDir) ? staticDir : null,
    limits: options.limits,
    hosts: new HostAllowList(options.allowedHosts),
    // Paired tills and tablets present their token; the station's own machine needs none.
    device: new TillGate(store),
  });
  const lan = tls ? createLanListener({ app: server, tls }) : null;
  const listener = lan?.server ?? server;
  await new Promise<void>((resolveListen, reject) => {
    listener.once('error', reject);
    listener.listen(options.port, host, () => resolveListen());
  });
  const address = listener.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const lanHost = wildcard ? (addresses[0] ?? null) : shown;
  if (tls)
    ctx.lan = { addresses: addresses.map((a) => `${a}:${address.port}`), fingerprint: tls.fingerprint };
  return {
    url:
      tls && !wildcard
        ? `https://${shown}:${address.port}`
        : `http://${wildcard ? '127.0.0.1' : shown}:${address.port}`,
    lanUrl: tls && lanHost ? `https://${lanHost}:${address.port}` : null,
    tls,
    ctx,
    hq,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        lan?.closeAllConnections();
        listener.close(() => {
          stopVatMoves();
          void devices.close();
          void ctx.reports?.close();
          // The push reads and writes the database: stopped (its request aborted) before it closes.
          void Promise.all([hq?.stop(), ctx.hqCatalog?.stop()]).then(() => {
            db.close();
            resolveClose();
          });
        });
      }),
  };
}
