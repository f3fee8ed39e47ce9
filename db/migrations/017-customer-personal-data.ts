/**
 * Customer accounts and personal data (issue 13, loi 09-08). Customers gain what an invoice needs (address,
 * IF) and an e-mail; marketing consent is a history (customer_consents), never a flag, so the shop can show
 * when and how each consent was given or withdrawn; the current state of a channel is its latest row.
 *
 * Erasure (db/services/personal-data.ts) keeps the row (sales and invoices reference it) but clears its
 * personal fields and replaces the name by a pseudonym; the triggers make that one-way: an erased customer
 * cannot be edited or consent again, and the consent history can only lose its contact details.
 * Invoices keep their own copy of the buyer (migration 016), which the tax law requires and erasure leaves.
 */
export const sql = `
ALTER TABLE customers ADD COLUMN address TEXT;
ALTER TABLE customers ADD COLUMN if_number TEXT;
ALTER TABLE customers ADD COLUMN email TEXT;
ALTER TABLE customers ADD COLUMN updated_at INTEGER;
ALTER TABLE customers ADD COLUMN erased_at INTEGER;
ALTER TABLE customers ADD COLUMN erased_by INTEGER REFERENCES users(id);

-- An account's sales (its invoices over a period, its data export) without scanning every sale.
CREATE INDEX sales_customer ON sales(customer_id, at) WHERE customer_id IS NOT NULL;
-- The journal entries about one account (its data export), without an index write for every sale.
CREATE INDEX journal_customer_refs ON journal(ref) WHERE substr(ref, 1, 9) = 'customer:';

CREATE TRIGGER customers_erased_frozen BEFORE UPDATE ON customers WHEN OLD.erased_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an erased customer cannot be changed'); END;
CREATE TRIGGER customers_erasure_clears BEFORE UPDATE OF erased_at ON customers
WHEN NEW.erased_at IS NOT NULL AND (NEW.phone IS NOT NULL OR NEW.email IS NOT NULL OR NEW.address IS NOT NULL
  OR NEW.ice IS NOT NULL OR NEW.if_number IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'an erasure clears every personal field'); END;

CREATE TABLE customer_consents (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email')),
  given INTEGER NOT NULL CHECK (given IN (0, 1)),
  -- When the customer gave or withdrew it (the date on the signed form), UTC ms.
  at INTEGER NOT NULL,
  -- When it was entered, and by whom (null: the system, e.g. the withdrawal an erasure records).
  recorded_at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  -- The number or address the consent was given for, as it was then; cleared by erasure.
  contact TEXT
) STRICT;
CREATE INDEX customer_consents_by_customer ON customer_consents(customer_id, channel, id);

CREATE TRIGGER customer_consents_no_delete BEFORE DELETE ON customer_consents
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only'); END;
CREATE TRIGGER customer_consents_no_update BEFORE UPDATE ON customer_consents
WHEN NOT (NEW.contact IS NULL AND NEW.id = OLD.id AND NEW.customer_id = OLD.customer_id
  AND NEW.channel = OLD.channel AND NEW.given = OLD.given AND NEW.at = OLD.at
  AND NEW.recorded_at = OLD.recorded_at AND NEW.user_id IS OLD.user_id AND NEW.source = OLD.source)
BEGIN SELECT RAISE(ABORT, 'the consent history is append-only (an erasure only clears its contact)'); END;
CREATE TRIGGER customer_consents_erased BEFORE INSERT ON customer_consents
WHEN NEW.given = 1 AND (SELECT erased_at FROM customers WHERE id = NEW.customer_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an erased customer cannot consent'); END;
`;
