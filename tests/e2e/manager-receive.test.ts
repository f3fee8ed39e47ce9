import { readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../core/barcode';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import {
  apiOk,
  loginToken,
  loginWithPinPad,
  scan,
  screenshot,
  setLanguage,
  startTill,
  type Till,
} from './harness';
import { makeShop, type Shop } from './shop-data';
import { pdfLines, pdfPageCount } from '../documents/pdf-text';

const STEP = 120_000;
const EUPHORBIA_CODE = `611123450002${gs1CheckDigit('611123450002')}`;
/** Set up by API before the browser delivery, so the delivery's later date must not hide it. */
const EUPHORBIA_EARLIER_BB = '2027-02-28';

/**
 * What Samira types for the delivery, one row each, in the order the products are added: the best-before as
 * the app writes it in every language (dd/mm/yyyy, issue 14), and the ISO day the station must store.
 */
const DELIVERY = {
  noteRef: 'BL-ATLAS-2611',
  soap: { qty: '30', milli: 30_000, lot: 'SV-26-11', typed: '31/01/2028', bestBefore: '2028-01-31' },
  euphorbia: { qty: '12', milli: 12_000, lot: 'EU-26-11', typed: '30/09/2027', bestBefore: '2027-09-30' },
  honey: { qty: '2,500', milli: 2_500, lot: 'TH-26-11', typed: '15/03/2027', bestBefore: '2027-03-15' },
};

let shop: Shop;
let till: Till;
let page: Page;
let euphorbiaId = 0;
let managerToken = '';
let deliveryId = 0;
let before = new Map<number, number>();

type StockRow = { productId: number; onHand: number; nearestBestBefore: string | null };

async function honeyCoopStock(): Promise<Map<number, StockRow>> {
  const rows = await apiOk<StockRow[]>(
    till.station.url,
    'stock.onHand',
    { cooperativeId: shop.fx.coops.honey.id, includeEmpty: true },
    managerToken,
  );
  return new Map(rows.map((r) => [r.productId, r]));
}

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
  const url = till.station.url;
  managerToken = await loginToken(url, shop.users.manager.id, shop.users.manager.pin);
  // A second barcoded product of the honey cooperative, already in stock with an earlier best-before.
  const euphorbia = await apiOk<{ id: number }>(
    url,
    'products.create',
    {
      sku: 'MIEL-EUPH-250',
      nameFr: 'Miel d’euphorbe 250 g',
      nameAr: 'عسل الدغموس 250 غ',
      cooperativeId: shop.fx.coops.honey.id,
      unit: 'piece',
      vatCode: 'EX',
      retailPrice: 9000,
      semiPrice: 8500,
      wholesalePrice: 8000,
      semiMinQty: 6000,
      wholesaleMinQty: 24000,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [EUPHORBIA_CODE],
    },
    managerToken,
  );
  euphorbiaId = euphorbia.id;
  await apiOk(
    url,
    'stock.receive',
    {
      clientId: 'e2e-euphorbia-first',
      cooperativeId: shop.fx.coops.honey.id,
      noteRef: 'BL-ATLAS-0911',
      lines: [{ productId: euphorbiaId, quantity: 5000, lot: 'EU-26-09', bestBefore: EUPHORBIA_EARLIER_BB }],
    },
    managerToken,
  );
  // The till is open for the day: the manager's screens live in the shell behind the cash session.
  const cashier = await loginToken(url, shop.users.cashier.id, shop.users.cashier.pin);
  await apiOk(url, 'cash.open', { openingFloat: 30_000 }, cashier);
  await apiOk(url, 'auth.logout', {}, cashier);
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

describe('the manager receives a consignment delivery in Chromium', () => {
  it(
    'records two scanned products and one searched by name, with a kg quantity, lots and dates',
    async () => {
      before = new Map([...(await honeyCoopStock())].map(([id, r]) => [id, r.onHand]));
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.locator('.sidenav').getByRole('button', { name: 'Réception' }).click();
      await page.getByRole('heading', { name: 'Réception' }).waitFor();

      await page.locator('main').getByLabel('Coopérative').selectOption(String(shop.fx.coops.honey.id));
      await page.getByLabel('N° du bon de livraison').fill(DELIVERY.noteRef);
      const search = page.getByLabel('Scanner ou chercher un produit de la coopérative');
      const lines = page.getByTestId('receive-line');

      await search.click();
      await scan(page, shop.codes.soap);
      await expect.poll(() => lines.count()).toBe(1);
      // The new line's quantity takes the focus: the next scan needs the search field back.
      await search.click();
      await scan(page, EUPHORBIA_CODE);
      await expect.poll(() => lines.count()).toBe(2);
      await search.fill('thym');
      await page.getByRole('option', { name: /Miel de thym \(vrac\)/ }).click();
      await expect.poll(() => lines.count()).toBe(3);
      expect(await lines.nth(0).textContent()).toContain('Savon noir à l’eucalyptus');
      expect(await lines.nth(1).textContent()).toContain('Miel d’euphorbe 250 g');
      expect(await lines.nth(2).textContent()).toContain('Miel de thym (vrac)');

      const rows = [DELIVERY.soap, DELIVERY.euphorbia, DELIVERY.honey];
      for (const [i, row] of rows.entries()) {
        const line = lines.nth(i);
        await line.getByLabel(/^Quantité de /).fill(row.qty);
        await line.getByLabel('Lot').fill(row.lot);
        const bestBefore = line.getByLabel('À consommer avant');
        // Not the browser's date input (mm/dd/yyyy in Debian's Chromium): a text field written dd/mm/yyyy.
        expect(await bestBefore.getAttribute('type')).toBe('text');
        expect(await bestBefore.getAttribute('placeholder')).toBe('jj/mm/aaaa');
        await bestBefore.fill(row.typed);
      }
      // The kg line's label names its unit, and its three decimals are accepted as typed.
      const honeyQty = page.getByLabel('Quantité de Miel de thym (vrac) (kg)');
      expect(await honeyQty.inputValue()).toBe('2,500');
      for (const i of [0, 1, 2])
        expect(
          await lines
            .nth(i)
            .getByLabel(/^Quantité de /)
            .getAttribute('aria-invalid'),
        ).toBe('false');
      const submit = page.getByRole('button', { name: 'Enregistrer la réception' });
      expect(await submit.isEnabled()).toBe(true);
      await screenshot(page, 'fr-11-receive');
      await setLanguage(page, 'ar');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await lines.nth(2).textContent()).toContain('عسل الزعتر');
      await screenshot(page, 'ar-11-receive');
      await setLanguage(page, 'fr');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

      await submit.click();
      const labels = page.getByRole('dialog', { name: /Étiquettes de la livraison n° \d+/ });
      await labels.waitFor();
      deliveryId = Number(/n° (\d+)/.exec((await labels.getAttribute('aria-label')) ?? '')?.[1]);
      expect(deliveryId).toBeGreaterThan(0);
      await page
        .getByRole('status')
        .filter({ hasText: `Livraison n° ${deliveryId} enregistrée.` })
        .waitFor();
      // 15/03/2027 typed in the form is 15 March, stored as the ISO day, and shown back as typed.
      const stored = await apiOk<{ lines: { productId: number; bestBefore: string | null }[] }>(
        till.station.url,
        'deliveries.get',
        { id: deliveryId },
        managerToken,
      );
      expect(stored.lines.find((l) => l.productId === shop.fx.products.honeyKg.id)?.bestBefore).toBe(
        '2027-03-15',
      );
      expect(await labels.textContent()).toContain('15/03/2027');
      expect(await labels.textContent()).not.toContain('2027-03-15');
      // The form is emptied for the next delivery.
      expect(await lines.count()).toBe(0);
      expect(await page.getByLabel('N° du bon de livraison').inputValue()).toBe('');
    },
    STEP,
  );

  it(
    'raised the stock by exactly the typed milli-quantities, with the nearest best-before of each product',
    async () => {
      const after = await honeyCoopStock();
      const expected = [
        { id: shop.soap.id, ...DELIVERY.soap, nearest: DELIVERY.soap.bestBefore },
        // The lot received by API earlier expires first: the nearest date is that one, not the new one.
        { id: euphorbiaId, ...DELIVERY.euphorbia, nearest: EUPHORBIA_EARLIER_BB },
        // The fixture's honey lot has no date: the new lot's is the only and so the nearest.
        { id: shop.fx.products.honeyKg.id, ...DELIVERY.honey, nearest: DELIVERY.honey.bestBefore },
      ];
      for (const e of expected) {
        const row = after.get(e.id);
        expect(row, `stock row of product ${e.id}`).toBeDefined();
        expect((row?.onHand ?? 0) - (before.get(e.id) ?? 0)).toBe(e.milli);
        expect(row?.nearestBestBefore).toBe(e.nearest);
      }
      expect(after.get(shop.fx.products.honeyKg.id)?.onHand).toBe(22_500);

      // Lots, dates and the delivery note are what the browser sent, read back from the station's file.
      const db = new Database(shop.file, { readonly: true, fileMustExist: true });
      try {
        const delivery = db
          .prepare('SELECT cooperative_id AS coop, note_ref AS noteRef FROM deliveries WHERE id = ?')
          .get(deliveryId);
        expect(delivery).toEqual({ coop: shop.fx.coops.honey.id, noteRef: DELIVERY.noteRef });
        const lines = db
          .prepare(
            'SELECT product_id AS productId, qty, lot, best_before AS bestBefore FROM delivery_lines WHERE delivery_id = ? ORDER BY id',
          )
          .all(deliveryId);
        expect(lines).toEqual(
          expected.map((e) => ({ productId: e.id, qty: e.milli, lot: e.lot, bestBefore: e.bestBefore })),
        );
      } finally {
        db.close();
      }
    },
    STEP,
  );

  it(
    'makes the A4 label sheet as a PDF download, one label per piece and one for the weighed lot',
    async () => {
      const labels = page.getByRole('dialog', { name: `Étiquettes de la livraison n° ${deliveryId}` });
      // The soap and the euphorbia honey carry their makers' EAN-13: no shop label unless ticked.
      const honeyBox = labels.getByLabel('Étiqueter Miel de thym (vrac)');
      await honeyBox.waitFor();
      expect(await honeyBox.isChecked()).toBe(true);
      for (const name of ['Savon noir à l’eucalyptus', 'Miel d’euphorbe 250 g']) {
        const box = labels.getByLabel(`Étiqueter ${name}`);
        expect(await box.isChecked()).toBe(false);
        await box.check();
      }
      await labels.getByLabel('Planche A4').selectOption('3x8');
      const download = page.waitForEvent('download');
      await labels.getByRole('button', { name: 'Planche PDF' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`labels-${deliveryId}.pdf`);
      // 30 soaps + 12 jars + 1 honey lot = 43 labels, 24 to a 3x8 sheet.
      await labels.getByRole('status').filter({ hasText: '43 étiquettes sur 2 pages.' }).waitFor();
      const bytes = readFileSync(await file.path());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Read back by poppler: two sheets, the names as text.
      expect(pdfPageCount(bytes)).toBe(2);
      expect(pdfLines(bytes).filter((l) => l === 'Savon noir à l’eucalyptus')).toHaveLength(30);
      expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
      // The sheet may also have been opened in a tab: this test reads the download only.
      for (const other of till.context.pages()) if (other !== page) await other.close();
    },
    STEP,
  );

  it(
    'prints the labels on the receipt printer with the French names, prices and dates',
    async () => {
      const already = till.devices.printer.jobs().length;
      const labels = page.getByRole('dialog', { name: `Étiquettes de la livraison n° ${deliveryId}` });
      await labels.getByRole('button', { name: 'Imprimer sur l’imprimante tickets' }).click();
      await labels.getByRole('status').filter({ hasText: 'Étiquettes envoyées à Comptoir.' }).waitFor();
      const jobs = (await till.devices.printer.waitForJobs(already + 3)).slice(already);
      expect(jobs).toHaveLength(3);
      const decoded = jobs.map((job) => decodeEscPos(job));
      const find = (name: string) => {
        const hit = decoded.find((d) => d.lines.some((l) => l.includes(name)));
        if (!hit)
          throw new Error(`no label job names ${name}: ${decoded.map((d) => d.lines[0]).join(' | ')}`);
        return hit;
      };

      const soap = find('Savon noir à l’eucalyptus');
      const soapText = soap.lines.join('\n');
      expect(soapText).toContain('35,00 DH');
      expect(soapText).toContain('Coopérative Miel Atlas');
      expect(soapText).toContain('31/01/2028');
      // One label per piece received, each cut and with the product's own EAN-13.
      expect(soap.cuts).toBe(30);
      expect(soap.barcodes).toHaveLength(30);
      expect(soap.barcodes.every((b) => b.data === shop.codes.soap)).toBe(true);

      const euphorbia = find('Miel d’euphorbe 250 g');
      expect(euphorbia.lines.join('\n')).toContain('90,00 DH');
      expect(euphorbia.cuts).toBe(12);

      const honey = find('Miel de thym (vrac)');
      const honeyText = honey.lines.join('\n');
      expect(honeyText).toContain('250,00 DH/kg');
      expect(honeyText).toContain('15/03/2027');
      expect(honey.cuts).toBe(1);
      // The honey had no EAN-13: its label got an internal one, which now scans to it.
      const honeyCode = honey.barcodes[0]?.data ?? '';
      expect(honeyCode).toMatch(/^\d{13}$/);
      const scanned = await apiOk<{ product: { id: number } }>(
        till.station.url,
        'products.scan',
        { code: honeyCode },
        managerToken,
      );
      expect(scanned.product.id).toBe(shop.fx.products.honeyKg.id);
      await labels.getByRole('button', { name: 'Fermer' }).click();
      await labels.waitFor({ state: 'detached' });
    },
    STEP,
  );

  it(
    'shows the new quantities and nearest best-before on the Stock screen',
    async () => {
      await page.locator('.sidenav').getByRole('button', { name: 'Stock' }).click();
      await page.getByRole('heading', { name: 'Stock' }).waitFor();
      const row = (name: string) => page.getByTestId('stock-row').filter({ hasText: name });
      await expect.poll(() => row('Miel de thym (vrac)').count()).toBe(1);
      const honey = row('Miel de thym (vrac)');
      // 20 kg from the fixture + 2,500 kg received, shown with its three decimals.
      expect(await honey.getByTestId('stock-onhand').textContent()).toMatch(/^22,500\s*kg$/);
      expect(await honey.getByTestId('stock-bb').textContent()).toContain(DELIVERY.honey.typed);
      const soap = row('Savon noir à l’eucalyptus');
      expect(await soap.getByTestId('stock-onhand').textContent()).toBe('30');
      expect(await soap.getByTestId('stock-bb').textContent()).toContain(DELIVERY.soap.typed);
      const euphorbia = row('Miel d’euphorbe 250 g');
      expect(await euphorbia.getByTestId('stock-onhand').textContent()).toBe('17');
      expect(await euphorbia.getByTestId('stock-bb').textContent()).toContain(
        EUPHORBIA_EARLIER_BB.split('-').reverse().join('/'),
      );
      expect(till.browserErrors).toEqual([]);
    },
    STEP,
  );
});
