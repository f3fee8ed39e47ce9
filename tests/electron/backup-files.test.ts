import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { SCHEMA_VERSION } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { closeSession } from '../../db/services/cash';
import { auditJournal } from '../../db/services/seals';
import { Store } from '../../db/store';
import {
  applyPendingRestore,
  backupDatabase,
  backupFileName,
  BACKUP_NAME_PATTERN,
  cancelRestore,
  inspectBackup,
  readShellSettings,
  restorePath,
  stageRestore,
  writeShellSettings,
} from '../../electron/backup-files';
import { makeFixture } from '../db/fixture';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souk-backup-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
};

const userNames = (file: string): string[] => {
  const db = openDatabase(file, { migrate: false });
  try {
    return (db.prepare('SELECT name FROM users ORDER BY id').all() as { name: string }[]).map((u) => u.name);
  } finally {
    db.close();
  }
};

describe('backup file names', () => {
  it('names a backup souk-YYYYMMDD-HHmmss.db in local time', () => {
    expect(backupFileName(new Date(2026, 0, 5, 7, 3, 9))).toBe('souk-20260105-070309.db');
    expect(backupFileName(new Date(2026, 11, 31, 23, 59, 58))).toBe('souk-20261231-235958.db');
    expect(BACKUP_NAME_PATTERN.test(backupFileName(new Date()))).toBe(true);
  });
});

describe('backupDatabase', () => {
  it('writes a consistent copy of a live database, then a second one under a new name in the same second', async () => {
    const f = makeFixture();
    const folder = join(dir, 'usb');
    mkdirSync(folder);
    const at = new Date(2026, 10, 2, 18, 30, 0);
    const first = await backupDatabase(f.db, folder, at);
    expect(first.file).toBe(join(folder, 'souk-20261102-183000.db'));
    expect(first.pages).toBeGreaterThan(0);
    // A change after the first backup shows only in the second one.
    f.db.prepare("UPDATE users SET name = 'Samira B.' WHERE name = 'Samira'").run();
    const second = await backupDatabase(f.db, folder, at);
    expect(second.file).toBe(join(folder, 'souk-20261102-183000-2.db'));
    expect(readdirSync(folder).sort()).toEqual(['souk-20261102-183000-2.db', 'souk-20261102-183000.db']);
    expect(userNames(first.file)).toContain('Samira');
    expect(userNames(second.file)).toContain('Samira B.');
    expect(inspectBackup(second.file).counts.users).toBe(3);
    f.db.close();
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('refuses a missing folder (unplugged USB drive) with NOT_FOUND and writes nothing', async () => {
    const f = makeFixture();
    await expect(backupDatabase(f.db, join(dir, 'gone'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(join(dir, 'gone'))).toBe(false);
    f.db.close();
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('copies the seals file with the database, where verify looks beside the backup', async () => {
    const f = makeFixture();
    closeSession(f.store, { userId: f.users.manager.id, role: 'manager' }, { counts: { '20000': 2 } });
    const sealsText = readFileSync(`${f.file}.seals`, 'utf8');
    expect(sealsText).not.toBe('');
    const folder = join(dir, 'usb');
    mkdirSync(folder);
    const r = await backupDatabase(f.db, folder, new Date(2026, 10, 2, 18, 30, 0));
    expect(r.seals).toBe(`${r.file}.seals`);
    expect(readdirSync(folder).sort()).toEqual(['souk-20261102-183000.db', 'souk-20261102-183000.db.seals']);
    expect(readFileSync(`${r.file}.seals`, 'utf8')).toBe(sealsText);
    // The backup, opened where it lies, verifies against the seals that came with it.
    const copy = openDatabase(r.file);
    try {
      const audit = auditJournal(new Store(copy, { tillId: 'T1' }));
      expect(audit).toMatchObject({ ok: true, checked: { seals: 1 }, sealsFile: `${r.file}.seals` });
    } finally {
      copy.close();
    }
    f.db.close();
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('backs up a database with no seals yet without one, and says so when the seals cannot be copied', async () => {
    const f = makeFixture();
    const folder = join(dir, 'usb');
    mkdirSync(folder);
    const at = new Date(2026, 10, 2, 18, 30, 0);
    expect((await backupDatabase(f.db, folder, at)).seals).toBeNull();
    expect(readdirSync(folder)).toEqual(['souk-20261102-183000.db']);

    closeSession(f.store, { userId: f.users.manager.id, role: 'manager' }, { counts: {} });
    // Something in the way of the copy's name: the database copy stands, the manager is told.
    mkdirSync(join(folder, 'souk-20261102-183000-2.db.seals'));
    await expect(backupDatabase(f.db, folder, at)).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message: expect.stringMatching(/souk-20261102-183000-2\.db.*seals file could not be copied/),
    });
    expect(readdirSync(folder).sort()).toEqual([
      'souk-20261102-183000-2.db',
      'souk-20261102-183000-2.db.seals',
      'souk-20261102-183000.db',
    ]);
    expect(inspectBackup(join(folder, 'souk-20261102-183000-2.db')).schemaVersion).toBe(SCHEMA_VERSION);
    f.db.close();
    rmSync(f.dir, { recursive: true, force: true });
  });
});

describe('inspectBackup', () => {
  it('accepts a Souk POS database and reports its schema version and row counts', () => {
    const f = makeFixture();
    f.db.close();
    const info = inspectBackup(f.file);
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect(info.counts).toEqual({ sales: 0, products: expect.any(Number), users: 3 });
    expect(info.counts.products).toBeGreaterThan(0);
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('refuses a file that is not SQLite, an empty SQLite file, a foreign database and a truncated one', () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'this is a shopping list, not a database');
    expect(codeOf(() => inspectBackup(text))).toBe('VALIDATION');

    const empty = join(dir, 'empty.db');
    new Database(empty).close();
    expect(codeOf(() => inspectBackup(empty))).toBe('VALIDATION');

    const foreign = join(dir, 'foreign.db');
    const fdb = new Database(foreign);
    fdb.exec('CREATE TABLE t (x); PRAGMA user_version = 1;');
    fdb.close();
    expect(codeOf(() => inspectBackup(foreign))).toBe('VALIDATION');

    expect(codeOf(() => inspectBackup(join(dir, 'missing.db')))).toBe('NOT_FOUND');
  });

  it('refuses a database from a newer app with DB_TOO_NEW', () => {
    const f = makeFixture();
    f.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    f.db.close();
    expect(codeOf(() => inspectBackup(f.file))).toBe('DB_TOO_NEW');
    rmSync(f.dir, { recursive: true, force: true });
  });
});

describe('restore', () => {
  it('stages a checked copy, swaps it in at the next start and keeps the replaced database with its WAL', async () => {
    const live = makeFixture();
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const { file: backup } = await backupDatabase(live.db, folder, new Date(2026, 10, 2, 20, 0, 0));
    // After the backup the shop keeps working; the restore must bring back the earlier state.
    live.db.prepare("UPDATE users SET name = 'Changed after backup' WHERE name = 'Youssef'").run();
    const info = stageRestore(backup, live.file);
    expect(info.file).toBe(restorePath(live.file));
    expect(existsSync(restorePath(live.file))).toBe(true);
    // The running app still has the live database open and unchanged.
    expect(
      (
        live.db.prepare("SELECT count(*) AS n FROM users WHERE name = 'Changed after backup'").get() as {
          n: number;
        }
      ).n,
    ).toBe(1);
    live.db.close();

    const outcome = applyPendingRestore(live.file, new Date(2026, 10, 3, 8, 0, 0));
    expect(outcome.restored).toBe(true);
    if (!outcome.restored) return;
    expect(outcome.previous).toBe(`${live.file}.before-restore-20261103-080000`);
    expect(existsSync(restorePath(live.file))).toBe(false);
    expect(userNames(live.file)).toContain('Youssef');
    expect(userNames(live.file)).not.toContain('Changed after backup');
    expect(userNames(outcome.previous!)).toContain('Changed after backup');
    // Nothing to do on the start after that.
    expect(applyPendingRestore(live.file)).toEqual({ restored: false, reason: 'none' });
    rmSync(live.dir, { recursive: true, force: true });
  });

  it('after a crash, the kept database takes its WAL along so no committed sale is lost', async () => {
    const f = makeFixture();
    f.db.pragma('wal_autocheckpoint = 0');
    const { file: backup } = await backupDatabase(f.db, dir);
    f.db.prepare("UPDATE users SET name = 'Only in the WAL' WHERE name = 'Youssef'").run();
    // Copy the files while the database is still open: what a power cut leaves on disk.
    const crashed = join(dir, 'crashed', 'souk.db');
    mkdirSync(join(dir, 'crashed'));
    for (const suffix of ['', '-wal']) copyFileSync(f.file + suffix, crashed + suffix);
    f.db.close();
    expect(existsSync(`${crashed}-wal`)).toBe(true);
    stageRestore(backup, crashed);
    const outcome = applyPendingRestore(crashed, new Date(2026, 0, 1, 0, 0, 0));
    if (!outcome.restored) throw new Error('expected a restore');
    expect(existsSync(`${crashed}-wal`)).toBe(false);
    expect(userNames(outcome.previous!)).toContain('Only in the WAL');
    expect(userNames(crashed)).toContain('Youssef');
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('refuses to stage a bad file and leaves no .restore behind', () => {
    const f = makeFixture();
    f.db.close();
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, Buffer.alloc(8192, 7));
    expect(codeOf(() => stageRestore(bad, f.file))).toBe('VALIDATION');
    expect(existsSync(restorePath(f.file))).toBe(false);
    expect(existsSync(`${restorePath(f.file)}.partial`)).toBe(false);
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('at start-up, rejects a staged file that no longer checks out and keeps the current database', () => {
    const f = makeFixture();
    f.db.close();
    writeFileSync(restorePath(f.file), 'corrupted on the way');
    const outcome = applyPendingRestore(f.file);
    expect(outcome).toMatchObject({ restored: false, reason: 'rejected' });
    expect(existsSync(`${restorePath(f.file)}.rejected`)).toBe(true);
    expect(existsSync(restorePath(f.file))).toBe(false);
    expect(userNames(f.file)).toContain('Samira');
    rmSync(f.dir, { recursive: true, force: true });
  });

  it('cancelRestore removes a staged restore', async () => {
    const f = makeFixture();
    const { file } = await backupDatabase(f.db, dir);
    f.db.close();
    stageRestore(file, f.file);
    expect(cancelRestore(f.file)).toBe(true);
    expect(cancelRestore(f.file)).toBe(false);
    expect(applyPendingRestore(f.file)).toEqual({ restored: false, reason: 'none' });
    rmSync(f.dir, { recursive: true, force: true });
  });
});

describe('shell settings file', () => {
  it('round-trips, and falls back to defaults for a missing, damaged or hostile file', () => {
    const file = join(dir, 'profile', 'settings.json');
    expect(readShellSettings(file)).toEqual({ backupFolder: null, tillId: 'T1' });
    writeShellSettings(file, { backupFolder: '/media/usb/souk', tillId: 'T2' });
    expect(readShellSettings(file)).toEqual({ backupFolder: '/media/usb/souk', tillId: 'T2' });
    writeFileSync(file, '{ not json');
    expect(readShellSettings(file)).toEqual({ backupFolder: null, tillId: 'T1' });
    writeFileSync(file, JSON.stringify({ backupFolder: 42, tillId: "T1'; DROP TABLE sales;--" }));
    expect(readShellSettings(file)).toEqual({ backupFolder: null, tillId: 'T1' });
  });
});
