/**
 * Migration 019 (issue 13): a credit note issued under 016 (one per invoice, whole) becomes the credit of
 * every line it negated, so the invoice shows as credited in full and cannot be credited again; the index
 * that allowed one credit note per invoice is gone.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sql as lineCredits } from '../../db/migrations/019-invoice-line-credits';
import { checkout } from '../../db/services/checkout';
import { getInvoice, issueCreditNote, issueInvoice } from '../../db/services/invoices';
import { updateSettings } from '../../db/services/settings';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
afterEach(() => f?.close());

describe('migration 019: invoice line credits', () => {
  it('turns a credit note issued before it into credits of the lines it negated', () => {
    f = makeFixture({ withStock: true });
    updateSettings(f.store, f.asAdmin, { shop: { ice: '002716493000058', if: '40298731', rc: '139517' } });
    const sale = checkout(f.store, f.asCashier, {
      clientId: randomUUID(),
      lines: [
        { productId: f.products.oil.id, quantity: 1_000 },
        { productId: f.products.amlou.id, quantity: 1_000 },
      ],
      payments: [{ method: 'card', amount: f.products.oil.retailPrice + f.products.amlou.retailPrice }],
    });
    const buyer = {
      customerId: null,
      name: 'Riad',
      address: 'Marrakech',
      ice: '002345678000091',
      taxId: null,
    };
    const inv = issueInvoice(f.store, f.asManager, { saleIds: [sale.id], buyer });
    // The shop as 016 left it: no line credits, one credit note per invoice, issued whole.
    f.db.exec(`DROP TABLE invoice_line_credits; DROP INDEX invoices_corrects;
      CREATE UNIQUE INDEX invoices_one_credit_note ON invoices(corrects_id) WHERE corrects_id IS NOT NULL;`);
    const { lastInsertRowid: avId } = f.db
      .prepare(
        `INSERT INTO invoices (kind, number, year, seq, corrects_id, customer_id, buyer_name, buyer_address,
           buyer_ice, buyer_if, payment_terms, issued_at, issued_by, ht, tva, ttc, export_json)
         VALUES ('credit_note', 'AV-2026-000001', 2026, 1, ?, NULL, 'Riad', 'Marrakech', '002345678000091', NULL,
           'Erreur', ?, ?, ?, ?, ?, '{}')`,
      )
      .run(inv.id, f.now(), f.users.manager.id, -inv.totals.ht, -inv.totals.tva, -inv.totals.ttc);
    for (const l of inv.lines)
      f.db
        .prepare(
          `INSERT INTO invoice_lines (invoice_id, line_no, sale_line_id, name_fr, name_ar, qty, amount, vat_code,
             vat_rate_bp, vat_exemption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
          avId,
          l.lineNo,
          l.saleLineId,
          l.nameFr,
          l.nameAr,
          -l.quantity,
          -l.amount,
          l.vatCode,
          l.vatRateBp,
        );
    f.db.exec("INSERT INTO invoice_counters (kind, year, last_seq) VALUES ('credit_note', 2026, 1)");

    f.db.exec(lineCredits);

    const after = getInvoice(f.store, inv.id);
    expect(after.creditedLineNos).toEqual([1, 2]);
    expect(after.creditNotes).toEqual([{ id: Number(avId), number: 'AV-2026-000001' }]);
    expect(() => issueCreditNote(f!.store, f!.asManager, { invoiceId: inv.id, reason: 'Encore' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    const indexes = f.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'invoices'")
      .all();
    expect(indexes).not.toContainEqual({ name: 'invoices_one_credit_note' });
  });
});
