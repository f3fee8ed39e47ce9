import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import {
  apiOk,
  CHROMIUM,
  CHROMIUM_ARGS,
  loginToken,
  loginWithPinPad,
  rendererCopy,
  screenshot,
  setLanguage,
} from './harness';

const STEP = 180_000;
const NAME = 'Riad Dar Zitoun';

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/**
 * The Customers screen in Chromium against a real station: the admin creates an account, records a consent
 * and its withdrawal (dates and source shown), downloads the export, and erases the account with its name
 * typed as confirmation; the till's search no longer finds it.
 */
describe('Customers screen: consent, export, erasure', () => {
  let dir: string;
  let station: Station;
  let browser: Browser;
  let page: Page;
  let users: ReturnType<typeof makeFixture>['users'];
  let customerId = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-e2e-customers-'));
    const f = makeFixture({ withStock: false, openSession: false });
    users = f.users;
    f.db.close();
    station = await startStation({ dbFile: f.file, port: 0, staticDir: rendererCopy(dir), reportWorkers: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-MA' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await station?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'creates an account and records a consent, then its withdrawal, with date and source',
    async () => {
      await page.goto(station.url);
      await loginWithPinPad(page, users.admin.name, '9999');
      await page.locator('.sidenav').getByRole('button', { name: 'Clients' }).click();
      await page.getByRole('button', { name: 'Nouveau client' }).click();
      const dialog = page.getByTestId('customer-dialog');
      await dialog.getByLabel('Nom').fill(NAME);
      await dialog.getByLabel('Téléphone').fill('+212 524 38 91 07');
      await dialog.getByLabel('E-mail').fill('contact@riad-zitoun.ma');
      await dialog.getByLabel('Adresse').fill('12 derb Sidi Bouloukat, Marrakech');
      await dialog.getByLabel('ICE').fill('002 345 678 000 091');
      await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect.poll(() => page.getByRole('dialog').getAttribute('aria-label')).toBe(NAME);
      const row = page.getByTestId('customer-row').filter({ hasText: NAME });
      await expect.poll(() => row.count()).toBe(1);
      await expect.poll(() => row.textContent()).toContain('002345678000091');
      customerId = Number(await row.getAttribute('data-id'));

      const sms = page.locator('tr[data-testid="consent-row"][data-channel="sms"]');
      const give = sms.getByRole('button', { name: 'Enregistrer le consentement' });
      // No source, no consent: the button says why it waits.
      expect(await give.isDisabled()).toBe(true);
      await page.getByLabel('Source (ex. formulaire papier signé)').fill('formulaire papier signé');
      await give.click();
      await expect.poll(() => sms.getAttribute('data-given')).toBe('true');
      await expect
        .poll(() => sms.textContent())
        .toMatch(/accepté.*le \d\d\/\d\d\/\d{4}.*formulaire papier signé/);
      await page.getByLabel('Source (ex. formulaire papier signé)').fill('appel du client');
      await sms.getByRole('button', { name: 'Enregistrer le retrait' }).click();
      await expect.poll(() => sms.getAttribute('data-given')).toBe('false');
      await expect.poll(() => sms.textContent()).toMatch(/retiré.*appel du client/);
      await page.getByText('2 changements enregistrés').click();
      await expect.poll(() => page.getByTestId('consent-history').locator('li').count()).toBe(2);
      await screenshot(page, 'customers-consent-fr');
      // The same account in Arabic, right to left (the language switch is outside the dialog).
      const reopen = () => row.getByRole('button').click();
      await page.getByRole('button', { name: 'Fermer' }).click();
      await setLanguage(page, 'ar');
      await reopen();
      await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      await expect.poll(() => sms.textContent()).toContain('مسحوب');
      await screenshot(page, 'customers-consent-ar');
      await page.getByRole('button', { name: 'إغلاق' }).click();
      await setLanguage(page, 'fr');
      await reopen();
      await expect.poll(() => sms.getAttribute('data-given')).toBe('false');
    },
    STEP,
  );

  it(
    'exports everything held on the customer, as CSV and JSON files',
    async () => {
      const csv = await downloaded(page, () =>
        page.getByRole('button', { name: 'Exporter les données (CSV)' }).click(),
      );
      expect(csv.name).toBe(`client-${customerId}-donnees.csv`);
      expect(csv.text).toContain(`Nom;${NAME}`);
      expect(csv.text).toMatch(/Consentement;[^;]*;SMS;donné;formulaire papier signé/);
      expect(csv.text).toMatch(/Consentement;[^;]*;SMS;retiré;appel du client/);
      const json = await downloaded(page, () =>
        page.getByRole('button', { name: 'Exporter les données (JSON)' }).click(),
      );
      const data = JSON.parse(json.text);
      expect(data.customer).toMatchObject({ id: customerId, name: NAME, email: 'contact@riad-zitoun.ma' });
      expect(data.consentHistory.map((e: { given: boolean }) => e.given)).toEqual([true, false]);
    },
    STEP,
  );

  it(
    'erases the account once its name is typed, and the till no longer finds it',
    async () => {
      await page.getByRole('button', { name: 'Effacer les données personnelles' }).click();
      const confirm = page.getByRole('button', { name: 'Effacer définitivement' });
      const typed = page.getByLabel(`Tapez le nom du client pour confirmer : ${NAME}`);
      await typed.fill('Riad');
      expect(await confirm.isDisabled()).toBe(true);
      await typed.fill('riad dar zitoun');
      await confirm.click();
      await expect.poll(() => page.getByTestId('customer-erased').textContent()).toContain('effacées le');
      const pseudonym = `Client effacé #${customerId}`;
      await expect.poll(() => page.getByRole('dialog').getAttribute('aria-label')).toBe(pseudonym);
      expect(await page.getByTestId('customer-dialog').getByLabel('Téléphone').inputValue()).toBe('');
      await screenshot(page, 'customers-erased-fr');
      await page.getByRole('button', { name: 'Fermer' }).click();
      // Gone from the list, back (by its pseudonym) only when erased accounts are asked for.
      await expect.poll(() => page.getByTestId('customer-row').count()).toBe(0);
      await page.getByLabel('Afficher les clients effacés').check();
      await expect.poll(() => page.getByTestId('customer-row').textContent()).toContain(pseudonym);

      const cashier = await loginToken(station.url, users.cashier.id, '1357');
      for (const query of ['Riad', '524 38', '']) {
        const found = await apiOk<{ id: number }[]>(station.url, 'customers.list', { query }, cashier);
        expect(found.some((c) => c.id === customerId)).toBe(false);
      }
    },
    STEP,
  );
});
