import { fail } from '../core/errors';

const MAX_FAILURES = 5;
const LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
/** Wrong codes from every device together in one window before all pairing waits a minute. */
const MAX_SHOP_FAILURES = 30;

/**
 * Wrong pairing codes are limited like wrong PINs (api/auth.ts): five in a row from one address lock it
 * for a minute, doubling with each lockout up to an hour; and many from all over the shop's network lock
 * pairing itself for a minute, so changing addresses does not buy more guesses. A 10-character code
 * (50 bits) that lives 15 minutes is out of reach either way; this keeps a scanner from even trying.
 */
export class PairingLimiter {
  private readonly peers = new Map<string, { count: number; lockedUntil: number; lockouts: number }>();
  private shop = { count: 0, windowStart: 0, lockedUntil: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** Refuses with LOCKED_OUT while this address, or pairing as a whole, is locked. */
  check(peer: string): void {
    const now = this.now();
    const lockedUntil = Math.max(this.peers.get(peer)?.lockedUntil ?? 0, this.shop.lockedUntil);
    if (lockedUntil > now) {
      fail('LOCKED_OUT', 'Too many wrong pairing codes: wait a minute and try again.', {
        retryInMs: lockedUntil - now,
      });
    }
  }

  failed(peer: string): void {
    const now = this.now();
    const p = this.peers.get(peer) ?? { count: 0, lockedUntil: 0, lockouts: 0 };
    p.count += 1;
    if (p.count >= MAX_FAILURES) {
      p.lockedUntil = now + Math.min(MAX_LOCK_MS, LOCK_MS * 2 ** p.lockouts);
      p.lockouts += 1;
      p.count = 0;
    }
    this.peers.set(peer, p);
    if (now - this.shop.windowStart > LOCK_MS)
      this.shop = { count: 0, windowStart: now, lockedUntil: this.shop.lockedUntil };
    this.shop.count += 1;
    if (this.shop.count >= MAX_SHOP_FAILURES) {
      this.shop = { count: 0, windowStart: now, lockedUntil: now + LOCK_MS };
    }
  }

  succeeded(peer: string): void {
    this.peers.delete(peer);
  }
}
