import { closeSync, openSync, readSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

type BackupProblem = 'folder_missing' | 'not_a_folder' | 'is_a_folder' | 'live_database' | 'write_failed';

function backupFailed(
  reason: BackupProblem,
  file: string,
  message: string,
  extra: Record<string, unknown> = {},
): never {
  throw new AppError('BACKUP_FAILED', message, { file, reason, ...extra });
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

function startsLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Online backup: consistent even while the till keeps selling. Written under a temporary name and renamed,
 * so a half-written file never looks like a backup. Replaces an earlier backup (an SQLite file) but never
 * another kind of file, nor the live database itself; each refusal is a typed error naming the reason.
 */
export async function backupTo(db: Db, file: string): Promise<{ file: string; pages: number }> {
  const target = resolve(file);
  const folder = dirname(target);
  const folderStat = statOrNull(folder);
  if (!folderStat)
    backupFailed(
      'folder_missing',
      target,
      `The folder ${folder} does not exist (is the USB drive plugged in?).`,
    );
  if (!folderStat.isDirectory())
    backupFailed(
      'not_a_folder',
      target,
      `${folder} is a file, not a folder: choose a folder for the backup.`,
    );
  const existing = statOrNull(target);
  if (existing?.isDirectory())
    backupFailed('is_a_folder', target, `${target} is a folder: give the backup a file name inside it.`);
  if (existing) {
    const live = db.memory ? null : statOrNull(db.name);
    if (live && live.dev === existing.dev && live.ino === existing.ino)
      backupFailed('live_database', target, `${target} is the database in use: back it up somewhere else.`);
    if (existing.size > 0 && !startsLikeSqlite(target)) {
      throw new AppError(
        'BACKUP_TARGET_EXISTS',
        `${target} already exists and is not a database: it is left alone, choose another name.`,
        { file: target },
      );
    }
  }
  const partial = `${target}.partial`;
  let pages = 0;
  try {
    rmSync(partial, { force: true });
    await db.backup(partial, {
      progress: (info) => {
        pages = info.totalPages;
        return 200;
      },
    });
    renameSync(partial, target);
  } catch (err) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written there, or it cannot be removed either: the error below says why it failed.
    }
    const why = err instanceof Error ? err.message : String(err);
    backupFailed('write_failed', target, `The backup could not be written to ${target}: ${why}.`, {
      cause: (err as { code?: unknown }).code ?? null,
    });
  }
  return { file: target, pages };
}
