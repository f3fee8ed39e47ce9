import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import { voidSale } from '../../db/services/voids';
import { chainDashboard } from '../../hq/dashboard-data';
import { projectAll } from '../../hq/projections';
import { issueChainStatement, listChainStatements } from '../../hq/settlement';
import { statementSummaryText } from '../../core/statement-text';
import { startHq, type Hq } from '../../hq/service';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from '../e2e/harness';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal } from './chain-helpers';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 9, 31, 23); // 1 Nov 2026 in Casablanca
const TO = Date.UTC(2026, 10, 30, 23);

describePg('HQ dashboard on every shop’s history (real PostgreSQL)', () => {
  const pgh = usePostgres();
  let hq: Hq;
  const shops: { id: string; name: string; f: Fixture }[] = [];

  beforeAll(async () => {
    hq = await startHq({ db: pgh.current.url, port: 0, adminKey: 'staff-key-1' });
    for (const [id, name] of [
      ['oujda', 'Oujda'],
      ['marrakech', 'Marrakech Guéliz'],
    ] as const)
      shops.push({ id, name, f: makeFixture() });
    const [a, b] = shops.map((s) => s.f) as [Fixture, Fixture];
    const sell = (f: Fixture, productId: number, quantity: number, amount: number) =>
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId, quantity }],
        payments: [{ method: 'card', amount }],
      });
    sell(a, a.products.oil.id, 6_000, 64_800); // semi
    sell(a, a.products.honeyKg.id, 1_000, 25_000);
    const voided = sell(a, a.products.oil.id, 1_000, 12_000);
    voidSale(a.store, a.asManager, { saleId: voided.id, reason: 'mistake' });
    const sold = sell(b, b.products.amlou.id, 2_000, 13_100);
    sell(b, b.products.honeyKg.id, 2_000, 46_000); // semi by weight
    createReturn(b.store, b.asManager, {
      clientId: uid('r'),
      saleId: sold.id,
      lines: [{ saleLineId: sold.lines[0]!.id, quantity: 1_000, restock: true }],
      reason: 'broken',
      refundMethod: 'cash',
    });
    for (const s of shops) {
      await hq.pool.query("INSERT INTO hq_shops (id, name, key_hash, created_at) VALUES ($1, $2, 'x', 0)", [
        s.id,
        s.name,
      ]);
      await copyJournal(hq.pool, { id: s.id, name: s.name, store: s.f.store });
    }
    await projectAll(hq.pool);
  }, 120_000);
  afterAll(async () => {
    await hq?.close();
    for (const s of shops) s.f.close();
  });

  it('sales by shop, cooperative, region and tier, the women’s share and stock age match the shops’ own files', async () => {
    const d = await chainDashboard(hq.pool, FROM, TO, Date.UTC(2026, 11, 15));
    const truth = (f: Fixture) =>
      (
        f.db.prepare('SELECT COALESCE(SUM(amount),0) n FROM sale_lines WHERE voided = 0').get() as {
          n: number;
        }
      ).n - (f.db.prepare('SELECT COALESCE(SUM(amount),0) n FROM return_lines').get() as { n: number }).n;
    expect(d.byShop.map((s) => [s.key, s.netSales])).toEqual([
      ['oujda', truth(shops[0]!.f)],
      ['marrakech', truth(shops[1]!.f)],
    ]);
    expect(d.totals.netSales).toBe(64_800 + 25_000 + 13_100 - 6_550 + 46_000);
    expect(d.totals.payout + d.totals.commission).toBe(d.totals.netSales);
    expect(d.byCoop.map((c) => [c.label, c.netSales])).toEqual(
      [
        ['Coopérative Miel Atlas', 71_000],
        ['Coopérative Tighanimine', 71_350],
      ].sort((x, y) => (y[1] as number) - (x[1] as number)),
    );
    expect(d.byRegion.map((r) => [r.label, r.netSales])).toEqual([
      ['Souss-Massa', 71_350],
      ['Béni Mellal-Khénifra', 71_000],
    ]);
    expect(d.byTier.map((t) => [t.key, t.netSales])).toEqual([
      ['retail', 25_000 + 13_100],
      ['semi', 64_800 + 46_000],
      ['return', -6_550],
    ]);
    // The argan cooperative is a women's cooperative: 71 350 of 142 350 = 50,1 %.
    expect(d.womens).toEqual({ netSales: 71_350, shareBp: 5012 });
    // Delivered on 2 Nov, seen on 15 Dec: every product on the shelf is 30-90 days old.
    expect(d.ageing.map((a) => [a.shopId, a.buckets])).toEqual([
      ['marrakech', [0, 3, 0, 0]],
      ['oujda', [0, 3, 0, 0]],
    ]);
    const later = await chainDashboard(hq.pool, FROM, TO, Date.UTC(2027, 4, 30));
    expect(later.ageing[0]!.buckets).toEqual([0, 0, 0, 3]);
    const empty = await chainDashboard(hq.pool, TO, TO + DAY, Date.UTC(2026, 11, 15));
    expect(empty.totals.netSales).toBe(0);
    expect(empty.womens.shareBp).toBe(0);
  });

  it('keeps its daily sums equal to the lines, through voids, returns and a statement claiming them', async () => {
    const raw = `SELECT shop_id, coop_id, sum(n)::bigint AS net, sum(p)::bigint AS payout FROM (
        SELECT shop_id, coop_id, amount n, payout p FROM hq_sale_lines WHERE NOT voided
        UNION ALL SELECT shop_id, coop_id, -amount, -payout FROM hq_return_lines) x
      GROUP BY 1, 2 ORDER BY 1, 2`;
    const days = `SELECT shop_id, NULLIF(coop_id, 0) AS coop_id, sum(net)::bigint AS net, sum(payout)::bigint AS payout
      FROM hq_sales_days GROUP BY 1, 2 HAVING sum(lines) <> 0 ORDER BY 1, 2`;
    const before = (await hq.pool.query(days)).rows;
    expect(before).toEqual((await hq.pool.query(raw)).rows);
    expect(before).toHaveLength(4);
    const coop = (await hq.pool.query("SELECT id FROM hq_coops WHERE code = 'reg:200512'")).rows[0].id;
    await issueChainStatement(hq.pool, { coopId: coop, periodEnd: TO, issuedBy: 'hq', now: TO + DAY });
    expect((await hq.pool.query(days)).rows).toEqual(before);
    // Lines whose cooperative HQ did not know yet count under "unknown", then move to it once it is mapped.
    await hq.pool.query('UPDATE hq_sale_lines SET coop_id = NULL WHERE coop_id = $1', [coop]);
    expect((await hq.pool.query(days)).rows).toEqual((await hq.pool.query(raw)).rows);
    expect((await hq.pool.query(days)).rows).not.toEqual(before);
    await hq.pool.query(
      "UPDATE hq_sale_lines SET coop_id = $1 WHERE coop_id IS NULL AND name_fr <> 'Miel de thym (vrac)'",
      [coop],
    );
    expect((await hq.pool.query(days)).rows).toEqual(before);
  });

  it('is for HQ staff only, and draws its charts in French and Arabic', async () => {
    const page = (cookie = '') =>
      fetch(`${hq.url}/hq/dashboard?from=2026-11-01&to=2026-11-30`, { headers: { cookie } });
    const anon = await page();
    expect(anon.status).toBe(401);
    expect(await anon.text()).not.toContain('Oujda');
    expect((await page('souk_hq_staff=forged-token-123456')).status).toBe(401);
    const signIn = (key: string) =>
      fetch(`${hq.url}/hq/dashboard/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key }).toString(),
      });
    expect((await signIn('staff-key-2')).status).toBe(401);
    const ok = await signIn('staff-key-1');
    expect(ok.status).toBe(303);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await (await page(cookie)).text();
    expect(html).toContain('Oujda');
    expect(html).toContain('50,1');

    // Staff copy each statement's SMS texts (French, Arabic) and download its PDF and CSV from here.
    const list = await fetch(`${hq.url}/hq/dashboard/statements`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const listed = await list.text();
    const [statement] = await listChainStatements(hq.pool);
    expect(listed).toContain(statement!.number);
    expect(listed).toContain(statementSummaryText(statement!, 'fr').replace(/'/g, '&#39;'));
    expect(listed).toContain(statementSummaryText(statement!, 'ar'));
    expect((await fetch(`${hq.url}/hq/dashboard/statements`)).status).toBe(401);
    const csv = await fetch(`${hq.url}/hq/dashboard/statements/${statement!.id}/csv`, {
      headers: { cookie },
    });
    expect(await csv.text()).toContain('Vente;ARG-250;');
    expect((await fetch(`${hq.url}/hq/dashboard/statements/${statement!.id}/csv`)).status).toBe(401);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timeout: 120_000,
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([
        { name: 'souk_hq_staff', value: cookie.split('=')[1]!, url: `${hq.url}/hq/dashboard` },
      ]);
      const p = await context.newPage();
      for (const lang of ['fr', 'ar'] as const) {
        await p.goto(`${hq.url}/hq/dashboard?from=2026-11-01&to=2026-11-30&lang=${lang}`);
        expect(await p.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await p.locator('#by-shop svg rect').count()).toBe(2);
        expect(await p.locator('#ageing li[data-shop]').count()).toBe(2);
        const w = await p
          .locator('#by-shop svg rect')
          .first()
          .evaluate((r) => r.getBoundingClientRect().width);
        expect(w).toBeGreaterThan(50);
        // The ageing bar spans its row: one bucket holds every product, so it fills the row's width.
        const [bar, row] = await p
          .locator('#ageing li[data-shop]')
          .first()
          .evaluate((li) => [li.querySelector('svg')!.getBoundingClientRect().width, li.clientWidth]);
        expect(bar).toBeGreaterThan(row! * 0.8);
        expect(await p.locator('#womens').innerText()).toMatch(/50,1/);
        await p.screenshot({ path: join(SCREENSHOTS, `hq-dashboard-${lang}.png`), fullPage: true });
      }
      await context.close();
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('an event it cannot read is set aside and shown, and the shop’s later events are still projected', async () => {
    const a = shops[0]!.f;
    const head = Number(
      (await hq.pool.query("SELECT max(seq) m FROM hq_events WHERE shop_id = 'oujda'")).rows[0].m,
    );
    for (const amount of [12_000, 24_000]) {
      checkout(a.store, a.asCashier, {
        clientId: uid(),
        lines: [{ productId: a.products.oil.id, quantity: amount / 12 }],
        payments: [{ method: 'card', amount }],
      });
    }
    await copyJournal(hq.pool, { id: 'oujda', name: 'Oujda', store: a.store });
    // The first of the two arrives without its lines (as a broken or hostile push could bring it).
    await hq.pool.query(
      `UPDATE hq_events SET rows = '{"sale": {"id": 1}}'::jsonb WHERE shop_id = 'oujda' AND seq = $1`,
      [head + 1],
    );
    await projectAll(hq.pool);
    const errors = await hq.pool.query('SELECT shop_id, seq, kind FROM hq_projection_errors');
    expect(errors.rows).toEqual([{ shop_id: 'oujda', seq: head + 1, kind: 'sale' }]);
    const projected = await hq.pool.query(
      "SELECT sum(amount)::bigint n FROM hq_sale_lines WHERE shop_id = 'oujda' AND seq > $1",
      [head],
    );
    expect(projected.rows[0].n).toBe(24_000);
    const d = await chainDashboard(hq.pool, FROM, TO + 40 * DAY, Date.UTC(2026, 11, 15));
    expect(d.unprojected).toEqual([{ shopId: 'oujda', count: 1 }]);
    const signIn = await fetch(`${hq.url}/hq/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=staff-key-1',
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await (await fetch(`${hq.url}/hq/dashboard`, { headers: { cookie } })).text();
    expect(html).toContain('data-unprojected="oujda"');
    expect(html).toContain('1 événement illisible de la boutique oujda');
  });
});
