/**
 * The data subject's rights over an account (loi 09-08): access (everything held on one customer, in one
 * export) and erasure that keeps the fiscal records. The retention rule is docs/personal-data.md.
 */
import {
  CUSTOMER_EXPORT_FORMAT,
  type CustomerExport,
  type CustomerExportInvoice,
} from '../../core/customer-export';
import { erasedName, erasureConfirmed, type ConsentChannel, type CustomerRecord } from '../../core/customer';
import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { getSale } from './checkout';
import { consentHistory, getCustomer, getCustomerRecord } from './customers';
import { getReturn } from './returns';
import { getSettings } from './settings';

interface InvoiceRow {
  id: number;
  kind: 'invoice' | 'credit_note';
  number: string;
  issued_at: number;
  buyer_name: string;
  buyer_address: string;
  buyer_ice: string;
  buyer_if: string | null;
  payment_terms: string;
  ht: number;
  tva: number;
  ttc: number;
}

/**
 * The invoices issued to the account, read from the issued rows themselves (migration 016's columns) so the
 * export shows exactly the copy the tax record keeps.
 */
function customerInvoices(store: Store, customerId: number): CustomerExportInvoice[] {
  return store
    .all<InvoiceRow>(
      `SELECT id, kind, number, issued_at, buyer_name, buyer_address, buyer_ice, buyer_if, payment_terms, ht, tva, ttc
       FROM invoices WHERE customer_id = ? ORDER BY id`,
      customerId,
    )
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      number: r.number,
      issuedAt: r.issued_at,
      buyerName: r.buyer_name,
      buyerAddress: r.buyer_address,
      buyerIce: r.buyer_ice,
      buyerIf: r.buyer_if,
      paymentTerms: r.payment_terms,
      ht: r.ht,
      tva: r.tva,
      ttc: r.ttc,
      saleIds: store
        .all<{ sale_id: number }>(
          'SELECT sale_id FROM invoice_sales WHERE invoice_id = ? ORDER BY sale_id',
          r.id,
        )
        .map((s) => s.sale_id),
      lines: store.all<CustomerExportInvoice['lines'][number]>(
        `SELECT line_no AS lineNo, name_fr AS nameFr, name_ar AS nameAr, qty AS quantity, amount, vat_rate_bp AS vatRateBp
         FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no`,
        r.id,
      ),
    }));
}

/** Everything held on one customer (read only: answered off the tills' thread). */
export function exportCustomerData(store: Store, customerId: number): CustomerExport {
  const detail = getCustomer(store, customerId);
  const { consents, consentHistory: history, ...customer } = detail;
  const saleIds = store
    .all<{ id: number }>('SELECT id FROM sales WHERE customer_id = ? ORDER BY at, id', customerId)
    .map((s) => s.id);
  const returnIds = store
    .all<{ id: number }>(
      `SELECT r.id FROM customer_returns r JOIN sales s ON s.id = r.sale_id
       WHERE s.customer_id = ? ORDER BY r.at, r.id`,
      customerId,
    )
    .map((r) => r.id);
  const { shop } = getSettings(store);
  return {
    format: CUSTOMER_EXPORT_FORMAT,
    exportedAt: store.now(),
    shop: { name: shop.name, ice: shop.ice },
    customer,
    consents,
    consentHistory: history,
    sales: saleIds.map((id) => getSale(store, id)),
    returns: returnIds.map((id) => getReturn(store, id)),
    invoices: customerInvoices(store, customerId),
    journal: store.all<CustomerExport['journal'][number]>(
      `SELECT seq, at, user_id AS userId, kind, payload FROM journal
       WHERE substr(ref, 1, 9) = 'customer:' AND ref = ? ORDER BY seq`,
      `customer:${customerId}`,
    ),
  };
}

/** The personal fields an erasure clears on the account (the name becomes a pseudonym). */
const ERASED_FIELDS = ['name', 'phone', 'email', 'address', 'ice', 'if_number'] as const;

/**
 * Erases a customer's personal data while keeping the fiscal records whole: the account row stays (sales
 * reference it) with a pseudonym for a name and no phone, e-mail, address, ICE or IF; every consent still
 * given is withdrawn and the history loses its contact details; the account is deactivated, so the till can
 * no longer pick it. Sales, returns and invoices (which carry their own copy of the buyer, kept 10 years by
 * the tax law) are not touched, so the journal and its row digests still verify. The journal entry names the
 * cleared fields, never their values.
 *
 * `confirm` is the customer's current name as the manager typed it: an erasure cannot be undone.
 */
export function eraseCustomer(
  store: Store,
  actor: Actor,
  input: { customerId: number; confirm: string },
): CustomerRecord {
  // SQLite leaves a rewritten row's old bytes in the page's free space unless secure_delete is on: without it
  // the erased phone number would still be readable in the file (until the page is reused).
  const secureDelete = store.db.pragma('secure_delete', { simple: true }) as number;
  store.db.pragma('secure_delete = ON');
  try {
    const erased = erase(store, actor, input);
    // In WAL mode the rows as they were stay in the WAL's frames, and the file's old page, until a checkpoint
    // (SQLite's own comes after 1,000 pages, maybe days later): copied back and emptied now, so a copy of the
    // file taken after the erasure holds no trace. A reader still on an older snapshot can keep it from
    // finishing; the erasure stands regardless and the next checkpoint completes it.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  } finally {
    store.db.pragma(`secure_delete = ${secureDelete}`);
  }
}

function erase(store: Store, actor: Actor, input: { customerId: number; confirm: string }): CustomerRecord {
  return store.tx(() => {
    const c = getCustomerRecord(store, input.customerId);
    if (c.erasedAt !== null) {
      fail('CUSTOMER_ERASED', `Customer ${c.id} was erased already.`, { customerId: c.id });
    }
    if (!erasureConfirmed(c.name, input.confirm)) {
      fail('ERASE_NOT_CONFIRMED', `Type the customer's name to confirm the erasure of account ${c.id}.`, {
        customerId: c.id,
      });
    }
    const now = store.now();
    const history = consentHistory(store, c.id);
    const withdrawn: ConsentChannel[] = [];
    for (const channel of new Set(history.map((e) => e.channel))) {
      const last = history.filter((e) => e.channel === channel).at(-1);
      if (!last?.given) continue;
      // Recorded as the customer's withdrawal (erasure is a request to stop every processing), dated now.
      store.run(
        `INSERT INTO customer_consents (customer_id, channel, given, at, recorded_at, user_id, source, contact)
         VALUES (?, ?, 0, ?, ?, ?, 'effacement des données', NULL)`,
        c.id,
        channel,
        Math.max(now, last.at),
        now,
        actor.userId,
      );
      withdrawn.push(channel);
    }
    store.run(
      'UPDATE customer_consents SET contact = NULL WHERE customer_id = ? AND contact IS NOT NULL',
      c.id,
    );
    store.run(
      `UPDATE customers SET name = ?, phone = NULL, email = NULL, address = NULL, ice = NULL, if_number = NULL,
         active = 0, updated_at = ?, erased_at = ?, erased_by = ? WHERE id = ?`,
      erasedName(c.id),
      now,
      now,
      actor.userId,
      c.id,
    );
    const fields = ERASED_FIELDS.filter(
      (f) => f === 'name' || c[f === 'if_number' ? 'ifNumber' : f] !== null,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'customer.erase',
      ref: `customer:${c.id}`,
      payload: {
        fields,
        consentsWithdrawn: withdrawn,
        ...(actor.approvedBy && { approvedBy: actor.approvedBy }),
      },
    });
    return getCustomerRecord(store, c.id);
  });
}
