/**
 * Invoices (factures) and credit notes (avoirs), issue 13: issued in one transaction from recorded sales, at
 * the lines' frozen VAT rates, numbered without gaps per kind and shop year, journaled so HQ receives them.
 */
import { fail } from '../../core/errors';
import {
  IceError,
  formatInvoiceNumber,
  invoiceTotals,
  nextInvoiceSeq,
  normalizeIce,
  type InvoiceKind,
  type InvoiceTotals,
} from '../../core/invoice';
import type { VatCode } from '../../core/vat';
import { isVatExemptionId, type VatExemptionId } from '../../core/vat-exemptions';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { shopDay } from './vat-rates';

export interface InvoiceBuyer {
  customerId: number | null;
  name: string;
  address: string;
  ice: string;
  taxId: string | null;
}

export interface InvoiceLine {
  lineNo: number;
  saleLineId: number | null;
  nameFr: string;
  nameAr: string;
  quantity: number;
  amount: number;
  vatCode: VatCode;
  vatRateBp: number;
  vatExemption: VatExemptionId | null;
}

export interface Invoice {
  id: number;
  kind: InvoiceKind;
  number: string;
  correctsId: number | null;
  buyer: InvoiceBuyer;
  paymentTerms: string;
  issuedAt: number;
  saleIds: number[];
  lines: InvoiceLine[];
  totals: InvoiceTotals;
}

interface LineRow {
  id: number;
  sale_id: number;
  name_fr: string;
  name_ar: string;
  qty: number;
  amount: number;
  vat_code: VatCode;
  vat_rate_bp: number;
  vat_exemption: string | null;
}

function checkBuyer(buyer: InvoiceBuyer): InvoiceBuyer {
  let ice: string;
  try {
    ice = normalizeIce(buyer.ice);
  } catch (err) {
    if (err instanceof IceError) fail('INVALID_ICE', err.message, { field: 'ice' });
    throw err;
  }
  if (buyer.name.trim() === '') fail('VALIDATION', 'An invoice needs the buyer name.', { field: 'name' });
  if (buyer.address.trim() === '')
    fail('VALIDATION', 'An invoice needs the buyer address.', { field: 'address' });
  return { ...buyer, name: buyer.name.trim(), address: buyer.address.trim(), ice };
}

function takeNumber(
  store: Store,
  kind: InvoiceKind,
  at: number,
): { year: number; seq: number; number: string } {
  const year = Number(shopDay(at).slice(0, 4));
  const last = store.get<{ last_seq: number }>(
    'SELECT last_seq FROM invoice_counters WHERE kind = ? AND year = ?',
    kind,
    year,
  );
  const seq = nextInvoiceSeq(last ? { year, seq: last.last_seq } : null, year);
  store.run(
    `INSERT INTO invoice_counters (kind, year, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (kind, year) DO UPDATE SET last_seq = excluded.last_seq`,
    kind,
    year,
    seq,
  );
  return { year, seq, number: formatInvoiceNumber(kind, year, seq) };
}

function write(
  store: Store,
  actor: Actor,
  kind: InvoiceKind,
  correctsId: number | null,
  buyer: InvoiceBuyer,
  paymentTerms: string,
  saleIds: readonly number[],
  lines: readonly InvoiceLine[],
): Invoice {
  const at = store.now();
  const { year, seq, number } = takeNumber(store, kind, at);
  const totals = invoiceTotals(lines);
  // Close to UBL 2.1's Invoice / CreditNote fields, kept for the DGI's e-invoicing format once it is settled.
  const exportJson = JSON.stringify({
    ID: number,
    InvoiceTypeCode: kind === 'invoice' ? '380' : '381',
    IssueDate: shopDay(at),
    BillingReference: correctsId,
    AccountingCustomerParty: {
      Name: buyer.name,
      PostalAddress: buyer.address,
      ICE: buyer.ice,
      IF: buyer.taxId,
    },
    PaymentTerms: paymentTerms,
    TaxTotal: totals.byRate.map((r) => ({
      TaxCategory: r.vatCode,
      Percent: r.rateBp / 100,
      TaxableAmount: r.ht,
      TaxAmount: r.tva,
      TaxExemptionReason: r.exemptionWordingFr,
    })),
    LegalMonetaryTotal: { TaxExclusiveAmount: totals.ht, TaxInclusiveAmount: totals.ttc },
    InvoiceLine: lines.map((l) => ({ ID: l.lineNo, Name: l.nameFr, Quantity: l.quantity, Amount: l.amount })),
  });
  const { lastInsertRowid: id } = store.run(
    `INSERT INTO invoices (kind, number, year, seq, corrects_id, customer_id, buyer_name, buyer_address, buyer_ice,
       buyer_if, payment_terms, issued_at, issued_by, ht, tva, ttc, export_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    kind,
    number,
    year,
    seq,
    correctsId,
    buyer.customerId,
    buyer.name,
    buyer.address,
    buyer.ice,
    buyer.taxId,
    paymentTerms,
    at,
    actor.userId,
    totals.ht,
    totals.tva,
    totals.ttc,
    exportJson,
  );
  for (const l of lines) {
    store.run(
      `INSERT INTO invoice_lines (invoice_id, line_no, sale_line_id, name_fr, name_ar, qty, amount, vat_code,
         vat_rate_bp, vat_exemption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      l.lineNo,
      l.saleLineId,
      l.nameFr,
      l.nameAr,
      l.quantity,
      l.amount,
      l.vatCode,
      l.vatRateBp,
      l.vatExemption,
    );
  }
  if (kind === 'invoice') {
    for (const saleId of saleIds)
      store.run('INSERT INTO invoice_sales (sale_id, invoice_id) VALUES (?, ?)', saleId, id);
  }
  appendJournal(store, {
    userId: actor.userId,
    kind: kind === 'invoice' ? 'invoice' : 'invoice.credit',
    ref: `invoice:${id}`,
    payload: {
      number,
      correctsId,
      saleIds,
      buyerIce: buyer.ice,
      ht: totals.ht,
      tva: totals.tva,
      ttc: totals.ttc,
    },
  });
  return getInvoice(store, id);
}

/** Issues one invoice for the given sales; a voided sale or one already invoiced is refused. */
export function issueInvoice(
  store: Store,
  actor: Actor,
  input: { saleIds: number[]; buyer: InvoiceBuyer; paymentTerms: string },
): Invoice {
  const buyer = checkBuyer(input.buyer);
  const saleIds = [...new Set(input.saleIds)];
  if (saleIds.length === 0) fail('INVOICE_EMPTY', 'An invoice needs at least one sale.', {});
  return store.tx(() => {
    for (const saleId of saleIds) {
      const s = store.get<{ voided_at: number | null }>('SELECT voided_at FROM sales WHERE id = ?', saleId);
      if (!s) fail('NOT_FOUND', `No sale with id ${saleId}.`, { saleId });
      if (s.voided_at !== null) fail('SALE_VOIDED', `Sale ${saleId} was voided.`, { saleId });
      const on = store.get<{ number: string }>(
        'SELECT i.number FROM invoice_sales s JOIN invoices i ON i.id = s.invoice_id WHERE s.sale_id = ?',
        saleId,
      );
      if (on)
        fail('ALREADY_INVOICED', `Sale ${saleId} is already on invoice ${on.number}.`, {
          saleId,
          number: on.number,
        });
    }
    const rows = store.all<LineRow>(
      `SELECT l.id, l.sale_id, l.name_fr, l.name_ar, l.qty, l.amount, l.vat_code, l.vat_rate_bp, p.vat_exemption
       FROM sale_lines l JOIN products p ON p.id = l.product_id
       WHERE l.sale_id IN (${saleIds.map(() => '?').join(', ')}) AND l.voided = 0 ORDER BY l.sale_id, l.line_no`,
      ...saleIds,
    );
    const lines = rows.map((r, i): InvoiceLine => ({
      lineNo: i + 1,
      saleLineId: r.id,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      quantity: r.qty,
      amount: r.amount,
      vatCode: r.vat_code,
      vatRateBp: r.vat_rate_bp,
      vatExemption: r.vat_code === 'EX' && isVatExemptionId(r.vat_exemption) ? r.vat_exemption : null,
    }));
    return write(store, actor, 'invoice', null, buyer, input.paymentTerms.trim(), saleIds, lines);
  });
}

/** Every not-yet-invoiced, not-voided sale of an account customer in [from, to), on one invoice. */
export function issueInvoiceForAccount(
  store: Store,
  actor: Actor,
  input: {
    customerId: number;
    from: number;
    to: number;
    buyer: Omit<InvoiceBuyer, 'customerId'>;
    paymentTerms: string;
  },
): Invoice {
  return store.tx(() => {
    const ids = store
      .all<{ id: number }>(
        `SELECT s.id FROM sales s WHERE s.customer_id = ? AND s.at >= ? AND s.at < ? AND s.voided_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM invoice_sales i WHERE i.sale_id = s.id) ORDER BY s.at, s.id`,
        input.customerId,
        input.from,
        input.to,
      )
      .map((r) => r.id);
    if (ids.length === 0)
      fail('INVOICE_EMPTY', 'This account has no sale left to invoice over the period.', {
        customerId: input.customerId,
      });
    return issueInvoice(store, actor, {
      saleIds: ids,
      buyer: { ...input.buyer, customerId: input.customerId },
      paymentTerms: input.paymentTerms,
    });
  });
}

/** The credit note that cancels an invoice in full (its lines negated); an invoice is credited once. */
export function issueCreditNote(
  store: Store,
  actor: Actor,
  input: { invoiceId: number; reason: string },
): Invoice {
  return store.tx(() => {
    const inv = getInvoice(store, input.invoiceId);
    if (inv.kind !== 'invoice') fail('VALIDATION', 'Only an invoice can be credited.', { invoiceId: inv.id });
    const done = store.get<{ number: string }>('SELECT number FROM invoices WHERE corrects_id = ?', inv.id);
    if (done)
      fail('CONFLICT', `Invoice ${inv.number} was already credited by ${done.number}.`, {
        number: done.number,
      });
    const lines = inv.lines.map((l) => ({ ...l, amount: -l.amount, quantity: -l.quantity }));
    const terms = `${input.reason.trim() || 'Avoir'} — ${inv.number}`;
    return write(store, actor, 'credit_note', inv.id, inv.buyer, terms, inv.saleIds, lines);
  });
}

export function getInvoice(store: Store, id: number): Invoice {
  const r = store.get<{
    id: number;
    kind: InvoiceKind;
    number: string;
    corrects_id: number | null;
    customer_id: number | null;
    buyer_name: string;
    buyer_address: string;
    buyer_ice: string;
    buyer_if: string | null;
    payment_terms: string;
    issued_at: number;
  }>('SELECT * FROM invoices WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No invoice with id ${id}.`, { invoiceId: id });
  const lines = store
    .all<{
      line_no: number;
      sale_line_id: number | null;
      name_fr: string;
      name_ar: string;
      qty: number;
      amount: number;
      vat_code: VatCode;
      vat_rate_bp: number;
      vat_exemption: string | null;
    }>('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no', id)
    .map((l): InvoiceLine => ({
      lineNo: l.line_no,
      saleLineId: l.sale_line_id,
      nameFr: l.name_fr,
      nameAr: l.name_ar,
      quantity: l.qty,
      amount: l.amount,
      vatCode: l.vat_code,
      vatRateBp: l.vat_rate_bp,
      vatExemption: isVatExemptionId(l.vat_exemption) ? l.vat_exemption : null,
    }));
  const saleIds = store
    .all<{ sale_id: number }>(
      'SELECT sale_id FROM invoice_sales WHERE invoice_id = ? ORDER BY sale_id',
      r.corrects_id ?? r.id,
    )
    .map((s) => s.sale_id);
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    correctsId: r.corrects_id,
    buyer: {
      customerId: r.customer_id,
      name: r.buyer_name,
      address: r.buyer_address,
      ice: r.buyer_ice,
      taxId: r.buyer_if,
    },
    paymentTerms: r.payment_terms,
    issuedAt: r.issued_at,
    saleIds,
    lines,
    totals: invoiceTotals(lines),
  };
}
