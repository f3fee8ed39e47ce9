/**
 * The chain's push (issue 12): how fast a shop's journal reaches HQ on a real PostgreSQL.
 * - throughput: a shop with `sales` sales pushes its whole journal (batches of 200, each entry with its
 *   record's rows) to HQ running as its own process (bundled, as shipped); events/s over the whole push.
 * - lag: sales made one by one at a station whose pusher runs as in production; from the sale's commit to
 *   its entry being in hq_events.
 *
 *   tsx bench/hq-bench.ts        (also part of npm run bench)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../server/entry-point';
import { lineAmount } from '../core/money';
import { Prng } from '../db/demo/prng';
import { openDatabase } from '../db/open';
import { openSession } from '../db/services/cash';
import { checkout } from '../db/services/checkout';
import { postBatch, PUSH_DEFAULTS, readPushBatch } from '../db/services/hq-push';
import type { Store } from '../db/store';
import { buildHq } from '../hq/build';
import { openPool } from '../hq/db';
import { freePort, postgresInstalled, startPgCluster } from '../hq/pg-cluster';
import { startStation } from '../server/station';
import { smallShop } from './small-shop';
import { row, type BenchRow } from './types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'bench-shop-key-0123456789';

/** A shop database with `sales` 3-line sales, written fast (no fsync: this is set-up, not the measure). */
function shopWithSales(
  file: string,
  sales: number,
): { store: Store; sell: (i: number) => void; close(): void } {
  const db = openDatabase(file);
  const { store, asCashier: actor, products } = smallShop(db, { products: 20, sku: 'HQ' });
  openSession(store, actor, { openingFloat: 50_000 });
  const rng = new Prng(12);
  const sell = (i: number) => {
    const cart = Array.from({ length: 3 }, () => rng.pick(products));
    checkout(store, actor, {
      clientId: `hq-bench-${i}`,
      lines: cart.map((p) => ({ productId: p.id, quantity: 1000 })),
      payments: [{ method: 'card', amount: cart.reduce((s, p) => s + lineAmount(p.retailPrice, 1000), 0) }],
    });
  };
  db.pragma('synchronous = OFF');
  for (let i = 0; i < sales; i++) sell(i);
  db.pragma('synchronous = FULL');
  return { store, sell: (i) => sell(sales + i), close: () => db.close() };
}

export async function hqBench(sales = 5_000, lagSamples = 60): Promise<BenchRow[]> {
  if (!postgresInstalled()) {
    return [{ name: 'hq push', p50: null, p99: null, n: 0, unit: '', note: 'PostgreSQL 15 not installed' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'souk-bench-hq-'));
  const cluster = await startPgCluster();
  const bundles = join(ROOT, 'out', `hq-bench-${process.pid}`);
  const children: ReturnType<typeof spawn>[] = [];
  try {
    const url = await cluster.createDatabase('bench_hq');
    const port = await freePort();
    const hqJs = await buildHq(bundles);
    const child = spawn(
      process.execPath,
      [
        hqJs,
        '--db',
        url,
        '--port',
        String(port),
        '--admin-key',
        'bench',
        '--shop',
        `bulk:${KEY}`,
        '--shop',
        `live:${KEY}`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    await new Promise<void>((ready, fail) => {
      child.stdout!.on('data', (d: Buffer) => /Souk HQ http/.test(d.toString()) && ready());
      child.once('exit', (code) => fail(new Error(`HQ exited (${code})`)));
    });
    const hqUrl = `http://127.0.0.1:${port}`;

    // Throughput: one shop's backlog, pushed as the pusher does (read a batch, post it, resume from the ack).
    const bulk = shopWithSales(join(dir, 'bulk.db'), sales);
    const batchMs: number[] = [];
    let after = 0;
    let events = 0;
    // What a till on this thread would wait: the push reads the journal in slices on the station's thread.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const t0 = performance.now();
    for (;;) {
      const t = performance.now();
      const batch = await readPushBatch(
        bulk.store,
        after,
        PUSH_DEFAULTS.batchSize,
        PUSH_DEFAULTS.sliceSize,
        0,
      );
      if (batch.entries.length === 0) break;
      const ack = await postBatch({ url: hqUrl, shopId: 'bulk', key: KEY }, batch, 60_000);
      batchMs.push(performance.now() - t);
      events += ack.accepted;
      after = ack.lastSeq;
    }
    const seconds = (performance.now() - t0) / 1000;
    loop.disable();
    bulk.close();
    const rate = events / seconds;

    // Lag: a station pushing as in production; a sale, then wait for HQ to hold its entry.
    const live = shopWithSales(join(dir, 'live.db'), 0);
    live.close();
    const station = await startStation({
      dbFile: join(dir, 'live.db'),
      port: 0,
      staticDir: null,
      reportWorkers: 0,
      hq: { url: hqUrl, shopId: 'live', key: KEY },
    });
    const pool = openPool(url, 2);
    const lag: number[] = [];
    const liveShop = shopHandle(station.ctx.store);
    const rng = new Prng(7);
    for (let i = 0; i < lagSamples; i++) {
      const head = liveShop.sell(i);
      const t = performance.now();
      for (;;) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*) AS n FROM hq_events WHERE shop_id = 'live' AND seq = $1`,
          [head],
        );
        if (rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      lag.push(performance.now() - t);
      // Sales arrive at random moments relative to the pusher's poll.
      await new Promise((r) => setTimeout(r, rng.int(0, 300)));
    }
    await pool.end();
    await station.close();
    return [
      { name: `hq push throughput (${events} events)`, p50: rate, p99: null, n: events, unit: 'events/s' },
      row('hq push, one batch of 200 (read + post)', batchMs, 'ms'),
      {
        name: 'hq push, event-loop delay meanwhile',
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        n: loop.count,
        unit: 'ms',
        aim: { on: 'p99', max: 50 },
      },
      row('hq lag, sale to HQ (station pusher)', lag, 'ms', { on: 'p99', max: 2_000 }),
    ];
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundles, { recursive: true, force: true });
  }
}

/** Sells through the station's own store (the single writer), returning the sale's journal seq. */
function shopHandle(store: Store): { sell: (i: number) => number } {
  const cashier = store.get<{ id: number }>(`SELECT id FROM users WHERE role = 'cashier' LIMIT 1`)!;
  const product = store.get<{ id: number; retail_price: number }>(
    'SELECT id, retail_price FROM products LIMIT 1',
  )!;
  return {
    sell: (i) => {
      checkout(
        store,
        { userId: cashier.id, role: 'cashier' },
        {
          clientId: `hq-lag-${i}`,
          lines: [{ productId: product.id, quantity: 1000 }],
          payments: [{ method: 'card', amount: lineAmount(product.retail_price, 1000) }],
        },
      );
      return store.get<{ seq: number }>('SELECT max(seq) AS seq FROM journal')!.seq;
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const rows = await hqBench();
  console.table(rows.map((r) => ({ name: r.name, n: r.n, p50: r.p50, p99: r.p99, unit: r.unit })));
}
