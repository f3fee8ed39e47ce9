/**
 * Reports on three years of a shop, through the bundled station over HTTP (issue 10): a till's scans
 * idle and while a manager loads the year's dashboard on another connection, with the reports on a
 * worker thread and, for comparison, on the main thread; the dashboard for today, 30 and 365 days; the
 * X report. `tsx bench/report-bench.ts` runs it alone and merges its rows into bench/results.json;
 * bench/run.ts runs it with the others. SOUK_BENCH_SCALE=0.1 uses a tenth of the sales.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
import { createServer } from 'node:net';
import { cpus, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open';
import { createUser } from '../db/services/users';
import { Store } from '../db/store';
import { buildStation } from '../server/build';
import { gtinFor } from './data/catalog-db';
import { benchDataDir } from './data/cache';
import { SHOP_PRODUCTS, SHOP_TODAY, shopHistory } from './shop-history';
import { percentile, row, type BenchRow } from './types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;
const TMPFS_MAGIC = 0x01021994;

/** How long an fsync takes in the bench's folder: tmpfs answers in microseconds, a real disk does not. */
export function fsyncProbe(dir: string): { p50Ms: number; filesystem: string } {
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
  return {
    p50Ms: percentile(samples, 50),
    filesystem: type === TMPFS_MAGIC ? 'tmpfs (memory, not a disk)' : `0x${type.toString(16)}`,
  };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startStation(main: string, dbFile: string, reportWorkers: number | null): Promise<Running> {
  const port = await freePort();
  const args = [main, '--db', dbFile, '--port', String(port)];
  if (reportWorkers !== null) args.push('--report-workers', String(reportWorkers));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`station exited: ${stderr.slice(0, 300)}`);
    if (performance.now() - started > 120_000) throw new Error('station did not answer within 120 s');
    try {
      const res = await fetch(`${url}/api/system.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      await res.text();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (stderr.trim()) console.log(`  station says: ${stderr.trim().slice(0, 300)}`);
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function api(url: string, method: string, input: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? res.status}`);
  return body.result;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

interface Figures {
  scanIdle: number[];
  scanBusy: number[];
  yearsDuringScans: number;
  today: number[];
  month: number[];
  year: number[];
  x: number[];
}

async function measure(url: string, ids: { manager: number; cashier: number }): Promise<Figures> {
  const manager = (await api(url, 'auth.login', { userId: ids.manager, pin: '2468' })) as { token: string };
  const cashier = (await api(url, 'auth.login', { userId: ids.cashier, pin: '1357' })) as { token: string };
  const end = SHOP_TODAY + DAY;
  // Casablanca's day is UTC+1 most of the year: the shop's "today" starts at 23:00 UTC the day before.
  const period = (days: number) => ({ from: end - days * DAY - 3_600_000, to: end - 3_600_000 });
  let n = 0;
  const scan = () =>
    api(url, 'products.scan', { code: gtinFor(1 + ((n++ * 7919) % SHOP_PRODUCTS)) }, cashier.token);
  for (let i = 0; i < 100; i++) await scan(); // warm the page cache and the connection
  const scanIdle: number[] = [];
  for (let i = 0; i < 500; i++) scanIdle.push(await timed(scan));

  const dash = (days: number) => () => api(url, 'dashboard.summary', period(days), manager.token);
  await dash(365)();
  const today: number[] = [];
  const month: number[] = [];
  const year: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < 20; i++) {
    today.push(await timed(dash(1)));
    month.push(await timed(dash(30)));
    year.push(await timed(dash(365)));
    x.push(await timed(() => api(url, 'cash.xReport', {}, cashier.token)));
  }

  // The manager reloads the year's dashboard back to back on another connection while the till scans.
  let stop = false;
  let yearsDuringScans = 0;
  const managerLoop = (async () => {
    while (!stop) {
      await dash(365)();
      yearsDuringScans++;
    }
  })();
  const scanBusy: number[] = [];
  await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 300; i++) scanBusy.push(await timed(scan));
  stop = true;
  await managerLoop;
  return { scanIdle, scanBusy, yearsDuringScans, today, month, year, x };
}

export async function reportBench(): Promise<BenchRow[]> {
  const history = shopHistory();
  console.log(
    history.built
      ? `built the shop's history (${history.sales} sales, ${history.lines} lines) in ${(history.ms / 1000).toFixed(0)} s`
      : `reusing the shop's history (${history.sales} sales, ${history.lines} lines): ${history.file}`,
  );
  const dir = mkdtempSync(join(benchDataDir(), 'reports-'));
  const probe = fsyncProbe(dir);
  console.log(
    `bench folder ${dir}: fsync p50 ${probe.p50Ms.toFixed(3)} ms, filesystem ${probe.filesystem}` +
      (probe.p50Ms < 0.05 ? ' (too fast for a disk: figures are not a real shop disk)' : ''),
  );
  const file = join(dir, 'shop.db');
  copyFileSync(history.file, file);
  try {
    const db = openDatabase(file);
    const store = new Store(db);
    const ids = {
      manager: createUser(store, null, { name: 'Bench manager', role: 'manager', pin: '2468' }).id,
      cashier: createUser(store, null, { name: 'Bench cashier', role: 'cashier', pin: '1357' }).id,
    };
    db.close();
    const main = await buildStation();
    if (!existsSync(join(dirname(main), 'report-worker.mjs')))
      throw new Error('no report-worker.mjs was built');
    const label = `${Math.round(history.sales / 1000)}k sales`;
    const rows: BenchRow[] = [];
    for (const workers of [null, 0] as const) {
      const station = await startStation(main, file, workers);
      try {
        const f = await measure(station.url, ids);
        const where = workers === 0 ? 'reports on main thread' : 'reports on a worker';
        const idle = percentile(f.scanIdle, 99);
        const busy = percentile(f.scanBusy, 99);
        if (workers === null) {
          rows.push(row(`HTTP scan idle (${label})`, f.scanIdle, 'ms'));
          rows.push(row('HTTP dashboard today', f.today, 'ms', { on: 'p50', max: 50 }));
          rows.push(row('HTTP dashboard 30 days', f.month, 'ms', { on: 'p50', max: 50 }));
          rows.push(row('HTTP dashboard 365 days', f.year, 'ms', { on: 'p50', max: 50 }));
          rows.push(row('HTTP X report (open session)', f.x, 'ms', { on: 'p50', max: 50 }));
        }
        rows.push(
          row(
            `HTTP scan, year dashboard looping (${where})`,
            f.scanBusy,
            'ms',
            workers === 0 ? null : { on: 'p99', max: 10 },
          ),
        );
        rows.push({
          name: `  busy/idle scan p99 (${where})`,
          p50: null,
          p99: busy / idle,
          n: f.yearsDuringScans,
          unit: 'x',
          aim: workers === 0 ? null : { on: 'p99', max: 2 },
        });
      } finally {
        await station.stop();
      }
    }
    rows.push({
      name: 'bench folder fsync',
      p50: probe.p50Ms,
      p99: null,
      n: 20,
      unit: 'ms',
      note: `fsync p50 ${probe.p50Ms.toFixed(3)} ms on ${probe.filesystem}`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Alone: prints the rows and puts them into bench/results.json in place of their earlier values. */
async function alone(): Promise<void> {
  const rows = await reportBench();
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(52)} n=${String(r.n).padStart(4)}  p50 ${r.p50 === null ? '-' : r.p50.toFixed(2)}  p99 ${
        r.p99 === null ? '-' : r.p99.toFixed(2)
      } ${r.unit}${r.aim ? `  (aim ${r.aim.on} <= ${r.aim.max})` : ''}`,
    );
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
        reportsScale: Number(process.env.SOUK_BENCH_SCALE ?? 1),
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await alone();
}
