import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildStation } from '../../server/build';
import { postApi } from '../helpers/api-call';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The station and the till host bundled once and run by plain node, as in the crash test: a restart then
 * costs a fraction of a second, not tsx's seconds. Inside the project so the bundles find node_modules.
 */
export async function buildBundles(): Promise<{ station: string; till: string; dir: string }> {
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache-souk-till-'));
  const station = await buildStation(join(dir, 'station'));
  await build({
    entryPoints: { main: join(ROOT, 'till', 'main.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: join(dir, 'till'),
    outExtension: { '.js': '.mjs' },
    external: [
      'better-sqlite3',
      'serialport',
      '@serialport/*',
      '@napi-rs/canvas',
      'node-thermal-printer',
      'playwright-core',
    ],
    banner: {
      js: "import { createRequire as __souk_cr } from 'node:module'; const require = __souk_cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { station, till: join(dir, 'till', 'main.mjs'), dir };
}

export interface Proc {
  child: ChildProcess;
  /** Resolves with the first stdout line matching the pattern (from the start of the process). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A child process whose stdout lines can be waited on: no sleep, the test reacts to what it says. */
export function startProcess(file: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) {
      const m = l.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => `${lines.join('\n')}\n${stderr}`,
    line(pattern, timeoutMs = 30_000) {
      for (const l of lines) {
        const m = l.match(pattern);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no line ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`process exited before ${pattern}:\n${lines.join('\n')}\n${stderr}`));
        });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** The till tests' name for one call over HTTP (tests/helpers/api-call.ts). */
export const api = postApi;

/** Small seeded PRNG so a failing round can be replayed from the seed in its message. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
