import { randomBytes } from 'node:crypto';
import { fail } from '../core/errors';
import type { Role, Store } from '../db/store';
import { verifyUserPin, type UserRow } from '../db/services/users';

export interface AuthSession {
  token: string;
  user: UserRow;
  expiresAt: number;
}

const SESSION_MS = 12 * 3600_000;
const MAX_FAILURES = 5;
const LOCK_MS = 60_000;

export const ROLE_RANK: Record<Role, number> = { cashier: 1, manager: 2, admin: 3 };

/**
 * PIN sessions held in memory by the station: a restart logs everyone out, which is what a till
 * wants. Failed PINs are counted per user and lock that user for a minute after five.
 */
export class AuthSessions {
  private readonly sessions = new Map<string, AuthSession>();
  private readonly failures = new Map<number, { count: number; lockedUntil: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private checkPin(store: Store, userId: number, pin: string): UserRow {
    const f = this.failures.get(userId);
    if (f && f.lockedUntil > this.now()) {
      fail('LOCKED_OUT', 'Too many wrong PINs: wait a minute and try again.', {
        retryInMs: f.lockedUntil - this.now(),
      });
    }
    const user = verifyUserPin(store, userId, pin);
    if (!user) {
      const count = (f?.count ?? 0) + 1;
      this.failures.set(userId, { count, lockedUntil: count >= MAX_FAILURES ? this.now() + LOCK_MS : 0 });
      fail('BAD_PIN', 'Wrong user or PIN.', { attemptsLeft: Math.max(0, MAX_FAILURES - count) });
    }
    this.failures.delete(userId);
    return user;
  }

  login(store: Store, userId: number, pin: string): AuthSession {
    const user = this.checkPin(store, userId, pin);
    const session = {
      token: randomBytes(24).toString('base64url'),
      user,
      expiresAt: this.now() + SESSION_MS,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** A manager's PIN typed at the cashier's till to approve one action. */
  approve(store: Store, managerId: number, pin: string): UserRow {
    const user = this.checkPin(store, managerId, pin);
    if (ROLE_RANK[user.role] < ROLE_RANK.manager)
      fail('FORBIDDEN', `${user.name} is not a manager and cannot approve.`, {});
    return user;
  }

  resolve(token: string | null | undefined): AuthSession | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    s.expiresAt = this.now() + SESSION_MS;
    return s;
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }
}
