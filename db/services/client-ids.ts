import { createHash } from 'node:crypto';
import { fail } from '../../core/errors';

/**
 * The one rule for operations a client names with its own id (a sale, a customer return, a delivery, a
 * return to a cooperative, a transfer to another shop, a cash in/out): the same id with the same content is
 * a retry and gets the stored result; the same id with other content is CLIENT_ID_REUSED, since answering
 * the stored result would lose the second operation without telling anyone.
 */

/** What a client id names, for the refusal's message and details. */
export type ClientIdKind =
  'sale' | 'customer_return' | 'delivery' | 'coop_return' | 'transfer' | 'cash_movement';

const KIND_TEXT: Record<ClientIdKind, string> = {
  sale: 'sale',
  customer_return: 'customer return',
  delivery: 'delivery',
  coop_return: 'return to a cooperative',
  transfer: 'transfer',
  cash_movement: 'cash movement',
};

/**
 * A versioned SHA-256 of an operation's canonical content (plain JSON: arrays in their order, objects with
 * their keys always written in the same order by the caller). Each kind builds its canonical form in one
 * function, used both for what was sent and for what was stored, so the two compare like for like.
 */
export function contentFingerprint(canonical: unknown): string {
  return `v1:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}

/**
 * Refuses a client id already used for other content. `stored` is the stored operation's fingerprint
 * (null when none was kept: sales from before fingerprints, answered as a retry as they always were);
 * `where` names the stored operation for the message ("receipt 12 on till T1", "delivery 4 (note BL-7)")
 * and `details` carry its ids.
 */
export function refuseReusedClientId(
  kind: ClientIdKind,
  clientId: string,
  stored: string | null,
  sent: string,
  where: string,
  details: Record<string, unknown>,
): void {
  if (stored === null || stored === sent) return;
  fail(
    'CLIENT_ID_REUSED',
    `Id ${clientId} was already used for ${where} with different content; a new ${KIND_TEXT[kind]} needs a new id.`,
    { kind, clientId, ...details },
  );
}
