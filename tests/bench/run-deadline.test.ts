import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm run bench` once hung in its tills stage for more than 30 minutes (issue 10). Every stage now runs
 * in a process group of its own with a deadline: this one starts a process and never ends, and the bench
 * must kill it with what it started, say so in its table and its results, and finish.
 */
describe('npm run bench with a stage that never ends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'souk-bench-deadline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'kills the stage and all it started at its deadline, and still writes its results',
    { timeout: 120_000 },
    async () => {
      const results = join(dir, 'results.json');
      const pidFile = join(dir, 'grandchild.pid');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), 'selftest-hang'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            SOUK_BENCH_SELFTEST: '1',
            SOUK_BENCH_SELFTEST_PIDFILE: pidFile,
            SOUK_BENCH_RESULTS: results,
            // 15 s: the stage has started its process by then, even on a loaded machine (the pid file says so).
            SOUK_BENCH_STAGE_MINUTES: '0.25',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
      expect(code, output).toBe(0);
      expect(output).toContain('bench stage selftest-hang has not ended after 0.25 min');
      expect(existsSync(pidFile), 'the stage had started its process').toBe(true);
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
      const written = JSON.parse(readFileSync(results, 'utf8')) as {
        rows: { name: string; note?: string }[];
        disk: string;
        realDisk: boolean;
      };
      expect(written.rows).toEqual([
        expect.objectContaining({ name: 'selftest-hang', note: 'failed: no end within 0.25 min (killed)' }),
      ]);
      // The bench says where its databases are and whether that is a real disk.
      expect(written.disk).toMatch(/fsync p50 [\d.]+ ms on /);
      expect(typeof written.realDisk).toBe('boolean');
    },
  );
});
