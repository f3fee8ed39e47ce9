/**
 * The catalogue in Debian's Chromium, as a store manager uses it: the list shows without a search, a CSV
 * written with the unit the screen itself shows ("pce") imports and the bar ends full and green, amounts are
 * grouped as the documents group them ("1 040,00 MAD", not Chromium's own ICU idea), a tier price without its
 * threshold is refused at the threshold, and the dialog's buttons keep their label on one line.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithPinPad, screenshot, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 180_000;
let shop: Shop;
let till: Till;
let page: Page;

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin, withDevices: false });
  page = till.page;
  await page.setViewportSize({ width: 1024, height: 768 });
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

const nav = (name: string) => page.locator('.sidenav').getByRole('button', { name });
const row = (sku: string) => page.getByTestId('catalog-row').filter({ hasText: sku });

describe('catalogue in the browser', () => {
  it(
    'lists products without a search, with tier prices, stock and barcodes',
    async () => {
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.getByRole('button', { name: 'Back-office' }).click();
      await nav('Catalogue').click();
      const oil = row('ARG-250');
      await oil.waitFor();
      expect(await oil.getByTestId('price-semi').innerText()).toMatch(/108,00\sMAD\s+dès 6/);
      expect(await oil.getByTestId('stock').innerText()).toBe('50 pce');
      expect(await oil.getByTestId('barcodes').innerText()).toBe('6111234567895');
      expect(await page.getByTestId('catalog-row').count()).toBeGreaterThanOrEqual(4);
      // Nine columns on a 1024 px window: the table scrolls inside itself, the page never sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    },
    STEP,
  );

  it(
    'imports a "pce" file; the bar ends full, the summary reads as success; 1 040,00 MAD grouped as in PDFs',
    async () => {
      const panel = page.getByRole('region', { name: 'Importer un catalogue CSV' });
      await panel.getByLabel('Coopérative').selectOption(String(shop.fx.coops.honey.id));
      const upload = (text: string) =>
        panel
          .getByLabel('Fichier CSV')
          .setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
      await upload('sku;name_fr;unit;vat;retail_price\nTAP-1;;pce;20;1040,00\n');
      await panel.getByRole('button', { name: 'Vérifier' }).click();
      expect(await panel.getByTestId('csv-error').first().innerText()).toMatch(
        /La colonne name_fr est obligatoire : remplissez cette cellule\./,
      );
      await upload('sku;name_fr;unit;vat;retail_price\nTAP-1;Tapis Azilal;pce;20;1040,00\n');
      await panel.getByRole('button', { name: 'Vérifier' }).click();
      await panel.getByTestId('csv-phase').filter({ hasText: 'prêt à importer' }).waitFor();
      await panel.getByRole('button', { name: 'Importer' }).click();
      await panel.getByTestId('csv-phase').filter({ hasText: 'Terminé' }).waitFor();
      const bar = await panel.getByRole('progressbar').evaluate((el) => {
        const p = el as HTMLProgressElement;
        return { value: p.value, max: p.max };
      });
      expect(bar.value).toBe(bar.max);
      const status = panel.getByRole('status');
      // The accent green (--accent), not the amber of warnings.
      expect(await status.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(15, 110, 90)');
      const tapis = row('TAP-1');
      await tapis.waitFor();
      expect(await tapis.getByTestId('price-retail').innerText()).toBe('1\u00a0040,00\u00a0MAD');
      await screenshot(page, 'fr-catalog-list');
    },
    STEP,
  );

  it(
    'refuses semi 51,00 and wholesale 47,50 without thresholds at the threshold; the buttons stay on one line',
    async () => {
      await row('TAP-1').getByRole('button', { name: 'Modifier' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByLabel('Détail', { exact: true }).inputValue()).toBe('1040,00');
      await dialog.getByLabel('Demi-gros', { exact: true }).fill('51.00');
      await dialog.getByLabel('Détail', { exact: true }).fill('55,00');
      await dialog.getByLabel('Gros', { exact: true }).fill('47,50');
      await dialog.getByLabel('Détail', { exact: true }).focus();
      expect(await dialog.getByLabel('Demi-gros', { exact: true }).inputValue()).toBe('51,00');
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      const alert = dialog.getByRole('alert').first();
      expect(await alert.innerText()).toMatch(/Le prix demi-gros est plus bas .* n’a pas de seuil/);
      expect(await dialog.getByLabel('Seuil demi-gros (pce)').getAttribute('aria-invalid')).toBe('true');
      for (const name of ['Annuler', 'Enregistrer']) {
        // Each line of wrapped text is its own client rect: one distinct top means one line.
        const lines = await dialog.getByRole('button', { name }).evaluate((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(lines, name).toBe(1);
        expect(
          await dialog.getByRole('button', { name }).evaluate((el) => getComputedStyle(el).whiteSpace),
        ).toBe('nowrap');
      }
      await screenshot(page, 'fr-catalog-tier-refused');
      expect(till.browserErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
    STEP,
  );
});
