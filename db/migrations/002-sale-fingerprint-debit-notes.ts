// A sale remembers the canonical fingerprint of the cart it was checked out from, so that a client id
// sent again with a different cart is refused instead of silently answering with the old sale. Sales
// written before this migration have none: their replays are answered as before.
// A settlement is either a statement (the shop pays the cooperative) or a debit note (returns exceeded
// sales, the cooperative owes the shop); the kind is part of what an issued settlement never changes.
export const sql = /* sql */ `
ALTER TABLE sales ADD COLUMN cart_fingerprint TEXT;

ALTER TABLE settlements ADD COLUMN kind TEXT NOT NULL DEFAULT 'statement'
  CHECK (kind IN ('statement', 'debit_note'));

DROP TRIGGER settlements_immutable;
CREATE TRIGGER settlements_immutable BEFORE UPDATE ON settlements
WHEN NEW.number IS NOT OLD.number OR NEW.cooperative_id IS NOT OLD.cooperative_id
  OR NEW.period_start IS NOT OLD.period_start OR NEW.period_end IS NOT OLD.period_end
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.net_sales IS NOT OLD.net_sales
  OR NEW.commission IS NOT OLD.commission OR NEW.payout IS NOT OLD.payout
  OR NEW.kind IS NOT OLD.kind
  OR OLD.paid_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an issued settlement is immutable');
END;

CREATE TRIGGER sales_fingerprint_frozen BEFORE UPDATE OF cart_fingerprint ON sales
BEGIN
  SELECT RAISE(ABORT, 'a sale keeps the fingerprint of the cart it was checked out from');
END;
`;
