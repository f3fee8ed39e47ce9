import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Db } from '../../db/open';

export function benchDataDir(): string {
  const dir = join(tmpdir(), 'souk-bench-data');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CachedFile {
  file: string;
  built: boolean;
  ms: number;
}

/**
 * `name` carries the generator's version: bump it when a generator changes so old files are ignored.
 * Large benchmark databases take seconds to build, so they are kept between runs. Built under a
 * temporary name with fsync and the rollback journal off (a crash just means rebuilding), then switched
 * to WAL like a station database and renamed into place.
 */
export function cachedDatabase(name: string, fill: (db: Db) => void): CachedFile {
  const file = join(benchDataDir(), name);
  if (existsSync(file)) return { file, built: false, ms: 0 };
  const started = performance.now();
  const temp = `${file}.building-${process.pid}`;
  for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  const db = new Database(temp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    migrate(db);
    db.pragma('foreign_keys = OFF');
    // Building an index once over sorted keys is far faster than updating it row by row; the
    // statements are the migration's own, so the schema ends up identical.
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
    fill(db);
    for (const i of indexes) db.exec(i.sql);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`generated data breaks ${broken.length} foreign keys`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  renameSync(temp, file);
  return { file, built: true, ms: performance.now() - started };
}
