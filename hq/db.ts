import pg from 'pg';
import { HQ_MIGRATIONS } from './migrations';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

/** int8 as a JS number: seqs, timestamps, centimes and counts all stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function openPool(connectionString: string, max = 10): Pool {
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 30_000 });
  // An idle client losing its server (a restart) must not crash HQ; the next query opens a new one.
  pool.on('error', (err) => console.error('[hq] idle PostgreSQL client lost:', err.message));
  return pool;
}

/** Runs fn in one transaction on one client; rolls back on any throw. */
export async function inTx<T>(
  pool: Pool,
  fn: (c: Client) => Promise<T>,
  isolation = 'READ COMMITTED',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The lock id HQ's migrations take, so two HQ processes starting together do not both apply one. */
const MIGRATION_LOCK = 0x50_4b_48_51; // "SKHQ"

/** Applies the migrations not yet recorded in schema_version, each in its own transaction; returns the version. */
export async function migrate(pool: Pool): Promise<number> {
  return inTx(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at bigint NOT NULL)',
    );
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    for (let v = current + 1; v <= HQ_MIGRATIONS.length; v++) {
      // One transaction for all: PostgreSQL's DDL is transactional, so a failed migration leaves none applied.
      await c.query(HQ_MIGRATIONS[v - 1]!);
      await c.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [v, Date.now()]);
    }
    return HQ_MIGRATIONS.length;
  });
}
