/**
 * The chain dashboard's figures over every shop's history at HQ: net sales (sold, not voided, less customer
 * returns), payout and commission by shop, cooperative, region and tier, the women's cooperatives' share,
 * and how old the stock on each shop's shelves is. One pass over the period's daily sums (GROUPING SETS)
 * gives shop, cooperative and tier at once; region and the women's share follow from the cooperatives.
 * Periods are whole Africa/Casablanca days: `from` and `to` are read as the days they fall in.
 */
import { divRound } from '../core/money';
import type { Pool } from './db';

const DAY_MS = 86_400_000;

export interface Figure {
  key: string;
  label: string;
  netSales: number;
  payout: number;
  commission: number;
}

export interface AgeingRow {
  shopId: string;
  shopName: string;
  /** Products on the shelf by the age of their oldest lot still there: <30, 30-90, 90-180, >180 days. */
  buckets: [number, number, number, number];
}

export interface Dashboard {
  from: number;
  to: number;
  totals: { netSales: number; payout: number; commission: number };
  byShop: Figure[];
  byCoop: Figure[];
  byRegion: Figure[];
  byTier: Figure[];
  womens: { netSales: number; shareBp: number };
  ageing: AgeingRow[];
  shops: number;
  /** Events of a known kind the projector could not read (hq_projection_errors), per shop: not in any figure. */
  unprojected: { shopId: string; count: number }[];
}

export const AGE_LIMITS_DAYS = [30, 90, 180] as const;

interface Row {
  shop_id: string | null;
  coop_id: number | null;
  tier: string | null;
  g_shop: number;
  g_coop: number;
  g_tier: number;
  net: number;
  payout: number;
  commission: number;
}

export async function chainDashboard(
  pool: Pool,
  from: number,
  to: number,
  now = Date.now(),
): Promise<Dashboard> {
  const [sums, shops, coops, ageing, unprojected] = await Promise.all([
    pool.query<Row>(
      // The daily sums (migration 003), so a year of ten shops is a few thousand rows, not millions of lines.
      `SELECT shop_id, NULLIF(coop_id, 0) AS coop_id, tier, GROUPING(shop_id) AS g_shop, GROUPING(coop_id) AS g_coop,
         GROUPING(tier) AS g_tier, sum(net)::bigint AS net, sum(payout)::bigint AS payout,
         sum(commission)::bigint AS commission
       FROM hq_sales_days WHERE day >= hq_day_of($1) AND day < hq_day_of($2)
       GROUP BY GROUPING SETS ((shop_id), (coop_id), (tier), ())`,
      [from, to],
    ),
    pool.query<{ id: string; name: string }>('SELECT id, name FROM hq_shops ORDER BY name'),
    pool.query<{ id: number; name_fr: string; region: string; womens: boolean }>(
      'SELECT id, name_fr, region, womens FROM hq_coops',
    ),
    pool.query<{ shop_id: string; age_days: number | null }>(
      // Each product's oldest lot still on the shelf (first in, first out, as the portal and stock.lots count).
      `WITH lv AS (
         SELECT shop_id, product_local_id, coop_local_id, sum(qty) AS on_hand FROM hq_stock_moves
         GROUP BY 1, 2, 3 HAVING sum(qty) > 0
       ), lots AS (
         SELECT shop_id, product_local_id, coop_local_id, at, qty,
           COALESCE(sum(qty) OVER (PARTITION BY shop_id, product_local_id, coop_local_id
             ORDER BY at DESC, seq DESC, n DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS newer
         FROM hq_stock_moves WHERE kind IN ('delivery', 'transfer_in')
       )
       SELECT lv.shop_id, floor(($1 - min(lots.at) FILTER (WHERE lv.on_hand > lots.newer)) / ${DAY_MS}.0)::int AS age_days
       FROM lv LEFT JOIN lots USING (shop_id, product_local_id, coop_local_id)
       GROUP BY lv.shop_id, lv.product_local_id, lv.coop_local_id`,
      [now],
    ),
    pool.query<{ shop_id: string; n: number }>(
      'SELECT shop_id, count(*)::int AS n FROM hq_projection_errors GROUP BY shop_id ORDER BY shop_id',
    ),
  ]);
  const shopName = new Map(shops.rows.map((s) => [s.id, s.name]));
  const coop = new Map(coops.rows.map((c) => [c.id, c]));
  const fig = (key: string, label: string, r: Row): Figure => ({
    key,
    label,
    netSales: Number(r.net),
    payout: Number(r.payout),
    commission: Number(r.commission),
  });
  const byNet = (a: Figure, b: Figure) => b.netSales - a.netSales || a.label.localeCompare(b.label, 'fr');
  const total = sums.rows.find((r) => r.g_shop && r.g_coop && r.g_tier);
  const byShop = sums.rows
    .filter((r) => !r.g_shop)
    .map((r) => fig(r.shop_id ?? '', shopName.get(r.shop_id ?? '') ?? r.shop_id ?? '', r))
    .sort(byNet);
  const coopRows = sums.rows.filter((r) => !r.g_coop);
  const byCoop = coopRows
    .map((r) => fig(String(r.coop_id ?? ''), coop.get(r.coop_id ?? -1)?.name_fr ?? '?', r))
    .sort(byNet);
  const regions = new Map<string, Figure>();
  let womensNet = 0;
  for (const r of coopRows) {
    const c = coop.get(r.coop_id ?? -1);
    if (c?.womens) womensNet += Number(r.net);
    const region = c?.region ?? '';
    const f = regions.get(region) ?? { key: region, label: region, netSales: 0, payout: 0, commission: 0 };
    f.netSales += Number(r.net);
    f.payout += Number(r.payout);
    f.commission += Number(r.commission);
    regions.set(region, f);
  }
  const byTier = sums.rows
    .filter((r) => !r.g_tier)
    .map((r) => fig(r.tier ?? '', r.tier ?? '', r))
    .sort(
      (a, b) =>
        ['retail', 'semi', 'wholesale', 'return'].indexOf(a.key) -
        ['retail', 'semi', 'wholesale', 'return'].indexOf(b.key),
    );
  const totalNet = Number(total?.net ?? 0);
  const ageingByShop = new Map<string, AgeingRow>();
  for (const s of shops.rows)
    ageingByShop.set(s.id, { shopId: s.id, shopName: s.name, buckets: [0, 0, 0, 0] });
  for (const a of ageing.rows) {
    const row = ageingByShop.get(a.shop_id);
    if (!row || a.age_days === null) continue;
    const i = AGE_LIMITS_DAYS.findIndex((limit) => a.age_days! < limit);
    row.buckets[(i === -1 ? 3 : i) as 0 | 1 | 2 | 3] += 1;
  }
  return {
    from,
    to,
    totals: {
      netSales: totalNet,
      payout: Number(total?.payout ?? 0),
      commission: Number(total?.commission ?? 0),
    },
    byShop,
    byCoop,
    byRegion: [...regions.values()].sort(byNet),
    byTier,
    // Basis points of net sales, the one rounding rule; 0 when nothing sold.
    womens: { netSales: womensNet, shareBp: totalNet > 0 ? divRound(womensNet * 10_000, totalNet) : 0 },
    ageing: [...ageingByShop.values()],
    shops: shops.rows.length,
    unprojected: unprojected.rows.map((r) => ({ shopId: r.shop_id, count: r.n })),
  };
}
