import { randomBytes } from 'node:crypto';
import { fail } from '../core/errors';
import { hasRole } from '../core/roles';
import type { Store } from '../db/store';
import { sessionUser, verifyUserPin, type User } from '../db/services/users';

export interface AuthSession {
  token: string;
  /** As the database has it at this call, not as it was at login. */
  user: User;
  expiresAt: number;
}

/** What the station remembers of a login: who, in which database, and with which PIN hash. */
interface SessionRecord {
  token: string;
  userId: number;
  store: Store;
  pinHash: string;
  expiresAt: number;
}

const SESSION_MS = 12 * 3600_000;
const MAX_FAILURES = 5;
const LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;

/**
 * PIN sessions held in memory by the station: a restart logs everyone out, which is what a till
 * wants. Failed PINs are counted per user: five in a row lock that user for a minute, doubling with each
 * further lockout; a right PIN resets the count.
 */
export class AuthSessions {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly failures = new Map<number, { count: number; lockedUntil: number; lockouts: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  private checkPin(store: Store, userId: number, pin: string): User {
    const f = this.failures.get(userId);
    if (f && f.lockedUntil > this.now()) {
      fail('LOCKED_OUT', 'Too many wrong PINs: wait a minute and try again.', {
        retryInMs: f.lockedUntil - this.now(),
      });
    }
    const user = verifyUserPin(store, userId, pin);
    if (!user) {
      const count = (f?.count ?? 0) + 1;
      const lockouts = f?.lockouts ?? 0;
      if (count >= MAX_FAILURES) {
        // Each lockout in a row doubles the wait (1, 2, 4... up to 60 minutes): a 4-digit PIN cannot be
        // walked through from another machine on the shop's network.
        const lockMs = Math.min(MAX_LOCK_MS, LOCK_MS * 2 ** lockouts);
        this.failures.set(userId, { count: 0, lockedUntil: this.now() + lockMs, lockouts: lockouts + 1 });
      } else {
        this.failures.set(userId, { count, lockedUntil: 0, lockouts });
      }
      fail('BAD_PIN', 'Wrong user or PIN.', { attemptsLeft: Math.max(0, MAX_FAILURES - count) });
    }
    this.failures.delete(userId);
    return user;
  }

  login(store: Store, userId: number, pin: string): AuthSession {
    const user = this.checkPin(store, userId, pin);
    const current = sessionUser(store, user.id);
    if (!current) fail('BAD_PIN', 'Wrong user or PIN.', {});
    const record: SessionRecord = {
      token: randomBytes(24).toString('base64url'),
      userId: user.id,
      store,
      pinHash: current.pinHash,
      expiresAt: this.now() + SESSION_MS,
    };
    this.sessions.set(record.token, record);
    return { token: record.token, user: current.user, expiresAt: record.expiresAt };
  }

  /** A manager's PIN typed at the cashier's till to approve one action: role and active flag as they are now. */
  approve(store: Store, managerId: number, pin: string): User {
    const user = this.checkPin(store, managerId, pin);
    if (!hasRole(user.role, 'manager'))
      fail('FORBIDDEN', `${user.name} is not a manager and cannot approve.`, {});
    return user;
  }

  /**
   * The session of a token with its user read afresh (one primary-key lookup per call): a demoted user
   * has the new role at once; a deactivated user, or one whose PIN changed, has lost the session.
   */
  resolve(token: string | null | undefined): AuthSession | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(token);
      return null;
    }
    const current = sessionUser(s.store, s.userId);
    if (!current || current.pinHash !== s.pinHash) {
      this.sessions.delete(token);
      return null;
    }
    s.expiresAt = this.now() + SESSION_MS;
    return { token, user: current.user, expiresAt: s.expiresAt };
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }
}
