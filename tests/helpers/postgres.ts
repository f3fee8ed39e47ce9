import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { PG_BIN, postgresInstalled, startPgCluster, type PgCluster } from '../../hq/pg-cluster';

export { postgresInstalled };

/**
 * A real PostgreSQL 15 for one test file: a cluster in a temp folder, started before the file's tests and
 * removed after them, and one database created for the file. Use `describePg` instead of `describe`: it
 * skips, saying why, only when PostgreSQL is not installed (CI installs it: .ci/run).
 */
export const describePg: typeof describe = postgresInstalled()
  ? describe
  : (((name: string, ...rest: unknown[]) => {
      console.warn(
        `[postgres] ${PG_BIN}/postgres not found: skipping "${name}" (apt-get install postgresql-15)`,
      );
      return (describe.skip as (...a: unknown[]) => unknown)(name, ...rest);
    }) as unknown as typeof describe);

export interface PgHandle {
  cluster: PgCluster;
  /** Connection string of the file's own database. */
  url: string;
}

/**
 * Starts the cluster in beforeAll; read `.current` inside tests. `name` defaults to the test file's name.
 * Call it inside a describePg block so a machine without PostgreSQL never tries to start one.
 */
export function usePostgres(name?: string): { readonly current: PgHandle } {
  let handle: PgHandle | null = null;
  beforeAll(async () => {
    const cluster = await startPgCluster();
    const db = name ?? basename(expect.getState().testPath ?? 'souk_test').replace(/\.test\.tsx?$/, '');
    handle = { cluster, url: await cluster.createDatabase(`t_${db}`) };
  }, 180_000);
  afterAll(async () => {
    await handle?.cluster.stop();
  });
  return {
    get current(): PgHandle {
      if (!handle) throw new Error('PostgreSQL is not started yet (use it inside a test)');
      return handle;
    },
  };
}
