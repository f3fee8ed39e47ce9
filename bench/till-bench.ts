/**
 * Several tills on one station, and a till's offline queue (issue 11).
 * - checkout through the till host (browser -> till host -> station, both over HTTP on loopback): one till
 *   alone, then two and four tills selling at once; sales/s over all tills, and the worst till's p99
 *   (aim: with four busy, at most twice its p99 alone).
 * - offline: 500 sales queued while the station is down (SIGKILL); from the station's return (process
 *   ready, the cashier's login) to an empty queue, and the till's products.scan p99 while it drains.
 *
 *   tsx bench/till-bench.ts        (also part of npm run bench)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../server/entry-point';
import { openDatabase } from '../db/open';
import { openSession } from '../db/services/cash';
import { createCooperative } from '../db/services/cooperatives';
import { createProduct } from '../db/services/products';
import { ensureTill } from '../db/services/settings';
import { receiveDelivery } from '../db/services/stock';
import { createTill, pairTill } from '../db/services/tills';
import { createUser } from '../db/services/users';
import { Store } from '../db/store';
import { buildStation } from '../server/build';
import { startTill, type RunningTill } from '../till/main';
import { TillDb } from '../till/till-db';
import { row, type BenchRow } from './types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TILLS = ['T2', 'T3', 'T4', 'T5'] as const;
const SALES_PER_TILL = Number(process.env.SOUK_TILL_BENCH_SALES ?? 150);
const QUEUED = Number(process.env.SOUK_TILL_BENCH_QUEUED ?? 500);
const PRICE = 4500;

interface Shop {
  file: string;
  productIds: number[];
  codes: string[];
  cashierId: number;
  tokens: Record<string, string>;
}

function makeShop(dir: string): Shop {
  const file = join(dir, 'shop.db');
  const db = openDatabase(file);
  const store = new Store(db, { tillId: 'T1' });
  ensureTill(store, 'T1', 'Caisse 1');
  const manager = createUser(store, null, { name: 'Gérante', role: 'manager', pin: '2468' });
  const cashier = createUser(store, null, { name: 'Caissier', role: 'cashier', pin: '1357' });
  const asManager = { userId: manager.id, role: 'manager' as const };
  const coop = createCooperative(store, null, {
    nameFr: 'Coopérative banc d’essai',
    nameAr: 'تعاونية',
    registrationNo: null,
    ice: null,
    region: 'Souss-Massa',
    womens: true,
    contactName: null,
    phone: null,
    email: null,
    bankName: null,
    bankAccount: null,
    commissionBp: 2500,
  });
  const products = Array.from({ length: 20 }, (_, i) =>
    createProduct(store, null, {
      sku: `TB-${i}`,
      nameFr: `Produit ${i}`,
      nameAr: `منتج ${i}`,
      cooperativeId: coop.id,
      unit: 'piece',
      vatCode: 'S20',
      retailPrice: PRICE,
      semiPrice: PRICE,
      wholesalePrice: PRICE,
      semiMinQty: null,
      wholesaleMinQty: null,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [],
      internalBarcode: true,
    }),
  );
  receiveDelivery(store, asManager, {
    clientId: 'bench-delivery',
    cooperativeId: coop.id,
    noteRef: 'BL-BENCH',
    lines: products.map((p) => ({ productId: p.id, quantity: 1_000_000_000, lot: 'L', bestBefore: null })),
  });
  const tokens: Record<string, string> = {};
  for (const id of TILLS) {
    const { pairing } = createTill(
      store,
      asManager,
      { id, name: `Caisse ${id}` },
      { addresses: [], fingerprint: null },
    );
    tokens[id] = pairTill(store, pairing.code).token;
    openSession(store, { userId: cashier.id, role: 'cashier', tillId: id }, { openingFloat: 0 });
  }
  db.close();
  return {
    file,
    productIds: products.map((p) => p.id),
    codes: products.map((p) => p.barcodes[0]!),
    cashierId: cashier.id,
    tokens,
  };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** The bundled station as its own process (as shipped), ready when it prints its address. */
function startStationProcess(bundle: string, file: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bundle, '--db', file, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      if (l.startsWith('Souk POS station')) ok(child);
    });
    child.once('exit', (code) => fail(new Error(`station exited (${code}) before it was ready`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGKILL');
  return exited;
}

async function api(base: string, method: string, input: unknown, token?: string | null) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as {
    ok: boolean;
    result?: unknown;
    error?: { code: string; message: string };
  };
  if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
  return body.result as Record<string, unknown>;
}

interface OpenTill {
  id: string;
  till: RunningTill;
  token: string;
}

async function openTill(shop: Shop, id: string, stationUrl: string, dirs: string[]): Promise<OpenTill> {
  const dir = mkdtempSync(join(tmpdir(), `souk-till-bench-${id}-`));
  dirs.push(dir);
  const tdb = new TillDb(join(dir, 'till.db'));
  tdb.set('tillId', id);
  tdb.set('tillToken', shop.tokens[id]!);
  tdb.close();
  const till = await startTill({ dir, stationUrl, staticDir: null, onlineTimeoutMs: 5000 });
  const login = await api(till.url, 'auth.login', { userId: shop.cashierId, pin: '1357' });
  const token = login.token as string;
  while (till.host.status().catalogProducts === 0) await till.host.refreshCatalog();
  return { id, till, token };
}

let sequence = 0;
async function sell(t: OpenTill, shop: Shop): Promise<number> {
  const n = sequence++;
  const started = performance.now();
  await api(
    t.till.url,
    'sales.checkout',
    {
      clientId: `bench-${t.id}-${process.pid}-${n}`,
      lines: [{ productId: shop.productIds[n % shop.productIds.length]!, quantity: 1000 }],
      payments: [{ method: 'card', amount: PRICE }],
    },
    t.token,
  );
  return performance.now() - started;
}

/** `count` tills each selling SALES_PER_TILL sales back to back, all at once. */
async function busy(tills: OpenTill[], shop: Shop): Promise<{ perTill: number[][]; wallMs: number }> {
  const started = performance.now();
  const perTill = await Promise.all(
    tills.map(async (t) => {
      const samples: number[] = [];
      for (let i = 0; i < SALES_PER_TILL; i++) samples.push(await sell(t, shop));
      return samples;
    }),
  );
  return { perTill, wallMs: performance.now() - started };
}

export async function tillBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'souk-till-bench-'));
  const dirs = [dir];
  const shop = makeShop(dir);
  // Inside the project, so the bundle finds node_modules (better-sqlite3, serialport).
  const bundleDir = mkdtempSync(join(ROOT, 'node_modules', '.cache-souk-till-bench-'));
  dirs.push(bundleDir);
  const bundle = await buildStation(bundleDir);
  const port = await freePort();
  const stationUrl = `http://127.0.0.1:${port}`;
  let station = await startStationProcess(bundle, shop.file, port);
  const tills: OpenTill[] = [];
  const rows: BenchRow[] = [];
  try {
    for (const id of TILLS) tills.push(await openTill(shop, id, stationUrl, dirs));
    // Warm-up: the station's statements, the till host's connections.
    await busy(tills.slice(0, 1), shop);
    const worstP99 = (perTill: number[][]) => Math.max(...perTill.map((s) => row('', s, 'ms').p99 ?? 0));
    const alone = await busy(tills.slice(0, 1), shop);
    const aloneP99 = worstP99(alone.perTill);
    rows.push(row('till checkout, 1 till alone', alone.perTill.flat(), 'ms'));
    for (const n of [2, 4]) {
      const r = await busy(tills.slice(0, n), shop);
      const all = r.perTill.flat();
      rows.push({
        ...row(`till checkout, ${n} tills at once (worst till)`, all, 'ms', {
          on: 'p99',
          max: Math.round(2 * aloneP99 * 10) / 10,
        }),
        p50: row('', all, 'ms').p50,
        p99: worstP99(r.perTill),
      });
      const rate = (all.length / r.wallMs) * 1000;
      rows.push({ name: `till sales/s, ${n} tills`, p50: rate, p99: rate, n: all.length, unit: 'sales/s' });
    }

    // Offline: the station dies, one till queues QUEUED sales, the station comes back.
    const t = tills[0]!;
    await kill(station);
    for (let i = 0; i < QUEUED; i++) await sell(t, shop);
    if (t.till.host.status().queued < QUEUED)
      throw new Error('the sales were not queued: was the station down?');
    const back = performance.now();
    station = await startStationProcess(bundle, shop.file, port);
    // The station's sessions were in its memory: the cashier logs in again, which wakes the drainer.
    const login = await api(t.till.url, 'auth.login', { userId: shop.cashierId, pin: '1357' });
    t.token = login.token as string;
    const scans: number[] = [];
    let k = 0;
    while (t.till.host.status().queued > 0) {
      const started = performance.now();
      await api(t.till.url, 'products.scan', { code: shop.codes[k++ % shop.codes.length] }, t.token);
      scans.push(performance.now() - started);
    }
    const drainMs = performance.now() - back;
    rows.push({
      name: `till queue of ${QUEUED} drained after the station is back`,
      p50: drainMs,
      p99: drainMs,
      n: QUEUED,
      unit: 'ms',
    });
    rows.push(row('till scan while its queue drains', scans, 'ms'));
  } finally {
    for (const t of tills) await t.till.close();
    await kill(station);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return rows;
}

if (isEntryPoint(import.meta.url)) {
  const rows = await tillBench();
  for (const r of rows)
    console.log(
      `${r.name.padEnd(52)} n=${String(r.n).padStart(5)}  p50=${r.p50?.toFixed(2)}  p99=${r.p99?.toFixed(2)} ${r.unit}${r.aim ? `  (aim ${r.aim.on} <= ${r.aim.max})` : ''}`,
    );
  process.exit(0);
}
