import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { divRound, percentOf } from '../core/money';
import { Prng } from '../db/demo/prng';
import { MIGRATIONS } from '../db/migrations';
import { openDatabase, type Db } from '../db/open';
import { ensureSearchIndex } from '../db/search-index';
import { gtinFor } from './data/catalog-db';
import { benchDataDir, cachedDatabase, type CachedFile } from './data/cache';

/**
 * Three years of a real shop (issue 10): about 550,000 sales and 2.4 million lines over 5,000 products
 * of 70 cooperatives, with voids, customer returns, monthly statements and one open till session, and the
 * stock ledger behind them: each cooperative delivers monthly (lots, best-before dates on half the
 * products) what restocks its products to twice last month's sales, and every sale and return moves stock.
 * SOUK_BENCH_SCALE (0 < scale <= 1) shrinks the number of sales; the catalogue stays the same.
 * Bump GENERATOR_VERSION when the data changes; the file name also carries a hash of the migrations, since
 * the rollups and indexes they create are what the benchmark measures.
 */
const GENERATOR_VERSION = 'v2';
export const SHOP_COOPERATIVES = 70;
export const SHOP_PRODUCTS = 5000;
const FULL_SALES = 550_000;
const DAYS = 3 * 365;
const DAY_MS = 86_400_000;
/** The history ends at the start of this UTC day; the last day is "today", its session still open. */
export const SHOP_TODAY = Date.UTC(2026, 10, 30);
export const SHOP_START = SHOP_TODAY - (DAYS - 1) * DAY_MS;
const METHODS = [
  ['cash', 60],
  ['card', 30],
  ['mobile', 8],
  ['voucher', 2],
] as const;
const TIERS = [
  ['retail', 85],
  ['semi', 10],
  ['wholesale', 5],
] as const;

export function benchScale(): number {
  const raw = process.env.SOUK_BENCH_SCALE;
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error(`SOUK_BENCH_SCALE must be in (0, 1], got ${raw}`);
  return scale;
}

export interface ShopHistory extends CachedFile {
  sales: number;
  lines: number;
  scale: number;
}

/** Builds the shop's file (or reuses the cached one); the till "T1" has today's session open. */
export function shopHistory(scale = benchScale()): ShopHistory {
  const sales = Math.round(FULL_SALES * scale);
  let lines = 0;
  const name = (migrations: number) =>
    `shop-history-${sales}-${GENERATOR_VERSION}-${schemaHash(MIGRATIONS.slice(0, migrations))}.db`;
  upgradeEarlierSchema(name);
  const cached = cachedDatabase(name(MIGRATIONS.length), (db) => {
    lines = fill(db, sales);
  });
  // The line count is kept beside the file: opening the cached file, even read-only, would give it -wal
  // and -shm files, and a copy of the main file alone is only whole while its WAL is empty.
  const counts = `${cached.file}.json`;
  if (cached.built) writeFileSync(counts, JSON.stringify({ lines }));
  else if (existsSync(counts)) lines = (JSON.parse(readFileSync(counts, 'utf8')) as { lines: number }).lines;
  return { ...cached, sales, lines, scale };
}

function schemaHash(migrations: readonly string[]): string {
  return createHash('sha256').update(migrations.join('\n')).digest('hex').slice(0, 10);
}

/**
 * Another engineer's new migration would otherwise mean rebuilding three years of sales (minutes): a file
 * built before it is copied and migrated instead, as a shop's own database is on an upgrade.
 */
function upgradeEarlierSchema(name: (migrations: number) => string): void {
  const target = join(benchDataDir(), name(MIGRATIONS.length));
  if (existsSync(target)) return;
  for (let n = MIGRATIONS.length - 1; n >= 1; n--) {
    const earlier = join(benchDataDir(), name(n));
    if (!existsSync(earlier) || !existsSync(`${earlier}.json`)) continue;
    const temp = `${target}.upgrading-${process.pid}`;
    copyFileSync(earlier, temp);
    const db = openDatabase(temp); // migrates, and rebuilds the search index if its folding changed
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const f of [`${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
    copyFileSync(`${earlier}.json`, `${target}.json`);
    renameSync(temp, target);
    return;
  }
}

function fill(db: Db, salesWanted: number): number {
  const rng = new Prng(550_000);
  let lineCount = 0;
  db.transaction(() => {
    const created = SHOP_START - 30 * DAY_MS;
    db.prepare("INSERT INTO tills (id, name) VALUES ('T1', 'Caisse 1')").run();
    db.prepare(
      `INSERT INTO users (id, name, role, pin_hash, created_at) VALUES
         (1, 'Admin', 'admin', 'x', ?), (2, 'Caissier', 'cashier', 'x', ?), (3, 'Gérante', 'manager', 'x', ?)`,
    ).run(created, created, created);
    const coop = db.prepare(
      'INSERT INTO cooperatives (id, name_fr, name_ar, region, womens, commission_bp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const regions = [
      'Souss-Massa',
      'Drâa-Tafilalet',
      'Marrakech-Safi',
      'Fès-Meknès',
      'Oriental',
      'Rabat-Salé-Kénitra',
    ];
    const rates: number[] = [];
    for (let c = 1; c <= SHOP_COOPERATIVES; c++) {
      rates[c] = rng.int(15, 35) * 100;
      coop.run(
        c,
        `Coopérative ${c}`,
        `تعاونية ${c}`,
        rng.pick(regions),
        c % 3 === 0 ? 1 : 0,
        rates[c],
        created,
      );
    }
    const product = db.prepare(
      `INSERT INTO products (id, sku, name_fr, name_ar, cooperative_id, unit, vat_code, retail_price, semi_price,
         wholesale_price, semi_min_qty, wholesale_min_qty, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'piece', ?, ?, ?, ?, 6000, 24000, ?, ?)`,
    );
    const barcode = db.prepare("INSERT INTO barcodes (code, product_id, kind) VALUES (?, ?, 'gtin')");
    const vats = ['S20', 'R10', 'R7', 'EX', 'Z0', 'R14'] as const;
    const prices: { coop: number; vat: string; retail: number; semi: number; wholesale: number }[] = [];
    for (let id = 1; id <= SHOP_PRODUCTS; id++) {
      const c = 1 + (id % SHOP_COOPERATIVES);
      const retail = rng.int(10, 600) * 50;
      const semi = divRound(retail * 92, 5000) * 50;
      const wholesale = Math.min(semi, divRound(retail * 85, 5000) * 50);
      const vat = rng.pick(vats);
      prices[id] = { coop: c, vat, retail, semi, wholesale };
      product.run(
        id,
        `H${String(id).padStart(5, '0')}`,
        `Produit ${id}`,
        `منتوج ${id}`,
        c,
        vat,
        retail,
        semi,
        wholesale,
        created,
        created,
      );
      barcode.run(gtinFor(id), id);
    }
    const session = db.prepare(
      `INSERT INTO cash_sessions (id, till_id, opened_by, opened_at, opening_float, closed_by, closed_at, expected_cash, counted_cash)
       VALUES (?, 'T1', 2, ?, 50000, ?, ?, ?, ?)`,
    );
    const sale = db.prepare(
      `INSERT INTO sales (id, client_id, till_id, receipt_no, session_id, cashier_id, at, total, discount_total, voided_at)
       VALUES (?, ?, 'T1', ?, ?, 2, ?, ?, 0, ?)`,
    );
    const line = db.prepare(
      `INSERT INTO sale_lines (id, sale_id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
         gross, discount, amount, vat_code, payout, commission, at, voided, settlement_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'piece', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const payment = db.prepare(
      'INSERT INTO payments (sale_id, return_id, method, amount) VALUES (?, ?, ?, ?)',
    );
    const voidRow = db.prepare(
      "INSERT INTO sale_voids (sale_id, at, user_id, approved_by, reason) VALUES (?, ?, 2, 3, 'erreur')",
    );
    const ret = db.prepare(
      `INSERT INTO customer_returns (id, client_id, till_id, return_no, session_id, sale_id, user_id, approved_by, reason, at, total)
       VALUES (?, ?, 'T1', ?, ?, ?, 2, 3, 'défaut', ?, ?)`,
    );
    const retLine = db.prepare(
      `INSERT INTO return_lines (return_id, sale_line_id, product_id, cooperative_id, qty, amount, payout, commission, restock, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    );
    const delivery = db.prepare(
      'INSERT INTO deliveries (id, client_id, cooperative_id, note_ref, received_at, user_id) VALUES (?, ?, ?, ?, ?, 3)',
    );
    const deliveryLine = db.prepare(
      'INSERT INTO delivery_lines (id, delivery_id, product_id, qty, lot, best_before) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const movement = db.prepare(
      'INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const productsOf: number[][] = Array.from({ length: SHOP_COOPERATIVES + 1 }, () => []);
    for (let id = 1; id <= SHOP_PRODUCTS; id++) productsOf[1 + (id % SHOP_COOPERATIVES)]?.push(id);
    const onHand = new Array<number>(SHOP_PRODUCTS + 1).fill(0);
    let soldLastMonth = new Array<number>(SHOP_PRODUCTS + 1).fill(0);
    let soldThisMonth = new Array<number>(SHOP_PRODUCTS + 1).fill(0);
    let deliveryId = 0;
    let deliveryLineId = 0;
    /** Each cooperative's monthly delivery, the morning the month starts: back up to twice last month's sales. */
    const deliverMonth = (at: number) => {
      const day = new Date(at);
      const stamp = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}`;
      for (let c = 1; c <= SHOP_COOPERATIVES; c++) {
        const lines = (productsOf[c] ?? []).flatMap((id) => {
          const want = Math.max(20_000, 2 * (soldLastMonth[id] ?? 0)) - (onHand[id] ?? 0);
          return want > 0 ? [{ id, qty: Math.ceil(want / 1000) * 1000 }] : [];
        });
        if (lines.length === 0) continue;
        deliveryId++;
        delivery.run(deliveryId, `d-${deliveryId}`, c, `BL-${stamp}-${c}`, at);
        for (const l of lines) {
          deliveryLineId++;
          const bestBefore =
            l.id % 2 === 0 ? new Date(at + rng.int(120, 540) * DAY_MS).toISOString().slice(0, 10) : null;
          deliveryLine.run(deliveryLineId, deliveryId, l.id, l.qty, `L${stamp}-${c}`, bestBefore);
          movement.run(l.id, c, l.qty, 'receipt', deliveryLineId, at, 3);
          onHand[l.id] = (onHand[l.id] ?? 0) + l.qty;
        }
      }
    };
    const soldLine = db.prepare(
      'SELECT product_id, cooperative_id, qty, amount, payout, commission FROM sale_lines WHERE id = ?',
    );
    // Statements are monthly (30-day periods from the start); every month but the last is issued.
    const MONTH_MS = 30 * DAY_MS;
    const months = Math.ceil((DAYS * DAY_MS) / MONTH_MS);
    const settlementId = (c: number, month: number) => (c - 1) * months + month + 1;
    const totals = new Map<number, { net: number; payout: number; commission: number; lines: number }>();
    let saleId = 0;
    let returnId = 0;
    const perDay = salesWanted / DAYS;
    for (let d = 0; d < DAYS; d++) {
      const dayStart = SHOP_START + d * DAY_MS;
      // 09:00 to 20:00 in Casablanca (UTC+1 most of the year).
      const open = dayStart + 8 * 3600_000;
      const today = d === DAYS - 1;
      const month = Math.floor((dayStart - SHOP_START) / MONTH_MS);
      const settledMonth = month < months - 1 && dayStart + DAY_MS <= SHOP_START + (months - 1) * MONTH_MS;
      if (d % 30 === 0) {
        soldLastMonth = soldThisMonth;
        soldThisMonth = new Array<number>(SHOP_PRODUCTS + 1).fill(0);
        deliverMonth(open - 3600_000);
      }
      const target = Math.round((d + 1) * perDay);
      const span = 11 * 3600_000;
      const count = target - saleId;
      let cash = 0;
      for (let k = 0; k < count; k++) {
        saleId++;
        const at = open + Math.floor(((k + rng.next()) * span) / Math.max(1, count));
        const voided = rng.chance(0.004);
        const n = rng.int(1, 8);
        let total = 0;
        const tier = rng.weighted(TIERS);
        const firstLine = lineCount + 1;
        for (let ln = 1; ln <= n; ln++) {
          const productId = rng.int(1, SHOP_PRODUCTS);
          const p = prices[productId] as (typeof prices)[number];
          const qty =
            tier === 'retail' ? (rng.chance(0.85) ? 1000 : rng.int(2, 5) * 1000) : rng.int(6, 30) * 1000;
          const price = tier === 'retail' ? p.retail : tier === 'semi' ? p.semi : p.wholesale;
          const amount = divRound(price * qty, 1000);
          const commission = percentOf(amount, rates[p.coop] as number);
          const settled = !voided && settledMonth ? settlementId(p.coop, month) : null;
          if (settled !== null) {
            const s = totals.get(settled) ?? { net: 0, payout: 0, commission: 0, lines: 0 };
            s.net += amount;
            s.payout += amount - commission;
            s.commission += commission;
            s.lines++;
            totals.set(settled, s);
          }
          total += amount;
          lineCount++;
          line.run(
            lineCount,
            saleId,
            ln,
            productId,
            p.coop,
            `Produit ${productId}`,
            `منتوج ${productId}`,
            qty,
            tier,
            price,
            amount,
            amount,
            p.vat,
            amount - commission,
            commission,
            at,
            voided ? 1 : 0,
            settled,
          );
          // A voided sale's stock came back with the void: neither movement is kept.
          if (!voided) {
            movement.run(productId, p.coop, -qty, 'sale', lineCount, at, 2);
            onHand[productId] = (onHand[productId] ?? 0) - qty;
            soldThisMonth[productId] = (soldThisMonth[productId] ?? 0) + qty;
          }
        }
        const method = rng.weighted(METHODS);
        sale.run(saleId, `h-${saleId}`, saleId, d + 1, at, total, voided ? at + 60_000 : null);
        payment.run(saleId, null, method, total);
        if (voided) voidRow.run(saleId, at + 60_000);
        else if (method === 'cash') cash += total;
        // A few customers bring one item back the same day (unsettled: returns carry into the next statement).
        if (!voided && rng.chance(0.003)) {
          returnId++;
          const back = at + 1800_000;
          const p = soldLine.get(firstLine) as {
            product_id: number;
            cooperative_id: number;
            qty: number;
            amount: number;
            payout: number;
            commission: number;
          };
          ret.run(returnId, `r-${returnId}`, returnId, d + 1, saleId, back, p.amount);
          const returnLineId = retLine.run(
            returnId,
            firstLine,
            p.product_id,
            p.cooperative_id,
            p.qty,
            p.amount,
            p.payout,
            p.commission,
            back,
          ).lastInsertRowid;
          movement.run(p.product_id, p.cooperative_id, p.qty, 'customer_return', returnLineId, back, 2);
          onHand[p.product_id] = (onHand[p.product_id] ?? 0) + p.qty;
          payment.run(null, returnId, 'cash', p.amount);
          if (method === 'cash') cash -= p.amount;
        }
      }
      const closeAt = today ? null : open + span + 600_000;
      session.run(
        d + 1,
        open - 600_000,
        today ? null : 3,
        closeAt,
        today ? null : 50000 + cash,
        today ? null : 50000 + cash,
      );
    }
    db.prepare("UPDATE tills SET next_receipt_no = ?, next_return_no = ? WHERE id = 'T1'").run(
      saleId + 1,
      returnId + 1,
    );
    const statement = db.prepare(
      `INSERT INTO settlements (id, number, cooperative_id, period_start, period_end, issued_at, issued_by, net_sales,
         commission, payout, sale_lines, return_lines, paid_at, paid_by, payment_reference)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0, ?, 1, ?)`,
    );
    for (let c = 1; c <= SHOP_COOPERATIVES; c++) {
      for (let month = 0; month < months - 1; month++) {
        const id = settlementId(c, month);
        const s = totals.get(id) ?? { net: 0, payout: 0, commission: 0, lines: 0 };
        if (s.net <= 0) continue;
        const end = SHOP_START + (month + 1) * MONTH_MS;
        statement.run(
          id,
          `RG-${new Date(end).getUTCFullYear()}-S${String(id).padStart(5, '0')}`,
          c,
          SHOP_START + month * MONTH_MS,
          end,
          end + 2 * DAY_MS,
          s.net,
          s.commission,
          s.payout,
          s.lines,
          end + 5 * DAY_MS,
          `VIR-${id}`,
        );
      }
    }
  })();
  // The station rebuilds a stale search index at open (a write); done here once, on the cached file.
  ensureSearchIndex(db);
  return lineCount;
}
