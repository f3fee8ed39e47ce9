import { rmSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../core/barcode';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { apiOk, loginToken, loginWithPinPad, scan, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 120_000;

let shop: Shop;
let till: Till;
let page: Page;

const cartLines = () => page.getByTestId('cart-line');
const digits = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\D/g, '');
const errorToast = (text: string | RegExp) =>
  page.locator('.toasts').getByRole('alert').filter({ hasText: text });
const cspViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []);

/** Pays the cart in exact cash from the sell screen and waits for the receipt dialog. */
async function payExactCash(): Promise<Locator> {
  await page.keyboard.press('F12');
  const pay = page.getByRole('dialog', { name: 'Paiement' });
  await pay.getByLabel('Reçu').press('Enter');
  const done = page.getByRole('dialog', { name: /Ticket n° \d+/ });
  await done.waitFor();
  return done;
}

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
  // CSP violations are reported to the page; an init script is injected by the browser, outside the policy.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.reload();
  await loginWithPinPad(page, 'Youssef', shop.users.cashier.pin);
  await page.getByLabel('Fond de caisse').fill('300');
  await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
  await page.getByPlaceholder(/Scanner ou chercher/).waitFor();
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

describe('the till in Chromium explains what went wrong', () => {
  it(
    'runs a normal sale without console errors, page errors or CSP violations',
    async () => {
      await scan(page, shop.codes.oil);
      await scan(page, shop.codes.amlou);
      await expect.poll(() => cartLines().count()).toBe(2);
      const done = await payExactCash();
      await done.getByRole('button', { name: 'Nouvelle vente' }).click();
      await till.devices.printer.waitForJobs(1);
      await page.keyboard.press('F3');
      await expect.poll(() => digits(page.getByTestId('x-sales'))).toBe('18550');
      await page.keyboard.press('F1');
      expect(till.browserErrors).toEqual([]);
      expect(await cspViolations()).toEqual([]);
      // The policy really is in force: an inline script is refused and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.appendChild(s);
      });
      await expect.poll(cspViolations).toContainEqual(expect.stringMatching(/^script-src/));
      expect(
        await page.evaluate(() => (window as unknown as { __inline?: number }).__inline),
      ).toBeUndefined();
    },
    STEP,
  );

  it(
    'names an unknown barcode and an unreadable one, and adds nothing',
    async () => {
      const unknown = `611999999999${gs1CheckDigit('611999999999')}`;
      await scan(page, unknown);
      await errorToast(`Code-barres inconnu : ${unknown}`).waitFor();
      const broken = `611999999999${(gs1CheckDigit('611999999999') + 1) % 10}`;
      await scan(page, broken);
      await errorToast(/Code-barres illisible/).waitFor();
      expect(await cartLines().count()).toBe(0);
    },
    STEP,
  );

  it(
    'says the scale is moving instead of taking a wrong weight, then weighs once it is stable',
    async (ctx) => {
      const scale = till.devices.scale;
      if (!scale) {
        console.log('socat not installed: no simulated scale, scale message not tested');
        ctx.skip();
        return;
      }
      scale.set({ motion: true, grams: 830 });
      await page.keyboard.type('miel', { delay: 80 });
      await page.getByRole('option', { name: /Miel de thym/ }).waitFor();
      await page.keyboard.press('Enter');
      const weigh = page.getByRole('dialog', { name: /Pesée : Miel de thym/ });
      await weigh.getByRole('button', { name: 'Lire la balance' }).click();
      await weigh.getByRole('alert').filter({ hasText: 'La balance bouge' }).waitFor();
      expect(await cartLines().count()).toBe(0);
      scale.set({ motion: false });
      await weigh.getByRole('button', { name: 'Lire la balance' }).click();
      await weigh.waitFor({ state: 'detached' });
      await expect.poll(() => cartLines().count()).toBe(1);
      expect(await page.getByTestId('line-qty').first().textContent()).toMatch(/0,83/);
      expect(await digits(page.getByTestId('line-amount').first())).toBe('20750');
    },
    STEP,
  );

  it(
    'keeps the sale and queues its receipt when the printer is off, then prints it when it is back',
    async () => {
      await expect.poll(() => cartLines().count()).toBeGreaterThan(0);
      const printed = till.devices.printer.jobs().length;
      await till.devices.printer.setMode('refuse');
      const done = await payExactCash();
      const receiptNo = Number(/n° (\d+)/.exec((await done.getAttribute('aria-label')) ?? '')?.[1]);
      await errorToast('Imprimante hors ligne : le ticket est en attente de réimpression.').waitFor();
      // The sale is recorded: the receipt dialog stays and the station knows the receipt.
      expect(await done.isVisible()).toBe(true);
      const token = await loginToken(till.station.url, shop.users.manager.id, shop.users.manager.pin);
      const sale = await apiOk(till.station.url, 'sales.byReceipt', { tillId: 'T1', receiptNo }, token);
      expect(sale.receiptNo).toBe(receiptNo);
      const queue = await apiOk<unknown[]>(till.station.url, 'devices.printQueue', {}, token);
      expect(queue).toHaveLength(1);

      await till.devices.printer.setMode('online');
      const retried = await apiOk(till.station.url, 'devices.retryQueue', {}, token);
      expect(retried).toMatchObject({ printed: 1, failed: 0, pending: 0 });
      const jobs = await till.devices.printer.waitForJobs(printed + 1);
      const paper = decodeEscPos(jobs[printed] ?? Buffer.alloc(0)).lines.join('\n');
      expect(paper).toContain('Miel de thym (vrac)');
      expect(paper).toContain(String(receiptNo));
      await done.getByRole('button', { name: 'Nouvelle vente' }).click();
      await expect.poll(() => cartLines().count()).toBe(0);
    },
    STEP,
  );
});
