import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { checkout, getSale } from '../../db/services/checkout';
import { cashReport, closeSession } from '../../db/services/cash';
import { makeEmbeddedCode, DEFAULT_NOMENCLATURE } from '../../core/nomenclature';
import { makeFixture, uid, type Fixture } from './fixture';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('checkout', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('writes the sale, lines with frozen payouts, payments, stock and journal in one go', () => {
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [
        { productId: f.products.oil.id, quantity: 2000 },
        { productId: f.products.honeyKg.id, quantity: 1234 },
      ],
      payments: [{ method: 'cash', amount: 24000 + 30850, tendered: 60000 }],
    });
    expect(sale.receiptNo).toBe(1);
    expect(sale.total).toBe(54850);
    expect(sale.change).toBe(60000 - 54850);
    const [oil, honey] = sale.lines;
    expect(oil).toMatchObject({ tier: 'retail', amount: 24000, payout: 18000, commission: 6000 });
    // fixed payout of 180.00 per kg on 1.234 kg = 222.12
    expect(honey).toMatchObject({ tier: 'retail', amount: 30850, payout: 22212, commission: 30850 - 22212 });
    const level = f.db
      .prepare('SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?')
      .get(f.products.oil.id, f.coops.argan.id) as { on_hand: number };
    expect(level.on_hand).toBe(48_000);
    expect(getSale(f.store, sale.id)).toMatchObject({ total: 54850, receiptNo: 1 });
  });

  it('applies the semi-wholesale tier from its threshold and a wholesale account', () => {
    const s1 = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 6000 }],
      payments: [{ method: 'card', amount: 6 * 10800 }],
    });
    expect(s1.lines[0]?.tier).toBe('semi');
    const customer = f.db
      .prepare("INSERT INTO customers (name, tier, created_at) VALUES ('Épicerie Fine', 'wholesale', 0)")
      .run().lastInsertRowid;
    const s2 = checkout(f.store, f.asCashier, {
      clientId: uid(),
      customerId: Number(customer),
      lines: [{ productId: f.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 9600 }],
    });
    expect(s2.lines[0]?.tier).toBe('wholesale');
  });

  it('is idempotent on the client id', () => {
    const input = {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'cash' as const, amount: 12000 }],
    };
    const a = checkout(f.store, f.asCashier, input);
    const b = checkout(f.store, f.asCashier, input);
    expect(b.id).toBe(a.id);
    expect(b.replayed).toBe(true);
    expect(f.db.prepare('SELECT COUNT(*) n FROM sales').get()).toEqual({ n: 1 });
  });

  it('refuses out-of-stock naming product and cooperative, and writes nothing', () => {
    const before = f.db.prepare('SELECT COUNT(*) n FROM journal').get();
    let err: AppError | null = null;
    try {
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId: f.products.oil.id, quantity: 51_000 }],
        payments: [{ method: 'card', amount: 51 * 9600 }],
      });
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('OUT_OF_STOCK');
    expect(err?.message).toContain("Huile d'argan");
    expect(err?.message).toContain('Tighanimine');
    expect(f.db.prepare('SELECT COUNT(*) n FROM sales').get()).toEqual({ n: 0 });
    expect(f.db.prepare('SELECT COUNT(*) n FROM journal').get()).toEqual(before);
  });

  it('refuses wrong payments, fractional pieces, discounts without a manager, and no session', () => {
    const line = { productId: f.products.oil.id, quantity: 1000 };
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines: [line],
          payments: [{ method: 'card', amount: 11999 }],
        }),
      ),
    ).toBe('PAYMENT_MISMATCH');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines: [line],
          payments: [{ method: 'cash', amount: 12000, tendered: 10000 }],
        }),
      ),
    ).toBe('PAYMENT_MISMATCH');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines: [{ ...line, quantity: 1500 }],
          payments: [{ method: 'card', amount: 18000 }],
        }),
      ),
    ).toBe('INVALID_QUANTITY');
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines: [{ ...line, discount: { kind: 'percent', bp: 1000 } }],
          payments: [{ method: 'card', amount: 10800 }],
        }),
      ),
    ).toBe('APPROVAL_REQUIRED');
    const ok = checkout(
      f.store,
      { ...f.asCashier, approvedBy: f.users.manager.id },
      {
        clientId: uid(),
        lines: [{ ...line, discount: { kind: 'percent', bp: 1000 } }],
        payments: [{ method: 'card', amount: 10800 }],
      },
    );
    expect(ok.lines[0]).toMatchObject({ discount: 1200, amount: 10800 });
    closeSession(f.store, f.asManager, { counts: { '20000': 2, '10000': 1 } });
    expect(
      code(() =>
        checkout(f.store, f.asCashier, {
          clientId: uid(),
          lines: [line],
          payments: [{ method: 'card', amount: 12000 }],
        }),
      ),
    ).toBe('NO_CASH_SESSION');
  });

  it('sells a price-embedded label at its printed price and a split payment', () => {
    const rule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');
    if (!rule) throw new Error('no price rule');
    const label = makeEmbeddedCode(rule, '00042', 4560);
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.honeyKg.id, quantity: 1, barcode: label }],
      payments: [
        { method: 'mobile', amount: 2000, reference: 'M-1' },
        { method: 'cash', amount: 2560, tendered: 5000 },
      ],
    });
    expect(sale.total).toBe(4560);
    expect(sale.lines[0]?.quantity).toBe(182); // 45.60 / 250.00 per kg = 0.1824 kg
    const x = cashReport(f.store);
    expect(x.byMethod).toMatchObject({ cash: 2560, mobile: 2000 });
    expect(x.expectedCash).toBe(50_000 + 2560);
  });
});
