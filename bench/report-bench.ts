/**
 * What a till and a manager feel on three years of a real shop (issue 10), through the bundled station
 * over HTTP, every figure on the generated shop (bench/shop-history.ts) in a folder whose disk the bench
 * checks first:
 * - a 5-line durable checkout beside a bare transaction of the same rows (bench/checkout-http-bench.ts);
 * - a till's scan idle, and while a manager on other connections loads the year's dashboard, the whole
 *   stock list and its CSV export and a 200 x 400 label sheet (reports on workers; and, for comparison,
 *   the year's dashboard with reports on the main thread);
 * - dashboard today / 30 / 365 days, X report, settlement draft and issue for the largest cooperative,
 *   the stock list's first page and its full CSV export, a label sheet;
 * - the station's RSS after those, with 5,000 products and with the 300,000-product catalogue.
 *
 * `tsx bench/report-bench.ts` runs it alone and merges its rows into bench/results.json; bench/run.ts
 * runs it with the others. `--quick` (or SOUK_BENCH_QUICK=1): 2 % of the sales, fewer rounds, a smaller
 * label sheet, no 300,000-product run; `--checkout`, `--reports` or `--catalogue` runs one part. SOUK_BENCH_SCALE shrinks the sales; SOUK_BENCH_LABEL_COPIES sets
 * the sheet's copies per product; SOUK_BENCH_PROFILE=1 profiles the checkout station (--cpu-prof) and
 * prints where its time goes.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../server/entry-point';
import { openDatabase, type Db } from '../db/open';
import { createUser } from '../db/services/users';
import { Store } from '../db/store';
import { buildStation } from '../server/build';
import { catalogDatabase, gtinFor } from './data/catalog-db';
import { benchDataDir } from './data/cache';
import { checkoutHttpBench, sellables, topUpStock } from './checkout-http-bench';
import { breakdown, breakdownLines, readProfile } from './cpu-profile';
import { SHOP_PRODUCTS, SHOP_TODAY, benchScale, shopHistory } from './shop-history';
import { startStation, StationClient, type RunningStation } from './station-client';
import { percentile, row, type BenchRow } from './types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TMPFS_MAGIC = 0x01021994;
const MANAGER_PIN = '2468';
const CASHIER_PIN = '1357';
/** A sheet of 80,000 labels can take minutes with a slow document renderer: the bench waits this long. */
const LABEL_SHEET_CAP_MS = 180_000;

/** How long an fsync takes in the bench's folder: tmpfs answers in microseconds, a real disk does not. */
export function fsyncProbe(dir: string): { p50Ms: number; filesystem: string; realDisk: boolean } {
  const file = join(dir, `fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const samples: number[] = [];
  try {
    const block = Buffer.alloc(4096, 1);
    for (let i = 0; i < 20; i++) {
      writeSync(fd, block, 0, block.length, 0);
      const t = performance.now();
      fsyncSync(fd);
      samples.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  const type = statfsSync(dir).type;
  const p50Ms = percentile(samples, 50);
  const tmpfs = type === TMPFS_MAGIC;
  return {
    p50Ms,
    filesystem: tmpfs ? 'tmpfs (memory, not a disk)' : `filesystem 0x${type.toString(16)}`,
    // A disk's fsync reaches the device: tens of microseconds at the very least, memory answers in a few.
    realDisk: !tmpfs && p50Ms >= 0.02,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** How long fn took, or null when it had not finished after capMs (it is left running). */
async function timedWithin(capMs: number, fn: () => Promise<unknown>): Promise<number | null> {
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    fn().then(() => true),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), capMs))),
  ]);
  clearTimeout(timer);
  return done ? performance.now() - t : null;
}

async function samples(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(fn));
  return out;
}

export interface ShopBenchOptions {
  quick?: boolean;
  /** Only the checkout figures (and the disk check). */
  only?: 'checkout' | 'reports' | 'catalogue';
  labelCopies?: number;
  profile?: boolean;
}

function envOptions(): ShopBenchOptions {
  const quick = process.argv.includes('--quick') || process.env.SOUK_BENCH_QUICK === '1';
  const only = process.argv.includes('--checkout')
    ? 'checkout'
    : process.argv.includes('--reports')
      ? 'reports'
      : process.argv.includes('--catalogue')
        ? 'catalogue'
        : undefined;
  const copies = process.env.SOUK_BENCH_LABEL_COPIES;
  return {
    quick,
    ...(only ? { only } : {}),
    ...(copies ? { labelCopies: Number(copies) } : {}),
    profile: process.env.SOUK_BENCH_PROFILE === '1',
  };
}

interface Ids {
  manager: number;
  cashier: number;
}

/** The bench's users on a copy (the generated shop has none with a known PIN) and stock for its sales. */
function prepareCopy(file: string): Ids {
  const db = openDatabase(file);
  try {
    const store = new Store(db);
    const ids = {
      manager: createUser(store, null, { name: 'Bench manager', role: 'manager', pin: MANAGER_PIN }).id,
      cashier: createUser(store, null, { name: 'Bench cashier', role: 'cashier', pin: CASHIER_PIN }).id,
    };
    topUpStock(db, sellables(db));
    return ids;
  } finally {
    db.close();
  }
}

/** The cooperative with the most unsettled sale lines: the longest statement to draft and issue. */
function largestCooperative(db: Db): { id: number; lines: number } {
  const r = db
    .prepare(
      `SELECT cooperative_id id, COUNT(*) lines FROM sale_lines WHERE settlement_id IS NULL AND voided = 0
       GROUP BY cooperative_id ORDER BY lines DESC LIMIT 1`,
    )
    .get() as { id: number; lines: number } | undefined;
  if (!r) throw new Error('the shop has no unsettled sales');
  return r;
}

function labelSheetInput(products: number, copies: number) {
  return {
    items: Array.from({ length: products }, (_, i) => ({
      productId: 1 + ((i * 25) % SHOP_PRODUCTS),
      copies,
    })),
    layout: '3x8' as const,
  };
}

/** Casablanca's day is UTC+1 most of the year: the shop's "today" starts at 23:00 UTC the day before. */
const period = (days: number) => ({
  from: SHOP_TODAY + DAY - days * DAY - HOUR,
  to: SHOP_TODAY + DAY - HOUR,
});

async function scans(till: StationClient, n: number, offset: number): Promise<number[]> {
  let k = offset;
  return samples(n, () => till.call('products.scan', { code: gtinFor(1 + ((k++ * 7919) % SHOP_PRODUCTS)) }));
}

/**
 * The till scans while a manager, on three other connections, reloads the year's dashboard, exports
 * the whole stock list (the CSV, and the list's pages) and asks for a label sheet; each loop runs until
 * the till has its samples.
 */
async function scansUnderLoad(
  station: RunningStation,
  ids: Ids,
  till: StationClient,
  options: { labels: { products: number; copies: number } | null; stockList: boolean },
): Promise<{
  scans: number[];
  years: number;
  exports: number;
  sheets: number;
  sheetMs: number | null;
  sheetDone: Promise<void>;
}> {
  const managers = await Promise.all(
    [0, 1, 2].map(() => new StationClient(station.port).login(ids.manager, MANAGER_PIN)),
  );
  const [dash, stockClient, labelClient] = managers as [StationClient, StationClient, StationClient];
  let stop = false;
  let years = 0;
  let exports = 0;
  let sheets = 0;
  let sheetMs: number | null = null;
  const labels = options.labels;
  const loops = [
    (async () => {
      while (!stop) {
        await dash.call('dashboard.summary', period(365));
        years++;
      }
    })(),
    options.stockList
      ? (async () => {
          while (!stop) {
            await stockClient.post('/export/stock.csv', {});
            await stockClient.call('stock.page', { limit: 500, offset: 0 });
            exports++;
          }
        })()
      : Promise.resolve(),
    labels
      ? (async () => {
          const input = labelSheetInput(labels.products, labels.copies);
          while (!stop) {
            const t = performance.now();
            await labelClient.call('labels.sheet', input);
            sheetMs ??= performance.now() - t;
            sheets++;
          }
        })()
      : Promise.resolve(),
  ].map((loop) => loop.catch(() => undefined)); // cut off when the station stops: a sheet may take minutes
  // Until every manager's call is under way (the first dashboard answered), then the till's samples.
  const t0 = performance.now();
  while (years === 0 && performance.now() - t0 < 60_000) await scans(till, 1, 0);
  const taken = await scans(till, 300, 11);
  stop = true;
  // The dashboard and the export end within seconds; a label sheet still drawing is left to the station's stop.
  await Promise.all(loops.slice(0, 2));
  // A sheet still drawing: the caller may wait for it (then the manager's connections close).
  const sheetDone = (loops[2] ?? Promise.resolve()).then(() => {
    for (const m of managers) m.close();
  });
  return { scans: taken, years, exports, sheets, sheetMs, sheetDone };
}

function labelOf(sales: number): string {
  return `${Math.round(sales / 1000)}k sales`;
}

async function checkoutFigures(
  main: string,
  dir: string,
  source: string,
  options: ShopBenchOptions,
): Promise<BenchRow[]> {
  const copies = {
    station: join(dir, 'till.db'),
    bare: join(dir, 'bare.db'),
    service: join(dir, 'service.db'),
  };
  let cashier = 0;
  for (const f of Object.values(copies)) {
    copyFileSync(source, f);
    cashier = prepareCopy(f).cashier;
  }
  const profileDir = options.profile ? mkdtempSync(join(dir, 'profile-')) : null;
  const n = options.quick ? 150 : 400;
  const rows = await checkoutHttpBench(
    main,
    { ...copies, cashier: { id: cashier, pin: CASHIER_PIN } },
    { n, ...(profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {}) },
  );
  if (profileDir) {
    const b = breakdown(readProfile(profileDir));
    console.log(`where the station's time goes per HTTP checkout (${n} + warm-up, --cpu-prof):`);
    for (const line of breakdownLines(b, n + 30)) console.log(line);
  }
  for (const f of Object.values(copies)) for (const s of ['', '-wal', '-shm']) rmSync(f + s, { force: true });
  return rows;
}

async function reportFigures(
  main: string,
  dir: string,
  source: string,
  sales: number,
  options: ShopBenchOptions,
): Promise<BenchRow[]> {
  const file = join(dir, 'shop.db');
  copyFileSync(source, file);
  const ids = prepareCopy(file);
  const lookup = openDatabase(file, { readonly: true });
  const coop = largestCooperative(lookup);
  lookup.close();
  const rounds = options.quick ? 5 : 20;
  const copies = options.labelCopies ?? (options.quick ? 5 : 400);
  const label = labelOf(sales);
  const rows: BenchRow[] = [];

  const station = await startStation(main, file);
  try {
    const till = await new StationClient(station.port).login(ids.cashier, CASHIER_PIN);
    const manager = await new StationClient(station.port).login(ids.manager, MANAGER_PIN);
    await scans(till, 100, 0); // the page cache and the connection warm
    const idle = await scans(till, options.quick ? 200 : 500, 3);
    rows.push(row(`HTTP scan idle (${label})`, idle, 'ms'));

    await manager.call('dashboard.summary', period(365));
    const dash = (days: number) => () => manager.call('dashboard.summary', period(days));
    rows.push(row('HTTP dashboard today', await samples(rounds, dash(1)), 'ms', { on: 'p50', max: 50 }));
    rows.push(row('HTTP dashboard 30 days', await samples(rounds, dash(30)), 'ms', { on: 'p50', max: 50 }));
    rows.push(row('HTTP dashboard 365 days', await samples(rounds, dash(365)), 'ms', { on: 'p50', max: 50 }));
    rows.push(
      row('HTTP X report (open session)', await samples(rounds, () => till.call('cash.xReport', {})), 'ms', {
        on: 'p50',
        max: 50,
      }),
    );
    const periodEnd = SHOP_TODAY + DAY;
    rows.push(
      row(
        `HTTP settlement draft (largest coop, ${coop.lines} open lines)`,
        await samples(Math.min(rounds, 10), () =>
          manager.call('settlements.draft', { cooperativeId: coop.id, periodEnd }),
        ),
        'ms',
      ),
    );
    const firstPage = await samples(rounds, () => manager.call('stock.page', { limit: 50, offset: 0 }));
    rows.push(row(`HTTP stock list first page (stock.page, 50 of ${SHOP_PRODUCTS})`, firstPage, 'ms'));
    rows.push(
      row(
        'HTTP stock.onHand first page (50 rows)',
        await samples(rounds, () => manager.call('stock.onHand', { limit: 50 })),
        'ms',
      ),
    );
    let csvBytes = 0;
    const csv = await samples(Math.min(rounds, 5), async () => {
      csvBytes = (await manager.post('/export/stock.csv', {})).bytes;
    });
    rows.push(row(`HTTP stock CSV export, whole list (${(csvBytes / 1e6).toFixed(1)} MB)`, csv, 'ms'));
    const sheet = labelSheetInput(200, copies);
    const sheetMs = await timedWithin(LABEL_SHEET_CAP_MS, () =>
      new StationClient(station.port).login(ids.manager, MANAGER_PIN).then(async (c) => {
        await c.call('labels.sheet', sheet);
        c.close();
      }),
    );
    rows.push(
      sheetMs === null
        ? {
            name: `HTTP labels.sheet 200 x ${copies}`,
            p50: null,
            p99: null,
            n: 0,
            unit: 'ms',
            note: `not done within ${LABEL_SHEET_CAP_MS / 1000} s (still drawing on the worker)`,
          }
        : row(`HTTP labels.sheet 200 x ${copies}`, [sheetMs], 'ms'),
    );
    // Issued last: it settles the lines the draft above counted.
    rows.push(
      row(
        'HTTP settlement issue (largest coop)',
        await samples(1, () => manager.call('settlements.issue', { cooperativeId: coop.id, periodEnd })),
        'ms',
      ),
    );

    const load = await scansUnderLoad(station, ids, till, {
      labels: { products: 200, copies },
      stockList: true,
    });
    const idleP99 = percentile(idle, 99);
    rows.push(
      row('HTTP scan while a manager loads year dashboard, stock list + CSV, label sheet', load.scans, 'ms', {
        on: 'p99',
        max: 10,
      }),
    );
    rows.push({
      name: '  busy/idle scan p99 (reports and documents on a worker)',
      p50: null,
      p99: percentile(load.scans, 99) / idleP99,
      n: load.years,
      unit: 'x',
      aim: { on: 'p99', max: 2 },
    });
    console.log(
      `  meanwhile: ${load.years} year dashboards, ${load.exports} stock exports, ${load.sheets} label sheets finished`,
    );
    rows.push({
      name: `station RSS after these (${SHOP_PRODUCTS} products)`,
      p50: station.rssMb(),
      p99: null,
      n: 1,
      unit: 'MB',
      aim: { on: 'p50', max: 300 },
    });
    // Once the last sheet is drawn and the documents worker has ended (api/report-workers.ts, 10 s idle).
    const drawn = await timedWithin(LABEL_SHEET_CAP_MS, () => load.sheetDone);
    if (drawn !== null) {
      await new Promise((r) => setTimeout(r, 12_000));
      rows.push({
        name: `station RSS, documents worker idle (${SHOP_PRODUCTS} products)`,
        p50: station.rssMb(),
        p99: null,
        n: 1,
        unit: 'MB',
        aim: { on: 'p50', max: 300 },
      });
    }
    till.close();
    manager.close();
  } finally {
    await station.stop();
  }

  // The same year's dashboard answered on the main thread, for comparison (--report-workers 0).
  const inline = await startStation(main, file, { reportWorkers: 0 });
  try {
    const till = await new StationClient(inline.port).login(ids.cashier, CASHIER_PIN);
    await scans(till, 100, 0);
    const idle = await scans(till, options.quick ? 200 : 500, 3);
    const load = await scansUnderLoad(inline, ids, till, { labels: null, stockList: false });
    rows.push(row('HTTP scan, year dashboard looping (reports on main thread)', load.scans, 'ms'));
    rows.push({
      name: '  busy/idle scan p99 (reports on main thread)',
      p50: null,
      p99: percentile(load.scans, 99) / percentile(idle, 99),
      n: load.years,
      unit: 'x',
      aim: null,
    });
    till.close();
  } finally {
    await inline.stop();
  }
  for (const s of ['', '-wal', '-shm', '.seals']) rmSync(file + s, { force: true });
  return rows;
}

/** The station's memory on the 300,000-product catalogue after its heaviest lists. */
async function bigCatalogueRss(main: string, dir: string): Promise<BenchRow[]> {
  const catalog = catalogDatabase();
  const file = join(dir, 'catalog.db');
  copyFileSync(catalog.file, file);
  const db = openDatabase(file);
  const manager = createUser(new Store(db), null, {
    name: 'Bench manager',
    role: 'manager',
    pin: MANAGER_PIN,
  });
  // The catalogue has no stock: one receipt per product, so the list and its export have 300,000 rows.
  db.prepare(
    `INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id)
     SELECT id, cooperative_id, 12000, 'receipt', NULL, ?, NULL FROM products`,
  ).run(Date.now() - 40 * DAY);
  db.close();
  const station = await startStation(main, file);
  try {
    const client = await new StationClient(station.port).login(manager.id, MANAGER_PIN);
    const first = await samples(5, () => client.call('stock.page', { limit: 50, offset: 0 }));
    let bytes = 0;
    const csv = await samples(2, async () => {
      bytes = (await client.post('/export/stock.csv', {})).bytes;
    });
    await client.call('stock.onHand', { limit: 500 });
    await client.call('dashboard.summary', period(365));
    const rss = station.rssMb();
    // Once the documents worker that streamed the export has ended (api/report-workers.ts, 10 s idle).
    await new Promise((r) => setTimeout(r, 12_000));
    const idleRss = station.rssMb();
    client.close();
    return [
      row('HTTP stock list first page (300,000 products)', first, 'ms'),
      row(`HTTP stock CSV export (300,000 products, ${(bytes / 1e6).toFixed(0)} MB)`, csv, 'ms'),
      {
        name: 'station RSS after these (300,000 products)',
        p50: rss,
        p99: null,
        n: 1,
        unit: 'MB',
        aim: { on: 'p50', max: 300 },
      },
      {
        name: 'station RSS, documents worker idle (300,000 products)',
        p50: idleRss,
        p99: null,
        n: 1,
        unit: 'MB',
        aim: { on: 'p50', max: 300 },
      },
    ];
  } finally {
    await station.stop();
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
  }
}

export async function reportBench(options: ShopBenchOptions = envOptions()): Promise<BenchRow[]> {
  if (options.quick && process.env.SOUK_BENCH_SCALE === undefined) process.env.SOUK_BENCH_SCALE = '0.02';
  const history = shopHistory(benchScale());
  console.log(
    history.built
      ? `built the shop's history (${history.sales} sales, ${history.lines} lines) in ${(history.ms / 1000).toFixed(0)} s`
      : `reusing the shop's history (${history.sales} sales, ${history.lines} lines): ${history.file}`,
  );
  const dir = mkdtempSync(join(benchDataDir(), 'shop-'));
  const probe = fsyncProbe(dir);
  const disk = `fsync p50 ${probe.p50Ms.toFixed(3)} ms on ${probe.filesystem}: ${
    probe.realDisk ? 'a real disk' : 'NOT a real disk, durable figures mean nothing here'
  }`;
  console.log(`bench folder ${dir}: ${disk}`);
  const rows: BenchRow[] = [
    { name: 'bench folder fsync', p50: probe.p50Ms, p99: null, n: 20, unit: 'ms', note: disk },
  ];
  try {
    const main = await buildStation();
    if (!existsSync(join(dirname(main), 'report-worker.mjs')))
      throw new Error('no report-worker.mjs was built');
    if (options.only === undefined || options.only === 'checkout')
      rows.push(...(await checkoutFigures(main, dir, history.file, options)));
    if (options.only === undefined || options.only === 'reports')
      rows.push(...(await reportFigures(main, dir, history.file, history.sales, options)));
    if ((options.only === undefined && !options.quick) || options.only === 'catalogue')
      rows.push(...(await bigCatalogueRss(main, dir)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alone: prints the rows and puts them into bench/results.json in place of their earlier values. */
async function alone(): Promise<void> {
  const options = envOptions();
  const rows = await reportBench(options);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(72)} n=${String(r.n).padStart(4)}  p50 ${r.p50 === null ? '-' : r.p50.toFixed(2)}  p99 ${
        r.p99 === null ? '-' : r.p99.toFixed(2)
      } ${r.unit}${r.aim ? `  (aim ${r.aim.on} <= ${r.aim.max})` : ''}`,
    );
  }
  if (options.quick) {
    console.log('quick mode: bench/results.json left as it was');
    return;
  }
  const resultsFile = join(ROOT, 'bench', 'results.json');
  const previous = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { rows?: BenchRow[] } & Record<string, unknown>)
    : {};
  const names = new Set(rows.map((r) => r.name));
  const okOf = (r: BenchRow) => {
    const v = r.aim ? r[r.aim.on] : null;
    return !r.aim || v === null || Number.isNaN(v) ? null : v <= r.aim.max;
  };
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        ...previous,
        reportsDate: new Date().toISOString(),
        reportsScale: benchScale(),
        node: process.version,
        platform: platform(),
        cores: cpus().length,
        rows: [
          ...(previous.rows ?? []).filter((r) => !names.has(r.name)),
          ...rows.map((r) => ({ ...r, ok: okOf(r) })),
        ],
      },
      null,
      2,
    )}\n`,
  );
}

if (isEntryPoint(import.meta.url)) {
  await alone();
}
