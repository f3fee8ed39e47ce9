/**
 * The Electron main process: one hardened window on the built renderer, the API over one IPC channel,
 * the database and the devices in this process only. Thin on purpose: the security settings are in
 * config.ts, the IPC/token rules in ipc-bridge.ts, backups in backup.ts / backup-files.ts.
 *
 * Flags: --demo seeds the demo shop on first run; --souk-user-data=DIR overrides the profile folder.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type WebContents } from 'electron';
import { AuthSessions } from '../api/auth';
import { hasRole } from '../core/roles';
import { DeviceHub } from '../devices/hub';
import type { ApiContext } from '../api/handlers';
import { startReportWorkers, type ReportRunner } from '../api/report-workers';
import { ensureDemoDatabase } from '../db/demo/seed';
import { openDatabase, type Db } from '../db/open';
import { startHqCatalogPull, type HqCatalogPuller } from '../db/services/hq-catalog-pull';
import { hqPushConfigFromEnv, startHqPush, type HqPusher } from '../db/services/hq-push';
import { writePendingSeals } from '../db/services/seals';
import { ensureTill } from '../db/services/settings';
import { keepDueVatMovesApplied } from '../db/services/vat-rates';
import { Store } from '../db/store';
import { createBackupService } from './backup';
import { applyPendingRestore, readShellSettings } from './backup-files';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  isTrustedSender,
  parseShellArgs,
  permissionCheckHandler,
  permissionRequestHandler,
  resolveAppFile,
  secureWebPreferences,
  shouldBlockNavigation,
  windowOpenHandler,
} from './config';
import { pinHqLink } from '../server/hq-tls';
import { mimeType } from '../server/static-files';
import { attachDevices } from './devices';
import { setPdfRenderer } from '../documents/pdf/shared-renderer';
import { electronPdfRenderer } from './pdf-window';
import { SoukBridge } from './ipc-bridge';
import { buildMenuTemplate, menuLanguage } from './menu';

export const IPC_CHANNEL = 'souk:call';

/** out/electron/main.cjs -> the repository (or app.asar) root. */
const APP_ROOT = resolve(__dirname, '..', '..');
const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');

const args = parseShellArgs(process.argv);
if (args.userDataDir) app.setPath('userData', args.userDataDir);

// Must happen before 'ready': gives app:// a secure, standard origin for ES modules and the CSP.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

// Every webContents ever created (windows, devtools, anything injected) gets the same locks.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(windowOpenHandler);
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (shouldBlockNavigation(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

let mainWindow: BrowserWindow | null = null;
let db: Db | null = null;
let detachDevices: () => Promise<void> = async () => {};
let reports: ReportRunner | null = null;
// The chain (SOUK_HQ_URL, SOUK_SHOP_ID, SOUK_HQ_KEY): the journal's push to HQ, as the station does.
let hqPush: HqPusher | null = null;
let hqCatalog: HqCatalogPuller | null = null;
let stopVatMoves: () => void = () => {};

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    // No remote content: only our own scheme, devtools and data/blob URLs the page made itself.
    const ok = /^(app|devtools|data|blob|chrome-extension):/.test(details.url);
    callback({ cancel: !ok });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(RENDERER_DIR, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': mimeType(file), ...SECURITY_HEADERS },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function createWindow(title: string): BrowserWindow {
  const win = new BrowserWindow({
    title,
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: app.isPackaged,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const dbFile = join(userData, 'souk.db');
  const settingsFile = join(userData, 'settings.json');

  const restore = applyPendingRestore(dbFile);
  if (restore.restored)
    console.log(`[electron] restored a backup; the previous database is ${restore.previous}`);
  else if (restore.reason === 'rejected')
    console.error(`[electron] staged restore refused: ${restore.error.message}`);

  if (args.demo) {
    const demo = await ensureDemoDatabase(dbFile);
    if (demo.created) console.log(`[electron] demo database created: ${dbFile}`);
  }
  const settings = readShellSettings(settingsFile);
  db = openDatabase(dbFile);
  const store = new Store(db, { tillId: settings.tillId });
  ensureTill(store, store.tillId, `Caisse ${store.tillId}`);
  // As the station does (server/station.ts): a Z close's missing seal is written at start.
  writePendingSeals(store);
  // And a dated VAT move reaches its product row on its day (labels, the cart's VAT, the catalogue list).
  stopVatMoves = keepDueVatMovesApplied(store);
  const ctx: ApiContext = {
    store,
    auth: new AuthSessions(),
    version: app.getVersion(),
    devices: new DeviceHub(store),
    // Reports on a worker thread (as the station has them): the till's window keeps its answers while a
    // manager loads the year or the stock list. In-process when it cannot start.
    reports: await startReportWorkers({
      dbFile,
      tillId: store.tillId,
      entry: join(__dirname, 'report-worker.mjs'),
      // Documents print through this window's printToPDF (setPdfRenderer below), which a worker has not.
      documents: false,
    }),
  };
  reports = ctx.reports ?? null;
  detachDevices = attachDevices(ctx);
  // Documents print with the shell's own Chromium (printToPDF), not a second browser.
  setPdfRenderer(electronPdfRenderer());
  // HQ's certificate pinned (SOUK_HQ_FINGERPRINT) as the station pins it. A setting the rule refuses does
  // not keep the till closed: the push records HQ_INSECURE_URL at each try, which the manager sees.
  const envHq = hqPushConfigFromEnv(process.env);
  let hqConfig = envHq;
  try {
    hqConfig = envHq ? pinHqLink(envHq) : null;
  } catch (err) {
    console.error('[hq] HQ link refused:', err instanceof Error ? err.message : err);
  }
  hqPush = startHqPush(store, hqConfig);
  if (hqConfig) ctx.hqPush = { url: hqConfig.url, shopId: hqConfig.shopId };
  // The chain catalogue comes down beside the push.
  hqCatalog = ctx.hqCatalog = startHqCatalogPull(store, hqConfig);

  const language = menuLanguage(app.getLocale());
  const focusedId = () =>
    BrowserWindow.getFocusedWindow()?.webContents.id ?? mainWindow?.webContents.id ?? -1;
  let bridge: SoukBridge | null = null;
  const backups = createBackupService({
    db,
    dbFile,
    settingsFile,
    language,
    mayBackup: () => (bridge?.highestRole(focusedId()) ?? null) !== null,
    mayRestore: () => {
      const role = bridge?.highestRole(focusedId());
      return !!role && hasRole(role, 'manager');
    },
  });
  bridge = new SoukBridge(ctx, { afterZClose: backups.afterZClose });
  const api = bridge;

  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown, token: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null)) {
      return {
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'Calls are accepted only from the Souk POS window.',
          details: {},
        },
      };
    }
    return api.call(event.sender.id, method, input, token);
  });

  hardenSession();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        language,
        { production: app.isPackaged, mac: process.platform === 'darwin' },
        {
          backupNow: () => void backups.backupNow(),
          chooseBackupFolder: () => void backups.chooseFolder(),
          restore: () => void backups.restore(),
        },
      ),
    ),
  );

  mainWindow = createWindow('Souk POS');
  const contents: WebContents = mainWindow.webContents;
  const id = contents.id;
  // A reload or a new document starts logged out: sessions never outlive the page that opened them.
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) api.forget(id);
  });
  contents.on('destroyed', () => api.forget(id));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // Whoever restarted the till for a restore needs to see whether it happened.
  if (restore.restored) {
    void dialog.showMessageBox(mainWindow, {
      type: 'info',
      message: 'Backup restored / Sauvegarde restaurée / تمت الاستعادة',
      detail: `Previous database kept as ${restore.previous ?? '(none)'}`,
    });
  } else if (restore.reason === 'rejected') {
    void dialog.showMessageBox(mainWindow, {
      type: 'error',
      message: 'Restore refused / Restauration refusée / رُفضت الاستعادة',
      detail: `${restore.error.code}: ${restore.error.message}`,
    });
  }
}

if (!app.requestSingleInstanceLock()) {
  // A second launch (double-clicked icon) just brings the running till forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let released = false;
  app.on('will-quit', (event) => {
    if (released) return;
    // Devices may need a moment to flush (a receipt mid-print); the database closes after them.
    event.preventDefault();
    void Promise.resolve()
      .then(detachDevices)
      .then(() => reports?.close())
      .then(() => Promise.all([hqPush?.stop(), hqCatalog?.stop()]))
      .catch((err: unknown) => console.error('[electron] releasing devices failed:', err))
      .finally(() => {
        stopVatMoves();
        db?.close();
        db = null;
        released = true;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[electron] start-up failed:', err);
      app.exit(1);
    });
}
