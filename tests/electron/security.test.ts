import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  isAppUrl,
  isTrustedSender,
  parseShellArgs,
  permissionCheckHandler,
  permissionRequestHandler,
  resolveAppFile,
  secureWebPreferences,
  shouldBlockNavigation,
  windowOpenHandler,
} from '../../electron/config';
import { buildMenuTemplate, MENU_LABELS, menuLanguage } from '../../electron/menu';

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name ?? '', values] as const;
    }),
  );

describe('window hardening', () => {
  it('isolates the renderer: context isolation, sandbox, no node, web security on', () => {
    const prefs = secureWebPreferences('/app/out/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('main.ts builds its window from these preferences and wires every guard', () => {
    // The config is only worth testing if main.ts really uses it.
    const main = readFileSync(join(__dirname, '../../electron/main.ts'), 'utf8');
    for (const wiring of [
      'webPreferences: secureWebPreferences(PRELOAD)',
      'setWindowOpenHandler(windowOpenHandler)',
      "on('will-navigate', guard)",
      'setPermissionRequestHandler(permissionRequestHandler)',
      'setPermissionCheckHandler(permissionCheckHandler)',
      'CONTENT_SECURITY_POLICY',
      'isTrustedSender(',
      'requestSingleInstanceLock()',
    ]) {
      expect(main).toContain(wiring);
    }
    expect(main).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false/);
  });

  it('has a CSP with script-src self only: no eval, no inline script, no remote hosts', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    for (const [name, values] of csp) {
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('gives app:// a secure standard origin without bypassing the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false });
    expect(APP_START_URL.startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });
});

describe('navigation, pop-ups and permissions', () => {
  it('lets the app move inside its own origin and blocks everything else', () => {
    expect(shouldBlockNavigation('app://souk/index.html')).toBe(false);
    expect(shouldBlockNavigation('app://souk/sales/42')).toBe(false);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8787/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://souk.evil/index.html',
      'app://user:pw@souk/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(shouldBlockNavigation(url), url).toBe(true);
    }
  });

  it('denies every window.open', () => {
    expect(windowOpenHandler({ url: 'app://souk/index.html' })).toEqual({ action: 'deny' });
    expect(windowOpenHandler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
    ]) {
      let answer: boolean | null = null;
      permissionRequestHandler(null, permission, (granted) => {
        answer = granted;
      });
      expect(answer, permission).toBe(false);
    }
    expect(permissionCheckHandler()).toBe(false);
  });

  it('answers IPC only from the top frame of our own origin', () => {
    expect(isTrustedSender({ url: 'app://souk/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://souk/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/x.html', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isAppUrl('APP://SOUK/index.html')).toBe(true);
  });
});

describe('serving the renderer from app://', () => {
  const root = mkdtempSync(join(tmpdir(), 'souk-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps files inside the folder and routes to index.html', () => {
    expect(resolveAppFile(root, 'app://souk/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://souk/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(root, 'app://souk/assets/app.js?v=1#x')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile(root, 'app://souk/till/checkout')).toBe(join(root, 'index.html'));
  });

  it('never serves a file outside the folder or for another origin', () => {
    for (const url of [
      'app://souk/../package.json',
      'app://souk/%2e%2e/package.json',
      'app://souk/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://souk/..%5c..%5cpackage.json',
      'app://souk/%00.js',
      'app://souk/%E0%A4%A.js',
      'app://other/assets/app.js',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(root + '/'), url).toBe(true);
    }
    expect(resolveAppFile(root, 'app://other/assets/app.js')).toBeNull();
    expect(resolveAppFile(root, 'app://souk/%00.js')).toBeNull();
  });
});

describe('shell arguments and menu', () => {
  it('parses --demo and --souk-user-data and ignores Chromium switches', () => {
    expect(parseShellArgs(['/usr/bin/electron', 'main.cjs', '--no-sandbox', '--demo'])).toEqual({
      demo: true,
      userDataDir: null,
    });
    expect(parseShellArgs(['x', '--souk-user-data=/tmp/p']).userDataDir).toBe('/tmp/p');
    expect(parseShellArgs(['x', '--souk-user-data=']).userDataDir).toBeNull();
  });

  it('labels the menu in fr/ar/en, defaults to French, and hides reload and devtools in production', () => {
    expect(menuLanguage('ar-MA')).toBe('ar');
    expect(menuLanguage('en-US')).toBe('en');
    expect(menuLanguage('fr_FR')).toBe('fr');
    expect(menuLanguage('es-ES')).toBe('fr');
    const noop = { backupNow() {}, chooseBackupFolder() {}, restore() {} };
    const prod = buildMenuTemplate('ar', { production: true, mac: false }, noop);
    const flat = prod.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    expect(prod[0]?.label).toBe(MENU_LABELS.ar.file);
    const reload = flat.find((i) => i.role === 'reload');
    expect(reload?.enabled).toBe(false);
    expect(flat.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(flat.some((i) => i.role === 'togglefullscreen')).toBe(true);
    expect(flat.some((i) => i.role === 'quit')).toBe(true);
    const dev = buildMenuTemplate('en', { production: false, mac: false }, noop).flatMap((m) =>
      Array.isArray(m.submenu) ? m.submenu : [],
    );
    expect(dev.find((i) => i.role === 'reload')?.enabled).toBe(true);
    for (const lang of ['fr', 'ar', 'en'] as const) {
      expect(Object.values(MENU_LABELS[lang]).every((s) => s.length > 0)).toBe(true);
    }
  });
});
