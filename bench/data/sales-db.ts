import { divRound, percentOf } from '../../core/money';
import { Prng } from '../../db/demo/prng';
import type { Db } from '../../db/open';
import { cachedDatabase, type CachedFile } from './cache';

export const SALE_LINES = 1_000_000;
export const SALES_COOPERATIVES = 40;
const PRODUCTS_PER_COOP = 50;
const MONTHS = 12;
/** The generated history runs for twelve months up to this instant; the last month is not settled yet. */
export const SALES_END = Date.UTC(2026, 9, 1);
const MONTH_MS = 30 * 24 * 3600_000;
export const SALES_START = SALES_END - MONTHS * MONTH_MS;

/**
 * A year of sales (1,000,000 lines) for 40 cooperatives, written with bulk SQL in one transaction.
 * Eleven monthly statements per cooperative are already issued and paid, claiming their lines, as in
 * a shop that settles every month; the last month is open. The stock ledger is not generated:
 * settlement reads only sale and return lines.
 */
function fill(db: Db): void {
  const rng = new Prng(1_000_000);
  db.transaction(() => {
    db.prepare("INSERT INTO tills (id, name, next_receipt_no) VALUES ('T1', 'Caisse 1', 1)").run();
    db.prepare(
      "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (1, 'Admin', 'admin', 'x', ?), (2, 'Caissier', 'cashier', 'x', ?)",
    ).run(SALES_START, SALES_START);
    const rates: number[] = [];
    const coop = db.prepare(
      'INSERT INTO cooperatives (id, name_fr, name_ar, region, commission_bp, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const product = db.prepare(
      `INSERT INTO products (id, sku, name_fr, name_ar, cooperative_id, unit, vat_code, retail_price, semi_price,
         wholesale_price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'piece', 'S20', ?, ?, ?, ?, ?)`,
    );
    const fts = db.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)');
    const prices: number[] = [];
    for (let c = 1; c <= SALES_COOPERATIVES; c++) {
      rates[c] = rng.int(15, 35) * 100;
      coop.run(c, `Coopérative ${c}`, `تعاونية ${c}`, 'Souss-Massa', rates[c], SALES_START);
      for (let k = 0; k < PRODUCTS_PER_COOP; k++) {
        const id = (c - 1) * PRODUCTS_PER_COOP + k + 1;
        const retail = rng.int(20, 600) * 50;
        prices[id] = retail;
        const sku = `S${String(id).padStart(5, '0')}`;
        product.run(
          id,
          sku,
          `Produit ${id}`,
          `منتوج ${id}`,
          c,
          retail,
          retail,
          retail,
          SALES_START,
          SALES_START,
        );
        fts.run(id, `produit ${id} منتوج ${id} ${sku.toLowerCase()}  cooperative ${c}`);
      }
    }
    const session = db.prepare(
      `INSERT INTO cash_sessions (id, till_id, opened_by, opened_at, opening_float, closed_by, closed_at, expected_cash, counted_cash)
       VALUES (?, 'T1', 2, ?, 50000, 1, ?, 0, 0)`,
    );
    const sale = db.prepare(
      `INSERT INTO sales (id, client_id, till_id, receipt_no, session_id, cashier_id, at, total, discount_total)
       VALUES (?, ?, 'T1', ?, ?, 2, ?, ?, 0)`,
    );
    const line = db.prepare(
      `INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
         gross, discount, amount, vat_code, payout, commission, at, settlement_id)
       VALUES (?, ?, ?, ?, ?, ?, 'piece', ?, 'retail', ?, ?, 0, ?, 'S20', ?, ?, ?, ?)`,
    );
    const payment = db.prepare("INSERT INTO payments (sale_id, method, amount) VALUES (?, 'card', ?)");
    // Totals per (cooperative, month) for the statements issued afterwards.
    const totals = new Map<number, { net: number; payout: number; commission: number; lines: number }>();
    const settlementId = (c: number, month: number): number => (c - 1) * (MONTHS - 1) + month + 1;
    const days = MONTHS * 30;
    const linesPerDay = SALE_LINES / days;
    let lineCount = 0;
    let saleId = 0;
    for (let d = 0; d < days; d++) {
      const open = SALES_START + d * 86_400_000 + 9 * 3600_000;
      session.run(d + 1, open, open + 11 * 3600_000);
      const month = Math.floor(d / 30);
      const target = Math.round((d + 1) * linesPerDay);
      let t = open;
      while (lineCount < target) {
        saleId++;
        t += rng.int(5, 60) * 1000;
        const n = Math.min(target - lineCount, rng.int(1, 5));
        let total = 0;
        const rows: unknown[][] = [];
        for (let ln = 1; ln <= n; ln++) {
          const productId = rng.int(1, SALES_COOPERATIVES * PRODUCTS_PER_COOP);
          const c = Math.floor((productId - 1) / PRODUCTS_PER_COOP) + 1;
          const qty = rng.chance(0.85) ? 1000 : rng.int(2, 6) * 1000;
          const price = prices[productId] as number;
          const amount = divRound(price * qty, 1000);
          const commission = percentOf(amount, rates[c] as number);
          const settled = month < MONTHS - 1 ? settlementId(c, month) : null;
          if (settled !== null) {
            const s = totals.get(settled) ?? { net: 0, payout: 0, commission: 0, lines: 0 };
            s.net += amount;
            s.payout += amount - commission;
            s.commission += commission;
            s.lines++;
            totals.set(settled, s);
          }
          total += amount;
          rows.push([
            saleId,
            ln,
            productId,
            c,
            `Produit ${productId}`,
            `منتوج ${productId}`,
            qty,
            price,
            amount,
            amount,
            amount - commission,
            commission,
            t,
            settled,
          ]);
        }
        sale.run(saleId, `gen-${String(saleId).padStart(8, '0')}`, saleId, d + 1, t, total);
        for (const r of rows) line.run(...r);
        payment.run(saleId, total);
        lineCount += n;
      }
    }
    db.prepare("UPDATE tills SET next_receipt_no = ? WHERE id = 'T1'").run(saleId + 1);
    const statement = db.prepare(
      `INSERT INTO settlements (id, number, cooperative_id, period_start, period_end, issued_at, issued_by, net_sales,
         commission, payout, sale_lines, return_lines, paid_at, paid_by, payment_reference)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0, ?, 1, ?)`,
    );
    for (let c = 1; c <= SALES_COOPERATIVES; c++) {
      for (let month = 0; month < MONTHS - 1; month++) {
        const id = settlementId(c, month);
        const s = totals.get(id) ?? { net: 0, payout: 0, commission: 0, lines: 0 };
        const end = SALES_START + (month + 1) * MONTH_MS;
        const year = new Date(end).getUTCFullYear();
        statement.run(
          id,
          `RG-${year}-H${String(id).padStart(4, '0')}`,
          c,
          SALES_START + month * MONTH_MS,
          end,
          end + 2 * 86_400_000,
          s.net,
          s.commission,
          s.payout,
          s.lines,
          end + 5 * 86_400_000,
          `VIR-${id}`,
        );
      }
    }
  })();
}

export function salesDatabase(): CachedFile {
  return cachedDatabase(`sales-${SALE_LINES}-v2.db`, fill);
}
