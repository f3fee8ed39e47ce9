import { createHash, randomBytes } from 'node:crypto';
import { fail } from '../../core/errors';
import { encodePairingCode, formatSecret, pairingSecretOf, secretFromBytes } from '../../core/pairing-code';
import type { Pairing, PairingCode, TillDevice, TillKind, TillStatus } from '../../core/till-device';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { getSettings } from './settings';

export type { Pairing, PairingCode, TillDevice, TillKind, TillStatus };

/** A pairing code lives this long: long enough to walk to the till and type it, short enough not to lie around. */
export const PAIRING_CODE_MS = 15 * 60_000;

/** Where a till finds the station and how it recognises it; null fields when the station is not on the LAN. */
export interface StationIdentity {
  addresses: string[];
  fingerprint: string | null;
}

interface TillRow {
  id: string;
  name: string;
  kind: TillKind;
  created_at: number | null;
  token_hash: string | null;
  paired_at: number | null;
  revoked_at: number | null;
  next_receipt_no: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const TILL_ID = /^[A-Z][A-Z0-9_-]{0,15}$/;

function tillRow(store: Store, id: string): TillRow {
  const r = store.get<TillRow>('SELECT * FROM tills WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No till ${id}.`, { tillId: id });
  return r;
}

function statusOf(store: Store, r: TillRow): TillStatus {
  if (r.revoked_at !== null) return 'revoked';
  if (r.id === store.tillId) return 'station';
  return r.token_hash === null ? 'unpaired' : 'paired';
}

export function listTillDevices(store: Store): TillDevice[] {
  const now = store.now();
  return store
    .all<
      TillRow & {
        code_expires_at: number | null;
        session_id: number | null;
        opened_at: number | null;
        opened_by: number | null;
        opened_by_name: string | null;
      }
    >(
      `SELECT t.*, c.expires_at code_expires_at, s.id session_id, s.opened_at, s.opened_by, u.name opened_by_name
       FROM tills t
       LEFT JOIN till_pairing_codes c ON c.till_id = t.id
       LEFT JOIN cash_sessions s ON s.till_id = t.id AND s.closed_at IS NULL
       LEFT JOIN users u ON u.id = s.opened_by
       ORDER BY t.id`,
    )
    .map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      status: statusOf(store, r),
      createdAt: r.created_at,
      pairedAt: r.paired_at,
      revokedAt: r.revoked_at,
      codeExpiresAt: r.code_expires_at !== null && r.code_expires_at > now ? r.code_expires_at : null,
      nextReceiptNo: r.next_receipt_no,
      openSession:
        r.session_id === null
          ? null
          : {
              id: r.session_id,
              openedAt: r.opened_at ?? 0,
              openedBy: r.opened_by ?? 0,
              openedByName: r.opened_by_name ?? '',
            },
    }));
}

export function getTillDevice(store: Store, id: string): TillDevice {
  const t = listTillDevices(store).find((d) => d.id === id);
  if (!t) fail('NOT_FOUND', `No till ${id}.`, { tillId: id });
  return t;
}

/** A new one-time code for a till, replacing any earlier one (only the latest code pairs). */
function issueCode(store: Store, actor: Actor, tillId: string, station: StationIdentity): PairingCode {
  const secret = secretFromBytes([...randomBytes(16)]);
  const now = store.now();
  const expiresAt = now + PAIRING_CODE_MS;
  store.run(
    `INSERT INTO till_pairing_codes (till_id, secret_hash, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (till_id) DO UPDATE SET secret_hash = excluded.secret_hash, expires_at = excluded.expires_at,
       created_by = excluded.created_by, created_at = excluded.created_at`,
    tillId,
    sha256(secret),
    expiresAt,
    actor.userId,
    now,
  );
  return {
    tillId,
    code: formatSecret(secret),
    fullCode:
      station.fingerprint === null
        ? null
        : encodePairingCode({ addresses: station.addresses, fingerprint: station.fingerprint, secret }),
    expiresAt,
  };
}

export function createTill(
  store: Store,
  actor: Actor,
  input: { id: string; name: string; kind?: TillKind },
  station: StationIdentity,
): { till: TillDevice; pairing: PairingCode } {
  const id = input.id.trim().toUpperCase();
  const name = input.name.trim();
  if (!TILL_ID.test(id)) {
    fail(
      'VALIDATION',
      `A till id is a letter then up to 15 letters, digits, - or _ (like T2), got "${input.id}".`,
      {
        field: 'id',
      },
    );
  }
  if (name === '' || name.length > 60) {
    fail('VALIDATION', 'A till needs a name of 1 to 60 characters.', { field: 'name' });
  }
  return store.tx(() => {
    if (store.get('SELECT 1 FROM tills WHERE id = ?', id)) {
      fail('CONFLICT', `There is already a till ${id}.`, { tillId: id });
    }
    store.run(
      'INSERT INTO tills (id, name, kind, created_at) VALUES (?, ?, ?, ?)',
      id,
      name,
      input.kind ?? 'till',
      store.now(),
    );
    const pairing = issueCode(store, actor, id, station);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'till.create',
      ref: `till:${id}`,
      payload: { id, name, kind: input.kind ?? 'till' },
    });
    return { till: getTillDevice(store, id), pairing };
  });
}

/** A new code for a till that must pair (again): a new machine, a lost token, a revoked till brought back. */
export function newPairingCode(
  store: Store,
  actor: Actor,
  tillId: string,
  station: StationIdentity,
): PairingCode {
  return store.tx(() => {
    tillRow(store, tillId);
    if (tillId === store.tillId) {
      fail('CONFLICT', `Till ${tillId} is the station's own till: it is used on the station, not paired.`, {
        tillId,
      });
    }
    const pairing = issueCode(store, actor, tillId, station);
    appendJournal(store, { userId: actor.userId, kind: 'till.newCode', ref: `till:${tillId}`, payload: {} });
    return pairing;
  });
}

/** Locks a till or tablet out at once: its token is refused with TILL_REVOKED and its live code is dropped. */
export function revokeTill(store: Store, actor: Actor, tillId: string): TillDevice {
  return store.tx(() => {
    const r = tillRow(store, tillId);
    if (tillId === store.tillId) {
      fail('CONFLICT', `Till ${tillId} is the station's own till and cannot be revoked.`, { tillId });
    }
    if (r.revoked_at === null) store.run('UPDATE tills SET revoked_at = ? WHERE id = ?', store.now(), tillId);
    store.run('DELETE FROM till_pairing_codes WHERE till_id = ?', tillId);
    appendJournal(store, { userId: actor.userId, kind: 'till.revoke', ref: `till:${tillId}`, payload: {} });
    return getTillDevice(store, tillId);
  });
}

export function renameTill(store: Store, actor: Actor, tillId: string, name: string): TillDevice {
  const n = name.trim();
  if (n === '' || n.length > 60)
    fail('VALIDATION', 'A till needs a name of 1 to 60 characters.', { field: 'name' });
  return store.tx(() => {
    tillRow(store, tillId);
    store.run('UPDATE tills SET name = ? WHERE id = ?', n, tillId);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'till.rename',
      ref: `till:${tillId}`,
      payload: { name: n },
    });
    return getTillDevice(store, tillId);
  });
}

/**
 * Trades a one-time code (either form) for the till's token. The code is consumed in the same
 * transaction, so two devices typing it at once get one token between them. A re-pair replaces the
 * till's token (the old machine is locked out) and lifts a revoke.
 */
export function pairTill(store: Store, code: string): Pairing {
  const secret = pairingSecretOf(code);
  if (secret === null)
    fail('PAIRING_CODE_INVALID', 'That is not a pairing code (10 characters, like ABCDE-FGHJK).', {});
  return store.tx(() => {
    const row = store.get<{ till_id: string; expires_at: number }>(
      'SELECT till_id, expires_at FROM till_pairing_codes WHERE secret_hash = ?',
      sha256(secret),
    );
    if (!row) fail('PAIRING_CODE_INVALID', 'This pairing code is not valid or has already been used.', {});
    if (row.expires_at <= store.now()) {
      fail('PAIRING_CODE_EXPIRED', 'This pairing code has expired: ask the manager for a new one.', {
        tillId: row.till_id,
      });
    }
    const token = randomBytes(32).toString('base64url');
    store.run('DELETE FROM till_pairing_codes WHERE till_id = ?', row.till_id);
    store.run(
      'UPDATE tills SET token_hash = ?, paired_at = ?, revoked_at = NULL WHERE id = ?',
      sha256(token),
      store.now(),
      row.till_id,
    );
    const till = tillRow(store, row.till_id);
    appendJournal(store, {
      userId: null,
      kind: 'till.pair',
      ref: `till:${till.id}`,
      payload: { kind: till.kind },
    });
    return {
      tillId: till.id,
      tillName: till.name,
      kind: till.kind,
      token,
      shopName: getSettings(store).shop.name,
    };
  });
}

export interface TokenTill {
  id: string;
  name: string;
  kind: TillKind;
  revoked: boolean;
}

/** A till's name and kind (the top bar's); null for an id with no till. */
export function tillIdentity(store: Store, id: string): { name: string; kind: TillKind } | null {
  return store.get<{ name: string; kind: TillKind }>('SELECT name, kind FROM tills WHERE id = ?', id) ?? null;
}

/** The till a token belongs to (revoked ones included, so they can be told so); null for a token never issued. */
export function tillByToken(store: Store, token: string): TokenTill | null {
  if (token === '' || token.length > 200) return null;
  const r = store.get<{ id: string; name: string; kind: TillKind; revoked_at: number | null }>(
    'SELECT id, name, kind, revoked_at FROM tills WHERE token_hash = ?',
    sha256(token),
  );
  return r ? { id: r.id, name: r.name, kind: r.kind, revoked: r.revoked_at !== null } : null;
}
