/**
 * Several credit notes per invoice (issue 13): 016 allowed one (invoices_one_credit_note), so a second return
 * of goods from the same invoice had no correction. Instead each invoice line is credited at most once:
 * invoice_line_credits names the credit note that credited it, append-only like the invoices themselves.
 * The credit notes already issued credited their invoice's lines of the same sale lines.
 */
export const sql = `
DROP INDEX invoices_one_credit_note;
-- An invoice's credit notes, looked up from it (the list, the detail).
CREATE INDEX invoices_corrects ON invoices(corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TABLE invoice_line_credits (
  invoice_id INTEGER NOT NULL,
  line_no INTEGER NOT NULL,
  credit_note_id INTEGER NOT NULL REFERENCES invoices(id),
  PRIMARY KEY (invoice_id, line_no),
  FOREIGN KEY (invoice_id, line_no) REFERENCES invoice_lines(invoice_id, line_no)
) STRICT;
CREATE INDEX invoice_line_credits_note ON invoice_line_credits(credit_note_id);

INSERT OR IGNORE INTO invoice_line_credits (invoice_id, line_no, credit_note_id)
  SELECT o.invoice_id, o.line_no, c.id
  FROM invoices c
  JOIN invoice_lines cl ON cl.invoice_id = c.id
  JOIN invoice_lines o ON o.invoice_id = c.corrects_id AND o.sale_line_id = cl.sale_line_id
  WHERE c.kind = 'credit_note';

CREATE TRIGGER invoice_line_credits_no_update BEFORE UPDATE ON invoice_line_credits
BEGIN SELECT RAISE(ABORT, 'a credited invoice line stays credited by its credit note'); END;
CREATE TRIGGER invoice_line_credits_no_delete BEFORE DELETE ON invoice_line_credits
BEGIN SELECT RAISE(ABORT, 'a credited invoice line stays credited by its credit note'); END;
`;
