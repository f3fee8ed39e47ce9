/**
 * What a till's checkout costs through the station (issue 10): a 5-line durable checkout over HTTP
 * against the bundled station, beside a bare better-sqlite3 transaction of the same rows on a second copy
 * of the same shop in the same folder (same disk, same indexes and triggers), interleaved so both see the
 * same moment of a shared machine; and the checkout service called in-process on a third copy, which
 * splits the difference into what the service costs and what the HTTP layer adds.
 */
import { lineAmount } from '../core/money';
import { Prng } from '../db/demo/prng';
import { openDatabase, type Db } from '../db/open';
import { checkout } from '../db/services/checkout';
import { Store } from '../db/store';
import { bareCheckout, type BareLine } from './bare-checkout';
import { gtinFor } from './data/catalog-db';
import { startStation, StationClient } from './station-client';
import { row, timeMs, type BenchRow } from './types';

export interface ShopCopies {
  station: string;
  bare: string;
  service: string;
  cashier: { id: number; pin: string };
}

interface Sellable extends BareLine {
  retail: number;
}

/** Products the bench sells, with stock enough for every round (topped up on each copy alike). */
export function sellables(db: Db, count = 200): Sellable[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.cooperative_id, c.commission_bp, p.name_fr, p.name_ar, p.retail_price
       FROM products p JOIN cooperatives c ON c.id = p.cooperative_id
       WHERE p.active = 1 AND p.unit = 'piece' ORDER BY p.id LIMIT ?`,
    )
    .all(count) as {
    id: number;
    cooperative_id: number;
    commission_bp: number;
    name_fr: string;
    name_ar: string;
    retail_price: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    cooperativeId: r.cooperative_id,
    commissionBp: r.commission_bp,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    price: r.retail_price,
    retail: r.retail_price,
  }));
}

export function topUpStock(db: Db, products: readonly Sellable[], qty = 100_000_000): void {
  const move = db.prepare(
    "INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, 'receipt', NULL, ?, NULL)",
  );
  db.transaction(() => {
    for (const p of products) move.run(p.id, p.cooperativeId, qty, Date.now());
  })();
}

function openTill(db: Db): { sessionId: number } {
  const s = db
    .prepare("SELECT id FROM cash_sessions WHERE till_id = 'T1' AND closed_at IS NULL")
    .pluck()
    .get() as number | undefined;
  if (s === undefined) throw new Error('the shop has no open session on T1');
  return { sessionId: s };
}

export async function checkoutHttpBench(
  main: string,
  copies: ShopCopies,
  options: { n?: number; nodeArgs?: string[] } = {},
): Promise<BenchRow[]> {
  const n = options.n ?? 400;
  const warmup = 30;
  const bareDb = openDatabase(copies.bare);
  const serviceDb = openDatabase(copies.service);
  const station = await startStation(main, copies.station, { nodeArgs: options.nodeArgs ?? [] });
  const till = new StationClient(station.port);
  try {
    const products = sellables(bareDb);
    const bare = bareCheckout(bareDb, { tillId: 'T1', cashierId: copies.cashier.id, ...openTill(bareDb) });
    const serviceStore = new Store(serviceDb, { tillId: 'T1' });
    const actor = { userId: copies.cashier.id, role: 'cashier' as const };
    await till.login(copies.cashier.id, copies.cashier.pin);
    const rng = new Prng(5005);
    const http: number[] = [];
    const raw: number[] = [];
    const service: number[] = [];
    const tag = `${process.pid}-${Date.now().toString(36)}`;
    for (let i = 0; i < n + warmup; i++) {
      const cart = Array.from({ length: 5 }, () => rng.pick(products));
      const total = cart.reduce((s, p) => s + lineAmount(p.retail, 1000), 0);
      const input = {
        clientId: `bench-http-${tag}-${i}`,
        // As the till sends them: each line with the code it was scanned with.
        lines: cart.map((p) => ({ productId: p.id, quantity: 1000, barcode: gtinFor(p.id) })),
        payments: [{ method: 'card' as const, amount: total }],
      };
      const t = performance.now();
      await till.call('sales.checkout', input);
      const h = performance.now() - t;
      const b = timeMs(() => bare(`bench-bare-${tag}-${i}`, cart));
      const s = timeMs(() => checkout(serviceStore, actor, { ...input, clientId: `bench-svc-${tag}-${i}` }));
      if (i >= warmup) {
        http.push(h);
        raw.push(b);
        service.push(s);
      }
    }
    const h = row('HTTP checkout 5 lines (durable)', http, 'ms');
    const b = row('  bare SQL transaction, same rows (durable)', raw, 'ms');
    const s = row('  checkout service in-process (durable)', service, 'ms');
    const ratio = (name: string, top: BenchRow, aim: BenchRow['aim']): BenchRow => ({
      name,
      p50: (top.p50 as number) / (b.p50 as number),
      p99: (top.p99 as number) / (b.p99 as number),
      n,
      unit: 'x',
      aim,
    });
    return [
      h,
      b,
      s,
      ratio('  HTTP checkout / bare', h, { on: 'p50', max: 3 }),
      ratio('  service / bare', s, null),
    ];
  } finally {
    till.close();
    await station.stop();
    bareDb.close();
    serviceDb.close();
  }
}
