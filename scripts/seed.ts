/**
 * Builds the demo shop database: `tsx scripts/seed.ts [file] [--force] [--days N] [--seed N]`.
 * Refuses to overwrite an existing file unless --force: a demo file may have become someone's real data.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDatabase, type DemoSummary } from '../db/demo/seed';

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number`);
  return v;
}

function seedArgs(argv: string[]): { file: string; force: boolean; days?: number; seed?: number } {
  // strict: an unknown option is an error, not a file name.
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      force: { type: 'boolean', default: false },
      days: { type: 'string' },
      seed: { type: 'string' },
    },
    allowPositionals: true,
  });
  return {
    file: positionals.at(-1) ?? './data/souk-demo.db',
    force: values.force,
    days: wholeNumber('days', values.days),
    seed: wholeNumber('seed', values.seed),
  };
}

function dh(centimes: number): string {
  return `${(centimes / 100).toFixed(2)} MAD`;
}

function print(file: string, s: DemoSummary, ms: number): void {
  console.log(`Demo shop "${s.shop}" written to ${file} in ${(ms / 1000).toFixed(1)} s`);
  console.log(
    `  ${new Date(s.from).toISOString()} -> ${new Date(s.to).toISOString()} (${s.days} days, seed ${s.seed})`,
  );
  for (const [k, v] of Object.entries(s.counts)) console.log(`  ${k.padEnd(20)} ${v}`);
  console.log(`  ${'salesTotal'.padEnd(20)} ${dh(s.salesTotal)}  (refunds ${dh(s.refundsTotal)})`);
  console.log(`  open cash session    #${s.openSessionId ?? '-'} on till ${s.tillId}`);
  console.log('Users (name, role, PIN, language):');
  for (const u of s.users) console.log(`  ${u.name.padEnd(22)} ${u.role.padEnd(8)} ${u.pin}  ${u.language}`);
}

const args = seedArgs(process.argv.slice(2));
const file = resolve(args.file);
if (existsSync(file)) {
  if (!args.force) {
    console.error(`${file} already exists; pass --force to replace it.`);
    process.exit(1);
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
const started = performance.now();
const result = await ensureDemoDatabase(file, { days: args.days, seed: args.seed });
if (!result.summary) throw new Error(`${file} appeared while seeding`);
print(file, result.summary, performance.now() - started);
