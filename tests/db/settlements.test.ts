import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import {
  draftSettlement,
  getSettlement,
  issueSettlement,
  listSettlements,
  markSettlementPaid,
} from '../../db/services/settlements';
import { voidSale } from '../../db/services/voids';
import { code, digest, expectSettlementsConsistent } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

const HOUR = 3_600_000;

describe('settlement statements', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  const sellOil = (quantity: number, amount: number) =>
    checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity }],
      payments: [{ method: 'card', amount }],
    });

  it('drafts without writing, then issues a statement that claims exactly the drafted lines', () => {
    const start = f.now();
    sellOil(1_000, 12_000);
    f.tick(HOUR);
    sellOil(6_000, 64_800); // semi-wholesale
    const voided = sellOil(1_000, 12_000);
    voidSale(f.store, f.asManager, { saleId: voided.id, reason: 'mistake' });
    f.tick(HOUR);
    const periodEnd = f.now();
    f.tick(HOUR);
    sellOil(1_000, 12_000); // after the period: left for the next statement

    const before = digest(f.db);
    const draft = draftSettlement(f.store, { cooperativeId: f.coops.argan.id, periodEnd });
    expect(digest(f.db)).toBe(before);
    expect(draft).toMatchObject({
      id: null,
      status: 'draft',
      periodStart: start,
      saleLineCount: 2,
      returnLineCount: 0,
      totals: { grossSales: 76_800, returns: 0, netSales: 76_800, commission: 19_200, payout: 57_600 },
    });
    expect(draft.sales.map((l) => [l.sku, l.tier, l.quantity, l.amount])).toEqual([
      ['ARG-250', 'retail', 1_000, 12_000],
      ['ARG-250', 'semi', 6_000, 64_800],
    ]);

    const issued = issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd });
    // What issuing answers is exactly what the stored statement reads back.
    expect(issued).toEqual(getSettlement(f.store, issued.id ?? 0));
    expect(issued).toMatchObject({
      number: 'RG-2026-0001',
      status: 'issued',
      periodStart: start,
      periodEnd,
      issuedAt: f.now(),
      totals: draft.totals,
      sales: draft.sales,
      saleLineCount: 2,
    });
    expect(f.db.prepare('SELECT COUNT(*) n FROM sale_lines WHERE settlement_id = ?').get(issued.id)).toEqual({
      n: 2,
    });
    expect(draftSettlement(f.store, { cooperativeId: f.coops.argan.id, periodEnd }).saleLineCount).toBe(0);
    expect(listSettlements(f.store, f.coops.argan.id).map((s) => s.number)).toEqual(['RG-2026-0001']);
    expect(listSettlements(f.store, f.coops.honey.id)).toEqual([]);
    expectSettlementsConsistent(f.db);
  });

  it('refuses an empty period, a period ending in the future, an overlapping one and an unknown cooperative', () => {
    const before = digest(f.db);
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() }),
      ),
    ).toBe('SETTLEMENT_EMPTY');
    sellOil(1_000, 12_000);
    const afterSale = digest(f.db);
    expect(before).not.toBe(afterSale);
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() + 1 }),
      ),
    ).toBe('VALIDATION');
    // The honey cooperative sold nothing.
    f.tick(1);
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.honey.id, periodEnd: f.now() }),
      ),
    ).toBe('SETTLEMENT_EMPTY');
    expect(
      code(() => issueSettlement(f.store, f.asManager, { cooperativeId: 999, periodEnd: f.now() })),
    ).toBe('NOT_FOUND');
    expect(digest(f.db)).toBe(afterSale);
    const first = issueSettlement(f.store, f.asManager, {
      cooperativeId: f.coops.argan.id,
      periodEnd: f.now(),
    });
    f.tick(HOUR);
    sellOil(1_000, 12_000);
    f.tick(1);
    const mid = digest(f.db);
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, {
          cooperativeId: f.coops.argan.id,
          periodEnd: first.periodEnd,
        }),
      ),
    ).toBe('SETTLEMENT_STATE');
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, {
          cooperativeId: f.coops.argan.id,
          periodEnd: first.periodEnd - 1,
        }),
      ),
    ).toBe('SETTLEMENT_STATE');
    expect(digest(f.db)).toBe(mid);
    const second = issueSettlement(f.store, f.asManager, {
      cooperativeId: f.coops.argan.id,
      periodEnd: f.now(),
    });
    expect(second).toMatchObject({ number: 'RG-2026-0002', periodStart: first.periodEnd, saleLineCount: 1 });
  });

  it('carries a return made after settlement as a negative line into the next statement', () => {
    const sale = sellOil(2_000, 24_000);
    f.tick(HOUR);
    const first = issueSettlement(f.store, f.asManager, {
      cooperativeId: f.coops.argan.id,
      periodEnd: f.now(),
    });
    const frozen = getSettlement(f.store, first.id as number);
    expect(frozen.totals).toEqual({
      grossSales: 24_000,
      returns: 0,
      netSales: 24_000,
      commission: 6_000,
      payout: 18_000,
    });

    f.tick(HOUR);
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    createReturn(f.store, f.asManager, {
      clientId: uid('r'),
      saleId: sale.id,
      lines: [{ saleLineId: line.id, quantity: 1_000, restock: true }],
      reason: 'broken seal',
      refundMethod: 'cash',
    });
    f.tick(HOUR);
    // Returns alone give a negative balance: not a statement to pay; the manager issues it as a debit note
    // (tests/db/money-rules.test.ts covers the default, carrying it into the next statement).
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() }),
      ),
    ).toBe('SETTLEMENT_NOT_POSITIVE');
    const second = issueSettlement(f.store, f.asManager, {
      cooperativeId: f.coops.argan.id,
      periodEnd: f.now(),
      debitNote: true,
    });
    expect(second).toMatchObject({
      kind: 'debit_note',
      saleLineCount: 0,
      returnLineCount: 1,
      totals: { grossSales: 0, returns: 12_000, netSales: -12_000, commission: -3_000, payout: -9_000 },
    });
    expect(second.returns).toEqual([
      expect.objectContaining({
        sku: 'ARG-250',
        quantity: 1_000,
        amount: 12_000,
        payout: 9_000,
        commission: 3_000,
      }),
    ]);
    // The first statement reads exactly as it did when issued.
    expect(getSettlement(f.store, first.id as number)).toEqual(frozen);
    expectSettlementsConsistent(f.db);
  });

  it('an issued statement cannot be rewritten, even with hand-written SQL', () => {
    const sale = sellOil(1_000, 12_000);
    f.tick(HOUR);
    const s = issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() });
    const before = digest(f.db);
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const attempts = [
      () =>
        f.db
          .prepare('UPDATE settlements SET net_sales = net_sales + 100, payout = payout + 100 WHERE id = ?')
          .run(s.id),
      () => f.db.prepare('UPDATE settlements SET period_end = period_end + 1 WHERE id = ?').run(s.id),
      () => f.db.prepare('DELETE FROM settlements WHERE id = ?').run(s.id),
      () => f.db.prepare('UPDATE sale_lines SET settlement_id = NULL WHERE id = ?').run(line.id),
      () =>
        f.db
          .prepare('UPDATE sale_lines SET amount = 1, gross = 1, payout = 1, commission = 0 WHERE id = ?')
          .run(line.id),
      () => f.db.prepare('UPDATE sale_lines SET voided = 1 WHERE id = ?').run(line.id),
      () => f.db.prepare('DELETE FROM sale_lines WHERE id = ?').run(line.id),
      () => f.db.prepare('DELETE FROM sales WHERE id = ?').run(sale.id),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(/immutable|frozen|never deleted/);
    expect(digest(f.db)).toBe(before);
  });

  it('is marked paid once, and a paid statement is final', () => {
    sellOil(1_000, 12_000);
    f.tick(HOUR);
    const s = issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() });
    f.tick(HOUR);
    const paid = markSettlementPaid(f.store, f.asManager, {
      settlementId: s.id as number,
      reference: 'VIR-2026-117',
    });
    expect(paid).toMatchObject({
      status: 'paid',
      paidAt: f.now(),
      paymentReference: 'VIR-2026-117',
      totals: s.totals,
    });
    const before = digest(f.db);
    expect(
      code(() =>
        markSettlementPaid(f.store, f.asManager, { settlementId: s.id as number, reference: 'again' }),
      ),
    ).toBe('SETTLEMENT_STATE');
    expect(code(() => markSettlementPaid(f.store, f.asManager, { settlementId: 999, reference: 'x' }))).toBe(
      'NOT_FOUND',
    );
    expect(() =>
      f.db.prepare("UPDATE settlements SET payment_reference = 'forged' WHERE id = ?").run(s.id),
    ).toThrow(/immutable/);
    expect(digest(f.db)).toBe(before);
    expect(code(() => getSettlement(f.store, 999))).toBe('NOT_FOUND');
  });
});
