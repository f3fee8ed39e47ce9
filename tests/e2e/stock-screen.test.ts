import { readFileSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStockCatalog } from '../helpers/stock-catalog';
import { apiOk, loginToken, loginWithPinPad, screenshot, setLanguage, startTill, type Till } from './harness';

const STEP = 180_000;
let made: ReturnType<typeof makeStockCatalog>;
let till: Till;
let page: Page;
let token = '';

type StockPage = { total: number; rows: { sku: string; productId: number; cooperativeId: number }[] };
const stockPage = (input: Record<string, unknown>) =>
  apiOk<StockPage>(till.station.url, 'stock.page', input, token);

async function openStock(lang: 'fr' | 'ar'): Promise<void> {
  await setLanguage(page, lang);
  if ((await page.locator('.stock-screen').count()) === 0)
    await page
      .locator('.sidenav')
      .getByRole('button', { name: lang === 'fr' ? 'Stock' : 'المخزون' })
      .click();
  await expect.poll(() => page.getByTestId('stock-row').count()).toBeGreaterThan(0);
}

const pageInfo = () => page.getByTestId('stock-page-info').textContent();
const firstSku = () => page.getByTestId('stock-row').first().locator('.stock-sku').textContent();

/**
 * What the screen must be at 1366x768: no sideways scrolling, every header and the first rows' buttons
 * inside the window and on top (elementFromPoint), no header or button text clipped, SKUs on one line.
 */
async function layoutProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    const onTop = (el: Element, what: string) => {
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.right > vw)
        problems.push(`${what} outside the window: ${r.left}..${r.right} of ${vw}`);
      const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
      const y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (y < window.innerHeight && (!hit || !(el === hit || el.contains(hit))))
        problems.push(`${what} covered by ${hit?.tagName}.${hit?.className}`);
    };
    const clipped = (el: Element, what: string) => {
      const h = el as HTMLElement;
      if (h.scrollWidth > h.clientWidth)
        problems.push(`${what} clipped: ${h.scrollWidth} > ${h.clientWidth}`);
    };
    document.querySelectorAll('main table > thead th').forEach((th, i) => {
      const name = `header ${i + 1} "${th.textContent?.trim()}"`;
      clipped(th, name);
      onTop(th, name);
    });
    document.querySelectorAll('[data-testid="stock-row"]').forEach((row, r) => {
      if (r >= 3) return;
      row.querySelectorAll('td').forEach((td, i) => clipped(td, `row ${r + 1} cell ${i + 1}`));
      row.querySelectorAll('button').forEach((b) => {
        const name = `row ${r + 1} button "${b.textContent?.trim()}"`;
        clipped(b, name);
        onTop(b, name);
        if (b.getClientRects().length !== 1 || b.getBoundingClientRect().height > 48)
          problems.push(`${name} wraps over lines`);
      });
      const sku = row.querySelector('.stock-sku');
      if (sku && sku.getClientRects().length !== 1) problems.push(`row ${r + 1} SKU split over lines`);
    });
    return problems;
  });
}

beforeAll(async () => {
  made = makeStockCatalog(1200, { longNames: true });
  till = await startTill({
    dbFile: made.file,
    admin: { id: made.managerId, pin: '2468' },
    withDevices: false,
  });
  page = till.page;
  token = await loginToken(till.station.url, made.managerId, '2468');
  await page.setViewportSize({ width: 1366, height: 768 });
  await loginWithPinPad(page, 'Samira', '2468');
}, STEP);

afterAll(async () => {
  await till?.close();
  if (made) rmSync(made.dir, { recursive: true, force: true });
}, STEP);

describe('the stock screen in Chromium at 1366x768', () => {
  for (const lang of ['fr', 'ar'] as const) {
    it(
      `fits the window in ${lang}: every column and the row buttons in view, nothing clipped`,
      async () => {
        await openStock(lang);
        const problems = await layoutProblems();
        await screenshot(page, `stock-${lang}-1366x768`);
        expect(problems).toEqual([]);
        // A page, not the whole list.
        expect(await page.getByTestId('stock-row').count()).toBe(50);
        // Best-before graded by days left: expired, within a week, within a month, each its own colour.
        for (const grade of ['expired', 'week', 'month'])
          expect(await page.locator(`.stock-table .expiry-badge.expiry-${grade}`).count()).toBeGreaterThan(0);
      },
      STEP,
    );
  }

  it(
    'pages through the list, searches, filters and sorts in the station (French)',
    async () => {
      await openStock('fr');
      const all = await stockPage({ limit: 1 });
      await expect.poll(pageInfo).toBe(`1–50 sur ${all.total}`);
      const first = await firstSku();
      await page.getByRole('button', { name: 'Suivant' }).click();
      await expect.poll(pageInfo).toBe(`51–100 sur ${all.total}`);
      // The pager's label moves at the click; the rows follow when the station's page arrives.
      await expect.poll(firstSku).not.toBe(first);
      const page2 = await stockPage({ offset: 50, limit: 50 });
      await expect.poll(firstSku).toBe(page2.rows[0]!.sku);
      await page.getByRole('button', { name: 'Précédent' }).click();
      await expect.poll(pageInfo).toBe(`1–50 sur ${all.total}`);

      // Sorting by a header asks the station: the first row is its first row for that sort.
      await page
        .locator('.stock-table thead')
        .getByRole('button', { name: /Vendu 30 j/ })
        .click();
      const bySold = await stockPage({ sort: 'sold30', dir: 'desc', limit: 1 });
      await expect.poll(firstSku).toBe(bySold.rows[0]!.sku);

      await page.getByLabel('Péremption').selectOption('7');
      const expiring = await stockPage({ expiringWithinDays: 7, sort: 'sold30', dir: 'desc', limit: 50 });
      expect(expiring.total).toBeGreaterThan(0);
      expect(expiring.total).toBeLessThan(all.total);
      await expect.poll(pageInfo).toBe(`1–${Math.min(50, expiring.total)} sur ${expiring.total}`);
      // Each row shows its grade: expired or within the week.
      const grades = await page
        .getByTestId('stock-row')
        .evaluateAll((rows) => rows.map((r) => r.querySelector('.expiry-badge')?.className ?? ''));
      expect(grades.every((c) => /expiry-(expired|week)/.test(c))).toBe(true);

      await page.getByLabel('Péremption').selectOption('');
      await page
        .locator('.stock-filters label', { hasText: 'Coopérative' })
        .locator('select')
        .selectOption('7');
      await page.getByLabel('Sans vente depuis').selectOption('60');
      const slow = await stockPage({ cooperativeId: 7, slowDays: 60, limit: 1 });
      await expect.poll(pageInfo).toBe(`1–${Math.min(50, slow.total)} sur ${slow.total}`);
      await page.getByLabel('Sans vente depuis').selectOption('');
      await page
        .locator('.stock-filters label', { hasText: 'Coopérative' })
        .locator('select')
        .selectOption('');

      // The product's own low-stock alert (catalogue editor): every row shown is at or below it.
      await page.getByLabel('Sous le seuil d’alerte').check();
      const low = await stockPage({ lowStock: true, limit: 1 });
      expect(low.total).toBeGreaterThan(0);
      await expect.poll(pageInfo).toBe(`1–${Math.min(50, low.total)} sur ${low.total}`);
      const rowsShown = await page.getByTestId('stock-row').count();
      expect(await page.getByTestId('stock-low').count()).toBe(rowsShown);
      await page.getByLabel('Sous le seuil d’alerte').uncheck();

      await page.getByLabel('Chercher (nom, réf., code)').fill('SKU-000123');
      await expect.poll(pageInfo).toBe('1–1 sur 1');
      expect(await firstSku()).toBe('SKU-000123');
    },
    STEP,
  );

  it(
    'shows the lots of a row and returns one of the lots still on hand, chosen from a list',
    async () => {
      await openStock('fr');
      await page.getByLabel('Chercher (nom, réf., code)').fill('SKU-000123');
      await expect.poll(pageInfo).toBe('1–1 sur 1');
      const row = page.getByTestId('stock-row').first();
      await row.getByRole('button', { name: 'Lots' }).click();
      const lots = page.getByTestId('stock-lot');
      await expect.poll(() => lots.count()).toBe(1 + (123 % 3));
      const p = (await stockPage({ search: 'SKU-000123' })).rows[0]!;
      const fromApi = await apiOk<{ lot: string; onHand: number }[]>(
        till.station.url,
        'stock.lots',
        { productId: p.productId, cooperativeId: p.cooperativeId },
        token,
      );
      await row.getByRole('button', { name: 'Retour coopérative' }).click();
      const dialog = page.getByRole('dialog');
      const onShelf = fromApi.filter((l) => l.onHand > 0).length;
      await expect.poll(() => dialog.getByTestId('return-lot').locator('option').count()).toBe(onShelf);
      const options = await dialog.getByTestId('return-lot').locator('option').allTextContents();
      expect(options).toHaveLength(fromApi.filter((l) => l.onHand > 0).length);
      const chosen = fromApi.filter((l) => l.onHand > 0).at(-1)!;
      const pick = options.findIndex((o) => o.startsWith(chosen.lot));
      await dialog.getByTestId('return-lot').selectOption({ index: pick });
      await dialog.getByLabel(/Quantité/).fill('1');
      await dialog.getByLabel('Motif').fill('DLUO proche');
      await dialog.getByRole('button', { name: 'Retour coopérative' }).click();
      await page.getByRole('dialog', { name: /Retour n° \d+ enregistré/ }).waitFor();
      const after = await apiOk<{ lot: string; onHand: number }[]>(
        till.station.url,
        'stock.lots',
        { productId: p.productId, cooperativeId: p.cooperativeId },
        token,
      );
      expect(after.reduce((s, l) => s + l.onHand, 0)).toBe(fromApi.reduce((s, l) => s + l.onHand, 0) - 1000);
      await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click();
    },
    STEP,
  );

  it(
    'downloads the CSV of the current filter from the streamed export',
    async () => {
      await openStock('fr');
      await page.getByLabel('Chercher (nom, réf., code)').fill('safran');
      const filtered = await stockPage({ search: 'safran', limit: 1 });
      await expect.poll(pageInfo).toBe(`1–50 sur ${filtered.total}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Exporter (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^stock-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = readFileSync(await download.path(), 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.split('\r\n').filter((l) => l !== '');
      expect(lines).toHaveLength(filtered.total + 1);
      expect(lines.slice(1).every((l) => l.split(';')[1]!.startsWith('Safran de Taliouine'))).toBe(true);
    },
    STEP,
  );
});
