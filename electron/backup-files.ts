/**
 * Backup and restore of the shop database as plain file operations (no Electron), so they are tested
 * on real files. A backup is SQLite's online backup, written under a temporary name and renamed, so a
 * half-written file never looks like a backup. A restore is staged next to the live database and
 * swapped in at the next start, before anything opens the database; the replaced database is kept.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors';
import { SCHEMA_VERSION } from '../db/migrations';
import { copySealsBeside } from '../db/backup-seals';
import { backupTo, type Db } from '../db/open';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock stamp YYYYMMDD-HHmmss: the name a shop manager reads in the backup folder. */
export function timestamp(date: Date): string {
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

export function backupFileName(date: Date): string {
  return `souk-${timestamp(date)}.db`;
}

export const BACKUP_NAME_PATTERN = /^souk-\d{8}-\d{6}(-\d+)?\.db$/;

/** A free name in the folder: two backups in the same second get -2, -3... rather than overwriting. */
export function freeBackupPath(folder: string, date: Date): string {
  const first = join(folder, backupFileName(date));
  if (!existsSync(first)) return first;
  for (let n = 2; ; n++) {
    const candidate = join(folder, `souk-${timestamp(date)}-${n}.db`);
    if (!existsSync(candidate)) return candidate;
  }
}

export interface BackupResult {
  file: string;
  pages: number;
  /** The copy of `<db>.seals` beside the backup (`<backup>.seals`); null when the database has none yet. */
  seals: string | null;
}

/** Online backup of an open database into `folder` (which must exist): safe while the till is selling. */
export async function backupDatabase(db: Db, folder: string, now: Date = new Date()): Promise<BackupResult> {
  if (!existsSync(folder)) {
    throw new AppError(
      'NOT_FOUND',
      `The backup folder ${folder} does not exist (is the USB drive plugged in?).`,
      {
        folder,
      },
    );
  }
  const file = freeBackupPath(folder, now);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  let pages: number;
  try {
    ({ pages } = await backupTo(db, partial));
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, pages, seals: copySealsBeside(db, file) };
}

export interface BackupInfo {
  file: string;
  schemaVersion: number;
  /** Rows in a few tables, shown to the manager before a restore is confirmed. */
  counts: { sales: number; products: number; users: number };
}

function invalid(file: string, reason: string): AppError {
  return new AppError('VALIDATION', `${basename(file)} is not a usable Souk POS backup: ${reason}.`, {
    file,
    reason,
  });
}

/**
 * Opens a candidate backup read-only and checks that it is an intact Souk POS database that this
 * version of the app can open. Never modifies the file.
 */
export function inspectBackup(file: string): BackupInfo {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `No file at ${file}.`, { file });
  const header = readFileSync(file).subarray(0, 16).toString('latin1');
  if (header !== 'SQLite format 3\0') throw invalid(file, 'not an SQLite database');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw invalid(file, `cannot be opened (${(err as Error).message})`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw invalid(file, `damaged (${check})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new AppError(
        'DB_TOO_NEW',
        `${basename(file)} was written by a newer Souk POS (schema ${version}, this app knows ${SCHEMA_VERSION}): update the app before restoring it.`,
        { file, databaseVersion: version, appVersion: SCHEMA_VERSION },
      );
    }
    if (version < 1) throw invalid(file, 'it has no Souk POS schema');
    const count = (table: string): number => {
      try {
        return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } catch {
        throw invalid(file, `table ${table} is missing`);
      }
    };
    return {
      file,
      schemaVersion: version,
      counts: { sales: count('sales'), products: count('products'), users: count('users') },
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid(file, (err as Error).message);
  } finally {
    db.close();
  }
}

export const restorePath = (dbFile: string) => `${dbFile}.restore`;

/**
 * Checks a backup and copies it next to the live database as `<db>.restore`; the swap happens at the
 * next start (applyPendingRestore), because the running app holds the live database open.
 */
export function stageRestore(backupFile: string, dbFile: string): BackupInfo {
  inspectBackup(backupFile);
  const target = restorePath(dbFile);
  const partial = `${target}.partial`;
  mkdirSync(dirname(dbFile), { recursive: true });
  rmSync(partial, { force: true });
  try {
    copyFileSync(backupFile, partial);
    // Check the copy too: a failing USB stick can return different bytes the second time.
    const info = inspectBackup(partial);
    renameSync(partial, target);
    return { ...info, file: target };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export function cancelRestore(dbFile: string): boolean {
  const target = restorePath(dbFile);
  if (!existsSync(target)) return false;
  rmSync(target, { force: true });
  return true;
}

export type RestoreOutcome =
  | { restored: false; reason: 'none' }
  | { restored: false; reason: 'rejected'; rejectedFile: string; error: AppError }
  | { restored: true; previous: string | null; info: BackupInfo };

const SIDE_FILES = ['', '-wal', '-shm'] as const;

/**
 * At start-up, before the database is opened: swaps a staged restore in. The current database moves
 * aside with its WAL and shared-memory files (so the kept copy is complete) as
 * `<db>.before-restore-<stamp>`. A staged file that no longer checks out is renamed `.rejected` and
 * the current database stays.
 */
export function applyPendingRestore(dbFile: string, now: Date = new Date()): RestoreOutcome {
  const staged = restorePath(dbFile);
  if (!existsSync(staged)) return { restored: false, reason: 'none' };
  let info: BackupInfo;
  try {
    info = inspectBackup(staged);
  } catch (err) {
    const rejectedFile = `${staged}.rejected`;
    rmSync(rejectedFile, { force: true });
    renameSync(staged, rejectedFile);
    const error = err instanceof AppError ? err : new AppError('INTERNAL', String(err));
    return { restored: false, reason: 'rejected', rejectedFile, error };
  }
  let previous: string | null = null;
  if (existsSync(dbFile)) {
    previous = `${dbFile}.before-restore-${timestamp(now)}`;
    for (const suffix of SIDE_FILES) {
      if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, previous + suffix);
    }
  } else {
    for (const suffix of SIDE_FILES.slice(1)) rmSync(dbFile + suffix, { force: true });
  }
  renameSync(staged, dbFile);
  return { restored: true, previous, info: { ...info, file: dbFile } };
}

export interface ShellSettings {
  /** Folder chosen by the manager for backups (a USB drive, a synced folder). */
  backupFolder: string | null;
  /** Till id of this machine in a multi-till shop. */
  tillId: string;
}

const DEFAULT_SETTINGS: ShellSettings = { backupFolder: null, tillId: 'T1' };

/** Settings of the shell kept in userData/settings.json; a missing or damaged file gives the defaults. */
export function readShellSettings(file: string): ShellSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    backupFolder:
      typeof r.backupFolder === 'string' && r.backupFolder.length > 0
        ? r.backupFolder
        : DEFAULT_SETTINGS.backupFolder,
    tillId:
      typeof r.tillId === 'string' && /^[A-Za-z0-9_-]{1,16}$/.test(r.tillId)
        ? r.tillId
        : DEFAULT_SETTINGS.tillId,
  };
}

/** Written to a temporary file and renamed, so a power cut leaves the old settings or the new ones. */
export function writeShellSettings(file: string, settings: ShellSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  renameSync(temp, file);
}
