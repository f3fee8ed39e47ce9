import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { getCooperative, listCooperatives, updateCooperative } from '../../db/services/cooperatives';
import { createCustomer, listCustomers } from '../../db/services/customers';
import { ensureTill, getSettings, listTills, updateSettings } from '../../db/services/settings';
import { createUser, listUsers, updateUser, verifyUserPin } from '../../db/services/users';
import { code, digest } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

describe('cooperatives, customers, users and settings', () => {
  let f: Fixture;
  beforeAll(() => {
    f = makeFixture();
  });
  afterAll(() => f.close());

  it('updates a cooperative field by field; a new commission applies to later sales only', () => {
    const sell = () =>
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId: f.products.amlou.id, quantity: 1_000 }],
        payments: [{ method: 'card', amount: 6_550 }],
      }).lines[0];
    const before = sell();
    const c = updateCooperative(f.store, f.asManager, {
      id: f.coops.argan.id,
      commissionBp: 1_000,
      phone: '+212611',
    });
    expect(c).toMatchObject({
      commissionBp: 1_000,
      phone: '+212611',
      nameFr: 'Coopérative Tighanimine',
      womens: true,
    });
    const after = sell();
    expect(before).toMatchObject({ payout: 6_550 - 1_638, commission: 1_638 });
    expect(after).toMatchObject({ payout: 6_550 - 655, commission: 655 });
    expect(listCooperatives(f.store).map((x) => x.nameFr)).toEqual([
      'Coopérative Miel Atlas',
      'Coopérative Tighanimine',
    ]);
    expect(code(() => getCooperative(f.store, 999))).toBe('NOT_FOUND');
    expect(code(() => updateCooperative(f.store, f.asManager, { id: 999, phone: null }))).toBe('NOT_FOUND');
  });

  it('customer accounts are searchable and their tier is a price floor', () => {
    const shop = createCustomer(f.store, f.asManager, {
      name: 'Épicerie Atlas',
      phone: '0522000000',
      tier: 'semi',
    });
    createCustomer(f.store, null, { name: 'Hôtel Riad', ice: '000111222000333', tier: 'wholesale' });
    expect(listCustomers(f.store, 'atlas').map((c) => c.name)).toEqual(['Épicerie Atlas']);
    expect(listCustomers(f.store, '0522').map((c) => c.id)).toEqual([shop.id]);
    expect(listCustomers(f.store, '000111').map((c) => c.name)).toEqual(['Hôtel Riad']);
    expect(listCustomers(f.store).length).toBe(2);
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      customerId: shop.id,
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'card', amount: 10_800 }],
    });
    expect(sale.lines[0]?.tier).toBe('semi');
  });

  it('users: PINs are hashed and checked, names are unique, inactive users cannot sign in', () => {
    expect(verifyUserPin(f.store, f.users.cashier.id, '1357')).toMatchObject({
      name: 'Youssef',
      role: 'cashier',
    });
    expect(verifyUserPin(f.store, f.users.cashier.id, '1358')).toBeNull();
    expect(verifyUserPin(f.store, 999, '1357')).toBeNull();
    const stored = f.db.prepare('SELECT pin_hash FROM users WHERE id = ?').get(f.users.cashier.id) as {
      pin_hash: string;
    };
    expect(stored.pin_hash).not.toContain('1357');
    expect(stored.pin_hash).toMatch(/^scrypt\$/);
    const before = digest(f.db);
    expect(
      code(() => createUser(f.store, f.asAdmin, { name: 'Youssef', role: 'cashier', pin: '0000' })),
    ).toBe('CONFLICT');
    expect(code(() => updateUser(f.store, f.asAdmin, { id: 999, active: false }))).toBe('NOT_FOUND');
    expect(digest(f.db)).toBe(before);
    const u = createUser(f.store, f.asAdmin, {
      name: 'Khadija',
      role: 'cashier',
      pin: '4321',
      language: 'ar',
    });
    updateUser(f.store, f.asAdmin, { id: u.id, pin: '8765', role: 'manager' });
    expect(verifyUserPin(f.store, u.id, '4321')).toBeNull();
    expect(verifyUserPin(f.store, u.id, '8765')).toMatchObject({ role: 'manager', language: 'ar' });
    updateUser(f.store, f.asAdmin, { id: u.id, active: false });
    expect(verifyUserPin(f.store, u.id, '8765')).toBeNull();
    expect(listUsers(f.store).map((x) => x.name)).not.toContain('Khadija');
    expect(listUsers(f.store, true).map((x) => x.name)).toContain('Khadija');
    // The journal records that the PIN changed, never the PIN.
    const payloads = (
      f.db.prepare("SELECT payload FROM journal WHERE kind LIKE 'user.%'").all() as { payload: string }[]
    )
      .map((r) => r.payload)
      .join('\n');
    expect(payloads).not.toContain('8765');
    expect(payloads).not.toContain('4321');
  });

  it('settings merge shop fields, validate the barcode nomenclature, and tills are created once', () => {
    updateSettings(f.store, f.asAdmin, { shop: { name: 'Souk Tiznit', city: 'Tiznit' } });
    updateSettings(f.store, f.asAdmin, { shop: { phone: '0528000000' } });
    expect(getSettings(f.store).shop).toMatchObject({
      name: 'Souk Tiznit',
      city: 'Tiznit',
      phone: '0528000000',
    });
    const before = digest(f.db);
    expect(
      code(() =>
        updateSettings(f.store, f.asAdmin, {
          nomenclature: [{ name: 'bad', pattern: '61PPPPPWWWWWC', kind: 'weight' }],
        }),
      ),
    ).toBe('VALIDATION');
    expect(digest(f.db)).toBe(before);
    ensureTill(f.store, 'T1', 'Renamed?');
    ensureTill(f.store, 'T2', 'Caisse 2');
    expect(listTills(f.store)).toEqual([
      { id: 'T1', name: 'Caisse 1', nextReceiptNo: expect.any(Number) as number },
      { id: 'T2', name: 'Caisse 2', nextReceiptNo: 1 },
    ]);
  });
});
