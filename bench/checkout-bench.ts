import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineAmount } from '../core/money';
import { Prng } from '../db/demo/prng';
import { openDatabase } from '../db/open';
import { openSession } from '../db/services/cash';
import { checkout } from '../db/services/checkout';
import { bareCheckout } from './bare-checkout';
import { SMALL_SHOP_COMMISSION_BP, smallShop } from './small-shop';
import { row, timeMs, type BenchRow } from './types';

const PRODUCTS = 50;

/**
 * A durable 5-line checkout (WAL, synchronous=FULL, a file in a temp dir) through the checkout service,
 * interleaved with a bare IMMEDIATE transaction writing the same rows with prepared statements: the ratio
 * is what validation, repricing and the stock check cost on top of the unavoidable commit.
 */
export function checkoutBench(n = 500): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'souk-bench-checkout-'));
  const db = openDatabase(join(dir, 'checkout.db'));
  try {
    const {
      store,
      cashier,
      asCashier: actor,
      coop,
      products,
    } = smallShop(db, {
      products: PRODUCTS,
      sku: 'B',
    });
    const session = openSession(store, actor, { openingFloat: 50_000 });

    const bare = bareCheckout(db, { tillId: 'T1', sessionId: session.id, cashierId: cashier.id });

    const rng = new Prng(500);
    const service: number[] = [];
    const raw: number[] = [];
    const warmup = 20;
    for (let i = 0; i < n + warmup; i++) {
      const cart = Array.from({ length: 5 }, () => rng.pick(products));
      const total = cart.reduce((s, p) => s + lineAmount(p.retailPrice, 1000), 0);
      const a = timeMs(() =>
        checkout(store, actor, {
          clientId: `svc-${i}`,
          lines: cart.map((p) => ({ productId: p.id, quantity: 1000 })),
          payments: [{ method: 'card', amount: total }],
        }),
      );
      const b = timeMs(() =>
        bare(
          `bare-${i}`,
          cart.map((p) => ({
            id: p.id,
            cooperativeId: coop.id,
            commissionBp: SMALL_SHOP_COMMISSION_BP,
            nameFr: p.nameFr,
            nameAr: p.nameAr,
            price: p.retailPrice,
          })),
        ),
      );
      if (i >= warmup) {
        service.push(a);
        raw.push(b);
      }
    }
    const svc = row('checkout 5 lines, service (durable)', service, 'ms');
    const base = row('checkout 5 lines, bare SQL (durable)', raw, 'ms');
    const ratio: BenchRow = {
      name: 'checkout service / bare SQL',
      p50: (svc.p50 as number) / (base.p50 as number),
      p99: (svc.p99 as number) / (base.p99 as number),
      n,
      unit: 'x',
      aim: { on: 'p50', max: 1.5 },
    };
    return [svc, base, ratio];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
