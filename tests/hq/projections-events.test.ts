import { describe, expect, it } from 'vitest';
import { cooperativeCode, eventFacts, type ShopEvent } from '../../hq/projections-events';

const event = (kind: string, ref: string, payload: unknown, rows: unknown = null): ShopEvent => ({
  shopId: 's',
  seq: 1,
  at: 1_000,
  kind,
  ref,
  payload,
  rows,
});

describe('shop events as chain facts', () => {
  it('matches a cooperative across shops by registration number, else ICE, else its folded name', () => {
    expect(cooperativeCode({ registrationNo: ' 2005/12 ', ice: '0012', nameFr: 'X' })).toBe('reg:200512');
    expect(cooperativeCode({ registrationNo: '', ice: '001 234', nameFr: 'X' })).toBe('ice:001234');
    expect(cooperativeCode({ registrationNo: null, ice: null, nameFr: "  Coopérative  L'Arganier " })).toBe(
      'name:cooperative l arganier',
    );
    const base = { nameFr: 'Coop', registrationNo: '7/2020', ice: null };
    expect(eventFacts(event('coop.create', 'coop:4', base)).coop).toMatchObject({
      localId: 4,
      code: 'reg:72020',
    });
    // A cooperative that came down from HQ's catalogue keeps the chain's code.
    expect(eventFacts(event('coop.create', 'coop:4', { ...base, code: 'hq:17' })).coop?.code).toBe('hq:17');
    expect(eventFacts(event('coop.create', 'coop:4', { ...base, code: 'bogus' })).coop?.code).toBe(
      'reg:72020',
    );
  });

  it('turns stock events into signed movements and ignores kinds it does not project', () => {
    const delivery = eventFacts(
      event('delivery', 'delivery:3', {
        cooperativeId: 2,
        lines: [
          { productId: 9, quantity: 5_000, lot: 'L1', bestBefore: '2027-01-31' },
          { productId: 8, quantity: 250 },
        ],
      }),
    );
    expect(delivery.moves?.map((m) => [m.kind, m.productLocalId, m.qty, m.bestBefore])).toEqual([
      ['delivery', 9, 5_000, '2027-01-31'],
      ['delivery', 8, 250, null],
    ]);
    const back = eventFacts(
      event('coop_return', 'coop_return:1', {
        cooperativeId: 2,
        reason: 'expired',
        lines: [{ productId: 9, quantity: 1_000 }],
      }),
    );
    expect(back.moves?.map((m) => [m.kind, m.qty, m.reason])).toEqual([['coop_return', -1_000, 'expired']]);
    expect(eventFacts(event('cash.open', 'session:1', {}))).toEqual({});
    expect(() => eventFacts(event('sale', 'sale:1', {}, { sale: {} }))).toThrow();
  });
});
