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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../server/entry-point';
import { openDatabase } from '../db/open';
import { openSession } from '../db/services/cash';
import { createTill, pairTill } from '../db/services/tills';
import { buildStation } from '../server/build';
import { startTill, type RunningTill } from '../till/main';
import { TillDb } from '../till/till-db';
import { checkDeadline, within } from './deadline';
import { smallShop } from './small-shop';
import { freePort, startStation, StationClient, type RunningStation } from './station-client';
import { row, type BenchRow } from './types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TILLS = ['T2', 'T3', 'T4', 'T5'] as const;
const SALES_PER_TILL = Number(process.env.SOUK_TILL_BENCH_SALES ?? 150);
const QUEUED = Number(process.env.SOUK_TILL_BENCH_QUEUED ?? 500);
const PRICE = 4500;
/** The till host's wait for the station before it queues a sale offline. */
const ONLINE_TIMEOUT_MS = 5000;
/** A phase that has not ended by then fails the stage with its name, never hangs it. */
const PHASE_MS = 180_000;

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
  const { store, asManager, cashier, products } = smallShop(db, {
    products: 20,
    sku: 'TB',
    price: () => PRICE,
    internalBarcode: true,
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

interface OpenTill {
  id: string;
  till: RunningTill;
  /** The till's browser: one kept-alive connection to its till host, with the cashier's token. */
  client: StationClient;
}

async function openTill(shop: Shop, id: string, stationUrl: string, dirs: string[]): Promise<OpenTill> {
  const dir = mkdtempSync(join(tmpdir(), `souk-till-bench-${id}-`));
  dirs.push(dir);
  const tdb = new TillDb(join(dir, 'till.db'));
  tdb.set('tillId', id);
  tdb.set('tillToken', shop.tokens[id]!);
  tdb.close();
  const till = await startTill({ dir, stationUrl, staticDir: null, onlineTimeoutMs: ONLINE_TIMEOUT_MS });
  const client = await new StationClient(Number(new URL(till.url).port), 60_000).login(
    shop.cashierId,
    '1357',
  );
  const started = performance.now();
  while (till.host.status().catalogProducts === 0) {
    checkDeadline(started, PHASE_MS, `till ${id}'s catalogue from the station`);
    await till.host.refreshCatalog();
  }
  return { id, till, client };
}

let sequence = 0;
async function sell(t: OpenTill, shop: Shop): Promise<number> {
  const n = sequence++;
  const started = performance.now();
  await t.client.call('sales.checkout', {
    clientId: `bench-${t.id}-${process.pid}-${n}`,
    lines: [{ productId: shop.productIds[n % shop.productIds.length]!, quantity: 1000 }],
    payments: [{ method: 'card', amount: PRICE }],
  });
  return performance.now() - started;
}

/** `count` tills each selling SALES_PER_TILL sales back to back, all at once. */
async function busy(tills: OpenTill[], shop: Shop): Promise<{ perTill: number[][]; wallMs: number }> {
  const started = performance.now();
  const perTill = await within(
    PHASE_MS,
    `${tills.length} till(s) selling ${SALES_PER_TILL} sales each`,
    Promise.all(
      tills.map(async (t) => {
        const samples: number[] = [];
        for (let i = 0; i < SALES_PER_TILL; i++) samples.push(await sell(t, shop));
        return samples;
      }),
    ),
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
  let station: RunningStation = await startStation(bundle, shop.file, { port, readyTimeoutMs: PHASE_MS });
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
    await station.kill();
    // Each sale is queued at once (the port refuses); a sale that waits ONLINE_TIMEOUT_MS for the station,
    // as one did when another process took the freed port, would make 500 of them take 40 minutes.
    const queueing = performance.now();
    for (let i = 0; i < QUEUED; i++) {
      await sell(t, shop);
      checkDeadline(queueing, PHASE_MS, `queueing ${QUEUED} sales offline (${i + 1} so far)`);
    }
    if (t.till.host.status().queued < QUEUED)
      throw new Error('the sales were not queued: was the station down?');
    const back = performance.now();
    station = await startStation(bundle, shop.file, { port, readyTimeoutMs: PHASE_MS });
    // The station's sessions were in its memory: the cashier logs in again, which wakes the drainer.
    await t.client.login(shop.cashierId, '1357');
    const scans: number[] = [];
    let k = 0;
    while (t.till.host.status().queued > 0) {
      checkDeadline(back, PHASE_MS, `draining ${QUEUED} queued sales (${t.till.host.status().queued} left)`);
      const started = performance.now();
      await t.client.call('products.scan', { code: shop.codes[k++ % shop.codes.length] });
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
    for (const t of tills) {
      t.client.close();
      await within(30_000, `closing till ${t.id}`, t.till.close()).catch((err: unknown) =>
        console.error(`  ${(err as Error).message}`),
      );
    }
    await station.kill();
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
