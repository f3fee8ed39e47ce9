import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL 15 cluster in a temporary folder, for the tests and for `npm run hq -- --demo`.
 * The server refuses to run as root, so when we are root the folder is given to the `postgres` user and
 * initdb / pg_ctl run as that user (runuser). Only loopback TCP and a socket inside the folder: nothing
 * else on the machine can reach it, and nothing is left behind after stop().
 */
export const PG_BIN = process.env.SOUK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, 'postgres')) && existsSync(join(PG_BIN, 'initdb'));
}

export interface PgCluster {
  port: number;
  dir: string;
  /** Connection string for a database of this cluster. */
  url(database?: string): string;
  /** CREATE DATABASE (name made safe); resolves to its connection string. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago; the server binding it right after is the usual test race, and rare. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function runPgTool(tool: string, args: string[]): void {
  const bin = join(PG_BIN, tool);
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(`${tool} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').trim()}`);
  }
}

export async function startPgCluster(options: { user?: string } = {}): Promise<PgCluster> {
  if (!postgresInstalled()) throw new Error(`PostgreSQL 15 is not installed (${PG_BIN})`);
  const user = options.user ?? 'souk';
  const dir = mkdtempSync(join(tmpdir(), 'souk-pg-'));
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  runPgTool('initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync', '--locale=C']);
  // fsync off: a test cluster is thrown away; the shop-side durability under test is SQLite's, not this.
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 100\n',
    { flag: 'a' },
  );
  let port = 0;
  // A port taken between freePort() and the server's bind: try another.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      runPgTool('pg_ctl', [
        '-D',
        data,
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '120',
        'start',
      ]);
      break;
    } catch (err) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      runPgTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already gone (killed with its parent): the folder still goes.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test runner that exits without its afterAll must not leave a server running.
  process.once('exit', stopNow);
  const url = (database = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async createDatabase(name: string) {
      const safe = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${safe}"`);
      } finally {
        await client.end();
      }
      return url(safe);
    },
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}
