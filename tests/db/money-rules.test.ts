import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { Store } from '../../db/store';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import { checkout, type CheckoutInput } from '../../db/services/checkout';
import { labelBelowFloor } from '../../db/services/price-labels';
import { createReturn } from '../../db/services/returns';
import { updateSettings } from '../../db/services/settings';
import {
  draftSettlement,
  getSettlement,
  issueSettlement,
  listSettlements,
} from '../../db/services/settlements';
import { appError, code, digest, expectSettlementsConsistent } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

const HOUR = 3_600_000;

const priceRule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');
if (!priceRule) throw new Error('the default nomenclature has no price rule');
/** A price-embedded label for the fixture's bulk honey (scale ref 00042, 250.00 MAD/kg). */
const honeyLabel = (centimes: number) => makeEmbeddedCode(priceRule, '00042', centimes);

describe('a client sale id sent again', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  const cart = (clientId: string): CheckoutInput => ({
    clientId,
    lines: [
      { productId: f.products.oil.id, quantity: 2000 },
      { productId: f.products.amlou.id, quantity: 1000, discount: { kind: 'percent', bp: 1000 } },
    ],
    payments: [
      { method: 'card', amount: 20_000, reference: 'CB-1' },
      { method: 'cash', amount: 9_895, tendered: 10_000 },
    ],
  });

  it('with the same cart replays the original sale and writes nothing', () => {
    const actor = { ...f.asCashier, approvedBy: f.users.manager.id };
    const first = checkout(f.store, actor, cart('same-cart-0001'));
    expect(first.replayed).toBe(false);
    const before = digest(f.db);
    // The same cart spelled differently by a retrying client: explicit nulls where it omitted fields.
    const again = cart('same-cart-0001');
    const spelled: CheckoutInput = {
      ...again,
      customerId: null,
      lines: again.lines.map((l) => ({ ...l, cooperativeId: null, overrideUnitPrice: null })),
      payments: again.payments.map((p) => ({ ...p, reference: p.reference ?? null })),
    };
    const replay = checkout(f.store, actor, spelled);
    expect(replay).toMatchObject({ id: first.id, receiptNo: first.receiptNo, replayed: true });
    expect(digest(f.db)).toBe(before);
  });

  it('with a different cart is refused with CLIENT_ID_REUSED naming the receipt, and changes nothing', () => {
    const actor = { ...f.asCashier, approvedBy: f.users.manager.id };
    const first = checkout(f.store, actor, cart('reused-id-0001'));
    const before = digest(f.db);
    const base = cart('reused-id-0001');
    const variants: [string, CheckoutInput][] = [
      ['quantity', { ...base, lines: [{ ...base.lines[0]!, quantity: 3000 }, base.lines[1]!] }],
      [
        'product',
        { ...base, lines: [{ ...base.lines[0]!, productId: f.products.honeyKg.id }, base.lines[1]!] },
      ],
      ['line dropped', { ...base, lines: [base.lines[0]!], payments: [{ method: 'card', amount: 24_000 }] }],
      [
        'discount',
        { ...base, lines: [base.lines[0]!, { ...base.lines[1]!, discount: { kind: 'percent', bp: 2000 } }] },
      ],
      ['price override', { ...base, lines: [{ ...base.lines[0]!, overrideUnitPrice: 1 }, base.lines[1]!] }],
      ['customer', { ...base, customerId: 1 }],
      ['barcode', { ...base, lines: [{ ...base.lines[0]!, barcode: '6111234567895' }, base.lines[1]!] }],
      [
        'cooperative',
        { ...base, lines: [{ ...base.lines[0]!, cooperativeId: f.coops.honey.id }, base.lines[1]!] },
      ],
      ['payment split', { ...base, payments: [{ method: 'card', amount: 29_895, reference: 'CB-1' }] }],
      [
        'payment method',
        { ...base, payments: [{ ...base.payments[0]!, method: 'mobile' }, base.payments[1]!] },
      ],
      [
        'cash tendered',
        { ...base, payments: [base.payments[0]!, { ...base.payments[1]!, tendered: 20_000 }] },
      ],
      ['line order', { ...base, lines: [base.lines[1]!, base.lines[0]!] }],
    ];
    for (const [what, input] of variants) {
      const err = appError(() => checkout(f.store, actor, input));
      expect(err.code, what).toBe('CLIENT_ID_REUSED');
      expect(err.details, what).toMatchObject({
        clientId: 'reused-id-0001',
        saleId: first.id,
        tillId: 'T1',
        receiptNo: first.receiptNo,
      });
      expect(err.message, what).toContain(`receipt ${first.receiptNo}`);
    }
    expect(digest(f.db)).toBe(before);
  });

  it('a sale written before fingerprints existed is still answered as a replay', () => {
    const first = checkout(f.store, f.asCashier, {
      clientId: 'old-sale-0001',
      lines: [{ productId: f.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 12_000 }],
    });
    // What migration 002 leaves on sales that were made before it: no fingerprint to compare.
    f.db.exec('DROP TRIGGER sales_fingerprint_frozen');
    f.db.prepare('UPDATE sales SET cart_fingerprint = NULL WHERE id = ?').run(first.id);
    const again = checkout(f.store, f.asCashier, {
      clientId: 'old-sale-0001',
      lines: [{ productId: f.products.oil.id, quantity: 5000 }],
      payments: [{ method: 'card', amount: 60_000 }],
    });
    expect(again).toMatchObject({ id: first.id, replayed: true, total: 12_000 });
  });

  it('the stored fingerprint cannot be rewritten', () => {
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 12_000 }],
    });
    const row = f.db.prepare('SELECT cart_fingerprint fp FROM sales WHERE id = ?').get(sale.id) as {
      fp: string | null;
    };
    expect(row.fp).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(() =>
      f.db.prepare("UPDATE sales SET cart_fingerprint = 'v1:x' WHERE id = ?").run(sale.id),
    ).toThrow(/fingerprint/);
  });
});

describe('price-embedded labels below the floor', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  const sellLabel = (actor: Fixture['asCashier'], centimes: number, payment = centimes) =>
    checkout(f.store, actor, {
      clientId: uid(),
      lines: [{ productId: f.products.honeyKg.id, quantity: 1, barcode: honeyLabel(centimes) }],
      payments: payment > 0 ? [{ method: 'cash', amount: payment }] : [],
    });

  it('the floor compares the implied unit price with the retail price, exactly', () => {
    // 250.00 MAD/kg honey, floor 50 %: 125.00 MAD/kg.
    expect(labelBelowFloor(0, 1, 25_000, 5000)).toBe(true);
    expect(labelBelowFloor(1, 1, 25_000, 5000)).toBe(true); // 0.01 for 1 g = 10 MAD/kg
    expect(labelBelowFloor(125, 1000, 25_000, 5000)).toBe(true); // 1.25 for 1 kg
    expect(labelBelowFloor(12_500, 1000, 25_000, 5000)).toBe(false); // exactly at the floor
    expect(labelBelowFloor(12_499, 1000, 25_000, 5000)).toBe(true);
    expect(labelBelowFloor(4560, 182, 25_000, 5000)).toBe(false);
    expect(labelBelowFloor(1, 1, 25_000, 0)).toBe(false); // floor off: only zero is caught
    // Beyond 2^53 in the products, still exact.
    expect(labelBelowFloor(99_999, 2 ** 40, 9_999_999, 10_000)).toBe(true);
  });

  it('a zero-price or below-floor label needs a manager; the cashier alone is refused and nothing is written', () => {
    const before = digest(f.db);
    for (const centimes of [0, 1, 3]) {
      const err = appError(() => sellLabel(f.asCashier, centimes));
      expect(err.code, `label ${centimes}`).toBe('APPROVAL_REQUIRED');
      expect(err.details, `label ${centimes}`).toMatchObject({
        reason: 'LABEL_BELOW_FLOOR',
        lines: [expect.objectContaining({ line: 1, productId: f.products.honeyKg.id, amount: centimes })],
      });
    }
    expect(digest(f.db)).toBe(before);
  });

  it('with a manager approval it is sold and the line records who approved it', () => {
    const sale = sellLabel({ ...f.asCashier, approvedBy: f.users.manager.id }, 0);
    expect(sale.total).toBe(0);
    const line = f.db
      .prepare('SELECT approved_by, amount, qty FROM sale_lines WHERE sale_id = ?')
      .get(sale.id);
    expect(line).toEqual({ approved_by: f.users.manager.id, amount: 0, qty: 1 });
    const journal = f.db
      .prepare("SELECT payload FROM journal WHERE kind = 'sale' ORDER BY seq DESC LIMIT 1")
      .get() as { payload: string };
    expect(JSON.parse(journal.payload)).toMatchObject({ approvedBy: f.users.manager.id });
  });

  it('a manager at the till sells it under their own name', () => {
    const sale = sellLabel(f.asManager, 1);
    const line = f.db.prepare('SELECT approved_by FROM sale_lines WHERE sale_id = ?').get(sale.id);
    expect(line).toEqual({ approved_by: f.users.manager.id });
  });

  it('an ordinary label needs no approval and records none', () => {
    const sale = sellLabel(f.asCashier, 4560);
    expect(sale.total).toBe(4560);
    const line = f.db.prepare('SELECT approved_by FROM sale_lines WHERE sale_id = ?').get(sale.id);
    expect(line).toEqual({ approved_by: null });
  });

  it('the floor is a shop setting', () => {
    // 0.05 MAD recovers 1 g (50.00 MAD/kg, 20 % of retail): refused at a 50 % floor, fine at 10 %.
    expect(code(() => sellLabel(f.asCashier, 5))).toBe('APPROVAL_REQUIRED');
    updateSettings(f.store, f.asAdmin, { labelPriceFloorBp: 1000 });
    expect(sellLabel(f.asCashier, 5).total).toBe(5);
    // Zero stays caught whatever the floor.
    updateSettings(f.store, f.asAdmin, { labelPriceFloorBp: 0 });
    expect(code(() => sellLabel(f.asCashier, 0))).toBe('APPROVAL_REQUIRED');
    expect(code(() => updateSettings(f.store, f.asAdmin, { labelPriceFloorBp: 10_001 }))).toBe('VALIDATION');
  });
});

describe('a settlement period that holds only returns', () => {
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
  const returnOne = (sale: ReturnType<typeof sellOil>) =>
    createReturn(f.store, f.asManager, {
      clientId: uid('r'),
      saleId: sale.id,
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1_000, restock: true }],
      reason: 'broken seal',
      refundMethod: 'cash',
    });
  const coop = () => f.coops.argan.id;

  /** One settled sale, then a return of one bottle after the statement. */
  const settledThenReturned = () => {
    const sale = sellOil(2_000, 24_000);
    f.tick(HOUR);
    const first = issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now() });
    f.tick(HOUR);
    returnOne(sale);
    f.tick(HOUR);
    return first;
  };

  it('the draft shows the negative balance; issuing it as a statement is refused and claims nothing', () => {
    settledThenReturned();
    const draft = draftSettlement(f.store, { cooperativeId: coop(), periodEnd: f.now() });
    expect(draft).toMatchObject({
      kind: 'debit_note',
      returnLineCount: 1,
      totals: { netSales: -12_000, commission: -3_000, payout: -9_000 },
    });
    const before = digest(f.db);
    const err = appError(() =>
      issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now() }),
    );
    expect(err.code).toBe('SETTLEMENT_NOT_POSITIVE');
    expect(err.details).toMatchObject({ payout: -9_000, cooperativeId: coop() });
    expect(digest(f.db)).toBe(before);
    const unclaimed = f.db.prepare('SELECT COUNT(*) n FROM return_lines WHERE settlement_id IS NULL').get();
    expect(unclaimed).toEqual({ n: 1 });
  });

  it('the negative line is carried into the next statement, which nets it, and every line is settled once', () => {
    settledThenReturned();
    expect(
      code(() => issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now() })),
    ).toBe('SETTLEMENT_NOT_POSITIVE');
    f.tick(HOUR);
    sellOil(3_000, 36_000);
    f.tick(HOUR);
    const next = issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now() });
    expect(next).toMatchObject({
      kind: 'statement',
      number: expect.stringMatching(/^RG-\d{4}-0002$/),
      saleLineCount: 1,
      returnLineCount: 1,
      totals: { grossSales: 36_000, returns: 12_000, netSales: 24_000, commission: 6_000, payout: 18_000 },
    });
    const unsettled = f.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM sale_lines WHERE settlement_id IS NULL AND voided = 0)
           + (SELECT COUNT(*) FROM return_lines WHERE settlement_id IS NULL) n`,
      )
      .get();
    expect(unsettled).toEqual({ n: 0 });
    expectSettlementsConsistent(f.db);
  });

  it('a balance that is exactly zero is not a statement either', () => {
    const sale = sellOil(1_000, 12_000);
    returnOne(sale);
    f.tick(HOUR);
    expect(
      code(() => issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now() })),
    ).toBe('SETTLEMENT_NOT_POSITIVE');
  });

  it('the manager may issue it explicitly as a debit note: the cooperative owes the shop', () => {
    settledThenReturned();
    const note = issueSettlement(f.store, f.asManager, {
      cooperativeId: coop(),
      periodEnd: f.now(),
      debitNote: true,
    });
    expect(note).toMatchObject({
      kind: 'debit_note',
      status: 'issued',
      number: expect.stringMatching(/^ND-\d{4}-0001$/),
      returnLineCount: 1,
      totals: { netSales: -12_000, payout: -9_000 },
    });
    expect(getSettlement(f.store, note.id as number)).toMatchObject({
      kind: 'debit_note',
      number: note.number,
    });
    expect(listSettlements(f.store, coop())[0]).toMatchObject({ id: note.id, kind: 'debit_note' });
    // The note's kind is frozen with the rest of the statement.
    expect(() => f.db.prepare("UPDATE settlements SET kind = 'statement' WHERE id = ?").run(note.id)).toThrow(
      /immutable/,
    );
    expectSettlementsConsistent(f.db);
  });

  it('a positive balance cannot be issued as a debit note, and the refusal changes nothing', () => {
    sellOil(1_000, 12_000);
    f.tick(HOUR);
    const before = digest(f.db);
    expect(
      code(() =>
        issueSettlement(f.store, f.asManager, { cooperativeId: coop(), periodEnd: f.now(), debitNote: true }),
      ),
    ).toBe('SETTLEMENT_STATE');
    expect(digest(f.db)).toBe(before);
    expect(draftSettlement(f.store, { cooperativeId: coop(), periodEnd: f.now() }).kind).toBe('statement');
    // Nothing to settle reads as an empty statement, not as a debit note.
    expect(draftSettlement(f.store, { cooperativeId: f.coops.honey.id, periodEnd: f.now() })).toMatchObject({
      kind: 'statement',
      saleLineCount: 0,
      returnLineCount: 0,
    });
  });
});

describe('a shop file from before migration 002', () => {
  it('upgrades: its sales replay as before, its settlements are statements and stay immutable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-v1-'));
    try {
      const file = join(dir, 'v1.db');
      const v1 = new Database(file);
      v1.exec(MIGRATIONS[0] as string);
      v1.pragma('user_version = 1');
      const at = Date.UTC(2026, 9, 1, 10);
      v1.exec(`
        INSERT INTO tills (id, name) VALUES ('T1', 'Caisse 1');
        INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (1, 'Admin', 'admin', 'x', ${at});
        INSERT INTO cooperatives (id, name_fr, name_ar, region, commission_bp, created_at)
          VALUES (1, 'Coop', 'تعاونية', 'Souss-Massa', 2500, ${at});
        INSERT INTO cash_sessions (id, till_id, opened_by, opened_at, opening_float) VALUES (1, 'T1', 1, ${at}, 0);
        INSERT INTO sales (id, client_id, till_id, receipt_no, session_id, cashier_id, at, total, discount_total)
          VALUES (1, 'old-client-id-1', 'T1', 1, 1, 1, ${at}, 0, 0);
        INSERT INTO settlements (id, number, cooperative_id, period_start, period_end, issued_at, issued_by, net_sales,
          commission, payout, sale_lines, return_lines) VALUES (1, 'RG-2026-0001', 1, 0, ${at}, ${at}, 1, 0, 0, 0, 0, 0);
      `);
      v1.close();

      const db = openDatabase(file);
      try {
        expect(db.prepare('SELECT cart_fingerprint FROM sales').all()).toEqual([{ cart_fingerprint: null }]);
        expect(db.prepare('SELECT number, kind FROM settlements').all()).toEqual([
          { number: 'RG-2026-0001', kind: 'statement' },
        ]);
        expect(() => db.prepare("UPDATE settlements SET kind = 'debit_note' WHERE id = 1").run()).toThrow(
          /immutable/,
        );
        expect(() =>
          db.prepare('UPDATE settlements SET payout = 1, net_sales = 1 WHERE id = 1').run(),
        ).toThrow(/immutable/);
        // Whatever cart comes with the old id, it is answered with the old sale, as before the upgrade.
        const store = new Store(db, { tillId: 'T1', now: () => at + 1 });
        const replay = checkout(
          store,
          { userId: 1, role: 'admin' },
          {
            clientId: 'old-client-id-1',
            lines: [{ productId: 1, quantity: 1000 }],
            payments: [{ method: 'card', amount: 100 }],
          },
        );
        expect(replay).toMatchObject({ id: 1, receiptNo: 1, replayed: true });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
