import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTestStation } from '../helpers/station';
import { postApi, type ApiAnswer } from '../helpers/api-call';

// Every operation a client names with its own id: a retry with the same content gets the stored result;
// the same id with other content is CLIENT_ID_REUSED and writes nothing (before, the second operation
// was silently answered with the first one's result and lost).

const s = useTestStation();

const post = (method: string, input: unknown, token: string) => postApi(s.url, method, input, token);

const ok = (a: ApiAnswer): any => {
  expect(a.error, `${a.status} ${JSON.stringify(a.error)}`).toBeUndefined();
  return a.result;
};

/** Everything a refused operation could have written: counts of the rows each of them adds. */
function footprint(): Record<string, number> {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    const tables = [
      'sales',
      'sale_lines',
      'customer_returns',
      'return_lines',
      'deliveries',
      'delivery_lines',
      'coop_returns',
      'coop_return_lines',
      'stock_movements',
      'payments',
      'journal',
    ];
    return Object.fromEntries(
      tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) n FROM ${t}`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

/** Sends `first`, then `first` again (a retry), then each variant: all under one client id. */
async function expectReuseRefused(
  methodName: string,
  token: string,
  first: Record<string, unknown>,
  variants: [string, Record<string, unknown>][],
  expected: { kind: string; details: (stored: any) => Record<string, unknown> },
): Promise<void> {
  const stored = ok(await post(methodName, first, token));
  expect(stored.replayed).toBe(false);
  const before = footprint();
  const retry = ok(await post(methodName, first, token));
  expect(retry).toMatchObject({ ...stored, replayed: true });
  for (const [what, variant] of variants) {
    const refused = await post(methodName, { ...first, ...variant }, token);
    expect(refused.status, what).toBe(409);
    expect(refused.error, what).toMatchObject({
      code: 'CLIENT_ID_REUSED',
      details: { kind: expected.kind, clientId: first.clientId, ...expected.details(stored) },
    });
    expect(refused.error?.message, what).toContain(`${first.clientId as string}`);
  }
  expect(footprint()).toEqual(before);
}

describe('a client id sent again', () => {
  it('sales.checkout: the same cart replays, another cart is CLIENT_ID_REUSED naming the receipt', async () => {
    const cashier = await s.login(s.users.cashier.id, '1357');
    const cart = {
      clientId: 'reuse-sale-1',
      lines: [{ productId: s.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 12_000 }],
    };
    await expectReuseRefused(
      'sales.checkout',
      cashier,
      cart,
      [
        [
          'quantity',
          {
            lines: [{ productId: s.products.oil.id, quantity: 2000 }],
            payments: [{ method: 'card', amount: 24_000 }],
          },
        ],
        ['payment method', { payments: [{ method: 'mobile', amount: 12_000 }] }],
      ],
      {
        kind: 'sale',
        details: (sale) => ({ saleId: sale.id, receiptNo: sale.receiptNo, tillId: 'T1' }),
      },
    );
  });

  it('returns.create: the same return replays, another one is CLIENT_ID_REUSED naming the return', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const sale = ok(
      await post(
        'sales.checkout',
        {
          clientId: 'reuse-return-sale',
          lines: [
            { productId: s.products.oil.id, quantity: 3000 },
            { productId: s.products.amlou.id, quantity: 2000 },
          ],
          payments: [{ method: 'card', amount: 3 * 12_000 + 2 * 6550 }],
        },
        manager,
      ),
    );
    const [oil, amlou] = sale.lines as { id: number }[];
    const first = {
      clientId: 'reuse-return-1',
      saleId: sale.id,
      lines: [{ saleLineId: oil!.id, quantity: 1000, restock: true }],
      reason: 'Flacon abîmé',
      refundMethod: 'card',
    };
    await expectReuseRefused(
      'returns.create',
      manager,
      first,
      [
        ['quantity', { lines: [{ saleLineId: oil!.id, quantity: 2000, restock: true }] }],
        ['line', { lines: [{ saleLineId: amlou!.id, quantity: 1000, restock: true }] }],
        ['restock', { lines: [{ saleLineId: oil!.id, quantity: 1000, restock: false }] }],
        ['refund method', { refundMethod: 'cash' }],
        ['reason', { reason: 'Erreur de caisse' }],
      ],
      {
        kind: 'customer_return',
        details: (r) => ({ returnId: r.id, returnNo: r.returnNo, tillId: 'T1' }),
      },
    );
  });

  it('stock.receive: the same delivery replays, another one is CLIENT_ID_REUSED naming the delivery', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const first = {
      clientId: 'reuse-delivery-1',
      cooperativeId: s.coops.argan.id,
      noteRef: 'BL-REUSE-1',
      lines: [{ productId: s.products.oil.id, quantity: 12_000, lot: 'L7', bestBefore: '2027-09-30' }],
    };
    await expectReuseRefused(
      'stock.receive',
      manager,
      first,
      [
        [
          'quantity',
          {
            lines: [{ productId: s.products.oil.id, quantity: 24_000, lot: 'L7', bestBefore: '2027-09-30' }],
          },
        ],
        [
          'product',
          {
            lines: [
              { productId: s.products.amlou.id, quantity: 12_000, lot: 'L7', bestBefore: '2027-09-30' },
            ],
          },
        ],
        [
          'lot',
          {
            lines: [{ productId: s.products.oil.id, quantity: 12_000, lot: 'L8', bestBefore: '2027-09-30' }],
          },
        ],
        ['best-before', { lines: [{ productId: s.products.oil.id, quantity: 12_000, lot: 'L7' }] }],
        ['note', { noteRef: 'BL-REUSE-2' }],
        ['comment', { comment: 'Carton ouvert' }],
        [
          'cooperative',
          {
            cooperativeId: s.coops.honey.id,
            lines: [{ productId: s.products.honeyKg.id, quantity: 12_000 }],
          },
        ],
      ],
      { kind: 'delivery', details: (d) => ({ deliveryId: d.deliveryId }) },
    );
  });

  it('stock.receive: optional fields omitted or spelled out as their defaults are the same delivery', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const first = {
      clientId: 'reuse-delivery-2',
      cooperativeId: s.coops.argan.id,
      noteRef: 'BL-REUSE-3',
      lines: [{ productId: s.products.oil.id, quantity: 1000 }],
    };
    const stored = ok(await post('stock.receive', first, manager));
    const spelled = {
      ...first,
      comment: '',
      lines: [{ productId: s.products.oil.id, quantity: 1000, lot: '', bestBefore: null }],
    };
    expect(ok(await post('stock.receive', spelled, manager))).toMatchObject({
      deliveryId: stored.deliveryId,
      replayed: true,
    });
  });

  it('stock.returnToCooperative: the same note replays, another one is CLIENT_ID_REUSED naming it', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const first = {
      clientId: 'reuse-coop-return-1',
      cooperativeId: s.coops.argan.id,
      reason: 'DLUO proche',
      lines: [{ productId: s.products.amlou.id, quantity: 2000, lot: 'A1' }],
    };
    await expectReuseRefused(
      'stock.returnToCooperative',
      manager,
      first,
      [
        ['quantity', { lines: [{ productId: s.products.amlou.id, quantity: 3000, lot: 'A1' }] }],
        ['product', { lines: [{ productId: s.products.oil.id, quantity: 2000, lot: 'A1' }] }],
        ['lot', { lines: [{ productId: s.products.amlou.id, quantity: 2000 }] }],
        ['reason', { reason: 'Invendu' }],
      ],
      { kind: 'coop_return', details: (r) => ({ returnId: r.returnId }) },
    );
  });
});
