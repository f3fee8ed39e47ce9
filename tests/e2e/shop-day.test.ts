import { rmSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
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
import { makeShop, SHOP_NAME, type Shop } from './shop-data';

const STEP = 120_000;

let shop: Shop;
let till: Till;
let page: Page;

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

/** The receipt the virtual printer got for the nth job (1-based), as the customer reads it. */
async function receipt(n: number): Promise<string> {
  const jobs = await till.devices.printer.waitForJobs(n);
  const job = jobs[n - 1];
  if (!job) throw new Error(`no print job ${n}`);
  return decodeEscPos(job).lines.join('\n');
}

const cartLines = () => page.getByTestId('cart-line');
/** Only the digits of an amount ("1.189,50 MAD" -> "118950"): the grouping mark varies between ICU builds. */
const digits = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\D/g, '');
let saleOneReceiptNo = 0;

describe('a shop day in Chromium', () => {
  it(
    'logs the cashier in on the PIN pad and opens the till with a float',
    async () => {
      await page.getByRole('button', { name: /Youssef/ }).waitFor();
      await screenshot(page, 'fr-01-login');
      await setLanguage(page, 'ar');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await screenshot(page, 'ar-01-login');
      await setLanguage(page, 'fr');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

      await loginWithPinPad(page, 'Youssef', shop.users.cashier.pin);
      await page.getByRole('heading', { name: 'Ouverture de caisse' }).waitFor();
      await page.getByLabel('Fond de caisse').fill('500');
      await expect.poll(() => page.getByTestId('opening-float').textContent()).toMatch(/500,00/);
      await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
      await page.getByPlaceholder(/Scanner ou chercher/).waitFor();
      await expect.poll(() => page.locator('.user-badge').textContent()).toContain('Youssef');
    },
    STEP,
  );

  it(
    'sells by scan at retail, then crosses the semi-wholesale threshold with a typed quantity',
    async () => {
      await scan(page, shop.codes.oil);
      await expect.poll(() => cartLines().count()).toBe(1);
      await expect.poll(() => digits(page.getByTestId('line-amount').first())).toBe('12000');
      expect(await page.getByTestId('tier').first().textContent()).toBe('Détail');

      // "5*" by hand, then the next scan adds five pieces to the same line: 6 pieces reach the semi tier.
      await page.keyboard.type('5*', { delay: 120 });
      await page.getByText('Quantité suivante : ×5').waitFor();
      await scan(page, shop.codes.oil);
      await expect.poll(() => page.getByTestId('line-qty').first().textContent()).toMatch(/^6/);
      await expect.poll(() => page.getByTestId('tier').first().textContent()).toBe('Demi-gros');
      expect(await digits(page.getByTestId('cart-total'))).toBe('64800');
      await screenshot(page, 'fr-02-sell-cart');

      await page.keyboard.press('F12');
      const pay = page.getByRole('dialog', { name: 'Paiement' });
      await pay.waitFor();
      expect(await digits(pay.getByTestId('pay-due'))).toBe('64800');
      await pay.getByLabel('Reçu').fill('700');
      await expect.poll(() => digits(pay.getByTestId('pay-change'))).toBe('5200');
      await pay.getByLabel('Reçu').press('Enter');
      const done = page.getByRole('dialog', { name: /Ticket n° \d+/ });
      await done.waitFor();
      expect(await digits(done.getByTestId('receipt-change'))).toBe('5200');
      saleOneReceiptNo = Number(/n° (\d+)/.exec((await done.getAttribute('aria-label')) ?? '')?.[1]);
      expect(saleOneReceiptNo).toBeGreaterThan(0);

      const paper = await receipt(1);
      expect(paper).toContain(SHOP_NAME);
      expect(paper).toContain("Huile d'argan alimentaire 250 ml");
      expect(paper).toMatch(/6 x 108,00.*\(Demi-gros\)/);
      expect(paper).toMatch(/Total.*648,00/);
      expect(paper).toMatch(/Rendu.*52,00/);
      expect(paper).toContain(String(saleOneReceiptNo));
      await done.getByRole('button', { name: 'Nouvelle vente' }).click();
      await expect.poll(() => cartLines().count()).toBe(0);
    },
    STEP,
  );

  it(
    'sells to a wholesale customer account, in Arabic, paid by card',
    async () => {
      await setLanguage(page, 'ar');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await page.keyboard.press('F4');
      const pick = page.getByRole('dialog');
      await pick.getByRole('button', { name: /Hôtel La Tour Hassan/ }).click();
      await pick.waitFor({ state: 'detached' });
      await scan(page, shop.codes.amlou);
      await expect.poll(() => cartLines().count()).toBe(1);
      await scan(page, shop.codes.amlou);
      await expect.poll(() => page.getByTestId('line-qty').first().textContent()).toMatch(/^2/);
      // Two jars are far below the wholesale quantity: the account's tier prices them.
      expect(await page.locator('.cart-table .tier-wholesale').count()).toBe(1);
      await expect.poll(() => page.locator('.line-name').first().textContent()).toBe('أملو باللوز 300 غ');
      expect(await digits(page.getByTestId('cart-total'))).toBe('10400');
      await screenshot(page, 'ar-02-sell-cart');

      await page.keyboard.press('F12');
      const pay = page.getByRole('dialog', { name: 'الدفع' });
      await pay.waitFor();
      await pay.getByRole('radio', { name: 'بطاقة' }).click();
      await screenshot(page, 'ar-03-pay');
      await pay.getByRole('button', { name: 'تأكيد البيع' }).click();
      const done = page.getByRole('dialog', { name: /\d+/ });
      await done.getByRole('button', { name: 'بيع جديد' }).waitFor();
      await screenshot(page, 'ar-04-receipt');
      const paper = await receipt(2);
      expect(paper).toContain('Amlou aux amandes 300 g');
      expect(paper).toMatch(/2 x 52,00.*\(Gros\)/);
      expect(paper).toMatch(/Total.*104,00/);
      expect(paper).toMatch(/Carte.*104,00/);
      expect(paper).not.toMatch(/Rendu/);
      await done.getByRole('button', { name: 'بيع جديد' }).click();
      await done.waitFor({ state: 'detached' });
      await setLanguage(page, 'fr');
    },
    STEP,
  );

  it(
    'weighs honey on the scale and scans a weight label, then splits card + cash with change',
    async () => {
      await page.keyboard.type('miel', { delay: 80 });
      await page.getByRole('option', { name: /Miel de thym/ }).waitFor();
      await page.keyboard.press('Enter');
      const weigh = page.getByRole('dialog', { name: /Pesée : Miel de thym/ });
      await weigh.getByRole('button', { name: 'Lire la balance' }).click();
      await weigh.waitFor({ state: 'detached' });
      await expect.poll(() => cartLines().count()).toBe(1);
      expect(await page.getByTestId('line-qty').first().textContent()).toMatch(/1,25/);
      expect(await digits(page.getByTestId('line-amount').first())).toBe('31250');

      const rule = DEFAULT_NOMENCLATURE.find((r) => r.name === 'weight-21');
      if (!rule) throw new Error('weight-21 rule missing');
      const label = makeEmbeddedCode(rule, shop.fx.products.honeyKg.scaleRef ?? '', 500);
      expect(label).toMatch(/^2100042005\d{3}$/);
      await scan(page, label);
      await expect.poll(() => cartLines().count()).toBe(2);
      expect(await page.getByTestId('line-qty').nth(1).textContent()).toMatch(/0,5/);
      expect(await digits(page.getByTestId('line-amount').nth(1))).toBe('12500');
      expect(await digits(page.getByTestId('cart-total'))).toBe('43750');
      await screenshot(page, 'fr-02b-sell-weighed');

      await page.keyboard.press('F12');
      const pay = page.getByRole('dialog', { name: 'Paiement' });
      await pay.getByRole('radio', { name: 'Carte' }).click();
      await pay.getByLabel('Montant').fill('200');
      await pay.getByRole('button', { name: 'Ajouter le paiement' }).click();
      await expect.poll(() => digits(pay.getByTestId('pay-remaining'))).toBe('23750');
      await pay.getByRole('radio', { name: 'Espèces' }).click();
      await pay.getByLabel('Reçu').fill('250');
      await expect.poll(() => digits(pay.getByTestId('pay-change'))).toBe('1250');
      await screenshot(page, 'fr-03-pay');
      await pay.getByLabel('Reçu').press('Enter');
      const done = page.getByRole('dialog', { name: /Ticket n° \d+/ });
      await done.waitFor();
      expect(await digits(done.getByTestId('receipt-change'))).toBe('1250');
      await screenshot(page, 'fr-04-receipt');

      const paper = await receipt(3);
      expect(paper).toContain('Miel de thym (vrac)');
      expect(paper).toMatch(/Total.*437,50/);
      expect(paper).toMatch(/Carte.*200,00/);
      expect(paper).toMatch(/Esp.*237,50/);
      expect(paper).toMatch(/Rendu.*12,50/);
      await done.getByRole('button', { name: 'Nouvelle vente' }).click();
      await expect.poll(() => cartLines().count()).toBe(0);
    },
    STEP,
  );

  it(
    'refuses an out-of-stock sale naming the product and its cooperative, and keeps the cart',
    async () => {
      await scan(page, shop.codes.soap);
      await expect.poll(() => cartLines().count()).toBe(1);
      await page.keyboard.press('F12');
      const pay = page.getByRole('dialog', { name: 'Paiement' });
      await pay.getByLabel('Reçu').press('Enter');
      const alert = pay.getByRole('alert');
      await alert.waitFor();
      const message = await alert.textContent();
      expect(message).toContain('Stock insuffisant');
      expect(message).toContain('Savon noir à l’eucalyptus');
      expect(message).toContain('Coopérative Miel Atlas');
      await screenshot(page, 'fr-05-out-of-stock');
      await page.keyboard.press('Escape');
      await pay.waitFor({ state: 'detached' });
      expect(await cartLines().count()).toBe(1);

      // Removing a scanned line needs the manager.
      await page.keyboard.press('Delete');
      const approval = page.getByRole('dialog', { name: 'Autorisation du responsable' });
      await approval.getByRole('radio', { name: 'Samira' }).click();
      for (const d of shop.users.manager.pin)
        await approval.getByRole('button', { name: d, exact: true }).click();
      await approval.locator('.key-primary').click();
      await expect.poll(() => cartLines().count()).toBe(0);
      expect(till.devices.printer.jobs()).toHaveLength(3);
    },
    STEP,
  );

  it(
    'takes back one line of the first sale as a customer return, approved by the manager',
    async () => {
      await page.keyboard.press('F2');
      await page.getByRole('heading', { name: 'Retour client' }).waitFor();
      const field = page.getByLabel('Numéro de ticket');
      await field.fill(String(saleOneReceiptNo));
      await field.press('Enter');
      await page.getByText(`Ticket n° ${saleOneReceiptNo} du`).waitFor();
      await page.getByLabel('Quantité retournée').first().fill('1');
      await page.getByLabel('Motif').fill('Flacon abîmé');
      await screenshot(page, 'fr-06-returns');
      await setLanguage(page, 'ar');
      await screenshot(page, 'ar-06-returns');
      await setLanguage(page, 'fr');
      await page.getByRole('button', { name: 'Rembourser' }).click();
      const approval = page.getByRole('dialog', { name: 'Autorisation du responsable' });
      await approval.getByRole('radio', { name: 'Samira' }).click();
      for (const d of shop.users.manager.pin)
        await approval.getByRole('button', { name: d, exact: true }).click();
      await approval.locator('.key-primary').click();
      const toast = page.getByRole('status').filter({ hasText: /Retour n° \d+/ });
      await toast.waitFor();
      expect(await digits(toast)).toMatch(/10800$/);
    },
    STEP,
  );

  it(
    'shows the X report with the day so far',
    async () => {
      await page.keyboard.press('F3');
      // float 500 + cash 648 + cash 237.50 - refund 108 (cash)
      await expect.poll(() => digits(page.getByTestId('x-expected'))).toBe('127750');
      expect(await digits(page.getByTestId('x-sales'))).toBe('118950');
      await screenshot(page, 'fr-07-cash-report');
      await setLanguage(page, 'ar');
      await screenshot(page, 'ar-07-cash-report');
      await setLanguage(page, 'fr');
    },
    STEP,
  );
});

/** The manager's end of the day, in the same browser after the cashier logs out. */
describe('the manager closes the day in Chromium', () => {
  async function approveIfAsked(): Promise<void> {
    const approval = page.getByRole('dialog', { name: 'Autorisation du responsable' });
    if (!(await approval.isVisible())) return;
    for (const d of shop.users.manager.pin)
      await approval.getByRole('button', { name: d, exact: true }).click();
    await approval.locator('.key-primary').click();
  }

  it(
    'closes the till with a note-by-note count and shows the Z report with its variance',
    async () => {
      await page.locator('.user-badge').getByRole('button', { name: 'Déconnexion' }).click();
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.getByRole('button', { name: /Clôture \(Z\)/ }).click();
      await expect.poll(() => digits(page.getByTestId('close-expected'))).toBe('127750');
      // 1 257,50 counted against 1 277,50 expected: 20 DH missing.
      const counts: [string, string][] = [
        ['200,00', '6'],
        ['50,00', '1'],
        ['5,00', '1'],
        ['2,00', '1'],
        ['0,50', '1'],
      ];
      for (const [denomination, count] of counts)
        await page.getByLabel(new RegExp(`^Nombre de ${denomination}`)).fill(count);
      await expect.poll(() => digits(page.getByTestId('close-counted'))).toBe('125750');
      expect(await page.getByTestId('close-variance').textContent()).toMatch(/[-−]\s*20,00/);
      await screenshot(page, 'fr-08-cash-close');
      await page.getByRole('button', { name: 'Clôturer la caisse (Z)' }).click();
      await page
        .getByRole('dialog', { name: 'Clôturer la caisse ?' })
        .getByRole('button', { name: 'Clôturer la caisse (Z)' })
        .click();
      await approveIfAsked();
      const z = page.getByTestId('z-report');
      await z.waitFor();
      expect(await page.getByTestId('z-variance').textContent()).toMatch(/[-−]\s*20,00/);
      await screenshot(page, 'fr-09-z-report');
      await setLanguage(page, 'ar');
      await screenshot(page, 'ar-09-z-report');
      await setLanguage(page, 'fr');

      const token = await loginToken(till.station.url, shop.users.manager.id, shop.users.manager.pin);
      expect(await apiOk(till.station.url, 'cash.current', {}, token)).toBeNull();
    },
    STEP,
  );

  it(
    'issues the argan cooperative settlement whose totals hold to the centime, and its PDF',
    async () => {
      await page.getByRole('button', { name: /Relevés/ }).click();
      await page.locator('select').first().selectOption(String(shop.fx.coops.argan.id));
      await page.getByRole('button', { name: 'Préparer le relevé' }).click();
      const statement = page.getByTestId('statement');
      await statement.waitFor();
      // 6 oils at 108 - 1 returned + 2 amlou at 52 (wholesale account) = 644,00; commission 25 %.
      await expect.poll(() => digits(page.getByTestId('statement-net'))).toBe('64400');
      expect(await digits(page.getByTestId('statement-commission'))).toBe('16100');
      expect(await digits(page.getByTestId('statement-payout'))).toBe('48300');
      await screenshot(page, 'fr-10-settlement');
      await statement.getByRole('button', { name: 'Émettre le relevé' }).click();
      await page
        .getByRole('dialog', { name: 'Émettre le relevé' })
        .getByRole('button', { name: 'Émettre le relevé' })
        .click();
      await page.getByTestId('settlement-row').first().waitFor();
      await setLanguage(page, 'ar');
      await screenshot(page, 'ar-10-settlement');
      await setLanguage(page, 'fr');

      const token = await loginToken(till.station.url, shop.users.manager.id, shop.users.manager.pin);
      const list = await apiOk<{ id: number }[]>(
        till.station.url,
        'settlements.list',
        { cooperativeId: shop.fx.coops.argan.id },
        token,
      );
      expect(list).toHaveLength(1);
      const id = list[0]?.id ?? 0;
      const issued = await apiOk(till.station.url, 'settlements.get', { id }, token);
      expect(issued.status).toBe('issued');
      expect(issued.totals.netSales).toBe(64_400);
      expect(issued.totals.commission + issued.totals.payout).toBe(issued.totals.netSales);
      const pdf = await apiOk<{ fileName: string; pdfBase64: string }>(
        till.station.url,
        'settlements.pdf',
        { id },
        token,
      );
      const bytes = Buffer.from(pdf.pdfBase64, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.fileName).toMatch(/\.pdf$/);
    },
    STEP,
  );
});
