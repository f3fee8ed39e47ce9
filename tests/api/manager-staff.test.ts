/**
 * Managers run the shop floor: they add, edit and deactivate cashiers, and manage cooperatives and
 * devices. Managers and admins, and who becomes one, stay the admin's: the station refuses it whatever the
 * screen offers, so a manager token cannot create an admin, promote a cashier, or touch a peer.
 */
import { describe, expect, it } from 'vitest';
import { useTestStation } from '../helpers/station';

let manager: string;
let admin: string;
const s = useTestStation(
  { fixture: { withStock: false, openSession: false } },
  {
    async started(t) {
      manager = await t.login(t.users.manager.id, '2468');
      admin = await t.login(t.users.admin.id, '9999');
    },
  },
);
const { call, login } = s;

describe('a manager manages cashiers', () => {
  it('creates a cashier, changes her PIN and language, deactivates and reactivates her', async () => {
    const created = await call('users.create', { name: 'Hind', role: 'cashier', pin: '4321' }, manager);
    expect(created.ok, created.code).toBe(true);
    const id = created.result.id as number;
    expect((await call('users.update', { id, pin: '8765', language: 'ar' }, manager)).ok).toBe(true);
    expect((await call('auth.login', { userId: id, pin: '8765' })).ok).toBe(true);
    expect((await call('users.update', { id, active: false }, manager)).result.active).toBe(false);
    expect((await call('auth.login', { userId: id, pin: '8765' })).ok).toBe(false);
    expect((await call('users.update', { id, active: true, role: 'cashier' }, manager)).ok).toBe(true);
    const list = await call('users.list', {}, manager);
    expect(list.result.find((u: { id: number }) => u.id === id)).toMatchObject({
      name: 'Hind',
      role: 'cashier',
      language: 'ar',
      active: true,
    });
  });

  it('cannot create a manager or an admin', async () => {
    for (const role of ['manager', 'admin']) {
      const r = await call('users.create', { name: `Nouveau ${role}`, role, pin: '1111' }, manager);
      expect([r.status, r.code], role).toEqual([403, 'FORBIDDEN']);
    }
    const names = (await call('users.list', {}, admin)).result.map((u: { name: string }) => u.name);
    expect(names).not.toContain('Nouveau manager');
    expect(names).not.toContain('Nouveau admin');
  });

  it('cannot promote a cashier, nor edit or deactivate a manager or an admin', async () => {
    const cashierId = s.users.cashier.id;
    for (const role of ['manager', 'admin']) {
      const r = await call('users.update', { id: cashierId, role }, manager);
      expect([r.status, r.code], role).toEqual([403, 'FORBIDDEN']);
    }
    for (const target of [s.users.manager.id, s.users.admin.id]) {
      for (const patch of [{ active: false }, { pin: '0000' }, { role: 'cashier' }, { language: 'en' }]) {
        const r = await call('users.update', { id: target, ...patch }, manager);
        expect([r.status, r.code], JSON.stringify({ target, patch })).toEqual([403, 'FORBIDDEN']);
      }
    }
    const list = (await call('users.list', {}, admin)).result as {
      id: number;
      role: string;
      active: boolean;
      language: string;
    }[];
    expect(list.find((u) => u.id === cashierId)?.role).toBe('cashier');
    expect(list.find((u) => u.id === s.users.admin.id)).toMatchObject({ role: 'admin', active: true });
    expect(list.find((u) => u.id === s.users.manager.id)).toMatchObject({ role: 'manager', active: true });
    // The admin's PIN was not changed either.
    expect((await call('auth.login', { userId: s.users.admin.id, pin: '9999' })).ok).toBe(true);
  });

  it('the admin still creates and promotes managers and admins', async () => {
    const r = await call('users.create', { name: 'Karim', role: 'manager', pin: '5555' }, admin);
    expect(r.ok, r.code).toBe(true);
    expect((await call('users.update', { id: r.result.id, role: 'admin' }, admin)).ok).toBe(true);
  });

  it('a cashier still cannot manage users', async () => {
    const cashier = await login(s.users.cashier.id, '1357');
    expect((await call('users.list', {}, cashier)).code).toBe('FORBIDDEN');
    expect((await call('users.create', { name: 'X', role: 'cashier', pin: '1234' }, cashier)).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('a manager manages cooperatives and devices; shop identity stays the admin’s', () => {
  it('creates and edits a cooperative', async () => {
    const coop = await call(
      'cooperatives.create',
      { nameFr: 'Coopérative Tighanimine', region: 'Souss-Massa', commissionBp: 2200 },
      manager,
    );
    expect(coop.ok, coop.code).toBe(true);
    const edited = await call('cooperatives.update', { id: coop.result.id, commissionBp: 2000 }, manager);
    expect(edited.result.commissionBp).toBe(2000);
  });

  it('lists ports and configures the devices', async () => {
    expect((await call('devices.listPorts', {}, manager)).ok).toBe(true);
    const r = await call('devices.configure', { printer: null, scale: null }, manager);
    expect(r.ok, r.code).toBe(true);
    expect((await call('devices.get', {}, manager)).result.printer).toBeNull();
  });

  it('cannot change the shop identity', async () => {
    const r = await call('settings.update', { shop: { name: 'Autre boutique' } }, manager);
    expect([r.status, r.code]).toEqual([403, 'FORBIDDEN']);
  });
});
