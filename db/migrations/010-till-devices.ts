/**
 * Tills as registered devices (issue 11). A till or a back-office tablet is added by a manager, pairs
 * once with a one-time code, and from then on presents a token. Only hashes are kept: a copy of the
 * database (a backup, a support dump) lets no one act as a till or pair a new one.
 *  - tills.kind: 'till' (cash sessions, receipt and return series) or 'backoffice' (no cash at all).
 *  - tills.token_hash: SHA-256 of the paired device's token; null until paired, replaced by a re-pair
 *    (the old device is locked out), kept after a revoke so a revoked token is told so (TILL_REVOKED).
 *  - till_pairing_codes: at most one live code per till (SHA-256 of its secret), consumed by the pairing.
 * The station's own till (store.tillId, made by ensureTill) needs no pairing: it is reached on loopback.
 */
export const sql = `
ALTER TABLE tills ADD COLUMN kind TEXT NOT NULL DEFAULT 'till' CHECK (kind IN ('till', 'backoffice'));
ALTER TABLE tills ADD COLUMN created_at INTEGER;
ALTER TABLE tills ADD COLUMN token_hash TEXT;
ALTER TABLE tills ADD COLUMN paired_at INTEGER;
ALTER TABLE tills ADD COLUMN revoked_at INTEGER;
CREATE UNIQUE INDEX tills_token_hash ON tills (token_hash) WHERE token_hash IS NOT NULL;

CREATE TABLE till_pairing_codes (
  till_id TEXT PRIMARY KEY REFERENCES tills (id),
  secret_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL
) STRICT;
`;
