import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { receiveDelivery, returnToCooperative } from '../../db/services/stock';
import { migrate, openPool, type Pool } from '../../hq/db';
import { createHqServer } from '../../hq/http';
import { LOGIN_TRIES, LOGIN_WINDOW_MS, createPortalAccount, portalLogin } from '../../hq/portal-auth';
import { portalRoute } from '../../hq/portal';
import { projectAll } from '../../hq/projections';
import { issueChainStatement, markChainStatementPaid, type ChainStatement } from '../../hq/settlement';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from '../e2e/harness';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal } from './chain-helpers';

const DAY = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

describePg('cooperative portal (real PostgreSQL, HTTP, Chromium at phone size)', () => {
  const pgh = usePostgres();
  let pool: Pool;
  let shops: Fixture[] = [];
  let base = '';
  let close: () => Promise<void> = async () => undefined;
  let argan: ChainStatement;
  let honey: ChainStatement;
  const argan2: { id: number } = { id: 0 };

  beforeAll(async () => {
    pool = openPool(pgh.current.url);
    await migrate(pool);
    const rabat = makeFixture();
    const fes = makeFixture();
    shops = [rabat, fes];
    const { oil, amlou, honeyKg } = rabat.products;
    // Lots in Fès that expire soon and one already expired (relative to today: the portal reads the clock).
    receiveDelivery(fes.store, fes.asManager, {
      clientId: uid('d'),
      cooperativeId: fes.coops.argan.id,
      noteRef: 'BL-77',
      lines: [
        { productId: amlou.id, quantity: 4_000, lot: 'A-old', bestBefore: isoDay(Date.now() - 5 * DAY) },
        { productId: oil.id, quantity: 3_000, lot: 'L-soon', bestBefore: isoDay(Date.now() + 10 * DAY) },
      ],
    });
    checkout(rabat.store, rabat.asCashier, {
      clientId: uid(),
      lines: [{ productId: oil.id, quantity: 2_000 }],
      payments: [{ method: 'cash', amount: 24_000 }],
    });
    checkout(rabat.store, rabat.asCashier, {
      clientId: uid(),
      lines: [{ productId: honeyKg.id, quantity: 2_000 }],
      payments: [{ method: 'cash', amount: 46_000 }],
    });
    checkout(fes.store, fes.asCashier, {
      clientId: uid(),
      lines: [{ productId: oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000 }],
    });
    returnToCooperative(fes.store, fes.asManager, {
      clientId: uid('cr'),
      cooperativeId: fes.coops.argan.id,
      reason: 'expired',
      lines: [{ productId: amlou.id, quantity: 2_000, lot: 'A1' }],
    });
    rabat.tick(3_600_000);
    fes.tick(3_600_000);
    await copyJournal(pool, { id: 'rabat', name: 'Rabat Agdal', store: rabat.store });
    await copyJournal(pool, { id: 'fes', name: 'Fès Médina', store: fes.store });
    await projectAll(pool);
    const coops = (
      await pool.query<{ id: number; code: string }>('SELECT id, code FROM hq_coops ORDER BY id')
    ).rows;
    const end = Math.max(rabat.now(), fes.now());
    argan = await issueChainStatement(pool, { coopId: coops[0]!.id, periodEnd: end, issuedBy: 'hq' });
    argan = await markChainStatementPaid(pool, {
      statementId: argan.id!,
      reference: 'VIR-555',
      paidBy: 'hq',
      paidAt: end + DAY,
    });
    honey = await issueChainStatement(pool, { coopId: coops[1]!.id, periodEnd: end, issuedBy: 'hq' });
    await createPortalAccount(pool, { login: 'Tighanimine', password: 'argan-2026!', coopId: coops[0]!.id });
    await createPortalAccount(pool, {
      login: 'miel-atlas',
      password: 'miel-2026!',
      coopId: coops[1]!.id,
      language: 'ar',
    });
    const server = createHqServer({ pool, adminKey: 'k' }, [portalRoute]);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
    argan2.id = argan.id!;
  }, 120_000);
  afterAll(async () => {
    await close();
    await pool?.end();
    for (const s of shops) s.close();
  });

  const get = (path: string, cookie = '') => fetch(base + path, { redirect: 'manual', headers: { cookie } });
  async function login(user: string, password: string): Promise<string> {
    const r = await fetch(`${base}/portal/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: user, password }).toString(),
    });
    expect(r.status).toBe(303);
    const c = r.headers.get('set-cookie') ?? '';
    expect(c).toMatch(/HttpOnly; SameSite=Strict/);
    return c.split(';')[0]!;
  }

  it('without a session, or with a forged or ended one, every page sends to the login and shows nothing', async () => {
    const paths = [
      '/portal',
      '/portal/stock',
      '/portal/sales',
      '/portal/returns',
      '/portal/statements',
      `/portal/statements/${argan.id}`,
      `/portal/statements/${argan.id}/pdf`,
    ];
    const arganCookie = await login('tighanimine', 'argan-2026!');
    await fetch(`${base}/portal/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: arganCookie },
    });
    for (const cookie of ['', 'souk_portal=forged-token', 'souk_portal=' + 'x'.repeat(500), arganCookie]) {
      for (const p of paths) {
        const r = await get(p, cookie);
        expect([p, r.status, r.headers.get('location')]).toEqual([p, 303, '/portal/login']);
        expect(await r.text()).toBe('');
      }
    }
    const wrong = await fetch(`${base}/portal/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=tighanimine&password=miel-2026!',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('Identifiant ou mot de passe faux.');
    const huge = await fetch(`${base}/portal/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `login=${'a'.repeat(10_000)}`,
    });
    expect(huge.status).toBe(413);
  });

  it('a password guesser is stopped after a few tries, the right password included, until the window passes', async () => {
    await createPortalAccount(pool, { login: 'cible', password: 'right-pass-1', coopId: argan.coop.id });
    const post = (login: string, password: string) =>
      fetch(`${base}/portal/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password }).toString(),
      });
    for (let i = 0; i < LOGIN_TRIES; i++) expect((await post('CIBLE', `guess-${i}`)).status).toBe(401);
    const locked = await post('cible', 'right-pass-1');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(await locked.text()).toContain('Trop d’essais');
    // Another cooperative's login is not held up.
    expect((await post('tighanimine', 'argan-2026!')).status).toBe(303);
    const later = await portalLogin(pool, 'cible', 'right-pass-1', Date.now() + LOGIN_WINDOW_MS + 1);
    expect(typeof later === 'object' && later.session.coopId).toBe(argan.coop.id);
  });

  it('a cooperative sees only its own figures, whatever the URL or parameter', async () => {
    const mine = await login('TIGHANIMINE ', 'argan-2026!');
    const theirs = await login('miel-atlas', 'miel-2026!');
    const texts: string[] = [];
    for (const p of ['/portal', '/portal/stock', '/portal/sales', '/portal/returns', '/portal/statements']) {
      for (const q of [
        '',
        `?coopId=${honey.coop.id}`,
        `?cooperativeId=${honey.coop.id}&coop=${honey.coop.id}`,
      ]) {
        const r = await get(p + q, mine);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
        const html = await r.text();
        expect(html).not.toContain('Miel');
        expect(html).not.toContain('عسل');
        expect(html).not.toContain(honey.number!);
        texts.push(html);
      }
    }
    const all = texts.join('\n');
    expect(all).toContain('Huile d&#39;argan alimentaire 250 ml');
    expect(all).toContain(argan.number!);
    expect(all).toContain('Rabat Agdal');
    expect(all).toContain('Fès Médina');
    // Another cooperative's statement answers as one that does not exist; so do made-up ids.
    for (const p of [
      `/portal/statements/${honey.id}`,
      `/portal/statements/${honey.id}/pdf`,
      '/portal/statements/999999',
      '/portal/statements/0/pdf',
      `/portal/statements/${honey.id}?coopId=${honey.coop.id}`,
    ]) {
      const r = await get(p, mine);
      expect([p, r.status]).toEqual([p, 404]);
      expect(await r.text()).not.toContain(honey.number!);
    }
    // The other cooperative, its own session: its statement, never the first one's.
    const h = await get(`/portal/statements/${honey.id}`, theirs);
    expect(h.status).toBe(200);
    const hh = await h.text();
    expect(hh).toContain(honey.number!);
    expect(hh).toContain('dir="rtl"');
    expect((await get(`/portal/statements/${argan.id}`, theirs)).status).toBe(404);
    expect(await (await get('/portal/stock', theirs)).text()).not.toContain('argan');
    // Read-only: nothing but signing in and out accepts a write.
    const post = await fetch(`${base}/portal/statements`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: mine },
    });
    expect(post.status).toBe(405);
    // The PDF of one's own statement downloads.
    const pdf = await get(`/portal/statements/${argan.id}/pdf`, mine);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 120_000);

  it('reads on a phone in Arabic and French: RTL, no sideways scroll, big targets, the figures', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timeout: 120_000,
    });
    try {
      for (const lang of ['ar', 'fr'] as const) {
        const context = await browser.newContext({
          viewport: { width: 360, height: 740 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: lang === 'ar' ? 'ar-MA' : 'fr-MA',
        });
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        await page.goto(`${base}/portal?lang=${lang}`);
        await expect.poll(() => page.url()).toContain('/portal/login');
        await expect
          .poll(() => page.evaluate(() => document.documentElement.dir))
          .toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await page.fill('input[name=login]', 'tighanimine');
        await page.fill('input[name=password]', 'argan-2026!');
        await page.click('button[type=submit]');
        await page.waitForURL(`${base}/portal`);
        const checks: Record<string, string[]> = {
          '/portal': [lang === 'ar' ? 'مرحبا' : 'Bonjour'],
          '/portal/stock': [
            lang === 'ar' ? 'زيت الأركان الغذائي 250 مل' : "Huile d'argan alimentaire 250 ml",
            lang === 'ar' ? 'صالح إلى غاية' : 'À consommer avant le',
          ],
          '/portal/sales': ['Rabat Agdal', 'Fès Médina'],
          '/portal/returns': [lang === 'ar' ? 'انتهت صلاحيته' : 'Périmé depuis le'],
          '/portal/statements': [argan.number!, lang === 'ar' ? 'دفع في' : 'Payé le'],
          [`/portal/statements/${argan2.id}`]: [
            lang === 'ar' ? 'رسالة للإرسال' : 'Message à envoyer',
            'VIR-555',
          ],
        };
        for (const [path, wanted] of Object.entries(checks)) {
          await page.goto(base + path);
          const body = await page.locator('main').innerText();
          for (const w of wanted) expect(body, `${lang} ${path}`).toContain(w);
          const layout = await page.evaluate(() => {
            const doc = document.documentElement;
            const small = [...document.querySelectorAll('a, button, input')]
              .map((el) => el.getBoundingClientRect())
              .filter((r) => r.width > 0 && r.height < 44).length;
            const tiny = [...document.querySelectorAll('main *')]
              .filter(
                (el) =>
                  el.childNodes.length > 0 &&
                  [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()),
              )
              .map((el) => parseFloat(getComputedStyle(el).fontSize))
              .filter((s) => s < 16).length;
            return { overflow: doc.scrollWidth - doc.clientWidth, small, tiny, dir: doc.dir };
          });
          expect(layout, `${lang} ${path}`).toEqual({
            overflow: 0,
            small: 0,
            tiny: 0,
            dir: lang === 'ar' ? 'rtl' : 'ltr',
          });
          await page.screenshot({
            path: join(
              SCREENSHOTS,
              `portal-${lang}-${path.replace(/\W+/g, '-').replace(/-+$/, '') || 'home'}.png`,
            ),
            fullPage: true,
          });
        }
        // The SMS text on the statement page is the core summary, in the page's language.
        const sms = await page.locator('#sms').innerText();
        expect(sms).toContain(argan.number!);
        expect(sms).toContain(lang === 'ar' ? 'حصتكم' : 'Votre part');
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }, 180_000);
});
