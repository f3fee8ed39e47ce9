/**
 * HQ's chain figures (issue 12): how fast the projector turns shop events into chain tables (events/s, on
 * real shop journals: sales, voids, returns, deliveries), and the chain dashboard and one cooperative's
 * chain-wide statement on 10 shops x 1 year of lines (about 8 million at full scale; SOUK_BENCH_SCALE
 * shrinks it), generated inside PostgreSQL. `npx tsx bench/hq-chain-bench.ts` prints a table; hqChainBench()
 * gives bench/run.ts's rows (none without PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEntryPoint } from '../server/entry-point';
import { openDatabase } from '../db/open';
import { journalRows } from '../db/journal';
import { recordRows } from '../db/journal-digest';
import { createCooperative } from '../db/services/cooperatives';
import { checkout } from '../db/services/checkout';
import { openSession } from '../db/services/cash';
import { createProduct } from '../db/services/products';
import { ensureTill } from '../db/services/settings';
import { receiveDelivery } from '../db/services/stock';
import { createUser } from '../db/services/users';
import { voidSale } from '../db/services/voids';
import { Store } from '../db/store';
import { chainDashboard } from '../hq/dashboard-data';
import { migrate, openPool, type Pool } from '../hq/db';
import { postgresInstalled, startPgCluster } from '../hq/pg-cluster';
import { projectAll } from '../hq/projections';
import { draftChainStatement, issueChainStatement } from '../hq/settlement';
import { benchScale } from './shop-history';
import type { BenchRow } from './types';

const DAY_MS = 86_400_000;
const YEAR_END = Date.UTC(2026, 10, 30);
const YEAR_START = YEAR_END - 365 * DAY_MS;

type ChainBenchRow = Omit<BenchRow, 'p50' | 'p99' | 'n'> & { value: number; note: string };

const asBenchRow = (r: ChainBenchRow): BenchRow => ({
  name: r.name,
  p50: r.value,
  p99: r.value,
  n: 1,
  unit: r.unit,
  note: r.note,
});

/** A real shop journal of `sales` sales (each 1-3 lines), a few voids and a delivery per product. */
function shopJournal(sales: number): { store: Store; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'souk-hqbench-'));
  const db = openDatabase(join(dir, 'shop.db'));
  let clock = YEAR_START;
  const store = new Store(db, { tillId: 'T1', now: () => clock });
  ensureTill(store, 'T1', 'Caisse 1');
  const manager = createUser(store, null, { name: 'M', role: 'manager', pin: '2468' });
  const cashier = createUser(store, null, { name: 'C', role: 'cashier', pin: '1357' });
  const asManager = { userId: manager.id, role: 'manager' as const };
  const asCashier = { userId: cashier.id, role: 'cashier' as const };
  const products: number[] = [];
  for (let c = 0; c < 5; c++) {
    const coop = createCooperative(store, null, {
      nameFr: `Coopérative ${c}`,
      nameAr: `تعاونية ${c}`,
      registrationNo: `REG-${c}`,
      ice: null,
      region: ['Souss-Massa', 'Oriental', 'Fès-Meknès'][c % 3]!,
      womens: c % 3 === 0,
      contactName: null,
      phone: null,
      email: null,
      bankName: null,
      bankAccount: null,
      commissionBp: 2500,
    });
    for (let p = 0; p < 4; p++) {
      const id = createProduct(store, null, {
        sku: `P-${c}-${p}`,
        nameFr: `Produit ${c}-${p}`,
        nameAr: `منتج ${c}-${p}`,
        cooperativeId: coop.id,
        unit: 'piece',
        vatCode: 'S20',
        retailPrice: 1000 + 100 * p,
        semiPrice: 1000 + 100 * p,
        wholesalePrice: 1000 + 100 * p,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [],
      }).id;
      products.push(id);
      receiveDelivery(store, asManager, {
        clientId: `d-${id}`,
        cooperativeId: coop.id,
        noteRef: `BL-${id}`,
        lines: [{ productId: id, quantity: sales * 3000, lot: 'L', bestBefore: '2027-12-31' }],
      });
    }
  }
  openSession(store, asCashier, { openingFloat: 0 });
  for (let i = 0; i < sales; i++) {
    clock += 60_000;
    const lines = [0, 1, 2]
      .slice(0, 1 + (i % 3))
      .map((k) => ({ productId: products[(i + 7 * k) % products.length]!, quantity: 1000 }));
    const total = lines.reduce((s, l) => s + 1000 + 100 * (products.indexOf(l.productId) % 4), 0);
    const sale = checkout(store, asCashier, {
      clientId: `s-${i}`,
      lines,
      payments: [{ method: 'cash', amount: total }],
    });
    if (i % 50 === 7) voidSale(store, asManager, { saleId: sale.id, reason: 'bench' });
  }
  return { store, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function copyToHq(pool: Pool, shopId: string, store: Store): Promise<number> {
  await pool.query("INSERT INTO hq_shops (id, name, key_hash, created_at) VALUES ($1, $1, 'x', 0)", [shopId]);
  const rows = [...journalRows(store)].map((e) => ({ ...e, rows: recordRows(store, e.ref) }));
  for (let i = 0; i < rows.length; i += 1000) {
    await pool.query(
      `INSERT INTO hq_events (shop_id, seq, at, user_id, kind, ref, payload, payload_text, rows, rows_ok, prev_hash,
         hash, hv, digest, received_at)
       SELECT $1, x.seq, x.at, x.user_id, x.kind, x.ref, x.payload::jsonb, x.payload, x.rows, true, x.prev_hash,
         x.hash, x.hv, x.digest, 0
       FROM json_to_recordset($2::json) AS x(seq bigint, at bigint, user_id int, kind text, ref text, payload text,
         rows jsonb, prev_hash text, hash text, hv int, digest text)`,
      [shopId, JSON.stringify(rows.slice(i, i + 1000))],
    );
  }
  return rows.length;
}

/** 10 shops x 1 year of chain lines made by PostgreSQL itself (generate_series), spread over 70 cooperatives. */
async function chainYear(pool: Pool, linesPerShop: number): Promise<void> {
  await pool.query(`INSERT INTO hq_coops (code, name_fr, region, womens, created_at)
    SELECT 'bench:' || c, 'Coop ' || c, (ARRAY['Souss-Massa','Oriental','Fès-Meknès','Drâa-Tafilalet'])[1 + c % 4], c % 3 = 0, 0
    FROM generate_series(1, 70) c`);
  const { rows } = await pool.query<{ id: number }>(
    "SELECT id FROM hq_coops WHERE code LIKE 'bench:%' ORDER BY id",
  );
  const first = rows[0]!.id;
  for (let s = 1; s <= 10; s++) {
    const shop = `bench-${String(s).padStart(2, '0')}`;
    await pool.query("INSERT INTO hq_shops (id, name, key_hash, created_at) VALUES ($1, $1, 'x', 0)", [shop]);
    await pool.query(
      `INSERT INTO hq_sale_lines (shop_id, line_id, sale_id, seq, product_local_id, coop_local_id, coop_id, name_fr,
         name_ar, unit, tier, qty, amount, payout, commission, at, voided)
       SELECT $1, g, g / 4, g / 4, 1 + g % 5000, 1 + g % 70, $2 + g % 70, 'Produit ' || (g % 5000), '', 'piece',
         (ARRAY['retail','retail','retail','retail','retail','retail','semi','wholesale'])[1 + g % 8],
         1000, a, a - a / 4, a / 4, $3 + (g::bigint * $4 / $5), g % 97 = 0
       FROM generate_series(1, $5) g, LATERAL (SELECT 500 + (g::bigint * 7919) % 20000 AS a) x`,
      [shop, first, YEAR_START, 365 * DAY_MS, linesPerShop],
    );
  }
  await pool.query('ANALYZE');
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

export async function hqChainBench(scale = benchScale()): Promise<BenchRow[]> {
  if (!postgresInstalled()) return [];
  const cluster = await startPgCluster();
  const pool = openPool(await cluster.createDatabase('hq_bench'));
  const out: ChainBenchRow[] = [];
  try {
    await migrate(pool);
    const sales = Math.max(200, Math.round(4000 * scale));
    const shop = shopJournal(sales);
    const events = await copyToHq(pool, 'journal-shop', shop.store);
    shop.close();
    const [projected, ms] = await timed(() => projectAll(pool));
    out.push({
      name: 'hq projection',
      value: Math.round((projected / ms) * 1000),
      unit: 'events/s',
      note: `${events} real shop events (sales 1-3 lines, voids, deliveries)`,
    });

    const linesPerShop = Math.round(800_000 * scale);
    const [, genMs] = await timed(() => chainYear(pool, linesPerShop));
    const coop = (await pool.query<{ id: number }>("SELECT id FROM hq_coops WHERE code = 'bench:3'")).rows[0]!
      .id;
    const [, dashMs] = await timed(() => chainDashboard(pool, YEAR_START, YEAR_END + DAY_MS, YEAR_END));
    const [, dash2] = await timed(() => chainDashboard(pool, YEAR_START, YEAR_END + DAY_MS, YEAR_END));
    out.push({
      name: 'hq dashboard, 1 year',
      value: Math.round(Math.min(dashMs, dash2)),
      unit: 'ms',
      note: `10 shops x ${linesPerShop} lines (made in ${Math.round(genMs / 1000)} s)`,
    });
    const [draft, draftMs] = await timed(() =>
      draftChainStatement(pool, { coopId: coop, periodEnd: YEAR_END + DAY_MS }),
    );
    out.push({
      name: 'hq statement draft, 1 coop',
      value: Math.round(draftMs),
      unit: 'ms',
      note: `${draft.saleLineCount} lines from 10 shops`,
    });
    const [, issueMs] = await timed(() =>
      issueChainStatement(pool, {
        coopId: coop,
        periodEnd: YEAR_END + DAY_MS,
        issuedBy: 'bench',
        now: YEAR_END + 2 * DAY_MS,
      }),
    );
    out.push({
      name: 'hq statement issue, 1 coop',
      value: Math.round(issueMs),
      unit: 'ms',
      note: 'claims every line once, in one transaction',
    });
  } finally {
    await pool.end();
    await cluster.stop();
  }
  return out.map(asBenchRow);
}

if (isEntryPoint(import.meta.url)) {
  console.table(await hqChainBench());
}
