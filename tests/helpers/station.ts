/**
 * A real station for a test file: makeFixture's SQLite file (a till, Admin 9999, Samira the manager 2468,
 * Youssef the cashier 1357, two cooperatives, three products), the station over HTTP on a free port, and
 * everything removed afterwards. One copy of the setup that api and renderer tests each used to write out.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { startStation, type Station, type StationOptions } from '../../server/station';
import { postApi } from './api-call';
import { makeFixture, type Fixture } from '../db/fixture';

/** An HTTP answer of the station, loosely typed (`any`): tests read what they assert on. */
export interface Reply {
  status: number;
  ok: boolean;
  result?: any;
  code?: string;
}

export interface StationSetup {
  /** makeFixture's options: without stock, without an open cash session. */
  fixture?: Parameters<typeof makeFixture>[0];
  /** Writes more to the database (sales, settings) before the station opens it. */
  prepare?(f: Fixture): void;
  /** Station options beyond the file, port 0, no static files and validated outputs. */
  station?: Partial<Omit<StationOptions, 'dbFile'>>;
}

export interface TestStation {
  station: Station;
  url: string;
  /** The fixture as it was when the station opened it (its own connection is closed). */
  fixture: Fixture;
  users: Fixture['users'];
  products: Fixture['products'];
  coops: Fixture['coops'];
  /** POST /api/<method> with an optional bearer token. */
  call(method: string, input: unknown, token?: string | null): Promise<Reply>;
  /** A session token for the user, failing the test when the station refuses. */
  login(userId: number, pin: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestStation(setup: StationSetup = {}): Promise<TestStation> {
  const fixture = makeFixture(setup.fixture);
  let station: Station;
  try {
    setup.prepare?.(fixture);
    fixture.db.close();
    station = await startStation({
      dbFile: fixture.file,
      port: 0,
      staticDir: null,
      validateOutput: true,
      ...setup.station,
    });
  } catch (err) {
    if (fixture.db.open) fixture.db.close();
    rmSync(fixture.dir, { recursive: true, force: true });
    throw err;
  }
  const call = async (method: string, input: unknown, token?: string | null): Promise<Reply> => {
    const r = await postApi(station.url, method, input, token);
    return { status: r.status, ok: r.ok, result: r.result, code: r.error?.code };
  };
  return {
    station,
    url: station.url,
    fixture,
    users: fixture.users,
    products: fixture.products,
    coops: fixture.coops,
    call,
    async login(userId, pin) {
      const r = await call('auth.login', { userId, pin });
      expect(r.ok, r.code).toBe(true);
      return r.result.token as string;
    },
    async close() {
      await station.close();
      rmSync(fixture.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a station before the file's tests and closes it after them. The returned object is filled in by
 * beforeAll: read it inside tests and hooks, not at the top of the file.
 */
export function useTestStation(
  setup: StationSetup = {},
  hooks: { started?(s: TestStation): Promise<void> | void; closing?(): Promise<void> | void } = {},
): TestStation {
  let current: TestStation | null = null;
  const get = (): TestStation => {
    if (!current) throw new Error('the test station is read before beforeAll started it');
    return current;
  };
  beforeAll(async () => {
    current = await startTestStation(setup);
    await hooks.started?.(current);
  });
  afterAll(async () => {
    await hooks.closing?.();
    await current?.close();
  });
  return {
    get station() {
      return get().station;
    },
    get url() {
      return get().url;
    },
    get fixture() {
      return get().fixture;
    },
    get users() {
      return get().users;
    },
    get products() {
      return get().products;
    },
    get coops() {
      return get().coops;
    },
    call: (method, input, token) => get().call(method, input, token),
    login: (userId, pin) => get().login(userId, pin),
    close: () => get().close(),
  };
}
