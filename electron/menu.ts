/**
 * The application menu, kept minimal for a till: backups, full screen, quit; reload and developer
 * tools only in development. Built as a plain template (electron types only) so it is unit-tested.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Language } from '../core/languages';

export interface MenuLabels {
  file: string;
  backupNow: string;
  chooseBackupFolder: string;
  restore: string;
  quit: string;
  view: string;
  reload: string;
  fullscreen: string;
  devTools: string;
}

export const MENU_LABELS: Readonly<Record<Language, MenuLabels>> = {
  fr: {
    file: 'Fichier',
    backupNow: 'Sauvegarder maintenant…',
    chooseBackupFolder: 'Dossier de sauvegarde…',
    restore: 'Restaurer une sauvegarde…',
    quit: 'Quitter',
    view: 'Affichage',
    reload: 'Recharger',
    fullscreen: 'Plein écran',
    devTools: 'Outils de développement',
  },
  ar: {
    file: 'ملف',
    backupNow: 'نسخ احتياطي الآن…',
    chooseBackupFolder: 'مجلد النسخ الاحتياطي…',
    restore: 'استعادة نسخة احتياطية…',
    quit: 'خروج',
    view: 'عرض',
    reload: 'إعادة التحميل',
    fullscreen: 'ملء الشاشة',
    devTools: 'أدوات المطور',
  },
  en: {
    file: 'File',
    backupNow: 'Back up now…',
    chooseBackupFolder: 'Backup folder…',
    restore: 'Restore a backup…',
    quit: 'Quit',
    view: 'View',
    reload: 'Reload',
    fullscreen: 'Toggle full screen',
    devTools: 'Developer tools',
  },
};

/** Picks the menu language from the system locale ("ar-MA", "fr_FR", ...); French is the shop default. */
export function menuLanguage(locale: string): Language {
  const lang = locale.toLowerCase().slice(0, 2);
  return lang === 'ar' || lang === 'en' ? lang : 'fr';
}

export interface MenuActions {
  backupNow(): void;
  chooseBackupFolder(): void;
  restore(): void;
}

export function buildMenuTemplate(
  language: Language,
  options: { production: boolean; mac: boolean },
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const l = MENU_LABELS[language];
  const view: MenuItemConstructorOptions[] = [
    { label: l.fullscreen, role: 'togglefullscreen' },
    // A reload mid-sale would drop the cart and log the cashier out: development only.
    { label: l.reload, role: 'reload', enabled: !options.production, visible: !options.production },
  ];
  if (!options.production) view.push({ label: l.devTools, role: 'toggleDevTools' });
  return [
    {
      label: options.mac ? 'Souk POS' : l.file,
      submenu: [
        { label: l.backupNow, click: () => actions.backupNow() },
        { label: l.chooseBackupFolder, click: () => actions.chooseBackupFolder() },
        { label: l.restore, click: () => actions.restore() },
        { type: 'separator' },
        { label: l.quit, role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { label: l.view, submenu: view },
  ];
}
