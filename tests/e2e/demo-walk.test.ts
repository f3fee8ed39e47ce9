/**
 * A new user on the demo (`npm start`'s database), in Chromium: the manager finds issue 13's screens filled
 * without typing anything first (a certificate ending soon flagged on Stock, an issued invoice, an account
 * left to invoice) and the Stock filters and headers read right at 1366x768 and 1024x768, in French and in
 * Arabic. Screenshots go to tests/artifacts/screenshots/demo-walk-*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, ensureDemoDatabase } from '../../db/demo/seed';
import { loginWithPinPad, screenshot, setLanguage, startTill, type Till } from './harness';

const STEP = 180_000;
let dir: string;
let till: Till;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souk-demo-walk-'));
  const dbFile = join(dir, 'souk-demo.db');
  await ensureDemoDatabase(dbFile);
  const admin = DEMO_USERS.findIndex((u) => u.role === 'admin');
  till = await startTill({ dbFile, admin: { id: admin + 1, pin: '0000' }, withDevices: false });
  page = till.page;
  await loginWithPinPad(page, 'Samira', '1111');
}, STEP);

afterAll(async () => {
  await till?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, STEP);

const menu = (name: string) => page.locator('.sidenav').getByRole('button', { name }).click();

/**
 * What reads wrong in the stock filters and headers: a header word broken across lines (a "Âg / e (j)"
 * column), a checkbox drawn as wide as a text field, away from its label.
 */
async function stockLayoutProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    document.querySelectorAll('.stock-table thead th').forEach((th) => {
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) problems.push(`header word "${m[0]}" broken over ${lines.size} lines`);
        }
      }
    });
    document.querySelectorAll<HTMLInputElement>('.stock-filters input[type="checkbox"]').forEach((box) => {
      const r = box.getBoundingClientRect();
      const label = box.closest('label')?.textContent?.trim();
      if (r.width > 48) problems.push(`checkbox "${label}" is ${Math.round(r.width)} px wide`);
    });
    return problems;
  });
}

describe('the demo for a new user, in Chromium', () => {
  it(
    'shows a certificate ending soon and an expired one on Stock and Certificates, fr and ar, 1366 and 1024',
    async () => {
      for (const lang of ['fr', 'ar'] as const) {
        await setLanguage(page, lang);
        for (const width of [1366, 1024]) {
          await page.setViewportSize({ width, height: 768 });
          await menu(lang === 'fr' ? 'Stock' : 'المخزون');
          const search = page.locator('.stock-filters input').first();
          await search.fill('argan');
          await expect
            .poll(() => page.getByTestId('stock-certificate').allTextContents())
            .toContainEqual(lang === 'fr' ? 'IGP expire dans 19 jours' : expect.stringMatching(/19|١٩/));
          expect(await stockLayoutProblems(), `${lang} ${width}`).toEqual([]);
          await screenshot(page, `demo-walk-stock-${lang}-${width}`);
        }
      }
      await setLanguage(page, 'fr');
      await page.setViewportSize({ width: 1366, height: 768 });
      await menu('Certificats');
      await expect.poll(() => page.getByTestId('cert-row').count()).toBe(4);
      const states = await page.getByTestId('cert-status').allTextContents();
      expect(states).toContain('expiré');
      expect(states).toContain('expire dans 19 jours');
      await screenshot(page, 'demo-walk-certificates-fr');
    },
    STEP,
  );

  it(
    'lists the invoice the demo issued and invoices the hotel over the last 30 days in a few clicks',
    async () => {
      await menu('Factures');
      await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
      expect(await page.getByTestId('invoice-row').textContent()).toContain('Épicerie fine Dar Zitoun');
      await page.getByRole('button', { name: 'Facturer un compte sur une période' }).first().click();
      const form = page.getByTestId('new-invoice');
      await form.getByLabel('Compte client').selectOption({ label: 'Hôtel Bouregreg Palace' });
      await form.getByRole('button', { name: '30 derniers jours' }).click();
      // The account's address and IF come from the demo: nothing to type.
      expect(await form.getByLabel('Adresse du client').inputValue()).not.toBe('');
      await form.getByRole('button', { name: 'Voir les ventes à facturer' }).click();
      await expect.poll(() => form.getByTestId('uninvoiced-sale').count()).toBeGreaterThan(0);
      // The payment terms are part of what is issued: they come before the button, not under it.
      const terms = await form.getByLabel('Délai de paiement (jours)').boundingBox();
      const issue = await form.getByRole('button', { name: 'Émettre la facture' }).boundingBox();
      expect(terms!.y + terms!.height).toBeLessThan(issue!.y);
      await form.getByRole('button', { name: 'Émettre la facture' }).click();
      await expect.poll(() => page.getByTestId('invoice-number').textContent()).toMatch(/^FA-\d{4}-000002$/);
      await screenshot(page, 'demo-walk-invoice-fr');
    },
    STEP,
  );
});
