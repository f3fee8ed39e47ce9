// Tamper evidence that covers what the receipt shows (docs/tamper-evidence.md). Existing entries keep
// hash version 1 and no digest, so old journals still verify; new entries are written as version 2.
// Adding columns fires no trigger, so the journal's append-only guards stay as they are.
export const sql = /* sql */ `
ALTER TABLE journal ADD COLUMN hv INTEGER NOT NULL DEFAULT 1;
-- SHA-256 of the sale's or return's rows when the entry was written (null for entries about other things).
ALTER TABLE journal ADD COLUMN digest TEXT;

-- The journal head at Z close: printed on the Z report and written as a seal outside the database file.
ALTER TABLE cash_sessions ADD COLUMN z_seq INTEGER;
ALTER TABLE cash_sessions ADD COLUMN z_hash TEXT;
`;
