import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePairingCode } from '../../core/pairing-code';
import { pinnedFetch } from '../../server/pinned-fetch';
import type { Station } from '../../server/station';
import type { makeFixture } from '../db/fixture';
import { LAN_IP, LanDevice, lanShop, localCall } from './tills-helpers';

describe.skipIf(!LAN_IP)('pairing tills and tablets with a station on the LAN', () => {
  let station: Station;
  let f: ReturnType<typeof makeFixture>;
  let manager: string;
  const devices: LanDevice[] = [];
  const device = () => {
    const d = new LanDevice(station);
    devices.push(d);
    return d;
  };
  const create = async (id: string, name: string, kind?: 'till' | 'backoffice') => {
    const r = await localCall(station, 'tills.create', { id, name, ...(kind ? { kind } : {}) }, manager);
    expect(r.ok, r.message).toBe(true);
    return r.result as {
      till: { id: string };
      pairing: { code: string; fullCode: string; expiresAt: number };
    };
  };

  beforeAll(async () => {
    ({ f, station, managerToken: manager } = await lanShop({ withStock: false }));
  });
  afterAll(async () => {
    for (const d of devices) d.close();
    await station.close();
  });

  it('an unpaired device on the LAN gets DEVICE_NOT_PAIRED for everything but tills.pair', async () => {
    const d = device();
    for (const [method, input] of [
      ['auth.users', {}],
      ['auth.login', { userId: f.users.manager.id, pin: '2468' }],
      ['system.info', {}],
    ] as const) {
      const r = await d.call(method, input);
      expect([r.status, r.code], method).toEqual([403, 'DEVICE_NOT_PAIRED']);
      expect(JSON.stringify(r)).not.toContain('Samira');
    }
    // A made-up token is no better.
    d.tillToken = 'x'.repeat(43);
    expect((await d.call('auth.users', {})).code).toBe('DEVICE_NOT_PAIRED');
    d.tillToken = null;
    expect((await d.call('tills.pair', { code: 'ABCDE-FGHJK' })).code).toBe('PAIRING_CODE_INVALID');
  });

  it('a manager adds a till; the till pairs with the full code, then works as that till', async () => {
    const { pairing } = await create('T2', 'Caisse entrée');
    const full = decodePairingCode(pairing.fullCode);
    // The code carries what the till pins before it sends anything: the address and the certificate.
    expect(full?.addresses).toEqual([`${LAN_IP}:${new URL(station.lanUrl ?? '').port}`]);
    expect(full?.fingerprint).toBe(station.tls?.fingerprint);
    const till = new LanDevice(station, full?.fingerprint);
    devices.push(till);
    const paired = await till.pair(pairing.fullCode);
    expect(paired.result).toMatchObject({
      tillId: 'T2',
      tillName: 'Caisse entrée',
      kind: 'till',
      shopName: expect.any(String),
      certFingerprint: station.tls?.fingerprint,
    });
    expect((await till.call('system.info', {})).result).toMatchObject({
      tillId: 'T2',
      tillName: 'Caisse entrée',
    });
    await till.login(f.users.cashier.id, '1357');
    const opened = await till.call('cash.open', { openingFloat: 10_000 });
    expect(opened.result).toMatchObject({ tillId: 'T2' });
    // The station's own till (loopback, no token) is untouched.
    const local = (await localCall(station, 'auth.login', { userId: f.users.cashier.id, pin: '1357' })).result
      .token;
    expect((await localCall(station, 'cash.current', {}, local)).result).toBeNull();
    expect((await localCall(station, 'system.info', {})).result).toMatchObject({ tillId: 'T1' });
    // The same code again: spent.
    expect((await device().call('tills.pair', { code: pairing.code })).code).toBe('PAIRING_CODE_INVALID');
  });

  it('a browser that pairs keeps its token in an HttpOnly, Secure, SameSite=Strict cookie', async () => {
    const { pairing } = await create('T3', 'Caisse kiosque');
    const d = device();
    const res = await pinnedFetch(`${station.lanUrl}/api/tills.pair`, d.fingerprint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: pairing.code.toLowerCase() }),
      agent: d.agent,
    });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie'] ?? '');
    expect(cookie).toMatch(/^souk_till=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await d.call('system.info', {}, { cookie: cookie.split(';')[0] ?? '' });
    expect(withCookie.result).toMatchObject({ tillId: 'T3', tillName: 'Caisse kiosque' });
  });

  it('an expired code is told as such, a replaced code is refused', async () => {
    const { pairing } = await create('T4', 'Caisse 4');
    const renewed = await localCall(station, 'tills.newCode', { tillId: 'T4' }, manager);
    expect(renewed.ok).toBe(true);
    expect((await device().call('tills.pair', { code: pairing.code })).code).toBe('PAIRING_CODE_INVALID');
    // The code lies 15 minutes in the database: age it there.
    const db = new Database(f.file);
    db.prepare("UPDATE till_pairing_codes SET expires_at = 1 WHERE till_id = 'T4'").run();
    db.close();
    const late = await device().call('tills.pair', { code: renewed.result.code });
    expect([late.status, late.code]).toEqual([410, 'PAIRING_CODE_EXPIRED']);
  });

  it('a revoked till gets TILL_REVOKED on every call, even with a live session, and can be paired again', async () => {
    const { pairing } = await create('T6', 'Caisse 6');
    const till = device();
    await till.pair(pairing.code);
    await till.login(f.users.manager.id, '2468');
    expect((await till.call('tills.revoke', { tillId: 'T6' })).code).toBe('CONFLICT');
    const revoked = await localCall(station, 'tills.revoke', { tillId: 'T6' }, manager);
    expect(revoked.result).toMatchObject({ id: 'T6', status: 'revoked' });
    for (const [method, input] of [
      ['system.info', {}],
      ['auth.users', {}],
      ['cash.open', { openingFloat: 0 }],
      ['tills.list', {}],
    ] as const) {
      const r = await till.call(method, input);
      expect([r.status, r.code], method).toEqual([403, 'TILL_REVOKED']);
    }
    const again = await localCall(station, 'tills.newCode', { tillId: 'T6' }, manager);
    const fresh = device();
    expect((await fresh.pair(again.result.code)).ok).toBe(true);
    expect((await fresh.call('system.info', {})).result).toMatchObject({ tillId: 'T6' });
    // The revoked machine's old token stays out.
    expect((await till.call('system.info', {})).code).toBe('DEVICE_NOT_PAIRED');
  });

  it('a back-office tablet pairs the same way and has no till: no session, cash refused', async () => {
    const { pairing } = await create('BO1', 'Tablette bureau', 'backoffice');
    const tablet = device();
    expect((await tablet.pair(pairing.code)).result).toMatchObject({ kind: 'backoffice' });
    expect((await tablet.call('system.info', {})).result).toMatchObject({
      tillId: 'BO1',
      tillKind: 'backoffice',
    });
    await tablet.login(f.users.manager.id, '2468');
    expect((await tablet.call('cash.current', {})).result).toBeNull();
    const open = await tablet.call('cash.open', { openingFloat: 0 });
    expect([open.status, open.code]).toEqual([409, 'NOT_A_TILL']);
    // The manager's screens work from it.
    const list = await tablet.call('tills.list', {});
    expect(list.result.tills.map((t: { id: string }) => t.id)).toContain('BO1');
    expect(list.result.station.fingerprint).toBe(station.tls?.fingerprint);
  });

  // Last: it locks this machine's LAN address out of pairing for a minute.
  it('wrong codes are rate-limited per device like PINs', async () => {
    // Every device of this test calls from the same LAN address: a pairing from it first clears its count.
    const warmUp = await create('T5', 'Caisse 5');
    expect((await device().pair(warmUp.pairing.code)).ok).toBe(true);
    const { pairing } = await create('T7', 'Caisse 7');
    const guesser = device();
    const wrong = ['00000-00000', '11111-11111', '22222-22222', '33333-33333', '44444-44444'];
    for (const w of wrong)
      expect((await guesser.call('tills.pair', { code: w })).code).toBe('PAIRING_CODE_INVALID');
    const locked = await guesser.call('tills.pair', { code: pairing.code });
    expect([locked.status, locked.code]).toEqual([429, 'LOCKED_OUT']);
    // The right code was not spent by the refusal: once the lock is over it still pairs (here: from the station).
    const fromStation = await localCall(station, 'tills.pair', { code: pairing.code });
    expect(fromStation.result).toMatchObject({ tillId: 'T7' });
  });

  it('only managers manage tills', async () => {
    const cashier = (await localCall(station, 'auth.login', { userId: f.users.cashier.id, pin: '1357' }))
      .result.token;
    for (const [method, input] of [
      ['tills.list', {}],
      ['tills.create', { id: 'T9', name: 'x' }],
      ['tills.revoke', { tillId: 'T2' }],
      ['tills.shopZ', {}],
    ] as const) {
      expect((await localCall(station, method, input, cashier)).code, method).toBe('FORBIDDEN');
    }
  });
});
