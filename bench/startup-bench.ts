import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStation } from '../server/build';
import { catalogDatabase } from './data/catalog-db';
import { row, type BenchRow } from './types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'out', 'station', 'main.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a station on the 300,000-product database and times the wait for its first API answer. */
async function startOnce(dbFile: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN, '--db', dbFile, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  try {
    for (;;) {
      if (done) throw new Error(`station exited before answering: ${stderr.trim().slice(0, 300)}`);
      if (performance.now() - started > 30_000) throw new Error('station did not answer within 30 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/system.info`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        await res.text();
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (!done) {
      child.kill('SIGTERM');
      await exited;
    }
  }
}

export async function startupBench(n = 5): Promise<BenchRow[]> {
  const name = 'station start -> first answer (300k products)';
  // Measured on the bundle a shop runs, not on tsx compiling the sources at every start.
  await buildStation();
  const { file } = catalogDatabase();
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) samples.push(await startOnce(file));
  } catch (err) {
    return [
      {
        name,
        p50: null,
        p99: null,
        n: samples.length,
        unit: 'ms',
        note: `failed: ${(err as Error).message}`,
      },
    ];
  }
  return [row(name, samples, 'ms', { on: 'p50', max: 1000 })];
}
