import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { LAN_IP } from '../api/tills-helpers';
import { makeFixture } from '../db/fixture';
import { CHROMIUM, CHROMIUM_ARGS, loginWithPinPad, rendererCopy, screenshot, setLanguage } from './harness';

const STEP = 180_000;

/** The Tills screen's controls: inside the window and on top, and the page not scrolling sideways. */
function tillsLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    document
      .querySelectorAll('.tills-screen button, .tills-screen input, .tills-screen select')
      .forEach((el) => {
        const r = el.getBoundingClientRect();
        const what = `${el.tagName} "${el.textContent?.trim() ?? ''}"`;
        if (r.left < 0 || r.right > vw)
          problems.push(`${what} outside the window: ${r.left}..${r.right} of ${vw}`);
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (r.top + r.height / 2 < window.innerHeight && (!hit || !(el === hit || el.contains(hit))))
          problems.push(`${what} covered by ${hit?.tagName}.${hit?.className}`);
      });
    return problems;
  });
}

/**
 * The Tills screen and the pairing of a browser, in Chromium: the manager on the station's own machine
 * adds a till and reads its code; a browser on the shop's network (the station's LAN address, over
 * TLS) is shown "pair this device", types the code, and becomes that till (its name in the top bar);
 * revoked, it is sent back to the pairing screen.
 */
describe.skipIf(!LAN_IP)('Tills screen and pairing a browser on the LAN', () => {
  let dir: string;
  let station: Station;
  let browser: Browser;
  let manager: Page;
  let kiosk: Page;
  let users: ReturnType<typeof makeFixture>['users'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-e2e-tills-'));
    const f = makeFixture({ withStock: false, openSession: false });
    users = f.users;
    f.db.close();
    station = await startStation({
      dbFile: f.file,
      port: 0,
      host: '0.0.0.0',
      staticDir: rendererCopy(dir),
      reportWorkers: 0,
      lanAddresses: [LAN_IP ?? ''],
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
    manager = await (
      await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-MA' })
    ).newPage();
    // The kiosk trusts the station's self-signed certificate as a browser would once told to (a till host pins it).
    kiosk = await (
      await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'fr-MA',
        ignoreHTTPSErrors: true,
      })
    ).newPage();
    for (const p of [manager, kiosk]) p.setDefaultTimeout(30_000);
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await station?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let code = '';

  it(
    'the manager adds a till on the station and reads its code, big',
    async () => {
      await manager.goto(station.url);
      await loginWithPinPad(manager, users.manager.name, '2468');
      await manager.locator('.sidenav').getByRole('button', { name: 'Caisses' }).click();
      await expect
        .poll(() => manager.getByTestId('tills-table').locator('tr[data-till="T1"]').count())
        .toBe(1);
      await manager.getByLabel('Identifiant').fill('t2');
      await manager.getByLabel('Nom').fill('Caisse terrasse');
      await manager.getByRole('button', { name: 'Ajouter et afficher le code' }).click();
      const shown = manager.getByTestId('pairing-code');
      await expect.poll(() => shown.textContent()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      code = (await shown.textContent()) ?? '';
      // Readable from across the counter: the code's type is at least 40 px high.
      const size = await shown.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(40);
      expect(await manager.locator('.pairing-full').inputValue()).toMatch(/^souk-pair:[0-9A-Z]+$/);
      await screenshot(manager, 'tills-code-fr');
      await manager.getByRole('button', { name: 'Terminé' }).click();
      await expect.poll(() => manager.locator('tr[data-till="T2"]').textContent()).toContain('À appairer');
      // At the back office's sizes, in French and Arabic: nothing off the window, no sideways scrolling.
      for (const lang of ['ar', 'fr'] as const) {
        await setLanguage(manager, lang);
        for (const width of [1024, 1366]) {
          await manager.setViewportSize({ width, height: 768 });
          expect(await tillsLayoutProblems(manager), `${lang} ${width}`).toEqual([]);
        }
        await screenshot(manager, `tills-${lang}`);
      }
      await expect.poll(() => manager.locator('h2').first().textContent()).toBe('Caisses et tablettes');
    },
    STEP,
  );

  it(
    'a browser on the LAN is asked to pair, types the code, and works as that till',
    async () => {
      await kiosk.goto(station.lanUrl ?? '');
      await expect.poll(() => kiosk.locator('h1').textContent()).toBe('Appairer cet appareil');
      await screenshot(kiosk, 'pair-device-fr');
      // A wrong code first: said at the field, nothing paired.
      await kiosk.getByLabel('Code d’appairage').fill('ZZZZZ-ZZZZZ');
      await kiosk.getByRole('button', { name: 'Appairer', exact: true }).click();
      await expect
        .poll(() => kiosk.locator('.pair-form [role="alert"]').textContent())
        .toContain('pas valide');
      await kiosk.getByLabel('Code d’appairage').fill(code.toLowerCase());
      await kiosk.getByRole('button', { name: 'Appairer', exact: true }).click();
      // The login screen, with the till's own name in the top bar.
      await expect.poll(() => kiosk.locator('.topbar .till').textContent()).toBe('Caisse terrasse');
      await loginWithPinPad(kiosk, users.cashier.name, '1357');
      await expect.poll(() => kiosk.locator('.topbar .user-badge').count()).toBe(1);
      // It is T2 for the station: the manager's list shows it paired.
      await manager.locator('.sidenav').getByRole('button', { name: 'Caisses' }).click();
      await manager.reload();
      await loginWithPinPad(manager, users.manager.name, '2468');
      await manager.locator('.sidenav').getByRole('button', { name: 'Caisses' }).click();
      await expect.poll(() => manager.locator('tr[data-till="T2"]').textContent()).toContain('Appairée');
    },
    STEP,
  );

  it(
    'revoked while a cashier is logged in, the browser is sent back to the pairing screen at its next call',
    async () => {
      await manager.locator('tr[data-till="T2"]').getByRole('button', { name: 'Révoquer' }).click();
      await manager.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
      await expect.poll(() => manager.locator('tr[data-till="T2"]').textContent()).toContain('Révoquée');
      // The cashier, still logged in on it, tries to open the drawer: refused, and the device must pair again.
      await kiosk.getByRole('button', { name: 'Ouvrir la caisse' }).click();
      await expect.poll(() => kiosk.locator('h1').textContent()).toBe('Appairer cet appareil');
      await expect.poll(() => kiosk.locator('.pair-form p').first().textContent()).toContain('révoqué');
      expect(await kiosk.locator('.topbar .user-badge').count()).toBe(0);
      // And so after a reload.
      await kiosk.reload();
      await expect.poll(() => kiosk.locator('.pair-form p').first().textContent()).toContain('révoqué');
    },
    STEP,
  );
});
