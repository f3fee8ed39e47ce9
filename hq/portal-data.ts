/**
 * A cooperative's own figures across the chain, as the portal shows them. Every query is scoped by the
 * cooperative id of the session (never by a request parameter): stock per shop with its age and nearest
 * best-before (lots still on the shelf, first in first out, as the shop's stock.lots counts them), sales by
 * week and by shop, and lots to take back (past or near their best-before) and what was taken back.
 */
import type { Pool } from './db';

const DAY_MS = 86_400_000;
/** Lots within this many days of their best-before are listed to take back. */
export const RETURN_SOON_DAYS = 30;

export interface PortalStockRow {
  shopId: string;
  shopName: string;
  productLocalId: number;
  nameFr: string;
  nameAr: string;
  unit: string;
  onHand: number;
  /** When the oldest lot still on the shelf arrived. */
  oldestAt: number | null;
  /** yyyy-mm-dd, the nearest best-before among lots still on the shelf. */
  nearestBestBefore: string | null;
}

export interface PortalLot {
  shopId: string;
  shopName: string;
  productLocalId: number;
  nameFr: string;
  nameAr: string;
  unit: string;
  left: number;
  receivedAt: number;
  bestBefore: string | null;
}

// Delivered lots with what is left of each: the quantity on hand is covered by the newest lots (the oldest
// sell first), as db/services/stock.ts stockLots does it.
const LOTS = `
  WITH lv AS (
    SELECT shop_id, product_local_id, coop_local_id, sum(qty) AS on_hand
    FROM hq_stock_moves WHERE coop_id = $1 GROUP BY 1, 2, 3
  ), lots AS (
    SELECT m.shop_id, m.product_local_id, m.coop_local_id, m.at, m.best_before, m.qty,
      COALESCE(sum(m.qty) OVER (PARTITION BY m.shop_id, m.product_local_id, m.coop_local_id
        ORDER BY m.at DESC, m.seq DESC, m.n DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS newer
    FROM hq_stock_moves m WHERE m.coop_id = $1 AND m.kind IN ('delivery', 'transfer_in')
  )
  SELECT lv.shop_id, lv.product_local_id, lv.on_hand, lots.at, to_char(lots.best_before, 'YYYY-MM-DD') AS best_before,
    GREATEST(0, LEAST(lots.qty, lv.on_hand - lots.newer)) AS lot_left
  FROM lv LEFT JOIN lots USING (shop_id, product_local_id, coop_local_id)`;

interface LotRow {
  shop_id: string;
  product_local_id: number;
  on_hand: number;
  at: number | null;
  best_before: string | null;
  lot_left: number | null;
}

interface Names {
  shop: Map<string, string>;
  product: (shopId: string, productId: number) => { nameFr: string; nameAr: string; unit: string };
}

async function names(pool: Pool, coopId: number): Promise<Names> {
  const shops = await pool.query<{ id: string; name: string }>('SELECT id, name FROM hq_shops');
  // A product's names: the shop's catalogue (product.create) else the names its sale lines carry.
  const products = await pool.query<{
    shop_id: string;
    local_id: number;
    name_fr: string | null;
    name_ar: string | null;
    unit: string | null;
  }>(
    `SELECT p.shop_id, p.local_id, p.name_fr, p.name_ar, p.unit FROM hq_shop_products p
     JOIN hq_shop_coops sc ON sc.shop_id = p.shop_id AND sc.local_id = p.coop_local_id WHERE sc.coop_id = $1
     UNION ALL
     SELECT DISTINCT ON (shop_id, product_local_id) shop_id, product_local_id, name_fr, name_ar, unit
     FROM hq_sale_lines WHERE coop_id = $1`,
    [coopId],
  );
  const map = new Map<string, { nameFr: string; nameAr: string; unit: string }>();
  for (const p of products.rows) {
    const k = `${p.shop_id}\u0000${p.local_id}`;
    if (!map.has(k) && p.name_fr)
      map.set(k, { nameFr: p.name_fr, nameAr: p.name_ar ?? '', unit: p.unit ?? 'piece' });
  }
  return {
    shop: new Map(shops.rows.map((s) => [s.id, s.name])),
    product: (shopId, productId) =>
      map.get(`${shopId}\u0000${productId}`) ?? {
        nameFr: `#${productId}`,
        nameAr: `#${productId}`,
        unit: 'piece',
      },
  };
}

async function lots(pool: Pool, coopId: number): Promise<{ rows: LotRow[]; names: Names }> {
  const [r, n] = await Promise.all([pool.query<LotRow>(LOTS, [coopId]), names(pool, coopId)]);
  return { rows: r.rows, names: n };
}

export async function portalStock(pool: Pool, coopId: number): Promise<PortalStockRow[]> {
  const { rows, names: n } = await lots(pool, coopId);
  const byKey = new Map<string, PortalStockRow>();
  for (const r of rows) {
    if (Number(r.on_hand) <= 0) continue;
    const k = `${r.shop_id}\u0000${r.product_local_id}`;
    const p = n.product(r.shop_id, r.product_local_id);
    const row = byKey.get(k) ?? {
      shopId: r.shop_id,
      shopName: n.shop.get(r.shop_id) ?? r.shop_id,
      productLocalId: r.product_local_id,
      ...p,
      onHand: Number(r.on_hand),
      oldestAt: null,
      nearestBestBefore: null,
    };
    if (r.lot_left !== null && Number(r.lot_left) > 0 && r.at !== null) {
      row.oldestAt = row.oldestAt === null ? Number(r.at) : Math.min(row.oldestAt, Number(r.at));
      if (r.best_before && (row.nearestBestBefore === null || r.best_before < row.nearestBestBefore))
        row.nearestBestBefore = r.best_before;
    }
    byKey.set(k, row);
  }
  return [...byKey.values()].sort(
    (a, b) => a.shopName.localeCompare(b.shopName, 'fr') || a.nameFr.localeCompare(b.nameFr, 'fr'),
  );
}

/** Lots on the shelf past their best-before or within RETURN_SOON_DAYS of it, soonest first. */
export async function portalReturnsDue(pool: Pool, coopId: number, today: string): Promise<PortalLot[]> {
  const { rows, names: n } = await lots(pool, coopId);
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) + RETURN_SOON_DAYS * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return rows
    .filter((r) => r.best_before !== null && r.best_before <= limit && Number(r.lot_left ?? 0) > 0)
    .map((r) => ({
      shopId: r.shop_id,
      shopName: n.shop.get(r.shop_id) ?? r.shop_id,
      productLocalId: r.product_local_id,
      ...n.product(r.shop_id, r.product_local_id),
      left: Number(r.lot_left),
      receivedAt: Number(r.at),
      bestBefore: r.best_before,
    }))
    .sort(
      (a, b) =>
        (a.bestBefore ?? '').localeCompare(b.bestBefore ?? '') || a.shopName.localeCompare(b.shopName),
    );
}

/** What the shops gave back to the cooperative since `since`, newest first. */
export async function portalReturnedToCoop(pool: Pool, coopId: number, since: number): Promise<PortalLot[]> {
  const [r, n] = await Promise.all([
    pool.query<{ shop_id: string; product_local_id: number; qty: number; at: number }>(
      `SELECT shop_id, product_local_id, -qty AS qty, at FROM hq_stock_moves
       WHERE coop_id = $1 AND kind = 'coop_return' AND at >= $2 ORDER BY at DESC, seq DESC, n LIMIT 200`,
      [coopId, since],
    ),
    names(pool, coopId),
  ]);
  return r.rows.map((x) => ({
    shopId: x.shop_id,
    shopName: n.shop.get(x.shop_id) ?? x.shop_id,
    productLocalId: x.product_local_id,
    ...n.product(x.shop_id, x.product_local_id),
    left: Number(x.qty),
    receivedAt: Number(x.at),
    bestBefore: null,
  }));
}

export interface SalesFigure {
  key: string;
  label: string;
  netSales: number;
  payout: number;
}

/**
 * Net sales (sold, not voided, less customer returns) and payout per shop-calendar week (Monday, in
 * Africa/Casablanca), the last `weeks` weeks up to `now`, oldest first; weeks without sales are listed too.
 */
export async function portalSalesByWeek(
  pool: Pool,
  coopId: number,
  now: number,
  weeks = 12,
): Promise<SalesFigure[]> {
  const { rows } = await pool.query<{ week: string; net: number; payout: number }>(
    `WITH w AS (
       SELECT generate_series(
         date_trunc('week', (to_timestamp($2 / 1000.0) AT TIME ZONE 'Africa/Casablanca')) - ($3 - 1) * interval '1 week',
         date_trunc('week', (to_timestamp($2 / 1000.0) AT TIME ZONE 'Africa/Casablanca')),
         interval '1 week') AS week
     ), m AS (
       SELECT date_trunc('week', to_timestamp(at / 1000.0) AT TIME ZONE 'Africa/Casablanca') AS week, amount, payout
       FROM hq_sale_lines WHERE coop_id = $1 AND NOT voided AND at >= $4
       UNION ALL
       SELECT date_trunc('week', to_timestamp(at / 1000.0) AT TIME ZONE 'Africa/Casablanca'), -amount, -payout
       FROM hq_return_lines WHERE coop_id = $1 AND at >= $4
     )
     SELECT to_char(w.week, 'YYYY-MM-DD') AS week, COALESCE(sum(m.amount), 0)::bigint AS net,
       COALESCE(sum(m.payout), 0)::bigint AS payout
     FROM w LEFT JOIN m ON m.week = w.week GROUP BY w.week ORDER BY w.week`,
    [coopId, now, weeks, now - (weeks + 1) * 7 * DAY_MS],
  );
  return rows.map((r) => ({ key: r.week, label: r.week, netSales: Number(r.net), payout: Number(r.payout) }));
}

/** Net sales and payout per shop since `since` (all history when 0), largest first. */
export async function portalSalesByShop(pool: Pool, coopId: number, since = 0): Promise<SalesFigure[]> {
  const { rows } = await pool.query<{ shop_id: string; name: string | null; net: number; payout: number }>(
    `WITH m AS (
       SELECT shop_id, amount, payout FROM hq_sale_lines WHERE coop_id = $1 AND NOT voided AND at >= $2
       UNION ALL SELECT shop_id, -amount, -payout FROM hq_return_lines WHERE coop_id = $1 AND at >= $2
     )
     SELECT m.shop_id, s.name, sum(m.amount)::bigint AS net, sum(m.payout)::bigint AS payout
     FROM m LEFT JOIN hq_shops s ON s.id = m.shop_id GROUP BY m.shop_id, s.name ORDER BY net DESC, m.shop_id`,
    [coopId, since],
  );
  return rows.map((r) => ({
    key: r.shop_id,
    label: r.name ?? r.shop_id,
    netSales: Number(r.net),
    payout: Number(r.payout),
  }));
}
