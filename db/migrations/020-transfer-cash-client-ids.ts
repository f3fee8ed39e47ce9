/**
 * Client ids for two operations a retry used to get wrong.
 *
 * - transfers_out.request_fingerprint: what `transfers.send` was asked (db/services/client-ids.ts
 *   contentFingerprint of the request as sent). The stored lines cannot stand in for it: their lot,
 *   best-before and cooperative were resolved at send time (FIFO, the product's cooperative), so a replay of
 *   the same request would not match them. NULL on transfers sent before: their replay keeps the old check
 *   (the same receiving shop).
 * - cash_movements.client_id: the id a till makes when the cashier confirms a cash in/out, so a retry after a
 *   cut link answers the stored movement instead of recording it twice. NULL for movements from before and
 *   from callers that send none; unique otherwise (a partial index, since ALTER TABLE cannot add UNIQUE).
 */
export const sql = `
ALTER TABLE transfers_out ADD COLUMN request_fingerprint TEXT;
ALTER TABLE cash_movements ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX cash_movements_client_id ON cash_movements(client_id) WHERE client_id IS NOT NULL;
`;
