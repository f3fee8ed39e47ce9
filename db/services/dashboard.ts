import { BP_PER_UNIT, divRound, mulDiv } from '../../core/money';
import type { PaymentMethod } from '../../core/cash';
import type { PriceTier } from '../../core/pricing';
import type { Store } from '../store';

export interface Dashboard {
  from: number;
  to: number;
  salesCount: number;
  total: number;
  averageBasket: number;
  refunds: number;
  byTier: Record<PriceTier, number>;
  byMethod: Record<PaymentMethod, number>;
  byCooperative: {
    cooperativeId: number;
    name: string;
    womens: boolean;
    region: string;
    amount: number;
    payout: number;
  }[];
  byRegion: { region: string; amount: number }[];
  womensShare: { amount: number; shareBp: number };
  byDay: { day: string; amount: number; count: number }[];
}

const casablancaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Africa/Casablanca',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Sales figures for a period, voids excluded, customer returns shown apart. */
export function dashboard(store: Store, from: number, to: number): Dashboard {
  const head = store.get<{ n: number; total: number }>(
    'SELECT COUNT(*) n, COALESCE(SUM(total), 0) total FROM sales WHERE at >= ? AND at < ? AND voided_at IS NULL',
    from,
    to,
  ) ?? { n: 0, total: 0 };
  const refunds =
    store.get<{ total: number }>(
      'SELECT COALESCE(SUM(total), 0) total FROM customer_returns WHERE at >= ? AND at < ?',
      from,
      to,
    )?.total ?? 0;
  const byTier: Record<PriceTier, number> = { retail: 0, semi: 0, wholesale: 0 };
  for (const r of store.all<{ tier: PriceTier; amount: number }>(
    'SELECT tier, SUM(amount) amount FROM sale_lines WHERE at >= ? AND at < ? AND voided = 0 GROUP BY tier',
    from,
    to,
  )) {
    byTier[r.tier] = r.amount;
  }
  const byMethod: Record<PaymentMethod, number> = { cash: 0, card: 0, mobile: 0, voucher: 0 };
  for (const r of store.all<{ method: PaymentMethod; amount: number }>(
    `SELECT p.method, SUM(p.amount) amount FROM payments p JOIN sales s ON s.id = p.sale_id
     WHERE s.at >= ? AND s.at < ? AND s.voided_at IS NULL GROUP BY p.method`,
    from,
    to,
  )) {
    byMethod[r.method] = r.amount;
  }
  const byCooperative = store
    .all<{
      cooperativeId: number;
      name: string;
      womens: number;
      region: string;
      amount: number;
      payout: number;
    }>(
      `SELECT c.id cooperativeId, c.name_fr name, c.womens, c.region, SUM(l.amount) amount, SUM(l.payout) payout
       FROM sale_lines l JOIN cooperatives c ON c.id = l.cooperative_id
       WHERE l.at >= ? AND l.at < ? AND l.voided = 0 GROUP BY c.id ORDER BY amount DESC`,
      from,
      to,
    )
    .map((r) => ({ ...r, womens: r.womens === 1 }));
  const regions = new Map<string, number>();
  for (const c of byCooperative) regions.set(c.region, (regions.get(c.region) ?? 0) + c.amount);
  const linesTotal = byCooperative.reduce((s, c) => s + c.amount, 0);
  const womens = byCooperative.filter((c) => c.womens).reduce((s, c) => s + c.amount, 0);
  const days = new Map<string, { amount: number; count: number }>();
  for (const s of store.all<{ at: number; total: number }>(
    'SELECT at, total FROM sales WHERE at >= ? AND at < ? AND voided_at IS NULL',
    from,
    to,
  )) {
    const day = casablancaDay.format(new Date(s.at));
    const d = days.get(day) ?? { amount: 0, count: 0 };
    d.amount += s.total;
    d.count += 1;
    days.set(day, d);
  }
  return {
    from,
    to,
    salesCount: head.n,
    total: head.total,
    averageBasket: head.n === 0 ? 0 : divRound(head.total, head.n),
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
