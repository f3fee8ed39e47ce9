import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { startTill, type RunningTill } from '../../till/main';
import { makeFixture } from '../db/fixture';
import { postApi as post } from '../helpers/api-call';

// The till host forwards the station's envelope whole: the caller's role at each call reaches the till's
// screens through it too, so a promotion shows there without a new login (renderer/stores/session.ts).
let f: ReturnType<typeof makeFixture>;
let station: Station;
let till: RunningTill;
let dir: string;

beforeAll(async () => {
  f = makeFixture();
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, reportWorkers: 0 });
  dir = mkdtempSync(join(tmpdir(), 'souk-till-role-'));
  till = await startTill({ dir, stationUrl: station.url, staticDir: null, replayTimeoutMs: 15_000 });
});
afterAll(async () => {
  await till?.close();
  await station?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(f.dir, { recursive: true, force: true });
});

describe('the till host and the caller’s role', () => {
  it('a forwarded answer carries the role the station served it with, before and after a promotion', async () => {
    const login = await fetch(`${till.url}/api/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: f.users.cashier.id, pin: '1357' }),
    });
    const token = ((await login.json()) as { result: { token: string } }).result.token;
    expect(await post(till.url, 'cash.sessions', {}, token)).toMatchObject({ ok: false });
    expect((await post(till.url, 'cash.current', {}, token)).role).toBe('cashier');

    const adminLogin = await fetch(`${station.url}/api/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: f.users.admin.id, pin: '9999' }),
    });
    const admin = ((await adminLogin.json()) as { result: { token: string } }).result.token;
    expect(
      (await post(station.url, 'users.update', { id: f.users.cashier.id, role: 'manager' }, admin)).ok,
    ).toBe(true);
    expect((await post(till.url, 'cash.current', {}, token)).role).toBe('manager');
    expect(await post(till.url, 'cash.sessions', {}, token)).toMatchObject({ ok: true, role: 'manager' });
  });
});
