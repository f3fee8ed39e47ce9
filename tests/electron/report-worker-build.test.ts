import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_SHEET_JOB, ReportWorkersUnavailable, startReportWorkers } from '../../api/report-workers';
import { buildElectron } from '../../electron/build';
import { makeFixture } from '../db/fixture';

// Inside the project, so that the bundle finds better-sqlite3 in node_modules as out/electron does.
const outdir = join(process.cwd(), 'node_modules', `.cache-souk-electron-worker-${process.pid}`);
mkdirSync(outdir, { recursive: true });
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the Electron shell’s report workers', () => {
  it('builds report-worker.mjs beside main.cjs, and it answers reports on its own thread', async () => {
    const built = await buildElectron({ outdir });
    expect(built.reportWorker).toBe(join(outdir, 'report-worker.mjs'));
    expect(existsSync(built.reportWorker)).toBe(true);

    const fx = makeFixture({ withStock: true });
    const logged: string[] = [];
    const pool = await startReportWorkers({
      dbFile: fx.file,
      tillId: 'T1',
      entry: built.reportWorker,
      documents: false,
      log: (m) => logged.push(m),
    });
    try {
      expect(pool, logged.join('\n')).not.toBeNull();
      const to = Date.now();
      expect(await pool!.run('dashboard.summary', { from: 0, to }, null)).toMatchObject({ from: 0, to });
      expect(pool!.stats.offloaded).toBe(1);
      // Documents print through the shell's window (printToPDF): the worker refuses them, the caller prints.
      await expect(pool!.run(LABEL_SHEET_JOB, {}, null)).rejects.toBeInstanceOf(ReportWorkersUnavailable);
    } finally {
      await pool?.close();
      fx.close();
    }
  }, 120_000);
});
