/**
 * The pieces every browser test needs: a private copy of the built renderer, a station on a real SQLite
 * file, the virtual printer and scale wired through the API, and a headless Chromium. Everything started
 * here is stopped by `close()`, in reverse order, even when a step failed half-way.
 */
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startDemoDevices, type DemoDevices } from '../../hardware/virtual/demo-devices';
import { startStation, type Station } from '../../server/station';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'tests', 'artifacts', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * A private copy of the renderer build for one test file. The station serves it from a temp folder, so a
 * rebuild of dist/renderer by someone else (emptyOutDir) cannot pull files away in the middle of a test.
 * dist/renderer is rebuilt first only when it is missing or older than the renderer sources.
 */
export function rendererCopy(into: string): string {
  const dist = join(ROOT, 'dist', 'renderer');
  const index = join(dist, 'index.html');
  const out = join(into, 'renderer');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'core')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    try {
      execSync(
        `npx vite build --config renderer/vite.config.ts --outDir ${JSON.stringify(out)} --emptyOutDir`,
        {
          cwd: ROOT,
          stdio: 'pipe',
          timeout: 180_000,
        },
      );
      return out;
    } catch (err) {
      // Sources caught mid-edit by someone else: the last good build still tests the till.
      if (!existsSync(index))
        throw new Error(`renderer build failed: ${String((err as { stderr?: unknown }).stderr ?? err)}`);
    }
  }
  cpSync(dist, out, { recursive: true });
  return out;
}

export interface ApiAnswer<T = any> {
  ok: boolean;
  result?: T;
  error?: { code: string; message: string; details: any };
}

export async function apiCall<T = any>(
  url: string,
  method: string,
  input: unknown,
  token: string | null,
): Promise<ApiAnswer<T>> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return (await res.json()) as ApiAnswer<T>;
}

/** Calls the API and throws with the error envelope when it refuses: for setup steps that must work. */
export async function apiOk<T = any>(
  url: string,
  method: string,
  input: unknown,
  token: string | null,
): Promise<T> {
  const answer = await apiCall<T>(url, method, input, token);
  if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
  return answer.result as T;
}

export async function loginToken(url: string, userId: number, pin: string): Promise<string> {
  return (await apiOk<{ token: string }>(url, 'auth.login', { userId, pin }, null)).token;
}

export interface Till {
  dir: string;
  station: Station;
  devices: DemoDevices;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Messages of 'error' console entries and uncaught page errors, in order. */
  browserErrors: string[];
  close(): Promise<void>;
}

/**
 * Starts station + virtual devices + Chromium on an existing database file. `adminUser` configures the
 * devices through the API as a person with the right role would.
 */
export async function startTill(options: {
  dbFile: string;
  admin: { id: number; pin: string };
  grams?: number;
  withDevices?: boolean;
}): Promise<Till> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // keep closing the rest: one stuck piece must not leak the others
      }
    }
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'souk-e2e-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const staticDir = rendererCopy(dir);
    const station = await startStation({ dbFile: options.dbFile, port: 0, staticDir });
    cleanups.push(() => station.close());
    const devices = await startDemoDevices({ grams: options.grams ?? 1250 });
    cleanups.push(() => devices.close());
    if (options.withDevices !== false) {
      const token = await loginToken(station.url, options.admin.id, options.admin.pin);
      await apiOk(
        station.url,
        'devices.configure',
        {
          printer: {
            name: 'Comptoir',
            transport: {
              kind: 'tcp',
              host: '127.0.0.1',
              port: devices.printerPort,
              connectTimeoutMs: 3000,
              writeTimeoutMs: 3000,
            },
            paper: '80mm',
            commandSet: 'epson',
            autoPrint: true,
          },
          scale: devices.scalePath ? { path: devices.scalePath, protocol: 'toledo-8217' } : null,
        },
        token,
      );
      await apiOk(station.url, 'auth.logout', {}, token);
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timeout: 120_000,
    });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-MA' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const browserErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') browserErrors.push(msg.text());
    });
    page.on('pageerror', (err) => browserErrors.push(`pageerror: ${err.message}`));
    await page.goto(station.url);
    return { dir, station, devices, browser, context, page, browserErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A keyboard-wedge scanner: the digits then Enter as one burst. A USB scanner sends its key reports a
 * millisecond or two apart without waiting for the host, so the keys go out back to back, in order, rather
 * than one awaited CDP round trip each (3-4 ms a key on a loaded machine, which sometimes split the burst
 * past the detector's 30 ms gap).
 */
export async function scan(page: Page, code: string): Promise<void> {
  await Promise.all([...code, 'Enter'].map((key) => page.keyboard.press(key)));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const LANGUAGE_LABELS = { fr: 'Français', ar: 'العربية', en: 'English' } as const;

export async function setLanguage(page: Page, lang: keyof typeof LANGUAGE_LABELS): Promise<void> {
  const label = LANGUAGE_LABELS[lang];
  await page.locator('.lang-switcher').getByRole('button', { name: label }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Logs in on the PIN pad by touch, as at a till without a keyboard. */
export async function loginWithPinPad(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name) }).click();
  for (const digit of pin)
    await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
  await page.locator('.pin-keys .key-primary').click();
}
