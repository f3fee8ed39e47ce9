import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashReport, closeSession, openSession } from '../../db/services/cash';
import { checkout, findSaleByReceipt, getSale, type CheckoutInput } from '../../db/services/checkout';
import { createReturn, getReturn } from '../../db/services/returns';
import { issueSettlement } from '../../db/services/settlements';
import { voidSale } from '../../db/services/voids';
import { appError, code, digest, expectStockConserved, onHand } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

describe('voiding a sale', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  const sell = (quantity = 2_000) =>
    checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [
        { productId: f.products.oil.id, quantity },
        { productId: f.products.honeyKg.id, quantity: 500 },
      ],
      payments: [{ method: 'cash', amount: (quantity / 1000) * 12_000 + 12_500, tendered: 100_000 }],
    });

  it('needs a manager, keeps the receipt number, restores the stock and is recorded once', () => {
    const sale = sell();
    const before = digest(f.db);
    expect(code(() => voidSale(f.store, f.asCashier, { saleId: sale.id, reason: 'wrong item' }))).toBe(
      'APPROVAL_REQUIRED',
    );
    expect(digest(f.db)).toBe(before);
    const voided = voidSale(
      f.store,
      { ...f.asCashier, approvedBy: f.users.manager.id },
      { saleId: sale.id, reason: 'wrong item' },
    );
    expect(voided).toMatchObject({ id: sale.id, receiptNo: 1, voided: true, total: sale.total });
    expect(onHand(f.db, f.products.oil.id, f.coops.argan.id)).toBe(50_000);
    expect(onHand(f.db, f.products.honeyKg.id, f.coops.honey.id)).toBe(20_000);
    expect(
      f.db.prepare('SELECT user_id, approved_by, reason FROM sale_voids WHERE sale_id = ?').get(sale.id),
    ).toEqual({
      user_id: f.users.cashier.id,
      approved_by: f.users.manager.id,
      reason: 'wrong item',
    });
    expect(
      f.db.prepare('SELECT COUNT(*) n FROM sale_lines WHERE sale_id = ? AND voided = 1').get(sale.id),
    ).toEqual({
      n: 2,
    });
    expect(findSaleByReceipt(f.store, 'T1', 1).voided).toBe(true);

    const afterVoid = digest(f.db);
    expect(code(() => voidSale(f.store, f.asManager, { saleId: sale.id, reason: 'again' }))).toBe(
      'SALE_VOIDED',
    );
    expect(digest(f.db)).toBe(afterVoid);
    // The number is not reused: the next sale continues the sequence.
    expect(sell().receiptNo).toBe(2);
    const x = cashReport(f.store);
    expect(x).toMatchObject({ salesCount: 1, voidCount: 1, voidTotal: sale.total, firstReceiptNo: 2 });
    expect(x.expectedCash).toBe(50_000 + sale.total);
    expectStockConserved(f.db);
  });

  it('refuses a sale of a closed session, one with returns, one already settled, and an unknown sale', () => {
    const returned = sell();
    const line = returned.lines[0];
    if (!line) throw new Error('no line');
    createReturn(f.store, f.asManager, {
      clientId: uid('r'),
      saleId: returned.id,
      lines: [{ saleLineId: line.id, quantity: 1_000, restock: true }],
      reason: 'changed mind',
      refundMethod: 'cash',
    });
    expect(code(() => voidSale(f.store, f.asManager, { saleId: returned.id, reason: 'x' }))).toBe(
      'VALIDATION',
    );

    const settled = sell();
    f.tick(1_000);
    issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.honey.id, periodEnd: f.now() });
    expect(code(() => voidSale(f.store, f.asManager, { saleId: settled.id, reason: 'x' }))).toBe(
      'ALREADY_SETTLED',
    );
    expect(getSale(f.store, settled.id).voided).toBe(false);

    const old = sell();
    closeSession(f.store, f.asManager, { counts: {} });
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    const before = digest(f.db);
    const err = appError(() => voidSale(f.store, f.asManager, { saleId: old.id, reason: 'x' }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('closed cash session');
    expect(code(() => voidSale(f.store, f.asManager, { saleId: 9_999, reason: 'x' }))).toBe('NOT_FOUND');
    expect(digest(f.db)).toBe(before);
  });
});

describe('customer returns', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  /** Three jars at 120.00 with 0.01 off: 359.99, which no split into thirds divides evenly. */
  const oddSale = () =>
    checkout(
      f.store,
      { ...f.asCashier, approvedBy: f.users.manager.id },
      {
        clientId: uid(),
        lines: [{ productId: f.products.oil.id, quantity: 3_000, discount: { kind: 'amount', centimes: 1 } }],
        payments: [{ method: 'card', amount: 35_999 }],
      },
    );

  const returnOf = (saleId: number, saleLineId: number, quantity: number, restock = true) =>
    createReturn(f.store, f.asManager, {
      clientId: uid('r'),
      saleId,
      lines: [{ saleLineId, quantity, restock }],
      reason: 'customer',
      refundMethod: 'cash',
    });

  it('refunds piecemeal returns that add up exactly to the line amount and payout', () => {
    const sale = oddSale();
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    expect(line).toMatchObject({ amount: 35_999, payout: 26_999, commission: 9_000 });
    const parts = [1_000, 1_000, 1_000].map((q) => returnOf(sale.id, line.id, q));
    expect(parts.map((r) => r.total)).toEqual([12_000, 11_999, 12_000]);
    expect(parts.reduce((s, r) => s + r.total, 0)).toBe(line.amount);
    expect(parts.reduce((s, r) => s + (r.lines[0]?.payout ?? 0), 0)).toBe(line.payout);
    expect(parts.map((r) => r.returnNo)).toEqual([1, 2, 3]);
    expect(getSale(f.store, sale.id).lines[0]?.returnedQuantity).toBe(3_000);
    expect(code(() => returnOf(sale.id, line.id, 1_000))).toBe('RETURN_EXCEEDS_SALE');
  });

  it('adds up for any split of a weighed line into returns (property)', () => {
    fc.assert(
      fc.property(
        // Below the 2 kg semi-wholesale threshold, so the retail price applies.
        fc.integer({ min: 2, max: 1_999 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 5 }),
        (grams, weights) => {
          const sale = checkout(f.store, f.asCashier, {
            clientId: uid(),
            lines: [{ productId: f.products.honeyKg.id, quantity: grams }],
            payments: [{ method: 'card', amount: grams * 25 }],
          });
          const line = sale.lines[0];
          if (!line) throw new Error('no line');
          // Cut the weight into the generated proportions; the last piece takes the remainder.
          const totalW = weights.reduce((s, w) => s + w, 0);
          const cuts: number[] = [];
          let left = grams;
          for (const w of weights.slice(0, -1)) {
            const q = Math.floor((grams * w) / totalW);
            if (q > 0 && q < left) {
              cuts.push(q);
              left -= q;
            }
          }
          cuts.push(left);
          const returns = cuts.map((q) => returnOf(sale.id, line.id, q));
          expect(returns.reduce((s, r) => s + r.total, 0)).toBe(line.amount);
          expect(returns.reduce((s, r) => s + (r.lines[0]?.payout ?? 0), 0)).toBe(line.payout);
          expect(returns.reduce((s, r) => s + (r.lines[0]?.commission ?? 0), 0)).toBe(line.commission);
        },
      ),
      { numRuns: 30 },
    );
    expectStockConserved(f.db);
  });

  it('refuses over-returns, voided sales, foreign lines, fractional pieces and cashiers without a manager', () => {
    const sale = oddSale();
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    returnOf(sale.id, line.id, 2_000);
    const before = digest(f.db);
    const err = appError(() => returnOf(sale.id, line.id, 2_000));
    expect(err.code).toBe('RETURN_EXCEEDS_SALE');
    expect(err.details).toMatchObject({ returnable: 1_000 });
    // Two requests for the same line in one return are counted together.
    expect(
      code(() =>
        createReturn(f.store, f.asManager, {
          clientId: uid('r'),
          saleId: sale.id,
          lines: [
            { saleLineId: line.id, quantity: 1_000, restock: true },
            { saleLineId: line.id, quantity: 1_000, restock: true },
          ],
          reason: 'x',
          refundMethod: 'cash',
        }),
      ),
    ).toBe('RETURN_EXCEEDS_SALE');
    expect(code(() => returnOf(sale.id, line.id, 500))).toBe('INVALID_QUANTITY');
    expect(code(() => returnOf(sale.id, line.id, 0))).toBe('INVALID_QUANTITY');
    expect(
      code(() =>
        createReturn(f.store, f.asCashier, {
          clientId: uid('r'),
          saleId: sale.id,
          lines: [{ saleLineId: line.id, quantity: 1_000, restock: true }],
          reason: 'x',
          refundMethod: 'cash',
        }),
      ),
    ).toBe('APPROVAL_REQUIRED');
    expect(digest(f.db)).toBe(before);
    const other = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.amlou.id, quantity: 1_000 }],
      payments: [{ method: 'card', amount: 6_550 }],
    });
    const otherLine = other.lines[0];
    if (!otherLine) throw new Error('no line');
    expect(code(() => returnOf(sale.id, otherLine.id, 1_000))).toBe('NOT_FOUND');
    expect(code(() => returnOf(9_999, otherLine.id, 1_000))).toBe('NOT_FOUND');
    expect(
      code(() =>
        createReturn(f.store, f.asManager, {
          clientId: uid('r'),
          saleId: sale.id,
          lines: [],
          reason: 'x',
          refundMethod: 'cash',
        }),
      ),
    ).toBe('VALIDATION');
    voidSale(f.store, f.asManager, { saleId: other.id, reason: 'mistake' });
    const afterVoid = digest(f.db);
    expect(code(() => returnOf(other.id, otherLine.id, 1_000))).toBe('SALE_VOIDED');
    expect(digest(f.db)).toBe(afterVoid);
  });

  it('puts restocked goods back on their cooperative shelf and leaves damaged ones off', () => {
    const sale = oddSale();
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    expect(onHand(f.db, f.products.oil.id, f.coops.argan.id)).toBe(47_000);
    returnOf(sale.id, line.id, 1_000, true);
    expect(onHand(f.db, f.products.oil.id, f.coops.argan.id)).toBe(48_000);
    const damaged = returnOf(sale.id, line.id, 1_000, false);
    expect(damaged.lines[0]?.restock).toBe(false);
    expect(onHand(f.db, f.products.oil.id, f.coops.argan.id)).toBe(48_000);
    expect(
      f.db.prepare("SELECT COUNT(*) n FROM stock_movements WHERE kind = 'customer_return'").get(),
    ).toEqual({ n: 1 });
    expectStockConserved(f.db);
  });

  it('is idempotent on its client id and shows in the X report as a cash refund', () => {
    const sale = oddSale();
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const input = {
      clientId: uid('r'),
      saleId: sale.id,
      lines: [{ saleLineId: line.id, quantity: 1_000, restock: true }],
      reason: 'x',
      refundMethod: 'cash' as const,
    };
    const a = createReturn(f.store, f.asManager, input);
    const before = digest(f.db);
    const b = createReturn(f.store, f.asManager, input);
    expect(b).toMatchObject({ id: a.id, returnNo: a.returnNo, total: a.total, replayed: true });
    expect(digest(f.db)).toBe(before);
    expect(getReturn(f.store, a.id)).toMatchObject({ refundMethod: 'cash', total: 12_000 });
    const x = cashReport(f.store);
    expect(x).toMatchObject({ refundCount: 1, refundTotal: 12_000, refundsByMethod: { cash: 12_000 } });
    expect(x.expectedCash).toBe(50_000 - 12_000);
  });

  // Bug: see /tmp/db-bug-return-same-line-twice.diff — two requests for one sale line in the same return
  // are both priced from the same starting point, so the line is over-refunded by a centime.
  it('prices two requests for the same line in one return as consecutive slices', () => {
    const sale = oddSale();
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const first = createReturn(f.store, f.asManager, {
      clientId: uid('r'),
      saleId: sale.id,
      lines: [
        { saleLineId: line.id, quantity: 1_000, restock: true },
        { saleLineId: line.id, quantity: 1_000, restock: false },
      ],
      reason: 'x',
      refundMethod: 'cash',
    });
    const last = returnOf(sale.id, line.id, 1_000);
    expect(first.total + last.total).toBe(line.amount);
  });
});

describe('checkout edge cases not covered by checkout.test.ts', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('refuses unknown products and customers, empty carts, bad payments and stock short across lines, writing nothing', () => {
    const before = digest(f.db);
    const base: CheckoutInput = {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'card', amount: 12_000 }],
    };
    expect(code(() => checkout(f.store, f.asCashier, { ...base, lines: [] }))).toBe('VALIDATION');
    expect(
      code(() => checkout(f.store, f.asCashier, { ...base, lines: [{ productId: 999, quantity: 1_000 }] })),
    ).toBe('NOT_FOUND');
    expect(code(() => checkout(f.store, f.asCashier, { ...base, customerId: 999 }))).toBe('NOT_FOUND');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          ...base,
          payments: [
            { method: 'cash', amount: 6_000 },
            { method: 'cash', amount: 6_000 },
          ],
        }),
      ),
    ).toBe('PAYMENT_MISMATCH');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          ...base,
          payments: [
            { method: 'card', amount: 12_000 },
            { method: 'mobile', amount: 0 },
          ],
        }),
      ),
    ).toBe('PAYMENT_MISMATCH');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          ...base,
          payments: [{ method: 'card', amount: 12_000, tendered: 20_000 }],
        }),
      ),
    ).toBe('PAYMENT_MISMATCH');
    // Two lines of the same product are checked against the stock together.
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          ...base,
          lines: [
            { productId: f.products.oil.id, quantity: 30_000 },
            { productId: f.products.oil.id, quantity: 21_000 },
          ],
          payments: [{ method: 'card', amount: 51 * 10_800 }],
        }),
      ),
    ).toBe('OUT_OF_STOCK');
    // Oil consigned by the honey cooperative: there is none.
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          ...base,
          lines: [{ productId: f.products.oil.id, quantity: 1_000, cooperativeId: f.coops.honey.id }],
        }),
      ),
    ).toBe('OUT_OF_STOCK');
    expect(digest(f.db)).toBe(before);
    expect(checkout(f.store, f.asCashier, base).receiptNo).toBe(1);
  });
});
