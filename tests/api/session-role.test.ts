import { describe, expect, it } from 'vitest';
import { postApi } from '../helpers/api-call';
import { useTestStation } from '../helpers/station';

// A role change takes effect on live tokens at their very next call, and every answer tells the caller the
// role it was served with, so an open session's screens can follow (renderer/stores/session.ts).
let admin: string;
const s = useTestStation(
  { fixture: { withStock: false, openSession: false } },
  {
    async started(t) {
      admin = await t.login(t.users.admin.id, '9999');
    },
  },
);

const post = (method: string, input: unknown, token: string) => postApi(s.url, method, input, token);

const setRole = async (id: number, role: string) =>
  expect((await post('users.update', { id, role }, admin)).ok).toBe(true);

describe("the caller's role, call by call", () => {
  it('a demoted manager is refused at the next manager call, and the answers say cashier from then on', async () => {
    const token = await s.login(s.users.manager.id, '2468');
    const before = await post('cash.sessions', {}, token);
    expect([before.status, before.role]).toEqual([200, 'manager']);

    await setRole(s.users.manager.id, 'cashier');
    const refused = await post('cash.sessions', {}, token);
    expect([refused.status, refused.error?.code]).toEqual([403, 'FORBIDDEN']);
    const allowed = await post('products.search', { query: 'argan' }, token);
    expect([allowed.status, allowed.role]).toEqual([200, 'cashier']);
    await setRole(s.users.manager.id, 'manager');
  });

  it('a promoted cashier may make manager calls at once, and the answers say manager', async () => {
    const token = await s.login(s.users.cashier.id, '1357');
    const refused = await post('cash.sessions', {}, token);
    expect([refused.status, refused.error?.code]).toEqual([403, 'FORBIDDEN']);
    const asCashier = await post('products.search', { query: 'argan' }, token);
    expect(asCashier.role).toBe('cashier');

    await setRole(s.users.cashier.id, 'manager');
    const allowed = await post('cash.sessions', {}, token);
    expect([allowed.status, allowed.role]).toEqual([200, 'manager']);
    await setRole(s.users.cashier.id, 'cashier');
  });

  it('a public call carries no role', async () => {
    const res = await fetch(`${s.url}/api/system.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { ok: boolean; role?: string };
    expect(body.ok).toBe(true);
    expect('role' in body).toBe(false);
  });
});
