import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAmount } from '../../core/money';
import { openDatabase, type Db } from '../../db/open';
import {
  STOCK_SORTS,
  stockLots,
  stockOnHand,
  stockPage,
  type StockQuery,
  type StockRow,
} from '../../db/services/stock';
import { Store } from '../../db/store';
import { CATALOG_NOW, makeStockCatalog } from '../helpers/stock-catalog';

const DAY = 86_400_000;

/**
 * The list as the screen used to compute it, row by row (one query for the lots of each row): the model
 * the single-statement version must agree with.
 */
function referenceRows(db: Db, now: number): StockRow[] {
  const rows = db
    .prepare(
      `SELECT l.product_id, l.cooperative_id, l.on_hand, p.sku, p.name_fr, p.name_ar, p.unit, p.retail_price,
         p.semi_price, p.wholesale_price, p.low_stock_alert, c.name_fr coop_name, c.name_ar coop_name_ar,
         COALESCE((SELECT SUM(qty) FROM sale_lines s WHERE s.product_id = l.product_id
           AND s.cooperative_id = l.cooperative_id AND s.voided = 0 AND s.at >= ?), 0) sold30
       FROM stock_levels l JOIN products p ON p.id = l.product_id JOIN cooperatives c ON c.id = l.cooperative_id
       WHERE l.on_hand <> 0`,
    )
    .all(now - 30 * DAY) as Record<string, never>[];
  const lotsOf = db.prepare(
    `SELECT dl.qty, dl.best_before, d.received_at FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
     WHERE dl.product_id = ? AND d.cooperative_id = ? ORDER BY d.received_at DESC, dl.id DESC`,
  );
  const today = new Date(now + 60 * 60_000).toISOString().slice(0, 10); // Casablanca is UTC+1 in December 2026
  return rows.map((r: Record<string, any>) => {
    let remaining: number = r.on_hand;
    let age: number | null = null;
    let nearest: string | null = null;
    for (const lot of lotsOf.all(r.product_id, r.cooperative_id) as Record<string, any>[]) {
      if (remaining <= 0) break;
      remaining -= lot.qty;
      age = Math.floor((now - lot.received_at) / DAY);
      if (lot.best_before && (nearest === null || lot.best_before < nearest)) nearest = lot.best_before;
    }
    return {
      productId: r.product_id,
      sku: r.sku,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      unit: r.unit,
      cooperativeId: r.cooperative_id,
      cooperativeName: r.coop_name,
      cooperativeNameAr: r.coop_name_ar,
      onHand: r.on_hand,
      value: {
        retail: lineAmount(r.retail_price, r.on_hand),
        semi: lineAmount(r.semi_price, r.on_hand),
        wholesale: lineAmount(r.wholesale_price, r.on_hand),
      },
      ageDays: age,
      nearestBestBefore: nearest,
      bestBeforeDaysLeft:
        nearest === null ? null : Math.round((Date.parse(nearest) - Date.parse(today)) / DAY),
      soldLast30Days: r.sold30,
      lowStockAlert: r.low_stock_alert,
    };
  });
}

const byKey = (a: StockRow, b: StockRow) => a.productId - b.productId || a.cooperativeId - b.cooperativeId;

/** Counts the statements a call runs on the store: "one query per page" is checked, not assumed. */
function countingStatements<T>(store: Store, fn: () => T): { result: T; statements: number } {
  let statements = 0;
  const original = store.stmt.bind(store);
  store.stmt = (sql: string) => {
    statements++;
    return original(sql);
  };
  try {
    return { result: fn(), statements };
  } finally {
    store.stmt = original;
  }
}

describe('stock list in SQL (3,000 products, checked against the row-by-row model)', () => {
  let made: ReturnType<typeof makeStockCatalog>;
  let db: Db;
  let store: Store;
  let model: StockRow[];
  beforeAll(() => {
    made = makeStockCatalog(3000);
    db = openDatabase(made.file);
    store = new Store(db, { now: () => CATALOG_NOW });
    model = referenceRows(db, CATALOG_NOW);
  });
  afterAll(() => {
    db.close();
    rmSync(made.dir, { recursive: true, force: true });
  });

  it('computes every row exactly as the row-by-row model does (FIFO age, nearest best-before, 30-day sales)', () => {
    const rows = stockOnHand(store);
    expect(rows.length).toBe(model.length);
    expect([...rows].sort(byKey)).toEqual([...model].sort(byKey));
    // The catalogue exercises what it should: expired lots, fresh ones, unsold and sold rows.
    expect(rows.some((r) => (r.bestBeforeDaysLeft ?? 0) < 0)).toBe(true);
    expect(rows.some((r) => r.nearestBestBefore === null)).toBe(true);
    expect(rows.some((r) => r.soldLast30Days > 0)).toBe(true);
  });

  it('runs one statement for a whole page, and for the whole list (it ran one per row before)', () => {
    const page = countingStatements(store, () => stockPage(store, { limit: 50 }));
    expect(page.result.rows).toHaveLength(50);
    expect(page.statements).toBe(1);
    const all = countingStatements(store, () => stockOnHand(store));
    expect(all.result.length).toBe(model.length);
    expect(all.statements).toBe(1);
  });

  const filters: [string, StockQuery, (r: StockRow) => boolean][] = [
    ['cooperative 7', { cooperativeId: 7 }, (r) => r.cooperativeId === 7],
    ['below 3 units', { belowQty: 3000 }, (r) => r.onHand < 3000],
    [
      "at or below the product's own low-stock alert",
      { lowStock: true },
      (r) => r.lowStockAlert !== null && r.onHand <= r.lowStockAlert,
    ],
    [
      'best-before within 10 days (expired included)',
      { expiringWithinDays: 10 },
      (r) => r.bestBeforeDaysLeft !== null && r.bestBeforeDaysLeft <= 10,
    ],
    [
      'no sale in 60 days, on the shelf at least as long',
      { slowDays: 60 },
      (r) => r.ageDays !== null && r.ageDays >= 60 && r.soldLast30Days === 0 && r.productId % 3 !== 0,
    ],
    [
      'below 5 units and expiring within 200 days',
      { belowQty: 5000, expiringWithinDays: 200 },
      (r) => r.onHand < 5000 && r.bestBeforeDaysLeft !== null && r.bestBeforeDaysLeft <= 200,
    ],
  ];
  for (const [name, query, keep] of filters) {
    it(`filters in SQL: ${name}`, () => {
      const expected = model.filter(keep).sort(byKey);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(model.length);
      const page = stockPage(store, { ...query, limit: 500 });
      expect(page.total).toBe(expected.length);
      expect(stockOnHand(store, query).sort(byKey)).toEqual(expected);
      const sum = (tier: 'retail' | 'semi' | 'wholesale') => expected.reduce((s, r) => s + r.value[tier], 0);
      expect(page.value).toEqual({ retail: sum('retail'), semi: sum('semi'), wholesale: sum('wholesale') });
    });
  }

  it('searches with the folded FTS text: accents, case and prefixes, SKUs', () => {
    const safran = stockPage(store, { search: 'SAFRAN tali', limit: 500 });
    expect(safran.total).toBe(model.filter((r) => r.nameFr.startsWith('Safran Taliouine')).length);
    expect(safran.rows.every((r) => r.nameFr.startsWith('Safran'))).toBe(true);
    const sku = stockPage(store, { search: 'sku-000123' });
    expect(sku.rows.map((r) => r.sku)).toEqual(['SKU-000123']);
    // A word of the cooperative's name finds its products (and products whose names hold the number).
    const coop = stockPage(store, { search: 'coopérative 17', limit: 500 }).rows;
    expect(coop.some((r) => r.cooperativeId === 17)).toBe(true);
    expect(coop.every((r) => r.cooperativeId === 17 || /\b17/.test(r.nameFr))).toBe(true);
  });

  const keyOf: Record<(typeof STOCK_SORTS)[number], (r: StockRow) => number | string | null> = {
    name: (r) => r.nameFr.toLowerCase(),
    cooperative: (r) => r.cooperativeName.toLowerCase(),
    onHand: (r) => r.onHand,
    value: (r) => r.value.retail,
    age: (r) => (r.ageDays === null ? null : -r.ageDays),
    bestBefore: (r) => r.nearestBestBefore,
    sold30: (r) => r.soldLast30Days,
  };
  for (const sort of STOCK_SORTS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sorts by ${sort} ${dir}, and its pages join up to the whole list with no row twice`, () => {
        const query: StockQuery = { sort, dir, cooperativeId: 5 };
        const whole = stockOnHand(store, query);
        const pages: StockRow[] = [];
        for (let offset = 0; ; offset += 37) {
          const page = stockPage(store, { ...query, offset, limit: 37 });
          expect(page.total).toBe(whole.length);
          if (page.rows.length === 0) break;
          pages.push(...page.rows);
        }
        expect(pages).toEqual(whole);
        const keys = whole.map(keyOf[sort]);
        const present = keys.filter((k) => k !== null);
        // Rows without the key come last whichever the direction.
        expect(keys.slice(present.length).every((k) => k === null)).toBe(true);
        for (let i = 1; i < present.length; i++) {
          const [a, b] = [present[i - 1]!, present[i]!];
          // value sorts on the unrounded amount; its rounded neighbours may tie but never cross.
          if (dir === 'asc') expect(a <= b, `${sort} ${String(a)} then ${String(b)}`).toBe(true);
          else expect(a >= b, `${sort} ${String(a)} then ${String(b)}`).toBe(true);
        }
      });
    }
  }

  it('answers past the last page with no rows and the right count', () => {
    const page = stockPage(store, { cooperativeId: 2, offset: 10_000 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(model.filter((r) => r.cooperativeId === 2).length);
  });

  it('lists the lots of a product newest first, with what remains of each first in, first out', () => {
    const row = model.find((r) => r.productId % 3 === 2 && r.soldLast30Days === 0 && r.productId % 5 === 0)!;
    const lots = stockLots(store, row.productId, row.cooperativeId);
    expect(lots).toHaveLength(3);
    expect(lots.map((l) => l.receivedAt)).toEqual([...lots.map((l) => l.receivedAt)].sort((a, b) => b - a));
    expect(lots.reduce((s, l) => s + l.onHand, 0)).toBe(row.onHand);
    // The oldest lot paid for the sale: it is the only one short of what was received.
    expect(lots.filter((l) => l.onHand < l.received).length).toBe(1);
    expect(lots.at(-1)!.onHand).toBe(lots.at(-1)!.received - 1000);
    const withBb = lots.filter((l) => l.bestBefore !== null && l.onHand > 0).map((l) => l.bestBefore!);
    expect(row.nearestBestBefore).toBe(withBb.sort()[0] ?? null);
  });
});

describe('stock list at 100,000 products', () => {
  let made: ReturnType<typeof makeStockCatalog>;
  let db: Db;
  let store: Store;
  beforeAll(() => {
    made = makeStockCatalog(100_000);
    db = openDatabase(made.file);
    store = new Store(db, { now: () => CATALOG_NOW });
  }, 240_000);
  afterAll(() => {
    db.close();
    rmSync(made.dir, { recursive: true, force: true });
  });

  it('answers a page in bounded time whatever the sort or filter, without building the list', () => {
    const figures: string[] = [];
    const time = (label: string, q: Parameters<typeof stockPage>[1]) => {
      const t0 = performance.now();
      const page = stockPage(store, q);
      const ms = performance.now() - t0;
      figures.push(`${label}: ${ms.toFixed(0)} ms (${page.total} rows)`);
      return { page, ms };
    };
    const first = time('page 1 by name', { limit: 50 });
    expect(first.page.rows).toHaveLength(50);
    expect(first.page.total).toBeGreaterThan(80_000);
    const cases = [
      first,
      time('page 1 by name again (statement prepared)', { limit: 50 }),
      time('page 200 by on hand desc', { sort: 'onHand', dir: 'desc', offset: 199 * 50, limit: 50 }),
      time('page 1 by sold 30 d', { sort: 'sold30', dir: 'desc', limit: 50 }),
      time('page 1 expiring within 30 d by best-before', {
        expiringWithinDays: 30,
        sort: 'bestBefore',
        limit: 50,
      }),
      time('page 1 slow movers (90 d) by age', { slowDays: 90, sort: 'age', dir: 'desc', limit: 50 }),
      time('page 1 search "miel"', { search: 'miel', limit: 50 }),
      time('page 1 cooperative 12 below 3 units', { cooperativeId: 12, belowQty: 3000, limit: 50 }),
    ];
    console.log(`[stock-paged] 100,000 products:\n  ${figures.join('\n  ')}`);
    // Generous for a loaded two-core machine; the figures above are what it took.
    for (const c of cases) expect(c.ms).toBeLessThan(8000);
    expect(cases[5]!.page.total).toBeGreaterThan(0);
  }, 120_000);
});
