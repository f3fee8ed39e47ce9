import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHq } from '../../hq/build';
import { buildBundles, startProcess, type Proc } from '../till/processes';

// Every host and tool decides "am I the script node was asked to run?" with one helper
// (server/entry-point.ts). Run through a symlinked folder (a node_modules link, /opt/souk -> a release),
// node gives the module its real path while argv[1] keeps the link's: a check comparing them as written
// makes the bundle exit at once, silently, having done nothing.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let bundles: { station: string; till: string; dir: string };
let hq: string;
let scratch: string;
let link: string;
const procs: Proc[] = [];

beforeAll(async () => {
  bundles = await buildBundles();
  hq = await buildHq(join(bundles.dir, 'hq'));
  scratch = mkdtempSync(join(tmpdir(), 'souk-linked-'));
  link = join(scratch, 'release');
  symlinkSync(bundles.dir, link, 'dir');
}, 120_000);

afterAll(async () => {
  for (const p of procs) await p.kill('SIGTERM');
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (bundles) rmSync(bundles.dir, { recursive: true, force: true });
});

/** The bundle's path seen through the symlinked folder. */
const linked = (file: string): string => join(link, relative(bundles.dir, file));

/** Runs a bundle to its end: exit code and what it wrote. */
function runToEnd(file: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('bundles run through a symlinked folder', () => {
  it('the station and then a till host start and answer', async () => {
    const station = startProcess(linked(bundles.station), [
      '--db',
      join(scratch, 'souk.db'),
      '--port',
      '0',
      '--report-workers',
      '0',
    ]);
    procs.push(station);
    const [, url] = await station.line(/^Souk POS station (http:\/\/\S+)/, 60_000);
    const info = await fetch(`${url}/api/system.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await info.json()) as { ok: boolean }).ok).toBe(true);

    const till = startProcess(linked(bundles.till), [
      '--station',
      url!,
      '--dir',
      join(scratch, 'till'),
      '--port',
      '0',
    ]);
    procs.push(till);
    await till.line(/^Souk POS till \S+ http:\/\//, 60_000);
  }, 120_000);

  it('HQ runs its main too (it refuses an unknown option rather than exiting silently)', async () => {
    const { code, stderr } = await runToEnd(linked(hq), ['--not-an-hq-option']);
    expect(stderr).toContain("Unknown option '--not-an-hq-option'");
    expect(code).toBe(1);
  });

  it('imported rather than run, a bundle starts nothing', async () => {
    const { code, stderr } = await runToEnd('--input-type=module', [
      '-e',
      `await import(${JSON.stringify(linked(hq))});`,
    ]);
    expect([code, stderr]).toEqual([0, '']);
  });
});

describe('one "run as a script" check', () => {
  it('no host, build script or bench compares argv[1] itself: they all call isEntryPoint', () => {
    const offenders: string[] = [];
    const users: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          const file = relative(ROOT, path);
          if (/process\.argv\[1\]/.test(text) && file !== join('server', 'entry-point.ts'))
            offenders.push(file);
          if (text.includes('isEntryPoint(import.meta.url)')) users.push(file);
        }
      }
    };
    for (const top of ['server', 'till', 'hq', 'bench', 'electron', 'scripts', 'api', 'db', 'devices'])
      walk(join(ROOT, top));
    expect(offenders).toEqual([]);
    for (const entry of [
      'server/main.ts',
      'till/main.ts',
      'hq/main.ts',
      'server/build.ts',
      'electron/build.ts',
    ])
      expect(users).toContain(entry);
  });
});
