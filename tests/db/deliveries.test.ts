import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOwnGtin } from '../../core/nomenclature';
import { getDelivery, listDeliveries } from '../../db/services/deliveries';
import { receiveDelivery } from '../../db/services/stock';
import { code } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

const DAY = 86_400_000;

describe('the deliveries history', () => {
  let f: Fixture;
  /** Ids of the deliveries made here, oldest first (after the fixture's two, made at its start). */
  let made: number[];
  beforeEach(() => {
    f = makeFixture({ openSession: false });
    made = [];
    // Twelve more deliveries, one a day, alternating cooperatives.
    for (let i = 0; i < 12; i++) {
      f.tick(DAY);
      const argan = i % 2 === 0;
      made.push(
        receiveDelivery(f.store, f.asManager, {
          clientId: uid('d'),
          cooperativeId: argan ? f.coops.argan.id : f.coops.honey.id,
          noteRef: `BL-${100 + i}`,
          lines: argan
            ? [
                { productId: f.products.oil.id, quantity: 6_000, lot: `OL-${i}`, bestBefore: '2027-06-30' },
                { productId: f.products.amlou.id, quantity: 3_000 },
              ]
            : [{ productId: f.products.honeyKg.id, quantity: 2_500, lot: `M-${i}` }],
        }).deliveryId,
      );
    }
  });
  afterEach(() => f.close());

  it('lists newest first with cooperative, note, user and line count, paged with the total', () => {
    const first = listDeliveries(f.store, { limit: 5 });
    expect(first.total).toBe(14);
    expect(first.rows.map((r) => r.id)).toEqual([...made].reverse().slice(0, 5));
    const newest = first.rows[0];
    expect(newest).toMatchObject({
      cooperativeId: f.coops.honey.id,
      cooperativeName: 'Coopérative Miel Atlas',
      noteRef: 'BL-111',
      userName: 'Samira',
      lineCount: 1,
      receivedAt: f.now(),
    });
    expect(first.rows[1]?.lineCount).toBe(2);
    // Pages follow on without overlap or gap, down to the fixture's two deliveries.
    const pages = [0, 5, 10].flatMap((offset) => listDeliveries(f.store, { offset, limit: 5 }).rows);
    expect(pages).toHaveLength(14);
    expect(new Set(pages.map((r) => r.id)).size).toBe(14);
    expect(pages.slice(-2).map((r) => r.noteRef)).toEqual(['BL-002', 'BL-001']);
    // Past the end: no rows, but the total is still told.
    expect(listDeliveries(f.store, { offset: 40, limit: 5 })).toEqual({
      rows: [],
      total: 14,
      offset: 40,
      limit: 5,
    });
  });

  it('filters by cooperative and by a period, both ends included', () => {
    const argan = listDeliveries(f.store, { cooperativeId: f.coops.argan.id });
    expect(argan.total).toBe(7);
    expect(argan.rows.every((r) => r.cooperativeId === f.coops.argan.id)).toBe(true);

    const start = Date.UTC(2026, 10, 2, 9, 0, 0);
    // Days 3 to 5 after the start: deliveries i = 2, 3, 4.
    const period = listDeliveries(f.store, { from: start + 3 * DAY, to: start + 5 * DAY });
    expect(period.rows.map((r) => r.noteRef)).toEqual(['BL-104', 'BL-103', 'BL-102']);
    const both = listDeliveries(f.store, {
      cooperativeId: f.coops.honey.id,
      from: start + 3 * DAY,
      to: start + 5 * DAY,
    });
    expect(both.rows.map((r) => r.noteRef)).toEqual(['BL-103']);
    expect(both.total).toBe(1);
    expect(listDeliveries(f.store, { from: start + 100 * DAY }).total).toBe(0);
  });

  it('gives one delivery with its lines in order: product, quantity, lot, best-before, own GS1 code', () => {
    const d = getDelivery(f.store, made[0] ?? 0);
    expect(d).toMatchObject({ noteRef: 'BL-100', cooperativeId: f.coops.argan.id, userName: 'Samira' });
    expect(d.lines).toEqual([
      expect.objectContaining({
        productId: f.products.oil.id,
        sku: 'ARG-250',
        unit: 'piece',
        quantity: 6_000,
        lot: 'OL-0',
        bestBefore: '2027-06-30',
        // 611... is a manufacturer's EAN-13.
        ownGtin: true,
      }),
      expect.objectContaining({
        productId: f.products.amlou.id,
        quantity: 3_000,
        lot: '',
        bestBefore: null,
        // The amlou has only the shop's internal 20... code.
        ownGtin: false,
      }),
    ]);
    expect(getDelivery(f.store, made[1] ?? 0).lines).toEqual([
      expect.objectContaining({
        productId: f.products.honeyKg.id,
        unit: 'kg',
        quantity: 2_500,
        ownGtin: false,
      }),
    ]);
    expect(code(() => getDelivery(f.store, 9999))).toBe('NOT_FOUND');
  });
});

describe('own GS1 codes', () => {
  it('are valid GTINs outside the restricted-circulation ranges', () => {
    expect(isOwnGtin('6111234567895')).toBe(true);
    expect(isOwnGtin('6111234567890')).toBe(false); // wrong check digit
    expect(isOwnGtin('2000000000015')).toBe(false); // the shop's internal range
    expect(isOwnGtin('2100042012509')).toBe(false); // a scale's weight label
    expect(isOwnGtin('0412345678903')).toBe(false); // 04: restricted
    expect(isOwnGtin('0361234567890')).toBe(true); // a UPC-A as EAN-13
    expect(isOwnGtin('036123456783')).toBe(true); // UPC-A, 12 digits
    expect(isOwnGtin('96385074')).toBe(true); // EAN-8
    expect(isOwnGtin('20123451')).toBe(false); // EAN-8 restricted
  });
});
