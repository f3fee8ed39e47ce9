import { readFileSync, rmSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { pdfLines } from '../documents/pdf-text';
import { apiOk, loginToken, loginWithPinPad, screenshot, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 120_000;
const NOTE = 'BL-HIST-2612';
const SOAP = { name: 'Savon noir à l’eucalyptus', lot: 'SV-26-12', milli: 12_000 };
const HONEY = { name: 'Miel de thym (vrac)', lot: 'TH-26-12', milli: 3_250, bestBefore: '2027-05-31' };

let shop: Shop;
let till: Till;
let page: Page;
let deliveryId = 0;

/** Clicks the sheet button and reads the downloaded PDF: every line of text on every page (pdftotext). */
async function sheetTexts(dialog: Locator): Promise<string[]> {
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Planche PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`labels-${deliveryId}.pdf`);
  return pdfLines(readFileSync(await file.path()));
}

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
  const url = till.station.url;
  const manager = await loginToken(url, shop.users.manager.id, shop.users.manager.pin);
  // The soap has its manufacturer's EAN-13 (611...); the loose honey has none.
  const received = await apiOk<{ deliveryId: number }>(
    url,
    'stock.receive',
    {
      clientId: 'e2e-history-0001',
      cooperativeId: shop.fx.coops.honey.id,
      noteRef: NOTE,
      lines: [
        { productId: shop.soap.id, quantity: SOAP.milli, lot: SOAP.lot, bestBefore: '2028-01-31' },
        {
          productId: shop.fx.products.honeyKg.id,
          quantity: HONEY.milli,
          lot: HONEY.lot,
          bestBefore: HONEY.bestBefore,
        },
      ],
    },
    manager,
  );
  deliveryId = received.deliveryId;
  await apiOk(url, 'auth.logout', {}, manager);
  const cashier = await loginToken(url, shop.users.cashier.id, shop.users.cashier.pin);
  await apiOk(url, 'cash.open', { openingFloat: 30_000 }, cashier);
  await apiOk(url, 'auth.logout', {}, cashier);
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

describe('the deliveries history in Chromium', () => {
  it(
    'lists the delivery per cooperative and reprints its labels, the GS1 product left out until ticked',
    async () => {
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.locator('.sidenav').getByRole('button', { name: 'Livraisons' }).click();
      await page.getByRole('heading', { name: 'Livraisons' }).waitFor();
      const rows = page.getByTestId('delivery-row');
      // Newest first: this delivery, then the fixture's two.
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.nth(0).textContent()).toContain(NOTE);

      const coop = page.locator('main').getByLabel('Coopérative');
      await coop.selectOption(String(shop.fx.coops.argan.id));
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.nth(0).textContent()).toContain('BL-001');
      await coop.selectOption(String(shop.fx.coops.honey.id));
      await expect.poll(async () => (await rows.allTextContents()).join('|')).toContain(NOTE);
      expect(await rows.count()).toBe(2);

      // A period of shop days, both ends included: the day of the delivery holds it, the next day not.
      const [mine] = (
        await apiOk<{ rows: { receivedAt: number }[] }>(
          till.station.url,
          'deliveries.list',
          { limit: 1 },
          await loginToken(till.station.url, shop.users.manager.id, shop.users.manager.pin),
        )
      ).rows;
      const at = mine?.receivedAt ?? 0;
      const day = localDayKey(at, zoneOffsetMinutes(at));
      const next = localDayKey(at + 86_400_000, zoneOffsetMinutes(at + 86_400_000));
      // The fields are written as the app writes a day in every language, dd/mm/yyyy (issue 14).
      const typed = (iso: string) => iso.split('-').reverse().join('/');
      const fromField = page.locator('main').getByLabel('Du', { exact: true });
      const toField = page.locator('main').getByLabel('Au', { exact: true });
      await fromField.fill(typed(day));
      await toField.fill(typed(day));
      // The fixture's honey delivery (BL-002) was made weeks earlier.
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.nth(0).textContent()).toContain(NOTE);
      await fromField.fill(typed(next));
      await toField.fill(typed(next));
      await page.getByText('Aucune livraison pour ce choix.').waitFor();
      expect(await rows.count()).toBe(0);
      await fromField.fill('');
      await toField.fill('');
      await expect.poll(() => rows.count()).toBe(2);

      await page.getByRole('button', { name: `Étiquettes du bon ${NOTE}` }).click();
      const dialog = page.getByRole('dialog', { name: `Étiquettes de la livraison n° ${deliveryId}` });
      await dialog.waitFor();
      const soapBox = dialog.getByLabel(`Étiqueter ${SOAP.name}`);
      const honeyBox = dialog.getByLabel(`Étiqueter ${HONEY.name}`);
      const soapCopies = dialog.getByLabel(`Nombre d’étiquettes de ${SOAP.name}`);
      const honeyCopies = dialog.getByLabel(`Nombre d’étiquettes de ${HONEY.name}`);
      await honeyBox.waitFor();
      // The soap's pack carries its own barcode: unticked. One label per piece, one for the weighed lot.
      expect(await soapBox.isChecked()).toBe(false);
      expect(await honeyBox.isChecked()).toBe(true);
      expect(await soapCopies.inputValue()).toBe('12');
      expect(await soapCopies.isDisabled()).toBe(true);
      expect(await honeyCopies.inputValue()).toBe('1');
      const lines = dialog.getByTestId('label-line');
      expect(await lines.nth(0).textContent()).toContain(SOAP.lot);
      expect(await lines.nth(0).textContent()).toContain('Code-barres du fabricant');
      // The best-before shown as the app writes a day, not the ISO day the station keeps.
      expect(await lines.nth(1).textContent()).toContain(HONEY.bestBefore.split('-').reverse().join('/'));

      await honeyCopies.fill('5');
      await screenshot(page, 'fr-14-deliveries-labels');
      let texts = await sheetTexts(dialog);
      await dialog.getByRole('status').filter({ hasText: '5 étiquettes sur 1 page.' }).waitFor();
      expect(texts.filter((x) => x === HONEY.name)).toHaveLength(5);
      expect(texts.filter((x) => x === `Lot ${HONEY.lot}`)).toHaveLength(5);
      expect(texts.some((x) => x.includes('Savon'))).toBe(false);

      // A copies count out of range holds both buttons, with the reason at the field.
      await honeyCopies.fill('0');
      expect(await honeyCopies.getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.getByRole('button', { name: 'Planche PDF' }).isDisabled()).toBe(true);
      await dialog.getByText('De 1 à 400 étiquettes.').waitFor();
      await honeyCopies.fill('2');

      // Ticked, the soap gets labels too: 12 would be one per piece, the manager wants 4.
      await soapBox.check();
      await soapCopies.fill('4');
      texts = await sheetTexts(dialog);
      await dialog.getByRole('status').filter({ hasText: '6 étiquettes sur 1 page.' }).waitFor();
      expect(texts.filter((x) => x === SOAP.name)).toHaveLength(4);
      expect(texts.filter((x) => x === `Lot ${SOAP.lot}`)).toHaveLength(4);
      expect(texts.filter((x) => x === `Lot ${HONEY.lot}`)).toHaveLength(2);
      for (const other of till.context.pages()) if (other !== page) await other.close();

      // On the receipt printer: 60 soaps go as 50 + 10 (labels.print takes 50 at most), each label cut.
      await soapCopies.fill('60');
      const already = till.devices.printer.jobs().length;
      await dialog.getByRole('button', { name: 'Imprimer sur l’imprimante tickets' }).click();
      const sent = dialog.getByRole('status').filter({ hasText: 'Étiquettes envoyées à Comptoir.' });
      await sent.waitFor();
      // A success reads as one: the accent colour, not the amber of a warning.
      const colours = await sent.evaluate((el) => {
        const probe = document.createElement('span');
        probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--accent');
        document.body.append(probe);
        const accent = getComputedStyle(probe).color;
        probe.remove();
        return { shown: getComputedStyle(el).color, accent };
      });
      expect(colours.shown).toBe(colours.accent);
      const jobs = (await till.devices.printer.waitForJobs(already + 3))
        .slice(already)
        .map((j) => decodeEscPos(j));
      expect(jobs.map((j) => j.cuts)).toEqual([50, 10, 2]);
      expect(jobs[0]?.lines.filter((l) => l === `Lot ${SOAP.lot}`)).toHaveLength(50);
      expect(jobs[2]?.lines.filter((l) => l === `Lot ${HONEY.lot}`)).toHaveLength(2);
      await dialog.getByRole('button', { name: 'Fermer' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(till.browserErrors).toEqual([]);
    },
    STEP,
  );
});
