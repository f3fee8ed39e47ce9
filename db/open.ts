import Database from 'better-sqlite3';
import { AppError } from '../core/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { ensureSearchIndex } from './search-index';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Migrations are applied unless this is false (tests of the migrator itself). */
  migrate?: boolean;
}

/**
 * Opens a Souk POS database with the durability settings every sale relies on: WAL so readers never
 * block the till, synchronous=FULL so a committed sale survives a power cut, foreign keys enforced.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    // Refuse a newer app's database before anything below rewrites its header (journal_mode = WAL does).
    if (options.migrate !== false) assertNotTooNew(db);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (options.migrate !== false) migrate(db);
    // After an upgrade that changed how search text is folded, the index is rebuilt once.
    if (options.migrate !== false && !options.readonly) ensureSearchIndex(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotTooNew(db: Db): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new AppError(
      'DB_TOO_NEW',
      `The database is at schema version ${current} but this app only knows up to ${SCHEMA_VERSION}: update Souk POS before opening it.`,
      { databaseVersion: current, appVersion: SCHEMA_VERSION },
    );
  }
}

/** Applies pending migrations, each in its own transaction; refuses a database from a newer app. */
export function migrate(db: Db): number {
  assertNotTooNew(db);
  const current = schemaVersion(db);
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) throw new Error(`missing migration ${version}`);
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return SCHEMA_VERSION;
}

/** Online backup: consistent even while the till keeps selling. */
export async function backupTo(db: Db, file: string): Promise<{ file: string; pages: number }> {
  let pages = 0;
  await db.backup(file, {
    progress: (info) => {
      pages = info.totalPages;
      return 200;
    },
  });
  return { file, pages };
}
