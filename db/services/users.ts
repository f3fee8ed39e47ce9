import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import type { Language } from '../../core/languages';
import type { Role } from '../../core/roles';
import type { Actor, Store } from '../store';
import type { User } from '../../core/user';

const SCRYPT_N = 16384;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N: SCRYPT_N });
  return `scrypt$${SCRYPT_N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function checkPin(pin: string, stored: string): boolean {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n) });
  return timingSafeEqual(actual, expected);
}

// The shape is core's (core/user.ts), re-exported for the services and handlers that import it from here.
export type { User };

interface UserDbRow {
  id: number;
  name: string;
  role: Role;
  language: Language;
  active: number;
  pin_hash: string;
}

const toUser = (r: UserDbRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  language: r.language,
  active: r.active === 1,
});

export function listUsers(store: Store, includeInactive = false): User[] {
  return store
    .all<UserDbRow>(`SELECT * FROM users ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY name`)
    .map(toUser);
}

export function getUser(store: Store, id: number): User {
  const r = store.get<UserDbRow>('SELECT * FROM users WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No user with id ${id}.`, { userId: id });
  return toUser(r);
}

/**
 * The user behind a session as the database has it now, with the PIN hash (a credential stamp: a changed PIN
 * changes it). Null for an unknown or deactivated user. Read on every call so that a demotion, a
 * deactivation or a PIN change takes effect on tokens already handed out.
 */
export function sessionUser(store: Store, userId: number): { user: User; pinHash: string } | null {
  const r = store.get<UserDbRow>('SELECT * FROM users WHERE id = ? AND active = 1', userId);
  return r ? { user: toUser(r), pinHash: r.pin_hash } : null;
}

/** Returns the user when the PIN is right; null otherwise (the caller counts failures). */
export function verifyUserPin(store: Store, userId: number, pin: string): User | null {
  const r = store.get<UserDbRow>('SELECT * FROM users WHERE id = ? AND active = 1', userId);
  if (!r) return null;
  return checkPin(pin, r.pin_hash) ? toUser(r) : null;
}

export function createUser(
  store: Store,
  actor: Actor | null,
  input: { name: string; role: Role; pin: string; language?: Language },
): User {
  return store.tx(() => {
    // A manager staffs the till (cashiers); who else runs the shop is the admin's call.
    if (actor && actor.role !== 'admin' && input.role !== 'cashier')
      fail('FORBIDDEN', `Only an admin can create a ${input.role}.`, { role: input.role });
    if (store.get('SELECT 1 FROM users WHERE name = ?', input.name)) {
      fail('CONFLICT', `A user named "${input.name}" already exists.`, { name: input.name });
    }
    const { lastInsertRowid } = store.run(
      'INSERT INTO users (name, role, pin_hash, language, created_at) VALUES (?, ?, ?, ?, ?)',
      input.name,
      input.role,
      hashPin(input.pin),
      input.language ?? 'fr',
      store.now(),
    );
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'user.create',
      ref: `user:${lastInsertRowid}`,
      payload: { name: input.name, role: input.role },
    });
    return getUser(store, lastInsertRowid);
  });
}

export function updateUser(
  store: Store,
  actor: Actor,
  input: { id: number; role?: Role; pin?: string; language?: Language; active?: boolean },
): User {
  return store.tx(() => {
    const before = getUser(store, input.id);
    // A manager may change a cashier's PIN, language or active flag, never promote one nor touch a peer or
    // an admin: otherwise any manager could make themselves admin through a cashier account.
    if (actor.role !== 'admin' && (before.role !== 'cashier' || (input.role ?? 'cashier') !== 'cashier'))
      fail(
        'FORBIDDEN',
        `Only an admin can change ${before.name} (${before.role}) to ${input.role ?? before.role}.`,
        {
          name: before.name,
          role: before.role,
        },
      );
    const losesAdmin =
      before.role === 'admin' &&
      before.active &&
      ((input.role !== undefined && input.role !== 'admin') || input.active === false);
    // Only an admin can manage users: without one left, nobody could ever promote or re-activate anyone.
    if (losesAdmin) {
      const others = store.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id <> ?",
        input.id,
      );
      if ((others?.n ?? 0) === 0)
        fail('LAST_ADMIN', `${before.name} is the last active admin and must stay one.`, {
          name: before.name,
        });
    }
    if (input.role) store.run('UPDATE users SET role = ? WHERE id = ?', input.role, input.id);
    if (input.pin) store.run('UPDATE users SET pin_hash = ? WHERE id = ?', hashPin(input.pin), input.id);
    if (input.language) store.run('UPDATE users SET language = ? WHERE id = ?', input.language, input.id);
    if (input.active !== undefined)
      store.run('UPDATE users SET active = ? WHERE id = ?', input.active ? 1 : 0, input.id);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'user.update',
      ref: `user:${input.id}`,
      payload: {
        role: input.role,
        pinChanged: Boolean(input.pin),
        language: input.language,
        active: input.active,
      },
    });
    return getUser(store, input.id);
  });
}
