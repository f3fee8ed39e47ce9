/**
 * Cooperative portal accounts and sessions. HQ staff create an account for a cooperative (a login and a
 * password given to the cooperative); the password is kept as a salted scrypt hash, a session as the
 * SHA-256 of a random token (the cookie holds the token), so neither table opens anything if copied.
 * The cooperative a session may see is fixed at login: no page takes a cooperative id from the request.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { fail } from '../core/errors';
import type { Language } from '../core/languages';
import type { Pool } from './db';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** A session lasts a working week; a phone left signed in does not stay open for ever. */
export const SESSION_MS = 7 * 24 * 3_600_000;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), want.length);
  return got.length === want.length && timingSafeEqual(got, want);
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A login is what a member types on a phone: short, no spaces, case-insensitive. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export async function createPortalAccount(
  pool: Pool,
  input: { login: string; password: string; coopId: number; language?: Language },
): Promise<{ login: string; coopId: number }> {
  const login = normalizeLogin(input.login);
  if (!/^[a-z0-9._-]{3,40}$/.test(login))
    fail('VALIDATION', 'A login is 3 to 40 letters, digits, dots, dashes or underscores.', { login });
  if (input.password.length < 8 || input.password.length > 200)
    fail('VALIDATION', 'A password is 8 to 200 characters.', {});
  const coop = await pool.query('SELECT 1 FROM hq_coops WHERE id = $1', [input.coopId]);
  if (coop.rowCount === 0)
    fail('NOT_FOUND', `No cooperative with id ${input.coopId} at HQ.`, { cooperativeId: input.coopId });
  const hash = await hashPassword(input.password);
  const r = await pool.query(
    `INSERT INTO hq_portal_accounts (login, coop_id, password_hash, created_at, language)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (login) DO NOTHING`,
    [login, input.coopId, hash, Date.now(), input.language ?? 'fr'],
  );
  if (r.rowCount === 0) fail('CONFLICT', `The login ${login} is taken.`, { field: 'login', login });
  return { login, coopId: input.coopId };
}

export interface PortalSession {
  login: string;
  coopId: number;
  language: Language;
}

/** A new session token for the right login and password; null for anything else (no hint which was wrong). */
/** Wrong passwords a login may take in a window before it waits out the window (guessing costs hours). */
export const LOGIN_TRIES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;
const failures = new Map<string, { count: number; since: number }>();

/**
 * A new session token for the right login and password; 'bad' for anything else (no hint which was
 * wrong), 'locked' after LOGIN_TRIES wrong passwords for that login within LOGIN_WINDOW_MS, until the window
 * has passed (right password or not: a guesser learns nothing while it is locked).
 */
export async function portalLogin(
  pool: Pool,
  login: string,
  password: string,
  now = Date.now(),
): Promise<{ token: string; session: PortalSession } | 'bad' | 'locked'> {
  const key = normalizeLogin(login).slice(0, 100);
  const f = failures.get(key);
  if (f && now - f.since >= LOGIN_WINDOW_MS) failures.delete(key);
  else if (f && f.count >= LOGIN_TRIES) return 'locked';
  const { rows } = await pool.query<{
    login: string;
    coop_id: number;
    password_hash: string;
    language: Language;
  }>('SELECT login, coop_id, password_hash, language FROM hq_portal_accounts WHERE login = $1', [
    normalizeLogin(login),
  ]);
  const account = rows[0];
  // The same scrypt work whether or not the login exists, so timing does not tell logins apart.
  const ok = await verifyPassword(
    password,
    account?.password_hash ?? `scrypt$${'A'.repeat(22)}$${'A'.repeat(43)}`,
  );
  if (!account || !ok) {
    const seen = failures.get(key) ?? { count: 0, since: now };
    seen.count += 1;
    failures.set(key, seen);
    // Bounded: a flood of made-up logins cannot grow the map without end.
    if (failures.size > 10_000) failures.delete(failures.keys().next().value as string);
    return 'bad';
  }
  failures.delete(key);
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO hq_portal_sessions (token_hash, login, coop_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [tokenHash(token), account.login, account.coop_id, now, now + SESSION_MS],
  );
  return { token, session: { login: account.login, coopId: account.coop_id, language: account.language } };
}

/** The session a token opens, re-read on every request (a deleted account closes its sessions at once). */
export async function portalSession(
  pool: Pool,
  token: string | null,
  now = Date.now(),
): Promise<PortalSession | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await pool.query<{ login: string; coop_id: number; language: Language }>(
    `SELECT s.login, a.coop_id, a.language FROM hq_portal_sessions s
     JOIN hq_portal_accounts a ON a.login = s.login AND a.coop_id = s.coop_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [tokenHash(token), now],
  );
  const r = rows[0];
  return r ? { login: r.login, coopId: r.coop_id, language: r.language } : null;
}

export async function portalLogout(pool: Pool, token: string | null): Promise<void> {
  if (token) await pool.query('DELETE FROM hq_portal_sessions WHERE token_hash = $1', [tokenHash(token)]);
}
