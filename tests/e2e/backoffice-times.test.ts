/**
 * The manager's screens show the shop's time as the documents print it, whatever the browser's time zone
 * and tz data. Debian's Chromium puts Africa/Casablanca at UTC+0 in December 2026 where Node (right) says
 * UTC+1, so anything formatted with the browser's Intl was an hour behind the PDF: the Z "closed at", the
 * issued statement's time, and the end of a settlement period picked as a date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocalDate, formatLocalTime, localDayKey, zoneOffsetMinutes } from '../../core/time';
import { apiOk, loginToken, loginWithPinPad, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 180_000;
const DAY_MS = 86_400_000;

let shop: Shop;
let till: Till;
let managerToken = '';

/** What Node's tz database (the one the documents use) says the shop's clock showed at `at`. */
const nodeDate = (at: number) => formatLocalDate(at, zoneOffsetMinutes(at));
const nodeTime = (at: number) => formatLocalTime(at, zoneOffsetMinutes(at), false);

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  await till.page.close();
  managerToken = await loginToken(till.station.url, shop.users.manager.id, shop.users.manager.pin);
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

/** One sale per run, each of its own cooperative: each run settles a period nobody settled yet. */
const RUNS = [
  {
    timezoneId: 'UTC',
    coop: () => shop.fx.coops.argan.id,
    product: () => shop.fx.products.oil.id,
    qty: 1000,
    total: 12_000,
  },
  {
    timezoneId: 'Asia/Tokyo',
    coop: () => shop.fx.coops.honey.id,
    product: () => shop.fx.products.honeyKg.id,
    qty: 1000,
    total: 25_000,
  },
];

async function openAndSell(clientId: string, run: (typeof RUNS)[number]): Promise<void> {
  const url = till.station.url;
  const cashier = await loginToken(url, shop.users.cashier.id, shop.users.cashier.pin);
  await apiOk(url, 'cash.open', { openingFloat: 10_000 }, cashier);
  await apiOk(
    url,
    'sales.checkout',
    {
      clientId,
      lines: [{ productId: run.product(), quantity: run.qty }],
      payments: [{ method: 'cash', amount: run.total, tendered: run.total }],
    },
    cashier,
  );
  await apiOk(url, 'auth.logout', {}, cashier);
}

async function closeWithZ(page: Page): Promise<string> {
  await page.locator('.sidenav').getByRole('button', { name: 'Clôture (Z)' }).click();
  await page.getByLabel(/^Nombre de 200,00/).fill('1');
  await page.getByRole('button', { name: 'Clôturer la caisse (Z)' }).click();
  await page
    .getByRole('dialog', { name: 'Clôturer la caisse ?' })
    .getByRole('button', { name: 'Clôturer la caisse (Z)' })
    .click();
  const closed = page.getByTestId('z-report').getByText(/^Clôturée le /);
  await closed.waitFor();
  return (await closed.textContent()) ?? '';
}

describe('manager screens show the time the documents print', () => {
  let n = 0;
  for (const run of RUNS) {
    const { timezoneId } = run;
    it(
      `in a browser whose time zone is ${timezoneId}`,
      async () => {
        n++;
        await openAndSell(`e2e-times-${n}`, run);
        let context: BrowserContext | null = null;
        try {
          context = await till.browser.newContext({
            viewport: { width: 1280, height: 800 },
            locale: 'fr-MA',
            timezoneId,
            acceptDownloads: true,
          });
          const page = await context.newPage();
          page.setDefaultTimeout(30_000);
          await page.goto(till.station.url);
          await loginWithPinPad(page, 'Samira', shop.users.manager.pin);

          // The Z: "Clôturée le" on screen = the Z report the station prints = Node's Casablanca time.
          const onScreen = await closeWithZ(page);
          const sessions = await apiOk<{ id: number; closedAt: number | null }[]>(
            till.station.url,
            'cash.sessions',
            {},
            managerToken,
          );
          const session = sessions.find(
            (s) => s.closedAt !== null && s.id === Math.max(...sessions.map((x) => x.id)),
          );
          const closedAt = session!.closedAt!;
          expect(onScreen).toContain(nodeDate(closedAt));
          expect(onScreen).toContain(nodeTime(closedAt));
          const { lines } = await apiOk<{ lines: string[] }>(
            till.station.url,
            'cash.printReport',
            { sessionId: session!.id, print: false },
            managerToken,
          );
          const printed = lines.find((l) => l.startsWith('Clôture')) ?? '';
          expect(printed).toContain(`${nodeDate(closedAt)} ${nodeTime(closedAt)}`);
          // Straight from the Z to the statements, as the manager does at the end of the day.

          // A period ending on a chosen day ends at that day's last minute in Casablanca.
          await page.locator('.sidenav').getByRole('button', { name: 'Relevés' }).click();
          await page.locator('main').getByLabel('Coopérative').selectOption(String(run.coop()));
          const now = Date.now();
          const yesterday = localDayKey(now - DAY_MS, zoneOffsetMinutes(now - DAY_MS));
          const [y, m, d] = yesterday.split('-');
          const periodDate = page.getByLabel('Fin de période');
          // The date field starts on the shop's today, not the browser's, written dd/mm/yyyy (issue 14).
          const today = localDayKey(now, zoneOffsetMinutes(now)).split('-').reverse().join('/');
          expect(await periodDate.inputValue()).toBe(today);
          await periodDate.fill(`${d}/${m}/${y}`);
          await page.getByRole('button', { name: 'Préparer le relevé' }).click();
          const statement = page.getByTestId('statement');
          // The line under the heading: "start → end · status".
          const period = statement.locator('p.muted').first();
          await expect.poll(() => period.textContent()).toContain(`→ ${d}/${m}/${y} 23:59`);

          // Today's statement: its issue time on screen = in its PDF = Node's Casablanca time.
          await periodDate.fill(today);
          await page.getByRole('button', { name: 'Préparer le relevé' }).click();
          await expect.poll(() => period.textContent()).not.toContain(`→ ${d}/${m}/${y} 23:59`);
          await statement.getByRole('button', { name: 'Émettre le relevé' }).click();
          await page
            .getByRole('dialog', { name: 'Émettre le relevé' })
            .getByRole('button', { name: 'Émettre le relevé' })
            .click();
          const issuedLine = statement.getByTestId('statement-issued');
          await issuedLine.waitFor();
          const list = await apiOk<{ id: number; issuedAt: number; periodEnd: number }[]>(
            till.station.url,
            'settlements.list',
            { cooperativeId: run.coop() },
            managerToken,
          );
          const issued = list[0]!;
          const issuedText = (await issuedLine.textContent()) ?? '';
          expect(issuedText).toContain(`${nodeDate(issued.issuedAt)} ${nodeTime(issued.issuedAt)}`);
          expect(await period.textContent()).toContain(
            `→ ${nodeDate(issued.periodEnd)} ${nodeTime(issued.periodEnd)}`,
          );

          const download = page.waitForEvent('download');
          await statement.getByRole('button', { name: 'PDF' }).click();
          const file = await download;
          const pdfText = execFileSync('pdftotext', ['-layout', (await file.path())!, '-'], {
            encoding: 'utf8',
          });
          expect(
            readFileSync((await file.path())!)
              .subarray(0, 5)
              .toString('latin1'),
          ).toBe('%PDF-');
          expect(pdfText).toContain(`le ${nodeDate(issued.issuedAt)} ${nodeTime(issued.issuedAt)}`);
        } finally {
          await context?.close();
        }
      },
      STEP,
    );
  }
});
