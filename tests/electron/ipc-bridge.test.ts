import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSessions } from '../../api/auth';
import { DeviceHub } from '../../devices/hub';
import type { ApiContext } from '../../api/handlers';
import { SoukBridge } from '../../electron/ipc-bridge';
import { makeFixture, type Fixture } from '../db/fixture';

let f: Fixture;
let ctx: ApiContext;
let zCloses: number;
let bridge: SoukBridge;
const TILL = 1;
const OTHER = 2;

beforeEach(() => {
  f = makeFixture();
  ctx = {
    store: f.store,
    auth: new AuthSessions(),
    version: 'test',
    devices: new DeviceHub(f.store),
    validateOutput: true,
  };
  zCloses = 0;
  bridge = new SoukBridge(ctx, {
    afterZClose: () => {
      zCloses++;
    },
  });
});
afterEach(async () => {
  await ctx.devices.close();
  f.close();
});

async function login(sender: number, userId: number, pin: string): Promise<string> {
  const r = await bridge.call(sender, 'auth.login', { userId, pin });
  if (!r.ok) throw new Error(r.error.message);
  return (r.result as { token: string }).token;
}

const codeOf = (r: Awaited<ReturnType<SoukBridge['call']>>) => (r.ok ? 'ok' : r.error.code);

describe('IPC bridge to the API', () => {
  it('answers public methods without a token, in the API envelope', async () => {
    const r = await bridge.call(TILL, 'system.info', {});
    expect(r).toMatchObject({ ok: true, result: { app: 'souk-pos', tillId: 'T1' } });
    expect(codeOf(await bridge.call(TILL, 'cash.current', {}))).toBe('UNAUTHENTICATED');
  });

  it('accepts the token auth.login returned, passed explicitly or kept by the main process', async () => {
    const token = await login(TILL, f.users.cashier.id, '1357');
    const explicit = await bridge.call(TILL, 'auth.me', {}, token);
    expect(explicit).toMatchObject({ ok: true, result: { id: f.users.cashier.id } });
    const kept = await bridge.call(TILL, 'auth.me', {}, null);
    expect(kept).toMatchObject({ ok: true, result: { id: f.users.cashier.id } });
  });

  it('refuses a token issued to another window, and a forged one, even though it is valid in the API', async () => {
    const otherToken = await login(OTHER, f.users.manager.id, '2468');
    expect(ctx.auth.resolve(otherToken)).not.toBeNull();
    expect(codeOf(await bridge.call(TILL, 'auth.me', {}, otherToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await bridge.call(TILL, 'auth.me', {}, 'forged'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await bridge.call(TILL, 'auth.me', {}, 12345))).toBe('UNAUTHENTICATED');
    expect(codeOf(await bridge.call(OTHER, 'auth.me', {}, otherToken))).toBe('ok');
  });

  it('keeps roles: a cashier cannot close the till, a manager can, and the Z close triggers the backup hook', async () => {
    const cashier = await login(TILL, f.users.cashier.id, '1357');
    const refused = await bridge.call(TILL, 'cash.close', { counts: {} }, cashier);
    expect(codeOf(refused)).toBe('APPROVAL_REQUIRED');
    expect(zCloses).toBe(0);
    const manager = await login(TILL, f.users.manager.id, '2468');
    expect(bridge.highestRole(TILL)).toBe('manager');
    const closed = await bridge.call(TILL, 'cash.close', { counts: { '20000': 2, '5000': 1 } }, manager);
    expect(codeOf(closed)).toBe('ok');
    expect(zCloses).toBe(1);
  });

  it('answers a successful Z close even when the backup hook fails', async () => {
    const failing = new SoukBridge(ctx, {
      afterZClose: () => {
        throw new Error('USB drive unplugged');
      },
    });
    const r = await failing.call(TILL, 'auth.login', { userId: f.users.manager.id, pin: '2468' });
    const token = (r as { result: { token: string } }).result.token;
    expect(codeOf(await failing.call(TILL, 'cash.close', { counts: {} }, token))).toBe('ok');
  });

  it('logout unbinds the token; a reload (forget) ends every session of that page', async () => {
    const a = await login(TILL, f.users.cashier.id, '1357');
    expect(codeOf(await bridge.call(TILL, 'auth.logout', {}, a))).toBe('ok');
    expect(codeOf(await bridge.call(TILL, 'auth.me', {}, null))).toBe('UNAUTHENTICATED');
    expect(ctx.auth.resolve(a)).toBeNull();

    const b = await login(TILL, f.users.manager.id, '2468');
    const other = await login(OTHER, f.users.cashier.id, '1357');
    bridge.forget(TILL);
    expect(ctx.auth.resolve(b)).toBeNull();
    expect(bridge.highestRole(TILL)).toBeNull();
    expect(codeOf(await bridge.call(TILL, 'auth.me', {}, b))).toBe('UNAUTHENTICATED');
    expect(codeOf(await bridge.call(OTHER, 'auth.me', {}, other))).toBe('ok');
  });

  it('turns junk from a compromised renderer into typed errors, never a throw', async () => {
    for (const method of [undefined, 42, '', 'x'.repeat(500), { toString: () => 'system.info' }]) {
      expect(codeOf(await bridge.call(TILL, method, {}))).toBe('VALIDATION');
    }
    expect(codeOf(await bridge.call(TILL, 'no.such.method', {}))).toBe('NOT_FOUND');
    expect(codeOf(await bridge.call(TILL, '__proto__', {}))).toBe('NOT_FOUND');
    expect(codeOf(await bridge.call(TILL, 'auth.login', { userId: 'x', pin: 1 }))).toBe('VALIDATION');
    expect(codeOf(await bridge.call(TILL, 'auth.login', { userId: f.users.admin.id, pin: '0000' }))).toBe(
      'BAD_PIN',
    );
  });
});
