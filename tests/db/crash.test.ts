import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../db/journal';
import { openDatabase } from '../../db/open';
import { receiveDelivery } from '../../db/services/stock';
import { Store } from '../../db/store';
import { count, expectGaplessNumbers, expectSalesWhole, expectStockConserved } from './db-helpers';
import { makeFixture } from './fixture';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
// The worker is bundled once and run by plain node: each of the many restarts then costs ~0.1 s, not tsx's ~1.5 s.
// Inside the project so that the bundle resolves better-sqlite3 from node_modules.
const WORKER = join(mkdtempSync(join(ROOT, 'node_modules', '.cache-souk-crash-')), 'crash-worker.mjs');
const KILLS = 40;

/** Small seeded PRNG so a failing run can be replayed from the seed in the message. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Round {
  committed: { clientId: string; receiptNo: number }[];
  signal: NodeJS.Signals | null;
}

interface Worker {
  /** Lets the worker open the database and sell; SIGKILLs it `delayMs` after it is ready. */
  run(delayMs: number): Promise<Round>;
  kill(): void;
}

/** Spawns a worker that loads everything, then waits for its turn: startup overlaps the previous round. */
function spawnWorker(file: string, tag: string): Worker {
  const child = spawn(process.execPath, [WORKER, file, tag], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const committed: Round['committed'] = [];
  let stderr = '';
  let delay = 0;
  let timer: NodeJS.Timeout | null = null;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') {
      timer = setTimeout(() => child.kill('SIGKILL'), delay);
      return;
    }
    const [clientId, receiptNo] = line.split(' ');
    if (clientId && receiptNo) committed.push({ clientId, receiptNo: Number(receiptNo) });
  });
  const closed = new Promise<Round>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(new Error(`worker ended by itself (code ${code}, signal ${signal}): ${stderr}`));
      else resolve({ committed, signal });
    });
  });
  closed.catch(() => undefined); // observed by run(); a worker killed before its turn is not an error
  return {
    run(delayMs) {
      delay = delayMs;
      child.stdin.write('go\n');
      return closed;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

describe('crash safety', () => {
  let fixture: ReturnType<typeof makeFixture>;

  beforeAll(async () => {
    await build({
      entryPoints: [WORKER_SOURCE],
      outfile: WORKER,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3'],
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: 'warning',
    });
    fixture = makeFixture();
    const big = (productId: number, quantity: number) => ({ productId, quantity });
    receiveDelivery(fixture.store, fixture.asManager, {
      clientId: 'crash-stock-argan',
      cooperativeId: fixture.coops.argan.id,
      noteRef: 'BL-BIG',
      lines: [big(fixture.products.oil.id, 1_000_000_000), big(fixture.products.amlou.id, 1_000_000_000)],
    });
    receiveDelivery(fixture.store, fixture.asManager, {
      clientId: 'crash-stock-honey',
      cooperativeId: fixture.coops.honey.id,
      noteRef: 'BL-BIG',
      lines: [big(fixture.products.honeyKg.id, 1_000_000_000)],
    });
    fixture.db.close();
  });
  afterAll(() => {
    rmSync(fixture.dir, { recursive: true, force: true });
    rmSync(dirname(WORKER), { recursive: true, force: true });
  });

  it('a SIGKILL at any instant leaves every reported sale whole and no partial sale', async () => {
    const seed = Date.now() % 1_000_000;
    const random = mulberry32(seed);
    const reported = new Map<string, number>();
    // Two workers load ahead of their turn, one per core, so startup mostly hides behind earlier rounds.
    const queue = [spawnWorker(fixture.file, 'k1'), spawnWorker(fixture.file, 'k2')];
    try {
      for (let round = 1; round <= KILLS; round++) {
        const delay = 30 + Math.floor(random() * 270);
        const current = queue.shift() as Worker;
        const running = current.run(delay);
        if (round + 2 <= KILLS) queue.push(spawnWorker(fixture.file, `k${round + 2}`));
        const { committed } = await running;
        for (const c of committed) reported.set(c.clientId, c.receiptNo);

        const db = openDatabase(fixture.file);
        try {
          const where = `seed ${seed}, round ${round} (killed after ${delay} ms)`;
          expect(db.pragma('integrity_check', { simple: true }), where).toBe('ok');
          expect(db.pragma('foreign_key_check'), where).toEqual([]);
          // Everything the worker saw committed is there, under the number it printed.
          const find = db.prepare('SELECT receipt_no FROM sales WHERE client_id = ?');
          for (const [clientId, receiptNo] of reported) {
            expect(
              (find.get(clientId) as { receipt_no: number } | undefined)?.receipt_no,
              `${where}: ${clientId}`,
            ).toBe(receiptNo);
          }
          expect(count(db, 'SELECT COUNT(*) n FROM sales'), where).toBeGreaterThanOrEqual(reported.size);
          expectSalesWhole(db);
          expectGaplessNumbers(db);
          expectStockConserved(db);
          expect(verifyJournal(new Store(db)), where).toMatchObject({ ok: true });
        } finally {
          db.close();
        }
      }
    } finally {
      for (const w of queue) w.kill();
    }
    // The kills landed while sales were flowing, not before the first or after the last.
    expect(reported.size).toBeGreaterThan(KILLS);
  }, 180_000);
});
