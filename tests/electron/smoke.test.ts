import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../db/demo/seed';
import { buildElectron } from '../../electron/build';
import { electronBinary } from './electron-binary';

const ROOT = join(__dirname, '..', '..');
const binary = electronBinary();
const renderer = existsSync(join(ROOT, 'dist', 'renderer', 'index.html'));
const reason = !binary
  ? 'Electron binary not present (cannot be downloaded in this environment): _electron smoke test not run'
  : !renderer
    ? 'dist/renderer not built (npm run build:renderer): _electron smoke test not run'
    : null;
if (reason) console.log(reason);

describe('desktop shell smoke test (Playwright _electron)', () => {
  let app: ElectronApplication | null = null;
  let profile: string | null = null;
  afterAll(async () => {
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.skipIf(reason !== null)(
    'opens one hardened window titled Souk POS on the login screen of the demo shop',
    async () => {
      const built = await buildElectron();
      profile = mkdtempSync(join(tmpdir(), 'souk-electron-'));
      app = await _electron.launch({
        executablePath: binary!,
        args: [built.main, '--demo', `--souk-user-data=${profile}`],
        timeout: 120_000,
      });
      const page = await app.firstWindow({ timeout: 120_000 });
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toContain('Souk POS');
      expect(page.url()).toMatch(/^app:\/\/souk\//);
      // The login screen lists the demo users.
      await page.getByText(DEMO_USERS[1]!.name).first().waitFor({ timeout: 60_000 });
      // The page sees the bridge and nothing of Node.
      const globals = await page.evaluate(() => ({
        platform: (window as any).souk?.platform,
        keys: Object.keys((window as any).souk ?? {}).sort(),
        require: typeof (window as any).require,
        process: typeof (window as any).process,
      }));
      expect(globals).toEqual({
        platform: 'electron',
        keys: ['call', 'platform'],
        require: 'undefined',
        process: 'undefined',
      });
      const info = await page.evaluate(() => (window as any).souk.call('system.info', {}, null));
      expect(info).toMatchObject({ ok: true, result: { app: 'souk-pos' } });
      expect(app.windows()).toHaveLength(1);
      expect(existsSync(join(profile, 'souk.db'))).toBe(true);
    },
    300_000,
  );
});
