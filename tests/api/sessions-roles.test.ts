import { describe, expect, it } from 'vitest';
import { useTestStation } from '../helpers/station';

let admin: string;
const s = useTestStation(
  { fixture: { withStock: false, openSession: false } },
  {
    async started(t) {
      admin = await t.login(t.users.admin.id, '9999');
    },
  },
);
const { call, login } = s;
const update = (patch: Record<string, unknown>) => call('users.update', patch, admin);

describe('sessions follow the user as the database has it now', () => {
  it('a demoted manager loses manager powers on the token already handed out, and regains them', async () => {
    const token = await login(s.users.manager.id, '2468');
    expect((await call('cash.sessions', {}, token)).status).toBe(200);

    expect((await update({ id: s.users.manager.id, role: 'cashier' })).ok).toBe(true);
    const refused = await call('cash.sessions', {}, token);
    expect([refused.status, refused.code]).toEqual([403, 'FORBIDDEN']);
    expect((await call('auth.me', {}, token)).result.role).toBe('cashier');

    expect((await update({ id: s.users.manager.id, role: 'manager' })).ok).toBe(true);
    expect((await call('cash.sessions', {}, token)).status).toBe(200);
  });

  it('a deactivated user is logged out at once, and re-activating does not revive the old token', async () => {
    const token = await login(s.users.manager.id, '2468');
    expect((await update({ id: s.users.manager.id, active: false })).ok).toBe(true);
    const refused = await call('cash.sessions', {}, token);
    expect([refused.status, refused.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await call('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');

    expect((await update({ id: s.users.manager.id, active: true })).ok).toBe(true);
    expect((await call('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
    expect((await call('auth.me', {}, await login(s.users.manager.id, '2468'))).result.name).toBe('Samira');
  });

  it('a PIN change ends the sessions opened with the old PIN', async () => {
    const token = await login(s.users.cashier.id, '1357');
    expect((await call('auth.me', {}, token)).ok).toBe(true);
    expect((await update({ id: s.users.cashier.id, pin: '8642' })).ok).toBe(true);
    const refused = await call('auth.me', {}, token);
    expect([refused.status, refused.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await call('auth.login', { userId: s.users.cashier.id, pin: '1357' })).code).toBe('BAD_PIN');
    const fresh = await login(s.users.cashier.id, '8642');
    expect((await call('auth.me', {}, fresh)).result.name).toBe('Youssef');
    // Changing the language leaves the PIN, and so the session, alone.
    expect((await update({ id: s.users.cashier.id, language: 'ar' })).ok).toBe(true);
    expect((await call('auth.me', {}, fresh)).result.language).toBe('ar');
    expect((await update({ id: s.users.cashier.id, pin: '1357', language: 'fr' })).ok).toBe(true);
  });

  it("a manager's approval is checked against the manager's role and active flag now", async () => {
    const cashier = await login(s.users.cashier.id, '1357');
    const approval = { managerId: s.users.manager.id, pin: '2468' };
    // Approved, then stopped by the missing printer: the approval itself was accepted.
    expect((await call('devices.openDrawer', {}, cashier)).code).toBe('APPROVAL_REQUIRED');
    expect((await call('devices.openDrawer', { approval }, cashier)).code).toBe('NO_PRINTER');

    await update({ id: s.users.manager.id, role: 'cashier' });
    expect((await call('devices.openDrawer', { approval }, cashier)).code).toBe('FORBIDDEN');
    await update({ id: s.users.manager.id, role: 'manager', active: false });
    expect((await call('devices.openDrawer', { approval }, cashier)).code).toBe('BAD_PIN');
    await update({ id: s.users.manager.id, active: true });
    expect((await call('devices.openDrawer', { approval }, cashier)).code).toBe('NO_PRINTER');
  });
});

describe('the last active admin', () => {
  it('cannot be demoted or deactivated; with another active admin it can', async () => {
    for (const patch of [{ role: 'manager' }, { role: 'cashier' }, { active: false }]) {
      const r = await update({ id: s.users.admin.id, ...patch });
      expect([r.status, r.code], JSON.stringify(patch)).toEqual([409, 'LAST_ADMIN']);
    }
    const list = await call('users.list', {}, admin);
    expect(list.result.find((u: { id: number }) => u.id === s.users.admin.id)).toMatchObject({
      role: 'admin',
      active: true,
    });
    // A PIN or language change of the last admin is fine.
    expect((await update({ id: s.users.admin.id, language: 'en' })).ok).toBe(true);

    const second = await call('users.create', { name: 'Karim', role: 'admin', pin: '5555' }, admin);
    expect(second.ok).toBe(true);
    // An inactive admin does not count as a way back in.
    expect((await update({ id: second.result.id, active: false })).ok).toBe(true);
    expect((await update({ id: s.users.admin.id, role: 'manager' })).code).toBe('LAST_ADMIN');

    expect((await update({ id: second.result.id, active: true })).ok).toBe(true);
    expect((await update({ id: s.users.admin.id, role: 'manager' })).ok).toBe(true);
    // The demoted admin's own token is now a manager's: it cannot make itself admin again.
    expect((await update({ id: s.users.admin.id, role: 'admin' })).code).toBe('FORBIDDEN');
    const karim = await login(second.result.id, '5555');
    const self = await call('users.update', { id: second.result.id, active: false }, karim);
    expect(self.code).toBe('LAST_ADMIN');
    expect((await call('users.update', { id: s.users.admin.id, role: 'admin' }, karim)).ok).toBe(true);
  });
});
