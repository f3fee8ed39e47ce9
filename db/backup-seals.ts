import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../core/errors';
import { backupTo, type Db } from './open';

/**
 * The seals file goes with a backup (docs/tamper-evidence.md): a copy off the machine is what anchors the
 * journal against whoever holds the machine. Copied after the database, so it holds at least the seal of
 * every Z close in the backup. Named `<backup>.seals`, as sealsFileFor names it beside any database, so a
 * restored backup's seals are where verify looks; written under a temporary name first, then renamed.
 * Null when the database has no seals yet (no Z close so far).
 */
export function copySealsBeside(db: Db, backupFile: string): string | null {
  const source = db.memory ? null : `${db.name}.seals`;
  if (source === null || !existsSync(source)) return null;
  const target = `${backupFile}.seals`;
  const partial = `${target}.partial`;
  try {
    copyFileSync(source, partial);
    renameSync(partial, target);
    return target;
  } catch (err) {
    rmSync(partial, { force: true });
    // The database copy stands; the manager is told the seals did not go with it.
    throw new AppError(
      'BACKUP_FAILED',
      `The database was saved as ${basename(backupFile)}, but its seals file could not be copied: ${(err as Error).message}.`,
      { file: backupFile, seals: source, reason: 'seals_failed' },
    );
  }
}

/** The API's backup: the database (db/open.ts backupTo) and then its seals beside it. */
export async function backupWithSeals(
  db: Db,
  file: string,
): Promise<{ file: string; pages: number; seals: string | null }> {
  const copy = await backupTo(db, file);
  return { ...copy, seals: copySealsBeside(db, copy.file) };
}
