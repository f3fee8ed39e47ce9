import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** The screen's controls inside the window and on top, and the page not scrolling sideways. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    document.querySelectorAll('.mgr-screen .row button, .mgr-screen .row select, .notice').forEach((el) => {
      const r = el.getBoundingClientRect();
      const what = `${el.tagName} "${el.textContent?.trim().slice(0, 30) ?? ''}"`;
      if (r.left < 0 || r.right > vw)
        problems.push(`${what} outside the window: ${r.left}..${r.right} of ${vw}`);
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (r.top + r.height / 2 < window.innerHeight && (!hit || !(el === hit || el.contains(hit))))
        problems.push(`${what} covered by ${hit?.tagName}.${hit?.className}`);
    });
    return problems;
  });
}

/**
 * The manager's side of dated VAT and certificates (issue 13) in Chromium: a product's VAT changed from a
 * date on the catalogue's product form (and an exemption with its CGI wording), the VAT codes in Settings,
 * and a certificate entered with an expiry in the past, flagged on the Certificates screen and in Stock.
 */
describe('VAT from a date and certificates, on the manager screens', () => {
  let dir: string;
  let station: Station;
  let browser: Browser;
  let page: Page;
  let fx: ReturnType<typeof makeFixture>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-e2e-vat-'));
    fx = makeFixture({ withStock: true, openSession: false });
    // A quality label carried over from before certificates: number and dates unknown, "to complete".
    fx.db
      .prepare(
        'INSERT INTO certificates (cooperative_id, kind, migrated, created_at, updated_at) VALUES (?, ?, 1, 0, 0)',
      )
      .run(fx.coops.honey.id, 'organic');
    fx.db.close();
    station = await startStation({
      dbFile: fx.file,
      port: 0,
      staticDir: rendererCopy(dir),
      reportWorkers: 0,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'fr-MA',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(station.url);
    await loginWithPinPad(page, fx.users.manager.name, '2468');
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await station?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const menu = (name: string) => page.locator('.sidenav').getByRole('button', { name }).click();
  const nextYear = new Date().getUTCFullYear() + 1;

  async function openProduct(search: string, name: string) {
    await menu('Catalogue');
    await page.getByLabel('Chercher un produit').fill(search);
    // The list answers the search after a pause: wait for its row, not for the previous search's.
    await expect
      .poll(() => page.getByTestId('catalog-row').allTextContents())
      .toEqual([expect.stringContaining(name)]);
    await page.getByTestId('catalog-row').getByRole('button', { name: 'Modifier' }).click();
    await expect.poll(() => page.getByTestId('vat-today').textContent()).toContain('Aujourd’hui');
  }

  it(
    "changes a product's VAT from a date on the product form, and marks another exempt with its wording",
    async () => {
      await openProduct('Amlou', 'Amlou aux amandes');
      expect(await page.getByTestId('vat-today').textContent()).toMatch(/TVA 7 %.*7/);
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Nouveau code').selectOption({ label: 'TVA 10 %' });
      await dialog.getByTestId('vat-from').fill(`01/01/${nextYear}`);
      await dialog.getByRole('button', { name: 'Programmer le changement' }).click();
      await expect
        .poll(() => page.getByTestId('vat-planned').textContent())
        .toContain(`À partir du 01/01/${nextYear} : TVA 10 %`);
      // Still 7 % today: the move is dated, nothing sold or shown today changes.
      expect(await page.getByTestId('vat-today').textContent()).toMatch(/TVA 7 %/);
      await screenshot(page, 'product-vat-fr');
      await page.getByRole('button', { name: 'Annuler' }).click();

      // Kept by the station: opened again, the move is there.
      await openProduct('Amlou', 'Amlou aux amandes');
      await expect.poll(() => page.getByTestId('vat-planned').textContent()).toContain('TVA 10 %');
      await page.getByRole('button', { name: 'Annuler' }).click();

      // Exempt from today, under the CGI's wording for artisanal olive oil.
      await openProduct('argan', "Huile d'argan");
      const d2 = page.getByRole('dialog');
      await d2.getByLabel('Nouveau code').selectOption({ label: 'Exonéré' });
      // The wordings are the CGI's sentences; the option's value is the exemption's id.
      await d2.getByLabel('Exonération (CGI)').selectOption('artisanal-olive-oil');
      await d2.getByRole('button', { name: 'Programmer le changement' }).click();
      await expect.poll(() => page.getByTestId('vat-today').textContent()).toMatch(/Exonéré.*huile d.olive/);
      await page.getByRole('button', { name: 'Annuler' }).click();

      // Every product the catalogue's filter finds, moved at once: the cooperative's two.
      await menu('Catalogue');
      await page.getByLabel('Chercher un produit').fill('');
      await page
        .locator('.mgr-screen > .row')
        .getByLabel('Coopérative')
        .selectOption({ label: 'Coopérative Tighanimine' });
      await expect.poll(() => page.getByTestId('catalog-row').count()).toBe(2);
      const move = page.getByRole('region', { name: 'Changer la TVA des produits affichés' });
      await move.getByLabel('Nouveau code').selectOption({ label: 'TVA 20 %' });
      await move.getByTestId('vat-from').fill(`01/02/${nextYear}`);
      await move.getByRole('button', { name: 'Changer la TVA de ces produits' }).click();
      await expect
        .poll(() => page.locator('.toast').allTextContents())
        .toContainEqual(
          expect.stringContaining(`2 produits changeront de TVA à partir du 01/02/${nextYear}`),
        );

      const token = await loginToken(station.url, fx.users.manager.id, '2468');
      const amlou = await apiOk(station.url, 'vat.product', { productId: fx.products.amlou.id }, token);
      expect(amlou.schedule).toEqual([
        {
          productId: fx.products.amlou.id,
          vatCode: 'R10',
          vatExemption: null,
          validFrom: `${nextYear}-01-01`,
        },
        {
          productId: fx.products.amlou.id,
          vatCode: 'S20',
          vatExemption: null,
          validFrom: `${nextYear}-02-01`,
        },
      ]);
      const oil = await apiOk(station.url, 'vat.product', { productId: fx.products.oil.id }, token);
      expect(oil).toMatchObject({ vatCode: 'EX', vatExemption: 'artisanal-olive-oil', rateBpToday: 0 });
      expect(oil.schedule.map((m: { validFrom: string }) => m.validFrom)).toContain(`${nextYear}-02-01`);
    },
    STEP,
  );

  it(
    'lists the VAT codes with their dated rates and legal sources in Settings',
    async () => {
      await menu('Paramètres');
      await page.getByRole('tab', { name: 'TVA' }).click();
      await expect.poll(() => page.getByTestId('vat-rate-row').count()).toBe(6);
      expect(await page.locator('tr[data-code="S20"]').textContent()).toContain('CGI art. 98');
      // The manager reads the rates; a new rate from a date is the admin's.
      expect(await page.getByRole('button', { name: 'Ajouter le taux' }).count()).toBe(0);
      expect(await page.getByTestId('vat-exemptions').textContent()).toContain('couscous');
    },
    STEP,
  );

  it(
    "takes the admin's new rate from a date with its source, and refuses one overlapping it",
    async () => {
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await loginWithPinPad(page, fx.users.admin.name, '9999');
      await menu('Paramètres');
      await page.getByRole('tab', { name: 'TVA' }).click();
      const form = page.getByRole('region', { name: 'Nouveau taux à partir d’une date (loi de finances)' });
      await form.getByLabel('Code').selectOption({ label: 'TVA 10 %' });
      await form.getByLabel('Taux (%)').fill('11');
      await form.getByTestId('vat-rate-from').fill(`01/01/${nextYear + 1}`);
      await form.getByLabel('Source légale').fill(`Loi de finances ${nextYear + 1}, art. 7`);
      await form.getByRole('button', { name: 'Ajouter le taux' }).click();
      await expect.poll(() => page.locator('tr[data-code="R10"]').count()).toBe(2);
      const r10 = await page.locator('tr[data-code="R10"]').allTextContents();
      expect(r10[0]).toContain(`31/12/${nextYear}`);
      expect(r10[1]).toMatch(new RegExp(`11,0\\s?%.*01/01/${nextYear + 1}.*Loi de finances ${nextYear + 1}`));
      // A rate from a day before the one just added would overlap it: refused, said in French.
      await form.getByLabel('Taux (%)').fill('11');
      await form.getByTestId('vat-rate-from').fill(`01/06/${nextYear}`);
      await form.getByLabel('Source légale').fill('doublon');
      await form.getByRole('button', { name: 'Ajouter le taux' }).click();
      await expect.poll(() => form.getByRole('alert').textContent()).toContain('chevauche');
      expect(await page.locator('tr[data-code="R10"]').count()).toBe(2);
      await screenshot(page, 'settings-vat-fr');
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await loginWithPinPad(page, fx.users.manager.name, '2468');
    },
    STEP,
  );

  it(
    'adds a certificate that has expired: flagged on the Certificates screen and in Stock, migrated ones first',
    async () => {
      await menu('Certificats');
      // The migrated label comes first, with the call to complete it.
      await expect.poll(() => page.getByTestId('cert-to-complete').textContent()).toContain('à compléter');
      await expect
        .poll(() => page.getByTestId('cert-row').first().getAttribute('data-status'))
        .toBe('to_complete');

      await page.getByRole('button', { name: 'Nouveau certificat' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Coopérative').selectOption({ label: 'Coopérative Tighanimine' });
      await dialog.getByLabel('Type').selectOption({ label: 'IGP' });
      await dialog.getByLabel('Numéro').fill('IGP-ARG-2019-04');
      await dialog.getByLabel('Organisme certificateur').fill('Normacert');
      await dialog.getByTestId('cert-from').fill('01/01/2023');
      await dialog.getByTestId('cert-to').fill('30/06/2025');
      await dialog.getByLabel("Huile d'argan alimentaire 250 ml").check();
      // A scan over 2 MB is refused at the field before anything is sent.
      await dialog.getByTestId('cert-file').setInputFiles({
        name: 'too-big.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0x20),
      });
      await expect.poll(() => dialog.locator('.field-hint').textContent()).toContain('2 Mo');
      expect(await dialog.getByRole('button', { name: 'Enregistrer' }).isDisabled()).toBe(true);
      await dialog.getByTestId('cert-file').setInputFiles({
        name: 'igp-argane.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% scanned certificate\n%%EOF\n'),
      });
      await dialog.getByRole('button', { name: 'Enregistrer' }).click();
      await expect.poll(() => page.locator('tr[data-status="expired"]').count()).toBe(1);
      const row = page.locator('tr[data-status="expired"]');
      expect(await row.getAttribute('class')).toContain('expiry-expired');
      expect(await row.getByTestId('cert-status').textContent()).toBe('expiré');
      expect(await row.textContent()).toContain('IGP-ARG-2019-04');
      expect(await row.textContent()).toContain('1 produit');
      // The order: to complete, then expired.
      expect(
        await page
          .getByTestId('cert-row')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
      ).toEqual(['to_complete', 'expired']);
      // The scan comes back as it went, under its name.
      const download = page.waitForEvent('download');
      await row.getByRole('button', { name: 'Voir le document' }).click();
      expect((await download).suggestedFilename()).toBe('igp-argane.pdf');

      // Filter by status and by cooperative.
      await page.getByLabel('État').selectOption({ label: 'expiré' });
      await expect.poll(() => page.getByTestId('cert-row').count()).toBe(1);
      await page.getByLabel('État').selectOption({ label: 'Tous' });
      await page.getByLabel('Coopérative').selectOption({ label: 'Coopérative Miel Atlas' });
      await expect.poll(() => page.getByTestId('cert-row').count()).toBe(1);
      expect(await page.getByTestId('cert-row').getAttribute('data-status')).toBe('to_complete');
      await page.getByLabel('Coopérative').selectOption({ label: 'Toutes les coopératives' });
      await expect.poll(() => page.getByTestId('cert-row').count()).toBe(2);
      // At the back office's sizes, in Arabic and French: nothing off the window, no sideways scrolling.
      for (const lang of ['ar', 'fr'] as const) {
        await setLanguage(page, lang);
        for (const width of [1024, 1366]) {
          await page.setViewportSize({ width, height: 768 });
          expect(await layoutProblems(page), `${lang} ${width}`).toEqual([]);
        }
        await screenshot(page, `certificates-${lang}`);
      }

      // The stock screen flags the argan oil: its IGP has expired.
      await menu('Stock');
      await expect
        .poll(() => page.getByTestId('stock-certificate').allTextContents())
        .toContainEqual(expect.stringMatching(/IGP.*expiré/));
    },
    STEP,
  );
});
