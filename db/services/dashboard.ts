import { BP_PER_UNIT, divRound, mulDiv } from '../../core/money';
import type { PaymentMethod } from '../../core/cash';
import type { PriceTier } from '../../core/pricing';
import type { Store } from '../store';
import type { Dashboard } from '../../core/dashboard';

// The shape is core's (core/dashboard.ts), re-exported for the handlers that import it from here.
export type { Dashboard };

const casablancaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Africa/Casablanca',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The shop day (Africa/Casablanca) of a UTC hour. Casablanca is UTC+1, or UTC+0 in Ramadan (and was
 * UTC+0/+1 before 2018): never behind UTC, never more than an hour ahead. So the hours 00 to 22 UTC fall on
 * their own UTC date and only 23:00 UTC needs the tz database. Intl costs ~30 us a call on a loaded
 * station, which was most of a year's dashboard when every hour asked it.
 */
function shopDayOfHour(hour: number): string {
  const at = hour * HOUR_MS;
  if (hour % 24 === 23) return casablancaDay.format(new Date(at));
  return new Date(at).toISOString().slice(0, 10);
}

interface LineSums {
  cooperativeId: number;
  tier: PriceTier;
  n: number;
  amount: number;
  payout: number;
}

interface Split {
  /** Whole buckets inside [from, to), as bucket numbers [first, end): read from a rollup. */
  inner: [number, number] | null;
  /** The pieces of [from, to) outside them: read from the rows themselves. */
  edges: [number, number][];
}

/** Cuts a period into whole UTC buckets (hours or days, as the rollups of migration 006 keep) and edges. */
function split(from: number, to: number, unit: number): Split {
  const first = Math.ceil(from / unit);
  const end = Math.floor(to / unit);
  if (first >= end) return { inner: null, edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < first * unit) edges.push([from, first * unit]);
  if (end * unit < to) edges.push([end * unit, to]);
  return { inner: [first, end], edges };
}

/**
 * Sales figures for a period, voids excluded, customer returns shown apart. The whole hours and days
 * inside the period come from the rollups (migrations 006 and 009), its edges from the rows through the report
 * indexes, so a year costs a few thousand rollup rows and "today" a day's rows, whatever the history
 * holds (tests/db/reports-scale.test.ts checks the plans and compares with the rows).
 */
export function dashboard(store: Store, from: number, to: number): Dashboard {
  // Hours are folded into shop days here: Africa/Casablanca is always a whole number of hours from UTC,
  // so an hour never straddles two shop days.
  const hours: { hour: number; n: number; total: number }[] = [];
  const hourSplit = split(from, to, HOUR_MS);
  if (hourSplit.inner) {
    hours.push(
      ...store.all<{ hour: number; n: number; total: number }>(
        'SELECT hour, n, total FROM report_sales_hours WHERE hour >= ? AND hour < ? AND n > 0',
        ...hourSplit.inner,
      ),
    );
  }
  for (const [a, b] of hourSplit.edges) {
    hours.push(
      ...store.all<{ hour: number; n: number; total: number }>(
        `SELECT at / ${HOUR_MS} hour, COUNT(*) n, SUM(total) total FROM sales INDEXED BY sales_report
         WHERE at >= ? AND at < ? AND voided_at IS NULL GROUP BY hour`,
        a,
        b,
      ),
    );
  }
  const days = new Map<string, { amount: number; count: number }>();
  let salesCount = 0;
  let total = 0;
  for (const h of hours) {
    salesCount += h.n;
    total += h.total;
    const day = shopDayOfHour(h.hour);
    const d = days.get(day) ?? { amount: 0, count: 0 };
    d.amount += h.total;
    d.count += h.n;
    days.set(day, d);
  }
  const refunds =
    store.get<{ total: number }>(
      'SELECT COALESCE(SUM(total), 0) total FROM customer_returns WHERE at >= ? AND at < ?',
      from,
      to,
    )?.total ?? 0;

  const daySplit = split(from, to, DAY_MS);
  const byMethod: Record<PaymentMethod, number> = { cash: 0, card: 0, mobile: 0, voucher: 0 };
  const methodRows: { method: PaymentMethod; amount: number }[] = [];
  if (daySplit.inner) {
    methodRows.push(
      ...store.all<{ method: PaymentMethod; amount: number }>(
        'SELECT method, SUM(amount) amount FROM report_payment_days WHERE day >= ? AND day < ? GROUP BY method',
        ...daySplit.inner,
      ),
    );
  }
  for (const [a, b] of daySplit.edges) {
    methodRows.push(
      ...store.all<{ method: PaymentMethod; amount: number }>(
        `SELECT p.method, SUM(p.amount) amount FROM sales s INDEXED BY sales_report JOIN payments p ON p.sale_id = s.id
         WHERE s.at >= ? AND s.at < ? AND s.voided_at IS NULL GROUP BY p.method`,
        a,
        b,
      ),
    );
  }
  for (const r of methodRows) byMethod[r.method] += r.amount;

  const byTier: Record<PriceTier, number> = { retail: 0, semi: 0, wholesale: 0 };
  const perCoop = new Map<number, { n: number; amount: number; payout: number }>();
  const addCoop = (r: { cooperativeId: number; n: number; amount: number; payout: number }) => {
    const c = perCoop.get(r.cooperativeId) ?? { n: 0, amount: 0, payout: 0 };
    c.n += r.n;
    c.amount += r.amount;
    c.payout += r.payout;
    perCoop.set(r.cooperativeId, c);
  };
  if (daySplit.inner) {
    for (const r of store.all<{ tier: PriceTier; amount: number }>(
      'SELECT tier, SUM(amount) amount FROM report_tier_days WHERE day >= ? AND day < ? GROUP BY tier',
      ...daySplit.inner,
    )) {
      byTier[r.tier] += r.amount;
    }
    // One seek per cooperative on (cooperative_id, day), grouped in the order the join walks: no sort of
    // the period's rows (CROSS JOIN keeps cooperatives as the outer loop).
    for (const r of store.all<{ cooperativeId: number; n: number; amount: number; payout: number }>(
      `SELECT cooperatives.id cooperativeId, SUM(r.n) n, SUM(r.amount) amount, SUM(r.payout) payout
       FROM cooperatives CROSS JOIN report_coop_days r
         ON r.cooperative_id = cooperatives.id AND r.day >= ? AND r.day < ?
       GROUP BY cooperatives.id`,
      ...daySplit.inner,
    )) {
      addCoop(r);
    }
  }
  // INDEXED BY, because without statistics the planner prefers (cooperative_id, at) to skip the GROUP BY
  // sort, and that index is read over the whole history, one cooperative at a time.
  for (const [a, b] of daySplit.edges) {
    for (const r of store.all<LineSums>(
      `SELECT cooperative_id cooperativeId, tier, COUNT(*) n, SUM(amount) amount, SUM(payout) payout
       FROM sale_lines INDEXED BY sale_lines_report
       WHERE at >= ? AND at < ? AND voided = 0 GROUP BY cooperative_id, tier`,
      a,
      b,
    )) {
      byTier[r.tier] += r.amount;
      addCoop(r);
    }
  }
  const byCooperative: Dashboard['byCooperative'] = [];
  if (perCoop.size > 0) {
    for (const c of store.all<{ id: number; name: string; womens: number; region: string }>(
      'SELECT id, name_fr name, womens, region FROM cooperatives',
    )) {
      const sums = perCoop.get(c.id);
      // A cooperative whose sales in the period were all voided afterwards keeps a rollup row of no lines.
      if (sums && sums.n > 0) {
        byCooperative.push({
          cooperativeId: c.id,
          name: c.name,
          womens: c.womens === 1,
          region: c.region,
          amount: sums.amount,
          payout: sums.payout,
        });
      }
    }
    byCooperative.sort((a, b) => b.amount - a.amount || a.cooperativeId - b.cooperativeId);
  }
  const regions = new Map<string, number>();
  for (const c of byCooperative) regions.set(c.region, (regions.get(c.region) ?? 0) + c.amount);
  const linesTotal = byCooperative.reduce((s, c) => s + c.amount, 0);
  const womens = byCooperative.filter((c) => c.womens).reduce((s, c) => s + c.amount, 0);
  return {
    from,
    to,
    salesCount,
    total,
    averageBasket: salesCount === 0 ? 0 : divRound(total, salesCount),
    refunds,
    byTier,
    byMethod,
    byCooperative,
    byRegion: [...regions]
      .map(([region, amount]) => ({ region, amount }))
      .sort((a, b) => b.amount - a.amount),
    womensShare: {
      amount: womens,
      shareBp: linesTotal === 0 ? 0 : mulDiv(womens, BP_PER_UNIT, linesTotal),
    },
    byDay: [...days].map(([day, d]) => ({ day, ...d })).sort((a, b) => a.day.localeCompare(b.day)),
  };
}
