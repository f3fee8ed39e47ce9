/**
 * Builds the demo shop database: `tsx scripts/seed.ts [file] [--force] [--days N] [--seed N]`.
 * Refuses to overwrite an existing file unless --force: a demo file may have become someone's real data.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureDemoDatabase, type DemoSummary } from '../db/demo/seed';

function parseArgs(argv: string[]): { file: string; force: boolean; days?: number; seed?: number } {
  const out: { file: string; force: boolean; days?: number; seed?: number } = {
    file: './data/souk-demo.db',
    force: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--force') out.force = true;
    else if (a === '--days' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${a} needs a positive whole number`);
      if (a === '--days') out.days = v;
      else out.seed = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else out.file = a;
  }
  return out;
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

const args = parseArgs(process.argv.slice(2));
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
