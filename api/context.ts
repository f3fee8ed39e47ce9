import type { HqCatalogPuller } from '../db/services/hq-catalog-pull';
import type { StationIdentity } from '../db/services/tills';
import type { Actor, Store } from '../db/store';
import type { AuthSessions } from './auth';
import type { ReportRunner } from './report-workers';
import type { StationDevices } from './station-devices';

/** What the host (station server, Electron main) gives every call: the shop's database and its services. */
export interface ApiContext {
  store: Store;
  auth: AuthSessions;
  version: string;
  /** The host's devices/hub.ts DeviceHub (tests may give their own). */
  devices: StationDevices;
  /** Check every answer against its output schema (tests, development). */
  validateOutput?: boolean;
  /** Report worker threads for the contract's `offload` methods; without them those run in-process. */
  reports?: ReportRunner | null;
  /** Where tills reach this station on the LAN and its certificate's fingerprint (pairing codes carry them). */
  lan?: StationIdentity | null;
  /** Where this shop pushes its journal (HQ's URL, this shop's id there), when it is part of a chain. */
  hqPush?: { url: string; shopId: string } | null;
  /** The chain catalogue's puller (db/services/hq-catalog-pull.ts); its link to HQ also serves transfers. */
  hqCatalog?: HqCatalogPuller | null;
}

/** Where a call comes from, as the transport knows it (server/access.ts reads it off the request). */
export interface CallOrigin {
  /** As Actor.tillId: a paired till's id, null for a paired back-office tablet, absent for the station's own machine. */
  tillId?: string | null;
  /** The paired device (till or tablet) the call came from; absent for the station's own machine. */
  deviceId?: string;
  /** The peer's address, for the rate limit of tills.pair. */
  peer?: string;
}

/** One call: the host's context plus who is calling (null for a public method) and with which token. */
export interface CallContext extends ApiContext {
  actor: Actor | null;
  token: string | null;
  origin?: CallOrigin;
}
