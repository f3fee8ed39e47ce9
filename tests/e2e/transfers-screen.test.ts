import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHq, type Hq } from '../../hq/service';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { flatText } from '../documents/pdf-text';
import { describePg, usePostgres } from '../helpers/postgres';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  apiOk,
  loginToken,
  loginWithPinPad,
  rendererCopy,
  screenshot,
  setLanguage,
} from './harness';

const STEP = 180_000;

/** The screen's controls inside the window and on top of what they sit on, and no sideways scrolling. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    document
      .querySelectorAll('.transfers-screen button, .transfers-screen input, .transfers-screen select')
      .forEach((el) => {
        const r = el.getBoundingClientRect();
        const what = `${el.tagName} "${el.textContent?.trim().slice(0, 40) ?? ''}"`;
        if (r.left < 0 || r.right > vw)
          problems.push(`${what} outside the window: ${r.left}..${r.right} of ${vw}`);
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (r.top + r.height / 2 < window.innerHeight && (!hit || !(el === hit || el.contains(hit))))
          problems.push(`${what} covered by ${hit?.tagName}.${hit?.className}`);
      });
    return problems;
  });
}
const STAFF = 'hq-staff-key-for-the-transfers-e2e';
const SHOPS = [
  { id: 'rabat', name: 'Souk Rabat Agdal', key: 'key-rabat-0123456789abcdef01' },
  { id: 'agadir', name: 'Souk Agadir Talborjt', key: 'key-agadir-0123456789abcdef0' },
];

/**
 * The Transfers screen in Chromium, as two managers use it: Rabat picks a line (the oldest lot proposed with
 * its best-before), is stopped at more than it holds, sends, prints the driver's note and sees the transfer
 * in transit; Agadir, another station, finds it on its way through HQ (a real PostgreSQL), counts a
 * shortfall and receives it; then both histories say "received short".
 */
describePg('Transfers screen: send in one shop, receive in another, through HQ', () => {
  const pg = usePostgres();
  let dir: string;
  let hq: Hq;
  const stations: Station[] = [];
  let browser: Browser;
  let rabat: Page;
  let agadir: Page;
  let manager = { id: 0, name: '' };
  /** The argan oil and its cooperative: the same ids in both shops' files (the same fixture). */
  let oil = { productId: 0, cooperativeId: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-e2e-transfers-'));
    const staticDir = rendererCopy(dir);
    hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: SHOPS });
    for (const s of SHOPS) {
      const f = makeFixture(s.id === 'rabat' ? {} : { withStock: false });
      manager = { id: f.users.manager.id, name: f.users.manager.name };
      oil = { productId: f.products.oil.id, cooperativeId: f.coops.argan.id };
      f.db.close();
      stations.push(
        await startStation({
          dbFile: f.file,
          port: 0,
          staticDir,
          reportWorkers: 0,
          hq: { url: hq.url, shopId: s.id, key: s.key, pollMs: 100, minBackoffMs: 100, maxBackoffMs: 1_000 },
        }),
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
    const page = async () => {
      const p = await (
        await browser.newContext({
          viewport: { width: 1366, height: 768 },
          locale: 'fr-MA',
          acceptDownloads: true,
        })
      ).newPage();
      p.setDefaultTimeout(30_000);
      return p;
    };
    rabat = await page();
    agadir = await page();
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    for (const s of stations) await s.close();
    // The last test closes HQ itself; closing twice is harmless.
    await hq?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const openTransfers = async (page: Page, station: Station) => {
    await page.goto(station.url);
    await loginWithPinPad(page, manager.name, '2468');
    await page.locator('.sidenav').getByRole('button', { name: 'Transferts' }).click();
  };
  const tab = (page: Page, name: string) => page.getByRole('tab', { name }).click();

  it(
    'Rabat picks a line with its FIFO lot, is refused more than it holds, sends and prints the note',
    async () => {
      await openTransfers(rabat, stations[0]!);
      await rabat.getByLabel('Boutique destinataire').selectOption('agadir');
      await rabat.getByLabel('Scanner ou chercher un produit').fill('argan');
      await rabat.getByRole('option', { name: /Huile d'argan/ }).click();
      const line = rabat.getByTestId('transfer-line');
      await expect.poll(() => line.count()).toBe(1);
      // The oldest lot on the shelf is proposed, with its best-before and what is left of it.
      const lot = line.getByTestId('transfer-lot');
      expect(await lot.inputValue()).toBe('L1');
      expect(await lot.locator('option:checked').textContent()).toContain('30/06/2027');
      const qty = line.getByRole('textbox');
      const send = rabat.getByRole('button', { name: 'Envoyer le transfert' });
      await qty.fill('60');
      await expect.poll(() => line.textContent()).toContain('Plus que le stock : 50 en stock');
      expect(await send.isDisabled()).toBe(true);
      await screenshot(rabat, 'transfers-send-over-fr');
      // The back office's smallest window, in French and Arabic, with a line on the form.
      await rabat.setViewportSize({ width: 1024, height: 768 });
      for (const lang of ['ar', 'fr'] as const) {
        await setLanguage(rabat, lang);
        expect(await layoutProblems(rabat), lang).toEqual([]);
        await screenshot(rabat, `transfers-send-1024-${lang}`);
      }
      await rabat.setViewportSize({ width: 1366, height: 768 });
      await qty.fill('12');
      await expect.poll(() => send.isEnabled()).toBe(true);
      await rabat.getByLabel('Note pour le transfert').fill('Réassort été');
      await send.click();
      await expect
        .poll(() => rabat.locator('.toast').allTextContents())
        .toContainEqual(expect.stringContaining('Transfert envoyé à Souk Agadir Talborjt'));
      expect(await line.count()).toBe(0);
      const [download] = await Promise.all([
        rabat.waitForEvent('download'),
        rabat.getByRole('button', { name: 'Bon de transfert (PDF)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^bon-de-transfert-TR-[A-Z0-9]{8}\.pdf$/);
      const text = flatText(readFileSync((await download.path())!));
      for (const words of [
        'Bon de transfert',
        'وصل تحويل',
        'Souk Agadir Talborjt',
        'L1',
        '30/06/2027',
        'Réassort été',
      ])
        expect(text).toContain(words);
      // Rabat's stock went down by the twelve, under the same cooperative.
      const token = await loginToken(stations[0]!.url, manager.id, '2468');
      const [rabatLot] = await apiOk<{ onHand: number }[]>(stations[0]!.url, 'stock.lots', oil, token);
      expect(rabatLot!.onHand).toBe(38_000);

      await tab(rabat, 'Historique');
      const row = rabat.getByTestId('transfer-row').first();
      await expect.poll(() => row.textContent()).toContain('Envoyé à Souk Agadir Talborjt');
      expect(await row.getByTestId('transfer-status').textContent()).toBe('En route');
    },
    STEP,
  );

  it(
    'Agadir finds it on its way, counts nine of twelve and receives; both histories say received short',
    async () => {
      await openTransfers(agadir, stations[1]!);
      await tab(agadir, 'En route vers nous');
      // Rabat's journal reaches HQ in the background: asking again (the tab reloads) until it is there.
      const card = agadir.getByTestId('transfer-incoming');
      await expect
        .poll(
          async () => {
            if ((await card.count()) > 0) return true;
            await tab(agadir, 'Historique');
            await tab(agadir, 'En route vers nous');
            return (await card.count()) > 0;
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      expect(await card.textContent()).toContain('Reçu de rabat');
      expect(await card.textContent()).toContain('30/06/2027');
      const counted = card.getByLabel(/Quantité reçue de Huile d'argan/);
      expect(await counted.inputValue()).toBe('12');
      await counted.fill('9');
      await expect
        .poll(() => card.getByTestId('transfer-shortfall').textContent())
        .toBe('1 ligne arrivée incomplète');
      await screenshot(agadir, 'transfers-incoming-fr');
      await card.getByRole('button', { name: 'Réceptionner' }).click();
      await expect
        .poll(() => agadir.locator('.toast').allTextContents())
        .toContainEqual(expect.stringContaining('le manquant est noté'));
      await expect
        .poll(() => agadir.getByText('Aucun transfert en route vers cette boutique.').count())
        .toBe(1);

      // Agadir's stock screen: the lot came with its best-before, from Rabat.
      const token = await loginToken(stations[1]!.url, manager.id, '2468');
      expect(await apiOk(stations[1]!.url, 'stock.lots', oil, token)).toEqual([
        expect.objectContaining({
          source: 'transfer',
          fromShop: 'rabat',
          lot: 'L1',
          bestBefore: '2027-06-30',
          onHand: 9_000,
        }),
      ]);

      await tab(agadir, 'Historique');
      const mine = agadir.getByTestId('transfer-row').first();
      await expect.poll(() => mine.getByTestId('transfer-status').textContent()).toBe('Reçu avec manquant');
      expect(await mine.textContent()).toContain('9 / 12');

      // Rabat learns it from HQ once Agadir's journal is there.
      await expect
        .poll(
          async () => {
            await tab(rabat, 'Envoyer');
            await tab(rabat, 'Historique');
            return rabat.getByTestId('transfer-row').first().getByTestId('transfer-status').textContent();
          },
          { timeout: 60_000 },
        )
        .toBe('Reçu avec manquant');
      await setLanguage(rabat, 'ar');
      await expect
        .poll(() => rabat.getByTestId('transfer-status').first().textContent())
        .toBe('مستلم مع نقص');
      await screenshot(rabat, 'transfers-history-ar');
    },
    STEP,
  );

  it(
    'with HQ gone the screen says so plainly, and a send is still recorded here for the push to take later',
    async () => {
      await hq.close();
      await setLanguage(rabat, 'fr');
      await tab(rabat, 'Envoyer');
      await expect
        .poll(() => rabat.getByTestId('transfers-hq-down').textContent(), { timeout: 60_000 })
        .toContain('Le siège ne répond pas');
      await rabat.getByLabel('Identifiant de la boutique destinataire').fill('agadir');
      await rabat.getByLabel('Scanner ou chercher un produit').fill('amlou');
      await rabat.getByRole('option', { name: /Amlou/ }).click();
      await rabat.getByTestId('transfer-line').getByRole('textbox').fill('2');
      await rabat.getByRole('button', { name: 'Envoyer le transfert' }).click();
      await expect
        .poll(() => rabat.locator('.toast').allTextContents())
        .toContainEqual(expect.stringContaining('Transfert envoyé à agadir'));
      await tab(rabat, 'Historique');
      await expect
        .poll(() => rabat.getByTestId('transfers-hq-down').textContent())
        .toContain("l'état des transferts envoyés n'est pas connu");
      expect(await rabat.getByTestId('transfer-status').first().textContent()).toBe(
        'Envoyé (état inconnu sans le siège)',
      );
      await tab(rabat, 'En route vers nous');
      await expect
        .poll(() => rabat.locator('[role="tabpanel"] [role="alert"]').textContent())
        .toContain('Le siège ne répond pas');
      await screenshot(rabat, 'transfers-hq-down-fr');
    },
    STEP,
  );
});
