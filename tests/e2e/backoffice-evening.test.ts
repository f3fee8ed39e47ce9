/**
 * The store manager's evening, in Chromium: she closes the till with a Z, logs in again and works in the
 * back office (a settlement, the stock, a delivery) without opening a new cash session, the way she really
 * does after the shop shuts. Also: one click on a PDF gives one download and no extra tab, the receiving
 * form keeps the typed quantity where the manager typed it, greyed-out buttons say what is missing, and a
 * negative draft is issued as a debit note.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const STEP = 120_000;

let shop: Shop;
let till: Till;
let page: Page;
let managerToken = '';

async function sell(token: string, clientId: string, productId: number, quantity: number, total: number) {
  return apiOk<{ id: number; lines: { id: number }[] }>(
    till.station.url,
    'sales.checkout',
    {
      clientId,
      lines: [{ productId, quantity }],
      payments: [{ method: 'cash', amount: total, tendered: total }],
    },
    token,
  );
}

beforeAll(async () => {
  shop = makeShop();
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
  const url = till.station.url;
  managerToken = await loginToken(url, shop.users.manager.id, shop.users.manager.pin);
  const cashier = await loginToken(url, shop.users.cashier.id, shop.users.cashier.pin);
  await apiOk(url, 'cash.open', { openingFloat: 50_000 }, cashier);
  // Two argan oils at 120 DH: the evening's settlement pays the argan cooperative.
  await sell(cashier, 'e2e-evening-oil', shop.fx.products.oil.id, 2000, 24_000);
  // A kilo of honey, settled at once, then returned: the honey cooperative's next draft is negative.
  const honeySale = await sell(cashier, 'e2e-evening-honey', shop.fx.products.honeyKg.id, 1000, 25_000);
  await apiOk(
    url,
    'settlements.issue',
    { cooperativeId: shop.fx.coops.honey.id, periodEnd: Date.now() },
    managerToken,
  );
  await apiOk(
    url,
    'returns.create',
    {
      clientId: 'e2e-evening-honey-return',
      saleId: honeySale.id,
      lines: [{ saleLineId: honeySale.lines[0]!.id, quantity: 1000, restock: true }],
      reason: 'Pot fêlé',
      refundMethod: 'cash',
    },
    managerToken,
  );
  await apiOk(url, 'auth.logout', {}, cashier);
}, STEP);

afterAll(async () => {
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

const nav = (name: string) => page.locator('.sidenav').getByRole('button', { name });

describe('the evening after the Z, in the back office without a cash session', () => {
  it(
    'closes the till with a Z and logs out',
    async () => {
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await nav('Clôture (Z)').click();
      await page.getByLabel(/^Nombre de 200,00/).fill('4');
      await page.getByRole('button', { name: 'Clôturer la caisse (Z)' }).click();
      await page
        .getByRole('dialog', { name: 'Clôturer la caisse ?' })
        .getByRole('button', { name: 'Clôturer la caisse (Z)' })
        .click();
      const approval = page.getByRole('dialog', { name: 'Autorisation du responsable' });
      if (await approval.isVisible()) {
        for (const d of shop.users.manager.pin)
          await approval.getByRole('button', { name: d, exact: true }).click();
        await approval.locator('.key-primary').click();
      }
      await page.getByTestId('z-report').waitFor();
      await page.getByRole('button', { name: 'Terminer' }).click();
      // Done with the Z, the manager stays in the back office: the menu is still there.
      await nav('Relevés').waitFor();
      expect(await apiOk(till.station.url, 'cash.current', {}, managerToken)).toBeNull();
      await page.locator('.user-badge').getByRole('button', { name: 'Déconnexion' }).click();
    },
    STEP,
  );

  it(
    'logs in again as the manager and gets the menu, with the back office offered on the open-session screen',
    async () => {
      await loginWithPinPad(page, 'Samira', shop.users.manager.pin);
      await page.getByRole('heading', { name: 'Ouverture de caisse' }).waitFor();
      expect(await page.locator('.sidenav').isVisible()).toBe(true);
      await screenshot(page, 'fr-12-open-session-back-office');
      await page.getByRole('button', { name: 'Back-office' }).click();
      await page.getByRole('heading', { name: 'Réception' }).waitFor();
      // Selling still needs a session: the till entries lead to the open-session screen, not the till.
      await nav('Vente').click();
      await page.getByRole('heading', { name: 'Ouverture de caisse' }).waitFor();
      expect(await page.getByPlaceholder(/Scanner ou chercher/).count()).toBe(0);
    },
    STEP,
  );

  it(
    'issues the argan settlement and downloads its PDF in one click: one download, no extra tab',
    async () => {
      await nav('Relevés').click();
      await page.locator('main').getByLabel('Coopérative').selectOption(String(shop.fx.coops.argan.id));
      await page.getByRole('button', { name: 'Préparer le relevé' }).click();
      const statement = page.getByTestId('statement');
      await statement.waitFor();
      await statement.getByRole('button', { name: 'Émettre le relevé' }).click();
      await page
        .getByRole('dialog', { name: 'Émettre le relevé' })
        .getByRole('button', { name: 'Émettre le relevé' })
        .click();
      // The list shows the chosen cooperative's statements: this one, the first for argan.
      await expect.poll(() => page.getByTestId('settlement-row').count()).toBe(1);
      await statement.getByText(/^RG-/).first().waitFor();

      const pages: Page[] = [];
      const downloads: string[] = [];
      const onPage = (p: Page) => pages.push(p);
      till.context.on('page', onPage);
      page.on('download', (d) => downloads.push(d.suggestedFilename()));
      try {
        await statement.getByRole('button', { name: 'PDF' }).click();
        // The statement is printed by the station's Chromium, started on the first document: seconds on a busy PC.
        await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1);
        // Give a second tab or a second download the time to show up, if the click made one.
        await page.waitForTimeout(1500);
        expect(downloads).toHaveLength(1);
        expect(downloads[0]).toMatch(/\.pdf$/);
        expect(pages).toHaveLength(0);
        expect(till.context.pages()).toHaveLength(1);
      } finally {
        till.context.off('page', onPage);
        page.removeAllListeners('download');
      }

      const list = await apiOk<{ cooperativeId: number; payout: number }[]>(
        till.station.url,
        'settlements.list',
        { cooperativeId: shop.fx.coops.argan.id },
        managerToken,
      );
      expect(list).toHaveLength(1);
      expect(list[0]!.payout).toBeGreaterThan(0);
      expect(await apiOk(till.station.url, 'cash.current', {}, managerToken)).toBeNull();
    },
    STEP,
  );

  it(
    '"Marquer payé" says at the field that it needs a reference',
    async () => {
      const statement = page.getByTestId('statement');
      const button = statement.getByRole('button', { name: 'Marquer payé' });
      expect(await button.isDisabled()).toBe(true);
      const field = statement.getByLabel('Référence du paiement');
      const hintId = await field.getAttribute('aria-describedby');
      expect(hintId).toBeTruthy();
      const hint = page.locator(`[id="${hintId}"]`);
      expect(await hint.textContent()).toBe('Saisissez la référence du virement ou du chèque.');
      expect(await button.getAttribute('aria-describedby')).toBe(hintId);
      await field.fill('VIR-2611');
      expect(await button.isEnabled()).toBe(true);
      expect(await hint.count()).toBe(0);
      await button.click();
      await statement.getByText(/VIR-2611/).waitFor();
    },
    STEP,
  );

  it(
    'shows the honey cooperative’s negative balance plainly and issues it as a debit note',
    async () => {
      await page.locator('main').getByLabel('Coopérative').selectOption(String(shop.fx.coops.honey.id));
      await page.getByRole('button', { name: 'Préparer le relevé' }).click();
      const statement = page.getByTestId('statement');
      await statement.getByTestId('statement-debit').waitFor();
      // 1 kg returned at 250 DH, fixed payout 180 DH/kg: the cooperative owes the shop 180 DH.
      expect(await statement.getByTestId('statement-debit').textContent()).toContain('180,00');
      expect(await statement.getByRole('button', { name: 'Émettre le relevé' }).count()).toBe(0);
      await screenshot(page, 'fr-13-debit-note-draft');
      await setLanguage(page, 'ar');
      expect(await statement.getByTestId('statement-debit').textContent()).toContain('تعاونية عسل الأطلس');
      await statement.getByRole('button', { name: 'إصدار إشعار مدين' }).waitFor();
      await screenshot(page, 'ar-13-debit-note-draft');
      await setLanguage(page, 'fr');
      await statement.getByRole('button', { name: 'Émettre une note de débit' }).click();
      await page
        .getByRole('dialog', { name: 'Émettre une note de débit' })
        .getByRole('button', { name: 'Émettre une note de débit' })
        .click();
      await statement.getByText(/^ND-/).first().waitFor();
      const list = await apiOk<{ number: string; kind: string; payout: number }[]>(
        till.station.url,
        'settlements.list',
        { cooperativeId: shop.fx.coops.honey.id },
        managerToken,
      );
      const note = list.find((s) => s.kind === 'debit_note');
      expect(note?.number).toMatch(/^ND-/);
      expect(note?.payout).toBe(-18_000);
    },
    STEP,
  );

  it(
    'shows the stock without a session',
    async () => {
      await nav('Stock').click();
      await page.getByRole('heading', { name: 'Stock' }).waitFor();
      await expect.poll(() => page.getByTestId('stock-row').count()).toBeGreaterThan(0);
      const oil = page.getByTestId('stock-row').filter({ hasText: "Huile d'argan alimentaire 250 ml" });
      // 50 received by the fixture, 2 sold.
      expect(await oil.getByTestId('stock-onhand').textContent()).toBe('48');
      expect(await apiOk(till.station.url, 'cash.current', {}, managerToken)).toBeNull();
    },
    STEP,
  );

  it(
    'manages the cashiers from Paramètres, without the shop identity tabs or any other role on offer',
    async () => {
      await nav('Paramètres').click();
      const tabs = page.getByRole('tablist').getByRole('tab');
      await expect
        .poll(() => tabs.allTextContents())
        // TVA is read-only for a manager (the admin adds a law's rate); the shop identity and fiscal tabs are the admin's.
        .toEqual(['Utilisateurs', 'Coopératives', 'Périphériques', 'TVA']);
      await page.getByRole('tab', { name: 'Utilisateurs' }).click();
      const panel = page.getByRole('tabpanel');
      await panel.getByTestId('user-row').first().waitFor();
      // Only a cashier can be added; the admin's and her own rows cannot be edited.
      const newRole = panel.locator('.row select').first();
      expect(await newRole.locator('option').allTextContents()).toEqual(['Caissier']);
      expect(await panel.getByLabel('Actif Admin').isDisabled()).toBe(true);
      expect(await panel.getByLabel('Actif Samira').isDisabled()).toBe(true);
      expect(await panel.getByLabel('Actif Youssef').isEnabled()).toBe(true);
      await panel.getByLabel('Nom', { exact: true }).fill('Hind');
      await panel.getByLabel('Code PIN', { exact: true }).fill('4321');
      await panel.getByRole('button', { name: 'Ajouter l’utilisateur' }).click();
      await panel.getByTestId('user-row').filter({ hasText: 'Hind' }).waitFor();
      const users = await apiOk<{ name: string; role: string }[]>(
        till.station.url,
        'users.list',
        {},
        managerToken,
      );
      expect(users.find((u) => u.name === 'Hind')?.role).toBe('cashier');
    },
    STEP,
  );

  it(
    'receives a delivery: a new product takes the next quantity typed, and an empty quantity says so',
    async () => {
      await nav('Réception').click();
      await page.locator('main').getByLabel('Coopérative').selectOption(String(shop.fx.coops.argan.id));
      await page.getByLabel('N° du bon de livraison').fill('BL-SOIR-01');
      await page.getByLabel('Scanner ou chercher un produit de la coopérative').click();
      await scan(page, shop.codes.oil);
      const lines = page.getByTestId('receive-line');
      await expect.poll(() => lines.count()).toBe(1);
      const oilQty = lines.nth(0).getByLabel(/^Quantité de /);
      await oilQty.fill('24');

      await page.getByRole('button', { name: 'Nouveau produit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouveau produit' });
      await dialog.getByLabel('Référence (SKU)').fill('ARG-COS-100');
      await dialog.getByLabel('Nom (français)').fill('Huile d’argan cosmétique 100 ml');
      await dialog.getByLabel('Détail').fill('95');
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => lines.count()).toBe(2);
      await page.keyboard.type('30');
      expect(await oilQty.inputValue()).toBe('24');
      const newQty = lines.nth(1).getByLabel(/^Quantité de /);
      expect(await newQty.inputValue()).toBe('30');

      // An emptied quantity greys the button out and says why, next to that field.
      await newQty.fill('');
      const submit = page.getByRole('button', { name: 'Enregistrer la réception' });
      expect(await submit.isDisabled()).toBe(true);
      const hintId = await newQty.getAttribute('aria-describedby');
      expect(hintId).toBeTruthy();
      expect(await page.locator(`[id="${hintId}"]`).textContent()).toBe('Saisissez la quantité reçue.');
      expect(await submit.getAttribute('aria-describedby')).toContain(hintId!);
      await newQty.fill('30');
      expect(await submit.isEnabled()).toBe(true);
      expect(await newQty.getAttribute('aria-describedby')).toBeNull();
      await submit.click();
      await page.getByRole('dialog', { name: /Étiquettes de la livraison n° \d+/ }).waitFor();
      expect(await apiOk(till.station.url, 'cash.current', {}, managerToken)).toBeNull();
      expect(till.browserErrors).toEqual([]);
    },
    STEP,
  );
});
