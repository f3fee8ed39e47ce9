/**
 * Backups from the desktop shell: on demand from the menu and automatically after each Z close, into a
 * folder the manager chose once (remembered in userData/settings.json). Restore stages a checked copy
 * that replaces the database at the next start. File work lives in backup-files.ts; this file only
 * adds Electron's dialogs.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { AppError } from '../core/errors';
import type { Db } from '../db/open';
import { backupDatabase, readShellSettings, stageRestore, writeShellSettings } from './backup-files';
import type { Language } from '../core/languages';

export interface BackupServiceOptions {
  db: Db;
  dbFile: string;
  settingsFile: string;
  language: Language;
  /** Restore replaces every sale: only a manager or admin logged in on the focused window may do it. */
  mayRestore: () => boolean;
  /** May the focused window's user start a backup (any logged-in user). */
  mayBackup: () => boolean;
}

const TEXT = {
  fr: {
    chooseFolder: 'Choisir le dossier des sauvegardes',
    chooseFile: 'Choisir la sauvegarde à restaurer',
    done: 'Sauvegarde enregistrée',
    failed: 'La sauvegarde a échoué',
    staged: 'La sauvegarde sera restaurée au prochain démarrage. Redémarrer maintenant ?',
    restoreFailed: 'Restauration impossible',
    login: 'Connectez-vous d’abord (responsable pour une restauration).',
    restart: 'Redémarrer',
    later: 'Plus tard',
  },
  ar: {
    chooseFolder: 'اختيار مجلد النسخ الاحتياطي',
    chooseFile: 'اختيار النسخة المراد استعادتها',
    done: 'تم حفظ النسخة الاحتياطية',
    failed: 'فشل النسخ الاحتياطي',
    staged: 'ستتم استعادة النسخة عند التشغيل القادم. إعادة التشغيل الآن؟',
    restoreFailed: 'تعذرت الاستعادة',
    login: 'سجّل الدخول أولاً (مسؤول للاستعادة).',
    restart: 'إعادة التشغيل',
    later: 'لاحقاً',
  },
  en: {
    chooseFolder: 'Choose the backup folder',
    chooseFile: 'Choose the backup to restore',
    done: 'Backup saved',
    failed: 'Backup failed',
    staged: 'The backup will be restored at the next start. Restart now?',
    restoreFailed: 'Cannot restore',
    login: 'Log in first (a manager, for a restore).',
    restart: 'Restart',
    later: 'Later',
  },
} as const;

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function createBackupService(options: BackupServiceOptions) {
  const t = TEXT[options.language];
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];

  async function box(type: 'info' | 'error' | 'warning', message: string, detail = ''): Promise<void> {
    const win = parent();
    const opts = { type, message, detail, buttons: ['OK'] };
    if (win) await dialog.showMessageBox(win, opts);
    else await dialog.showMessageBox(opts);
  }

  async function chooseFolder(): Promise<string | null> {
    const win = parent();
    const opts = {
      title: t.chooseFolder,
      properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      defaultPath: readShellSettings(options.settingsFile).backupFolder ?? undefined,
    };
    const picked = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    const folder = picked.canceled ? null : (picked.filePaths[0] ?? null);
    if (folder)
      writeShellSettings(options.settingsFile, {
        ...readShellSettings(options.settingsFile),
        backupFolder: folder,
      });
    return folder;
  }

  async function backupNow(): Promise<void> {
    if (!options.mayBackup()) return box('warning', t.login);
    const folder = readShellSettings(options.settingsFile).backupFolder ?? (await chooseFolder());
    if (!folder) return;
    try {
      const r = await backupDatabase(options.db, folder);
      await box('info', t.done, r.file);
    } catch (err) {
      await box('error', t.failed, describe(err));
    }
  }

  /** The Z-close hook: silent when it works or when no folder was ever chosen; loud when it fails. */
  async function afterZClose(): Promise<void> {
    const folder = readShellSettings(options.settingsFile).backupFolder;
    if (!folder) {
      console.log('[electron] no backup folder chosen: skipping the backup after Z close');
      return;
    }
    try {
      const r = await backupDatabase(options.db, folder);
      console.log(`[electron] backup after Z close: ${r.file}`);
    } catch (err) {
      await box('error', t.failed, describe(err));
    }
  }

  async function restore(): Promise<void> {
    if (!options.mayRestore()) return box('warning', t.login);
    const win = parent();
    const opts = {
      title: t.chooseFile,
      properties: ['openFile'] as 'openFile'[],
      defaultPath: readShellSettings(options.settingsFile).backupFolder ?? undefined,
      filters: [{ name: 'Souk POS', extensions: ['db'] }],
    };
    const picked = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    const file = picked.canceled ? null : picked.filePaths[0];
    if (!file) return;
    try {
      const info = stageRestore(file, options.dbFile);
      const detail = `${file}\nsales: ${info.counts.sales} · products: ${info.counts.products} · users: ${info.counts.users}`;
      const confirmOpts = {
        type: 'question' as const,
        message: t.staged,
        detail,
        buttons: [t.restart, t.later],
      };
      const answer = win
        ? await dialog.showMessageBox(win, confirmOpts)
        : await dialog.showMessageBox(confirmOpts);
      if (answer.response === 0) {
        app.relaunch();
        app.quit();
      }
    } catch (err) {
      await box('error', t.restoreFailed, describe(err));
    }
  }

  return { backupNow, chooseFolder, restore, afterZClose };
}

export type BackupService = ReturnType<typeof createBackupService>;
