import type { Actor, Store } from '../db/store';
import type { AuthSessions } from './auth';
import type { DeviceHub } from './devices';
import type { ReportRunner } from './report-workers';

/** What the host (station server, Electron main) gives every call: the shop's database and its services. */
export interface ApiContext {
  store: Store;
  auth: AuthSessions;
  version: string;
  devices: DeviceHub;
  /** Check every answer against its output schema (tests, development). */
  validateOutput?: boolean;
  /** Report worker threads for the contract's `offload` methods; without them those run in-process. */
  reports?: ReportRunner | null;
}

/** One call: the host's context plus who is calling (null for a public method) and with which token. */
export interface CallContext extends ApiContext {
  actor: Actor | null;
  token: string | null;
}
