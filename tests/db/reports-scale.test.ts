import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_TODAY, shopHistory } from '../../bench/shop-history';
import { openDatabase, type Db } from '../../db/open';
import { cashReport } from '../../db/services/cash';
import { checkout } from '../../db/services/checkout';
import { dashboard, type Dashboard } from '../../db/services/dashboard';
import { quoteSale } from '../../db/services/quote';
import { createReturn } from '../../db/services/returns';
import { draftSettlement } from '../../db/services/settlements';
import { voidSale } from '../../db/services/voids';
import { Store } from '../../db/store';
import { makeFixture, uid } from './fixture';

const DAY = 86_400_000;

/** A store that remembers every query a service ran, with its parameters, to ask SQLite for its plan. */
class RecordingStore extends Store {
  readonly queries = new Map<string, unknown[]>();
  override get<T>(sql: string, ...params: unknown[]): T | undefined {
    this.queries.set(sql, params);
    return super.get<T>(sql, ...params);
  }
  override all<T>(sql: string, ...params: unknown[]): T[] {
    this.queries.set(sql, params);
    return super.all<T>(sql, ...params);
  }
}

/**
 * Every plan step that reads a whole table or index (SCAN), i.e. grows with the shop's history. The
 * cooperatives' own table (tens of rows, the names of the report) is the one table a report may list.
 */
function historyScans(db: Db, store: RecordingStore): string[] {
  const scans: string[] = [];
  for (const [sql, params] of store.queries) {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    for (const { detail } of plan) {
      if (/^SCAN /.test(detail) && !/^SCAN cooperatives\b/.test(detail))
        scans.push(`${detail}   <- ${sql.replace(/\s+/g, ' ').slice(0, 90)}`);
    }
  }
  return scans;
}

/** The dashboard computed the plain way, sale by sale and line by line (what the rollups must equal). */
function reference(db: Db, from: number, to: number): Dashboard {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Casablanca',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const sales = db
    .prepare('SELECT id, at, total FROM sales WHERE at >= ? AND at < ? AND voided_at IS NULL')
    .all(from, to) as { id: number; at: number; total: number }[];
  const days = new Map<string, { amount: number; count: number }>();
  for (const s of sales) {
    const d = days.get(day.format(new Date(s.at))) ?? { amount: 0, count: 0 };
    d.amount += s.total;
    d.count += 1;
    days.set(day.format(new Date(s.at)), d);
  }
  const total = sales.reduce((a, s) => a + s.total, 0);
  const byMethod = { cash: 0, card: 0, mobile: 0, voucher: 0 } as Dashboard['byMethod'];
  for (const r of db
    .prepare(
      `SELECT p.method, SUM(p.amount) amount FROM payments p JOIN sales s ON s.id = p.sale_id
       WHERE s.at >= ? AND s.at < ? AND s.voided_at IS NULL GROUP BY p.method`,
    )
    .all(from, to) as { method: keyof Dashboard['byMethod']; amount: number }[])
    byMethod[r.method] = r.amount;
  const byTier = { retail: 0, semi: 0, wholesale: 0 } as Dashboard['byTier'];
  for (const r of db
    .prepare(
      'SELECT tier, SUM(amount) amount FROM sale_lines WHERE at >= ? AND at < ? AND voided = 0 GROUP BY tier',
    )
    .all(from, to) as { tier: keyof Dashboard['byTier']; amount: number }[])
    byTier[r.tier] = r.amount;
  const byCooperative = (
    db
      .prepare(
        `SELECT c.id cooperativeId, c.name_fr name, c.womens, c.region, SUM(l.amount) amount, SUM(l.payout) payout
         FROM sale_lines l JOIN cooperatives c ON c.id = l.cooperative_id
         WHERE l.at >= ? AND l.at < ? AND l.voided = 0 GROUP BY c.id`,
      )
      .all(from, to) as (Omit<Dashboard['byCooperative'][number], 'womens'> & { womens: number })[]
  )
    .map((r) => ({ ...r, womens: r.womens === 1 }))
    .sort((a, b) => b.amount - a.amount || a.cooperativeId - b.cooperativeId);
  const refunds = (
    db
      .prepare('SELECT COALESCE(SUM(total), 0) t FROM customer_returns WHERE at >= ? AND at < ?')
      .get(from, to) as { t: number }
  ).t;
  const regions = new Map<string, number>();
  for (const c of byCooperative) regions.set(c.region, (regions.get(c.region) ?? 0) + c.amount);
  const linesTotal = byCooperative.reduce((s, c) => s + c.amount, 0);
  const womens = byCooperative.filter((c) => c.womens).reduce((s, c) => s + c.amount, 0);
  return {
    from,
    to,
    salesCount: sales.length,
    total,
    averageBasket: sales.length === 0 ? 0 : Math.round(total / sales.length),
    refunds,
    byTier,
    byMethod,
    byCooperative,
    byRegion: [...regions]
      .map(([region, amount]) => ({ region, amount }))
      .sort((a, b) => b.amount - a.amount),
    womensShare: {
      amount: womens,
      shareBp: linesTotal === 0 ? 0 : Math.round((womens * 10_000) / linesTotal),
    },
    byDay: [...days].map(([d, v]) => ({ day: d, ...v })).sort((a, b) => a.day.localeCompare(b.day)),
  };
}

describe('reports on three years of a shop (scaled down)', () => {
  let dir: string;
  let db: Db;
  const end = SHOP_TODAY + DAY;
  // Casablanca's midnights: 23:00 UTC outside Ramadan, 00:00 UTC during it; and periods that begin or end
  // inside an hour or a day, where the rollups meet the rows.
  const periods: [string, number, number][] = [
    ['today (Casablanca)', SHOP_TODAY - 3_600_000, end - 3_600_000],
    ['30 days', end - 30 * DAY, end],
    ['365 days', end - 365 * DAY, end],
    ['the whole history', 0, end + DAY],
    ['ragged edges', end - 400 * DAY + 1_234_567, end - 17 * DAY - 987_654],
    ['inside one hour', SHOP_TODAY + 10 * 3_600_000 + 60_000, SHOP_TODAY + 10 * 3_600_000 + 1_800_000],
    ['an empty period', end + 10 * DAY, end + 11 * DAY],
  ];

  beforeAll(() => {
    // ~1,650 sales over three years: the generator of bench/ at a small scale, copied so that it is ours.
    const history = shopHistory(0.003);
    dir = mkdtempSync(join(tmpdir(), 'souk-reports-'));
    copyFileSync(history.file, join(dir, 'shop.db'));
    db = openDatabase(join(dir, 'shop.db'));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the dashboard's period through indexes and rollups, never a scan of the history", () => {
    for (const [, from, to] of periods) {
      const store = new RecordingStore(db);
      dashboard(store, from, to);
      expect(historyScans(db, store)).toEqual([]);
    }
  });

  it('keeps to the indexes once SQLite has statistics too (ANALYZE)', () => {
    const copy = join(dir, 'analyzed.db');
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(dir, 'shop.db'), copy);
    const analyzed = openDatabase(copy);
    try {
      analyzed.exec('ANALYZE');
      for (const [, from, to] of periods) {
        const store = new RecordingStore(analyzed);
        dashboard(store, from, to);
        expect(historyScans(analyzed, store)).toEqual([]);
      }
    } finally {
      analyzed.close();
    }
  });

  it("reads the X report's session and a settlement draft through indexes", () => {
    const store = new RecordingStore(db, { tillId: 'T1' });
    const x = cashReport(store);
    expect(x.salesCount).toBeGreaterThan(0);
    expect(historyScans(db, store)).toEqual([]);
    const settle = new RecordingStore(db);
    draftSettlement(settle, { cooperativeId: 3, periodEnd: end });
    expect(historyScans(db, settle)).toEqual([]);
  });

  it('gives exactly the figures of the rows, for every period', () => {
    const store = new Store(db);
    for (const [name, from, to] of periods) {
      expect({ name, ...dashboard(store, from, to) }).toEqual({ name, ...reference(db, from, to) });
    }
    expect(dashboard(store, 0, end + DAY).salesCount).toBeGreaterThan(1000);
  });
});

describe('the rollups follow the till', () => {
  it('count sales, voids and returns the way the rows do', () => {
    const f = makeFixture();
    try {
      const at = Date.UTC(2026, 10, 2, 9, 0, 0);
      const sales = [];
      for (let i = 0; i < 12; i++) {
        f.setClock(at + i * 1_900_000);
        const lines = [
          { productId: f.products.oil.id, quantity: 1000 * (1 + (i % 3)) },
          ...(i % 2 === 0 ? [{ productId: f.products.honeyKg.id, quantity: 500 }] : []),
          ...(i % 4 === 0 ? [{ productId: f.products.amlou.id, quantity: 7000 }] : []),
        ];
        const { total } = quoteSale(f.store, { lines });
        sales.push(
          checkout(f.store, f.asCashier, {
            clientId: uid(),
            lines,
            payments: [{ method: i % 3 === 0 ? 'card' : 'cash', amount: total }],
          }),
        );
      }
      // Late sales: 23:30 UTC is already tomorrow in Casablanca (UTC+1), today in Ramadan (UTC+0).
      for (const late of [Date.UTC(2026, 10, 2, 23, 30), Date.UTC(2026, 1, 20, 23, 30)]) {
        f.setClock(late);
        const lines = [{ productId: f.products.oil.id, quantity: 1000 }];
        const { total } = quoteSale(f.store, { lines });
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines,
          payments: [{ method: 'mobile', amount: total }],
        });
      }
      const manager = { ...f.asCashier, approvedBy: f.users.manager.id };
      voidSale(f.store, manager, { saleId: sales[2]!.id, reason: 'erreur' });
      voidSale(f.store, manager, { saleId: sales[7]!.id, reason: 'erreur' });
      const sold = sales[4]!;
      createReturn(f.store, manager, {
        clientId: uid(),
        saleId: sold.id,
        lines: [{ saleLineId: sold.lines[0]!.id, quantity: 1000, restock: true }],
        reason: 'défaut',
        refundMethod: 'cash',
      });
      for (const [from, to] of [
        [0, at + 30 * DAY],
        [Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)],
        [at - DAY, at + DAY],
        [at + 3_000_000, at + 5 * 3_600_000 + 123],
        [at + 7_600_000, at + 7_700_000],
      ] as const) {
        expect(dashboard(f.store, from, to)).toEqual(reference(f.db, from, to));
      }
      const all = dashboard(f.store, 0, at + 30 * DAY);
      expect(all.salesCount).toBe(12);
      expect(all.byDay.map((d) => d.day)).toEqual(['2026-02-20', '2026-11-02', '2026-11-03']);
    } finally {
      f.close();
    }
  });
});
