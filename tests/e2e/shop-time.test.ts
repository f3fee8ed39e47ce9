/**
 * The till shows the sale time the paper prints, whatever the browser's own time zone and tz data: the
 * station hands out Casablanca's offsets (system.info clock) and the screens format with them. Debian's
 * Chromium puts Casablanca at UTC+0 in December 2026 (Node, right, says UTC+1), so formatting with the
 * browser's Intl showed 07:14:29 on screen for 08:14:29 on paper.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocalDateTime, zoneOffsetMinutes } from '../../core/time';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { apiOk, loginToken, loginWithPinPad, scan, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 120_000;
const DATE_TIME = /\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/;

let shop: Shop;
let till: Till;
let jobs = 0;

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  await till.page.close();
  const token = await loginToken(till.station.url, shop.users.cashier.id, shop.users.cashier.pin);
  await apiOk(till.station.url, 'cash.open', { openingFloat: 50_000 }, token);
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

async function sellOne(page: Page): Promise<{ receiptNo: number; preview: string }> {
  await loginWithPinPad(page, 'Youssef', shop.users.cashier.pin);
  await page.getByPlaceholder(/Scanner ou chercher/).waitFor();
  await scan(page, shop.codes.oil);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
  await page.keyboard.press('F12');
  const pay = page.getByRole('dialog', { name: 'Paiement' });
  await pay.getByLabel('Reçu').fill('200');
  await pay.getByLabel('Reçu').press('Enter');
  const done = page.getByRole('dialog', { name: /Ticket n° \d+/ });
  await done.waitFor();
  const receiptNo = Number(/n° (\d+)/.exec((await done.getAttribute('aria-label')) ?? '')?.[1]);
  const preview = (await done.locator('.receipt-preview').textContent()) ?? '';
  await done.getByRole('button', { name: 'Nouvelle vente' }).click();
  return { receiptNo, preview };
}

describe('sale time on screen = sale time on paper', () => {
  for (const timezoneId of ['UTC', 'Asia/Tokyo']) {
    it(
      `in a browser whose time zone is ${timezoneId}`,
      async () => {
        const context = await till.browser.newContext({
          viewport: { width: 1280, height: 800 },
          locale: 'fr-MA',
          timezoneId,
        });
        try {
          const page = await context.newPage();
          page.setDefaultTimeout(30_000);
          await page.goto(till.station.url);
          const { receiptNo, preview } = await sellOne(page);
          jobs++;
          const printed = await till.devices.printer.waitForJobs(jobs);
          const paper = decodeEscPos(printed[jobs - 1]!).lines.join('\n');
          const paperTime = DATE_TIME.exec(paper)?.[0];
          expect(paperTime).toBeDefined();
          expect(DATE_TIME.exec(preview)?.[0]).toBe(paperTime);

          // The paper itself is Casablanca time from Node's tz database.
          const token = await loginToken(till.station.url, shop.users.cashier.id, shop.users.cashier.pin);
          const sale = await apiOk<{ at: number }>(
            till.station.url,
            'sales.byReceipt',
            { tillId: 'T1', receiptNo },
            token,
          );
          expect(paperTime).toBe(formatLocalDateTime(sale.at, zoneOffsetMinutes(sale.at)));

          // The Returns screen names the sale with the same clock (to the minute).
          await page.keyboard.press('F2');
          await page
            .getByRole('heading', { name: /Retour/ })
            .first()
            .waitFor();
          const input = page.getByLabel(/ticket/i).first();
          await input.fill(String(receiptNo));
          await input.press('Enter');
          const heading = page.locator('.returns h2');
          await heading.waitFor();
          const hhmm = paperTime!.slice(11, 16);
          await expect.poll(() => heading.textContent()).toContain(hhmm);
        } finally {
          await context.close();
        }
      },
      STEP,
    );
  }
});
