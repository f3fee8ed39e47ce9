/**
 * `npm run bench`: builds (or reuses) the large databases, runs every benchmark, prints one table and
 * writes bench/results.json. Timing belongs here, never in tests.
 *
 * Each stage runs in a child process of its own, in its own process group, with a deadline: a stage that
 * has not ended by then is killed with everything it started (stations, till hosts, Chromium, PostgreSQL)
 * and its row says so, and the bench goes on (issue 10: it once hung in the tills stage for more than
 * 30 minutes). `npm run bench -- tills hq-push` runs only the stages named and puts their rows into
 * bench/results.json in place of their earlier ones. SOUK_BENCH_STAGE_MINUTES overrides every deadline.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDataDir } from './data/cache';
import { fsyncProbe } from './report-bench';
import { catalogDatabase } from './data/catalog-db';
import { salesDatabase } from './data/sales-db';
import { checkoutBench } from './checkout-bench';
import { scanBench } from './scan-bench';
import { searchBench } from './search-bench';
import { settlementBench } from './settlement-bench';
import { benchPrinter } from './printer-bench';
import { benchScale } from './scale-bench';
import { uiBench } from './ui-bench';
import { startupBench } from './startup-bench';
import { reportBench } from './report-bench';
import { hqBench } from './hq-bench';
import { hqChainBench } from './hq-chain-bench';
import { tillBench } from './till-bench';
import type { BenchRow } from './types';

const HERE = dirname(fileURLToPath(import.meta.url));

function fmt(v: number | null, unit: string): string {
  if (v === null || Number.isNaN(v)) return '-';
  if (unit === 'x') return v.toFixed(2);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

function okOf(r: BenchRow): boolean | null {
  if (!r.aim) return null;
  const v = r[r.aim.on];
  return v === null || Number.isNaN(v) ? null : v <= r.aim.max;
}

function printTable(rows: BenchRow[]): void {
  const head = ['name', 'n', 'p50', 'p99', 'unit', 'aim', 'ok'];
  const body = rows.map((r) => {
    const aim = r.aim ? `${r.aim.on} <= ${r.aim.max}` : '';
    const ok = okOf(r);
    // A note stands in for figures that are missing; beside figures it is printed below the table.
    if (r.note && r.p50 === null && r.p99 === null)
      return [
        r.name,
        String(r.n),
        r.note.length > 24 ? `${r.note.slice(0, 21)}...` : r.note,
        '',
        r.unit,
        aim,
        '',
      ];
    return [
      r.name,
      String(r.n),
      fmt(r.p50, r.unit),
      fmt(r.p99, r.unit),
      r.unit,
      aim,
      ok === null ? '' : ok ? 'ok' : 'MISS',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note && r.note.length > 24) console.log(`\n${r.name}: ${r.note}`);
}

/** The stages in the order they run, each with its deadline in minutes on a loaded two-core machine. */
const STAGES: Record<string, { minutes: number; run: () => BenchRow[] | Promise<BenchRow[]> }> = {
  scan: { minutes: 10, run: () => scanBench() },
  checkout: { minutes: 10, run: () => checkoutBench() },
  search: { minutes: 10, run: () => searchBench() },
  settlement: { minutes: 10, run: () => settlementBench() },
  startup: { minutes: 10, run: () => startupBench() },
  // The 3-year shop: an upgrade of the cached file, three stations, a 200 x 400 label sheet, 300,000 products.
  reports: { minutes: 75, run: () => reportBench() },
  'hq-push': { minutes: 15, run: () => hqBench() },
  'hq-chain': { minutes: 30, run: () => hqChainBench() },
  tills: { minutes: 15, run: () => tillBench() },
  scale: { minutes: 5, run: () => benchScale() },
  printer: { minutes: 5, run: () => benchPrinter() },
  ui: { minutes: 15, run: () => uiBench() },
  // For tests/bench/run-deadline.test.ts: a stage that starts a process and never ends, as tills once did.
  ...(process.env.SOUK_BENCH_SELFTEST === '1' ? { 'selftest-hang': { minutes: 10, run: hangForever } } : {}),
};

function hangForever(): Promise<BenchRow[]> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  writeFileSync(
    process.env.SOUK_BENCH_SELFTEST_PIDFILE ?? join(tmpdir(), 'souk-bench-selftest.pid'),
    String(child.pid),
  );
  return new Promise(() => undefined);
}

const failed = (label: string, note: string): BenchRow => ({
  name: label,
  p50: null,
  p99: null,
  n: 0,
  unit: '',
  note: `failed: ${note}`,
});

/** In the stage's own process: runs it and writes its rows for the parent. */
async function runStage(name: string, out: string): Promise<void> {
  const stage = STAGES[name];
  if (!stage) throw new Error(`no bench stage ${name}`);
  let rows: BenchRow[];
  try {
    rows = await stage.run();
  } catch (err) {
    rows = [failed(name, (err as Error).message)];
  }
  writeFileSync(out, JSON.stringify(rows));
  // Whatever a stage left behind (a keep-alive agent, a timer) must not keep its process alive.
  process.exit(0);
}

/** Runs a stage as a child process group; its rows, or one row saying how it failed. */
function spawnStage(name: string, minutes: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'souk-bench-stage-'));
  const out = join(dir, 'rows.json');
  // process.execArgv carries tsx's loader: the child runs this file's TypeScript as the parent does.
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--stage', name, '--out', out],
    { stdio: 'inherit', detached: true },
  );
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      console.error(
        `\n!!! bench stage ${name} has not ended after ${minutes} min: killing it and all it started`,
      );
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, minutes * 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Its children (a station it had not stopped) go with it.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is already gone
      }
      let rows: BenchRow[];
      if (killed) rows = [failed(name, `no end within ${minutes} min (killed)`)];
      else if (existsSync(out)) rows = JSON.parse(readFileSync(out, 'utf8')) as BenchRow[];
      else rows = [failed(name, `the stage exited with ${signal ?? code} before giving its figures`)];
      rmSync(dir, { recursive: true, force: true });
      resolve(rows);
    });
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in STAGES));
  if (unknown.length > 0) {
    console.error(
      `unknown stage(s) ${unknown.join(', ')}; the stages are: ${Object.keys(STAGES).join(', ')}`,
    );
    process.exit(2);
  }
  const names = asked.length > 0 ? asked : Object.keys(STAGES).filter((n) => !n.startsWith('selftest'));
  const probe = fsyncProbe(benchDataDir());
  const disk = `${benchDataDir()}: fsync p50 ${probe.p50Ms.toFixed(3)} ms on ${probe.filesystem}, ${
    probe.realDisk ? 'a real disk' : 'NOT a real disk: durable figures mean nothing here'
  }`;
  console.log(`bench folder ${disk}`);
  if (asked.length === 0) {
    for (const [label, build] of [
      ['catalog (300,000 products)', catalogDatabase],
      ['sales (1,000,000 lines)', salesDatabase],
    ] as const) {
      const c = build();
      console.log(
        c.built
          ? `built ${label} in ${(c.ms / 1000).toFixed(1)} s: ${c.file}`
          : `reusing ${label}: ${c.file}`,
      );
    }
  }
  const override = Number(process.env.SOUK_BENCH_STAGE_MINUTES);
  const rows: BenchRow[] = [];
  const stageSeconds: Record<string, number> = {};
  for (const name of names) {
    const minutes = override > 0 ? override : (STAGES[name] as { minutes: number }).minutes;
    const t = performance.now();
    process.stdout.write(`running ${name} (deadline ${minutes} min)...\n`);
    rows.push(...(await spawnStage(name, minutes)));
    stageSeconds[name] = Math.round((performance.now() - t) / 100) / 10;
  }
  console.log('');
  printTable(rows);
  const total = performance.now() - started;
  console.log(
    `\n${rows.filter((r) => okOf(r) === false).length} aim(s) missed; total ${(total / 1000).toFixed(1)} s`,
  );
  const resultsFile = process.env.SOUK_BENCH_RESULTS ?? join(HERE, 'results.json');
  const previous =
    asked.length > 0 && existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { rows?: BenchRow[] } & Record<string, unknown>)
      : null;
  const fresh = rows.map((r) => ({ ...r, ok: okOf(r) }));
  const names_ = new Set(fresh.map((r) => r.name));
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        ...(previous ?? {}),
        ...(previous ? { partialDate: new Date().toISOString(), partialStages: names } : {}),
        ...(previous ? {} : { date: new Date().toISOString(), totalSeconds: Math.round(total / 100) / 10 }),
        node: process.version,
        platform: platform(),
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        disk,
        realDisk: probe.realDisk,
        ...(previous ? {} : { stageSeconds }),
        rows: previous ? [...(previous.rows ?? []).filter((r) => !names_.has(r.name)), ...fresh] : fresh,
      },
      null,
      2,
    )}\n`,
  );
}

const stageAt = process.argv.indexOf('--stage');
if (stageAt >= 0)
  await runStage(process.argv[stageAt + 1] ?? '', process.argv[process.argv.indexOf('--out') + 1] ?? '');
else await main();
