import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSessions } from '../../api/auth';
import { AppError } from '../../core/errors';
import { makeFixture, type Fixture } from '../db/fixture';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('PIN sessions', () => {
  let f: Fixture;
  let now = 1_000_000;
  let auth: AuthSessions;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
    now = 1_000_000;
    auth = new AuthSessions(() => now);
  });
  afterEach(() => f.close());

  const login = (pin: string) => codeOf(() => auth.login(f.store, f.users.cashier.id, pin));

  it('locks a user after five wrong PINs, for longer at each lockout in a row', () => {
    for (let i = 0; i < 4; i++) expect(login('0000')).toBe('BAD_PIN');
    expect(login('0000')).toBe('BAD_PIN'); // the fifth locks
    expect(login('1357')).toBe('LOCKED_OUT'); // even the right PIN waits
    now += 60_001;
    for (let i = 0; i < 5; i++) expect(login('0000')).toBe('BAD_PIN');
    now += 60_001;
    expect(login('1357')).toBe('LOCKED_OUT'); // second lockout: two minutes
    now += 60_000;
    expect(login('1357')).toBeNull();
  });

  it('resets the count on a right PIN and expires idle sessions after twelve hours', () => {
    for (let i = 0; i < 4; i++) expect(login('0000')).toBe('BAD_PIN');
    expect(login('1357')).toBeNull();
    for (let i = 0; i < 4; i++) expect(login('0000')).toBe('BAD_PIN');
    const s = auth.login(f.store, f.users.cashier.id, '1357');
    expect(auth.resolve(s.token)?.user.name).toBe('Youssef');
    now += 12 * 3600_000 + 1;
    expect(auth.resolve(s.token)).toBeNull();
  });

  it('refuses a cashier as approver', () => {
    expect(codeOf(() => auth.approve(f.store, f.users.cashier.id, '1357'))).toBe('FORBIDDEN');
    expect(auth.approve(f.store, f.users.manager.id, '2468').name).toBe('Samira');
  });
});
