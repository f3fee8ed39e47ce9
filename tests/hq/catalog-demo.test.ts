/**
 * The demo's chain catalogue, end to end: the HQ demo (real PostgreSQL in a temp folder) seeds a catalogue,
 * a station configured as the demo shop pulls it as it starts, and a manager sees HQ's products in the
 * catalogue screen in Debian's Chromium, marked as HQ's, with what HQ sets greyed out in the editor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fullCatalog } from '../../hq/catalog';
import { DEMO_SHOP, startHqDemo, type HqDemo } from '../../hq/demo';
import { DEMO_HQ_CATALOG } from '../../hq/demo-catalog';
import { startStation, type Station } from '../../server/station';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  apiOk,
  loginToken,
  loginWithPinPad,
  rendererCopy,
  screenshot,
  setLanguage,
} from '../e2e/harness';
import { makeShop, type Shop } from '../e2e/shop-data';
import { describePg } from '../helpers/postgres';

const STEP = 180_000;

describePg('the HQ demo seeds a chain catalogue the demo shop pulls and shows as HQ’s', () => {
  let demo: HqDemo | null = null;
  let shop: Shop;
  let dir = '';
  let station: Station;
  let browser: Browser;

  beforeAll(async () => {
    const started = Date.now();
    demo = await startHqDemo();
    // The demo start stays quick: the catalogue is a handful of rows.
    console.log(`[catalog-demo] HQ demo with its catalogue started in ${Date.now() - started} ms`);
    shop = makeShop();
    shop.fx.db.close();
    dir = mkdtempSync(join(tmpdir(), 'souk-hq-demo-'));
    station = await startStation({
      dbFile: shop.file,
      port: 0,
      staticDir: rendererCopy(dir),
      hq: { url: demo!.hq.url, shopId: DEMO_SHOP.id, key: DEMO_SHOP.key },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await station?.close();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
  }, STEP);

  it(
    'HQ holds the catalogue; the shop pulls it; the catalogue screen marks HQ’s products and greys out what HQ sets',
    async () => {
      const catalogue = await fullCatalog(demo!.hq.pool);
      expect(catalogue.products.map((p) => p.sku)).toEqual(DEMO_HQ_CATALOG.products.map((p) => p.sku).sort());
      const token = await loginToken(station.url, shop.users.manager.id, shop.users.manager.pin);
      await expect
        .poll(async () => (await apiOk(station.url, 'hq.catalog', {}, token)).version, { timeout: 60_000 })
        .toBe(catalogue.version); // the head: its products, then the demo shop's allowance
      const status = await apiOk(station.url, 'hq.catalog', {}, token);
      expect(status.allowance).toEqual({ localProducts: true, localPrices: false });

      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(station.url);
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.getByRole('button', { name: 'Back-office' }).click();
      await page.locator('.sidenav').getByRole('button', { name: 'Catalogue' }).click();
      await page.getByLabel('Chercher un produit (nom, SKU, code)').fill('safran');
      const saffron = page.getByTestId('catalog-row').filter({ hasText: 'HQ-SAF-1G' });
      await saffron.waitFor();
      expect(await saffron.getByTestId('origin-hq').innerText()).toBe('Siège');
      // The shop's own products carry no mark.
      await page.getByLabel('Chercher un produit (nom, SKU, code)').fill('ARG-250');
      const oil = page.getByTestId('catalog-row').filter({ hasText: 'ARG-250' });
      await oil.waitFor();
      expect(await oil.getByTestId('origin-hq').count()).toBe(0);

      await page.getByLabel('Chercher un produit (nom, SKU, code)').fill('safran');
      await saffron.getByRole('button', { name: 'Modifier' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('hq-owned').waitFor();
      expect(await dialog.getByTestId('hq-owned').innerText()).toMatch(/fixés par le siège/);
      expect(await dialog.getByLabel('Nom (français)').isDisabled()).toBe(true);
      expect(await dialog.getByLabel('Coopérative').isDisabled()).toBe(true);
      // No local prices for the demo shop: HQ's prices are greyed out too; the low-stock alert is the shop's.
      await expect.poll(() => dialog.getByLabel('Détail').isDisabled()).toBe(true);
      const alert = dialog.getByLabel(/Alerte stock bas/);
      expect(await alert.isDisabled()).toBe(false);
      await alert.fill('3');
      await screenshot(page, 'fr-catalog-hq-product');
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      await dialog.waitFor({ state: 'detached' });
      const saved = await apiOk(station.url, 'products.list', { query: 'HQ-SAF-1G' }, token);
      expect(saved.rows[0]).toMatchObject({
        sku: 'HQ-SAF-1G',
        origin: 'hq',
        lowStockAlert: 3_000,
        retailPrice: 4_500,
      });

      // In Arabic (right to left) the same: the mark, the hint, HQ's fields greyed out.
      await setLanguage(page, 'ar');
      expect(await saffron.getByTestId('origin-hq').innerText()).toBe('المقر');
      await saffron.getByRole('button', { name: 'تعديل' }).click();
      expect(await dialog.getByTestId('hq-owned').innerText()).toMatch(/يحددها المقر/);
      // Names and cooperative, labels to active, and (once the allowance is read) the prices.
      await expect
        .poll(() => dialog.locator('fieldset.fieldset-contents[disabled]:not(.vat-section *)').count())
        .toBe(3);
      // HQ sets the VAT code too: the VAT section offers no move to another code.
      expect(await dialog.getByTestId('vat-hq-owned').innerText()).toMatch(/يحدده المقر/);
      expect(await dialog.getByLabel('الرمز الجديد').isDisabled()).toBe(true);
      await screenshot(page, 'ar-catalog-hq-product');
    },
    STEP,
  );
});
