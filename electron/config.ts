/**
 * The security posture of the desktop shell as plain data and pure functions, so it can be unit-tested
 * without an Electron binary. main.ts only wires these into Electron's hooks; nothing here imports
 * electron at run time.
 */
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileInside } from '../server/static-files';

/** The renderer is served from a custom privileged scheme, never file://, so its origin is one fixed value. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'souk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard secure origin so ES modules and fetch work. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: false,
  bypassCSP: false,
} as const;

/**
 * No eval, no inline script, no remote anything. Inline styles stay allowed because React and the
 * bundled CSS use style attributes; a style cannot run code. The renderer reaches the backend through
 * the preload bridge, so connect-src needs nothing beyond our own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The webPreferences of every window: the renderer is an untrusted web page with one narrow bridge. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

/** True only for URLs of our own app origin; anything unparsable is foreign. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === `${APP_SCHEME}:` &&
      u.host.toLowerCase() === APP_HOST &&
      u.username === '' &&
      u.password === ''
    );
  } catch {
    return false;
  }
}

/** will-navigate / will-redirect: the single-page app never leaves its origin, and never needs to. */
export function shouldBlockNavigation(url: string): boolean {
  return !isAppUrl(url);
}

/** setWindowOpenHandler: no pop-ups, no external links opened from the till. */
export function windowOpenHandler(_details?: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler: camera, microphone, geolocation, notifications, HID... all refused. */
export function permissionRequestHandler(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** setPermissionCheckHandler: same answer for synchronous checks. */
export function permissionCheckHandler(): boolean {
  return false;
}

/** IPC is answered only for the top frame of a page of our origin (not an iframe, not a foreign page). */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}

/**
 * Maps an app:// URL to a file inside the built renderer folder, or null when the URL is foreign or
 * would escape the folder (../, encoded slashes, absolute paths). Paths without an extension are
 * client-side routes and get index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const rel = pathname.replace(/^\/+/, '');
  if (rel === '' || extname(rel) === '') return resolve(rootDir, 'index.html');
  const file = fileInside(rootDir, rel);
  return file === resolve(rootDir) ? null : file;
}

export interface ShellArgs {
  /** Seed the demo shop on first run instead of an empty database. */
  demo: boolean;
  /** Overrides app.getPath('userData'): tests and a second shop profile on one machine. */
  userDataDir: string | null;
}

/** Command-line switches of the shell; unknown ones (Chromium's, Playwright's) and positionals are ignored. */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { demo: { type: 'boolean' }, 'souk-user-data': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const dir = values['souk-user-data'];
  return {
    demo: values.demo === true,
    userDataDir: typeof dir === 'string' && dir !== '' ? resolve(dir) : null,
  };
}
