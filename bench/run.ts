/**
 * `npm run bench`: builds (or reuses) the large databases, runs every benchmark, prints one table and
 * writes bench/results.json. Timing belongs here, never in tests.
 */
import { writeFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    if (r.note)
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

async function main(): Promise<void> {
  const started = performance.now();
  for (const [label, build] of [
    ['catalog (300,000 products)', catalogDatabase],
    ['sales (1,000,000 lines)', salesDatabase],
  ] as const) {
    const c = build();
    console.log(
      c.built ? `built ${label} in ${(c.ms / 1000).toFixed(1)} s: ${c.file}` : `reusing ${label}: ${c.file}`,
    );
  }
  const rows: BenchRow[] = [];
  const stage = async (label: string, fn: () => BenchRow[] | Promise<BenchRow[]>) => {
    process.stdout.write(`running ${label}...\n`);
    try {
      rows.push(...(await fn()));
    } catch (err) {
      rows.push({
        name: label,
        p50: null,
        p99: null,
        n: 0,
        unit: '',
        note: `failed: ${(err as Error).message}`,
      });
    }
  };
  await stage('scan', () => scanBench());
  await stage('checkout', () => checkoutBench());
  await stage('search', () => searchBench());
  await stage('settlement', () => settlementBench());
  await stage('startup', () => startupBench());
  await stage('reports', () => reportBench());
  await stage('hq push', () => hqBench());
  await stage('hq chain', () => hqChainBench());
  await stage('tills', () => tillBench());
  await stage('scale', () => benchScale());
  await stage('printer', () => benchPrinter());
  await stage('ui', () => uiBench());
  console.log('');
  printTable(rows);
  const total = performance.now() - started;
  console.log(
    `\n${rows.filter((r) => okOf(r) === false).length} aim(s) missed; total ${(total / 1000).toFixed(1)} s`,
  );
  writeFileSync(
    join(HERE, 'results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        platform: platform(),
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        totalSeconds: Math.round(total / 100) / 10,
        rows: rows.map((r) => ({ ...r, ok: okOf(r) })),
      },
      null,
      2,
    )}\n`,
  );
}

await main();
