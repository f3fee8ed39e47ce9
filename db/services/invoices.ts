/**
 * Invoices (factures) and credit notes (avoirs), issue 13: issued in one transaction from recorded sales, at
 * the lines' frozen VAT rates, numbered without gaps per kind and shop year, journaled so HQ receives them.
 * The shop's identity, the due day and a credit note's reason are frozen in export_json (UBL's
 * AccountingSupplierParty, DueDate, DiscrepancyResponse), so a later settings change never alters an invoice.
 */
import { fail } from '../../core/errors';
import {
  formatInvoiceNumber,
  invoiceDueDay,
  invoiceTotals,
  missingSellerIds,
  nextInvoiceSeq,
  normalizeIce,
  paymentTermsText,
  type Invoice,
  type InvoiceBuyer,
  type InvoiceKind,
  type InvoiceLine,
  type InvoicePage,
  type InvoicePreview,
  type InvoiceSeller,
  type InvoiceSummary,
  type UninvoicedSale,
} from '../../core/invoice';
import type { Unit } from '../../core/quantity';
import type { VatCode } from '../../core/vat';
import { isVatExemptionId, type VatExemptionId } from '../../core/vat-exemptions';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { getSettings } from './settings';
import { productVatSchedule, shopDay } from './vat-rates';

// The shapes are core's (core/invoice.ts), re-exported for the handlers and tests that import them from here.
export type {
  Invoice,
  InvoiceBuyer,
  InvoiceLine,
  InvoicePage,
  InvoicePreview,
  InvoiceSummary,
  UninvoicedSale,
};

/** Payment terms as asked: days (then month end), and a free note ("par virement"); the shop's default else. */
export interface PaymentTermsInput {
  days?: number;
  endOfMonth?: boolean;
  note?: string;
}

interface LineRow {
  id: number;
  sale_id: number;
  product_id: number;
  at: number;
  product_exemption: string | null;
  name_fr: string;
  name_ar: string;
  unit: Unit;
  qty: number;
  amount: number;
  vat_code: VatCode;
  vat_rate_bp: number;
  vat_exemption: string | null;
}

function checkBuyer(buyer: InvoiceBuyer): InvoiceBuyer {
  const ice = normalizeIce(buyer.ice, 'ice');
  if (buyer.name.trim() === '') fail('VALIDATION', 'An invoice needs the buyer name.', { field: 'name' });
  if (buyer.address.trim() === '')
    fail('VALIDATION', 'An invoice needs the buyer address.', { field: 'address' });
  const taxId = buyer.taxId?.trim() ? buyer.taxId.trim() : null;
  return { ...buyer, name: buyer.name.trim(), address: buyer.address.trim(), ice, taxId };
}

/** The shop as the invoice will print it; refused while its ICE, IF or RC are missing. */
function sellerNow(store: Store): InvoiceSeller {
  const { shop, invoicing } = getSettings(store);
  const seller: InvoiceSeller = {
    name: shop.name,
    legalName: invoicing.legalName.trim() || shop.name,
    address: [shop.address, shop.city].filter((s) => s.trim() !== '').join(', '),
    ice: shop.ice.replace(/[\s.]/g, ''),
    if: shop.if.trim(),
    rc: shop.rc.trim(),
    rcCourt: invoicing.rcCourt.trim(),
    patente: shop.patente.trim(),
    cnss: invoicing.cnss.trim(),
  };
  const missing = missingSellerIds(seller);
  if (missing.length > 0)
    fail(
      'SHOP_FISCAL_ID_MISSING',
      `The shop's ${missing.map((m) => m.toUpperCase()).join(', ')} must be filled in Settings > Fiscal identity before an invoice is issued.`,
      { missing },
    );
  return seller;
}

/** A customer account's fiscal details: its name and ICE, and the address and IF migration 017 gave it. */
function customerFiscal(
  store: Store,
  customerId: number,
): { name: string; ice: string | null; address: string | null; taxId: string | null } {
  const r = store.get<{
    name: string;
    ice: string | null;
    address: string | null;
    if_number: string | null;
    erased_at: number | null;
  }>('SELECT name, ice, address, if_number, erased_at FROM customers WHERE id = ?', customerId);
  if (!r) fail('NOT_FOUND', `No customer with id ${customerId}.`, { customerId });
  // An erased account (loi 09-08) keeps its past invoices but is no buyer for a new one.
  if (r.erased_at !== null) fail('CUSTOMER_ERASED', `Customer ${customerId} was erased.`, { customerId });
  const text = (v: string | null) => (v !== null && v.trim() !== '' ? v.trim() : null);
  return { name: r.name, ice: text(r.ice), address: text(r.address), taxId: text(r.if_number) };
}

/**
 * The buyer of an account customer's invoice: its name and ICE from the account (a customer without a valid
 * ICE cannot be invoiced), its address and IF from the account when it has them, else as typed.
 */
export function accountBuyer(
  store: Store,
  customerId: number,
  typed: { address?: string | null; taxId?: string | null } = {},
): InvoiceBuyer {
  const c = customerFiscal(store, customerId);
  if (c.ice === null || !/^\d{15}$/.test(c.ice.replace(/[\s.]/g, '')))
    fail('CUSTOMER_ICE_MISSING', `Customer ${c.name} has no valid 15-digit ICE on their account.`, {
      customerId,
    });
  return {
    customerId,
    name: c.name,
    ice: c.ice,
    address: typed.address?.trim() || c.address || '',
    taxId: typed.taxId?.trim() || c.taxId,
  };
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

interface Frozen {
  seller: InvoiceSeller;
  dueDay: string | null;
  reason: string | null;
}

function write(
  store: Store,
  actor: Actor,
  kind: InvoiceKind,
  corrects: { id: number; number: string } | null,
  buyer: InvoiceBuyer,
  paymentTerms: string,
  saleIds: readonly number[],
  lines: readonly InvoiceLine[],
  frozen: Omit<Frozen, 'dueDay'> & { due: { days: number; endOfMonth: boolean } | null },
): Invoice {
  const at = store.now();
  const { year, seq, number } = takeNumber(store, kind, at);
  const totals = invoiceTotals(lines);
  const day = shopDay(at);
  const dueDay = frozen.due ? invoiceDueDay(day, frozen.due.days, frozen.due.endOfMonth) : null;
  const s = frozen.seller;
  // Close to UBL 2.1's Invoice / CreditNote fields, kept for the DGI's e-invoicing format once it is settled.
  const exportJson = JSON.stringify({
    ID: number,
    InvoiceTypeCode: kind === 'invoice' ? '380' : '381',
    IssueDate: day,
    DueDate: dueDay,
    BillingReference: corrects ? { ID: corrects.number } : null,
    DiscrepancyResponse: frozen.reason === null ? null : { Description: frozen.reason },
    AccountingSupplierParty: {
      Name: s.name,
      RegistrationName: s.legalName,
      PostalAddress: s.address,
      ICE: s.ice,
      IF: s.if,
      RC: s.rc,
      RCCourt: s.rcCourt,
      TP: s.patente,
      CNSS: s.cnss,
    },
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
    InvoiceLine: lines.map((l) => ({
      ID: l.lineNo,
      Name: l.nameFr,
      Quantity: l.quantity,
      Amount: l.amount,
      TaxCategory: l.vatCode,
      Percent: l.vatRateBp / 100,
    })),
  });
  const { lastInsertRowid: id } = store.run(
    `INSERT INTO invoices (kind, number, year, seq, corrects_id, customer_id, buyer_name, buyer_address, buyer_ice,
       buyer_if, payment_terms, issued_at, issued_by, ht, tva, ttc, export_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    kind,
    number,
    year,
    seq,
    corrects?.id ?? null,
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
      correctsId: corrects?.id ?? null,
      saleIds,
      buyerIce: buyer.ice,
      ht: totals.ht,
      tva: totals.tva,
      ttc: totals.ttc,
    },
  });
  return getInvoice(store, Number(id));
}

function termsOf(store: Store, input: PaymentTermsInput | string | undefined) {
  const defaults = getSettings(store).invoicing;
  const asked = typeof input === 'string' ? { note: input } : (input ?? {});
  const days = asked.days ?? defaults.paymentDays;
  const endOfMonth = asked.endOfMonth ?? defaults.paymentEndOfMonth;
  if (!Number.isSafeInteger(days) || days < 0 || days > 120)
    fail('VALIDATION', `Payment terms are 0 to 120 days, got ${days}.`, { field: 'paymentDays' });
  const note = asked.note?.trim() ?? '';
  const base = paymentTermsText(days, endOfMonth);
  // A note that already states the terms ("30 jours fin de mois") is printed as it is, not twice.
  const text =
    note === '' ? base : note.toLowerCase().startsWith(base.toLowerCase()) ? note : `${base} - ${note}`;
  return { text, due: { days, endOfMonth } };
}

/**
 * Refuses to invoice a sale made to an account to anyone but that account: the account's statement and its
 * invoices must agree, and a sale put on another account's invoice would bill that customer for goods it
 * never bought. A sale without an account may go to any buyer.
 */
export function refuseOtherBuyer(
  saleId: number,
  saleCustomerId: number | null,
  buyerCustomerId: number | null,
): void {
  if (saleCustomerId === null || saleCustomerId === buyerCustomerId) return;
  fail(
    'INVOICE_BUYER_MISMATCH',
    `Sale ${saleId} was made to customer ${saleCustomerId}: it is invoiced to that account only.`,
    { saleId, customerId: saleCustomerId, buyerCustomerId },
  );
}

/**
 * Issues one invoice for the given sales; a voided sale, one already invoiced, or one made to another
 * account than the buyer's is refused.
 */
export function issueInvoice(
  store: Store,
  actor: Actor,
  input: { saleIds: number[]; buyer: InvoiceBuyer; paymentTerms?: PaymentTermsInput | string },
): Invoice {
  const saleIds = [...new Set(input.saleIds)];
  if (saleIds.length === 0) fail('INVOICE_EMPTY', 'An invoice needs at least one sale.', {});
  return store.tx(() => {
    for (const saleId of saleIds) {
      const s = store.get<{ voided_at: number | null; customer_id: number | null }>(
        'SELECT voided_at, customer_id FROM sales WHERE id = ?',
        saleId,
      );
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
      refuseOtherBuyer(saleId, s.customer_id, input.buyer.customerId);
    }
    // What the sales are comes first (a sale invoiced twice is that, whoever the buyer), then the parties.
    const seller = sellerNow(store);
    const buyer = checkBuyer(input.buyer);
    const terms = termsOf(store, input.paymentTerms);
    const rows = netSaleLines(store, saleIds);
    if (rows.length === 0)
      fail('INVOICE_EMPTY', 'Everything these sales sold was returned: there is nothing left to invoice.', {
        saleIds,
      });
    const lines = rows.map((r, i): InvoiceLine => ({
      lineNo: i + 1,
      saleLineId: r.id,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      unit: r.unit,
      quantity: r.qty,
      amount: r.amount,
      vatCode: r.vat_code,
      vatRateBp: r.vat_rate_bp,
      vatExemption: lineExemption(store, r),
    }));
    return write(store, actor, 'invoice', null, buyer, terms.text, saleIds, lines, {
      seller,
      reason: null,
      due: terms.due,
    });
  });
}

/**
 * The CGI wording of an exempt line: the one the product's VAT schedule gave on the day it was sold (sale
 * lines freeze the code, not the wording), else the product's own; none for a taxed line.
 */
function lineExemption(
  store: Store,
  r: Pick<LineRow, 'vat_code' | 'product_id' | 'at' | 'product_exemption'>,
): VatExemptionId | null {
  if (r.vat_code !== 'EX') return null;
  const day = shopDay(r.at);
  const due = productVatSchedule(store, r.product_id)
    .filter((e) => e.validFrom <= day)
    .pop();
  if (due && due.vatCode === 'EX' && due.vatExemption !== null) return due.vatExemption;
  return isVatExemptionId(r.product_exemption) ? r.product_exemption : null;
}

/**
 * The sales' lines as the buyer kept them: what customer returns brought back before the invoice is taken
 * off (a line returned whole is left out), so an invoice never bills goods already refunded. A return after
 * the invoice is corrected by a credit note.
 */
function netSaleLines(store: Store, saleIds: readonly number[]): LineRow[] {
  // Per line through return_lines_sale_line: a shop's whole return history is never grouped for one invoice.
  return store.all<LineRow>(
    `SELECT * FROM (
       SELECT l.id, l.sale_id, l.line_no, l.product_id, l.at, l.name_fr, l.name_ar, l.unit, l.vat_code,
         l.vat_rate_bp, p.vat_exemption AS product_exemption,
         l.qty - (SELECT coalesce(sum(r.qty), 0) FROM return_lines r WHERE r.sale_line_id = l.id) AS qty,
         l.amount - (SELECT coalesce(sum(r.amount), 0) FROM return_lines r WHERE r.sale_line_id = l.id) AS amount
       FROM sale_lines l JOIN products p ON p.id = l.product_id
       WHERE l.sale_id IN (${saleIds.map(() => '?').join(', ')}) AND l.voided = 0)
     WHERE qty > 0 ORDER BY sale_id, line_no`,
    ...saleIds,
  );
}

function uninvoicedRows(store: Store, customerId: number, from: number, to: number): UninvoicedSale[] {
  return store.all<UninvoicedSale>(
    `SELECT s.id, s.till_id AS tillId, s.receipt_no AS receiptNo, s.at,
       s.total - coalesce((SELECT sum(r.total) FROM customer_returns r WHERE r.sale_id = s.id), 0) AS total
     FROM sales s
     WHERE s.customer_id = ? AND s.at >= ? AND s.at < ? AND s.voided_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM invoice_sales i WHERE i.sale_id = s.id) ORDER BY s.at, s.id`,
    customerId,
    from,
    to,
  );
}

/** What an account's invoice over [from, to) would hold, for the screen to show before issuing. */
export function invoicePreview(
  store: Store,
  input: { customerId: number; from: number; to: number },
): InvoicePreview {
  customerFiscal(store, input.customerId);
  const sales = uninvoicedRows(store, input.customerId, input.from, input.to);
  const lines =
    sales.length === 0
      ? []
      : netSaleLines(
          store,
          sales.map((x) => x.id),
        );
  return {
    ...input,
    sales,
    totals: invoiceTotals(
      lines.map((l) => ({
        amount: l.amount,
        vatCode: l.vat_code,
        vatRateBp: l.vat_rate_bp,
        vatExemption: lineExemption(store, l),
      })),
    ),
  };
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
    paymentTerms?: PaymentTermsInput | string;
  },
): Invoice {
  if (!(input.from < input.to))
    fail('VALIDATION', 'The period must end after it starts.', { from: input.from, to: input.to });
  return store.tx(() => {
    const ids = uninvoicedRows(store, input.customerId, input.from, input.to).map((r) => r.id);
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

/**
 * A credit note correcting an invoice: its lines not yet credited, or the chosen ones (whole lines), negated.
 * Each invoice line is credited once at most (invoice_line_credits, migration 019), so an invoice can be
 * corrected several times, a line never twice.
 */
export function issueCreditNote(
  store: Store,
  actor: Actor,
  input: { invoiceId: number; reason: string; lineNos?: number[] },
): Invoice {
  return store.tx(() => {
    const inv = getInvoice(store, input.invoiceId);
    if (inv.kind !== 'invoice') fail('VALIDATION', 'Only an invoice can be credited.', { invoiceId: inv.id });
    const credited = new Set(inv.creditedLineNos);
    const open = inv.lines.filter((l) => !credited.has(l.lineNo));
    if (open.length === 0)
      fail('CONFLICT', `Invoice ${inv.number} was already credited in full.`, {
        numbers: inv.creditNotes.map((c) => c.number),
      });
    let chosen = open;
    if (input.lineNos !== undefined) {
      const wanted = new Set(input.lineNos);
      const unknown = [...wanted].filter((n) => !inv.lines.some((l) => l.lineNo === n));
      if (wanted.size === 0 || unknown.length > 0)
        fail('VALIDATION', `Invoice ${inv.number} has no line ${unknown.join(', ') || '(none chosen)'}.`, {
          field: 'lineNos',
          unknown,
        });
      const again = [...wanted].filter((n) => credited.has(n)).sort((a, b) => a - b);
      if (again.length > 0)
        fail('CONFLICT', `Line ${again.join(', ')} of invoice ${inv.number} was already credited.`, {
          lineNos: again,
        });
      chosen = open.filter((l) => wanted.has(l.lineNo));
    }
    const reason = input.reason.trim();
    if (reason === '') fail('VALIDATION', 'A credit note states its reason.', { field: 'reason' });
    const lines = chosen.map((l, i) => ({ ...l, lineNo: i + 1, amount: -l.amount, quantity: -l.quantity }));
    const terms = `${reason} — ${inv.number}`;
    const note = write(store, actor, 'credit_note', inv, inv.buyer, terms, inv.saleIds, lines, {
      seller: sellerNow(store),
      reason,
      due: null,
    });
    for (const l of chosen)
      store.run(
        'INSERT INTO invoice_line_credits (invoice_id, line_no, credit_note_id) VALUES (?, ?, ?)',
        inv.id,
        l.lineNo,
        note.id,
      );
    return note;
  });
}

interface Exported {
  DueDate?: string | null;
  DiscrepancyResponse?: { Description: string } | null;
  AccountingSupplierParty?: {
    Name: string;
    RegistrationName: string;
    PostalAddress: string;
    ICE: string;
    IF: string;
    RC: string;
    RCCourt: string;
    TP: string;
    CNSS: string;
  };
}

export function getInvoice(store: Store, id: number): Invoice {
  const r = store.get<{
    id: number;
    kind: InvoiceKind;
    number: string;
    corrects_id: number | null;
    corrects_number: string | null;
    customer_id: number | null;
    buyer_name: string;
    buyer_address: string;
    buyer_ice: string;
    buyer_if: string | null;
    payment_terms: string;
    issued_at: number;
    export_json: string;
  }>(
    `SELECT i.*, c.number AS corrects_number FROM invoices i LEFT JOIN invoices c ON c.id = i.corrects_id
     WHERE i.id = ?`,
    id,
  );
  if (!r) fail('NOT_FOUND', `No invoice with id ${id}.`, { invoiceId: id });
  const lines = store
    .all<{
      line_no: number;
      sale_line_id: number | null;
      name_fr: string;
      name_ar: string;
      unit: Unit | null;
      qty: number;
      amount: number;
      vat_code: VatCode;
      vat_rate_bp: number;
      vat_exemption: string | null;
    }>(
      `SELECT i.*, s.unit FROM invoice_lines i LEFT JOIN sale_lines s ON s.id = i.sale_line_id
       WHERE i.invoice_id = ? ORDER BY i.line_no`,
      id,
    )
    .map((l): InvoiceLine => ({
      lineNo: l.line_no,
      saleLineId: l.sale_line_id,
      nameFr: l.name_fr,
      nameAr: l.name_ar,
      unit: l.unit ?? 'piece',
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
  const x = JSON.parse(r.export_json) as Exported;
  const p = x.AccountingSupplierParty;
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    correctsId: r.corrects_id,
    correctsNumber: r.corrects_number,
    creditNotes: store.all<{ id: number; number: string }>(
      'SELECT id, number FROM invoices WHERE corrects_id = ? ORDER BY id',
      r.id,
    ),
    creditedLineNos: store
      .all<{ line_no: number }>(
        'SELECT line_no FROM invoice_line_credits WHERE invoice_id = ? ORDER BY line_no',
        r.id,
      )
      .map((c) => c.line_no),
    buyer: {
      customerId: r.customer_id,
      name: r.buyer_name,
      address: r.buyer_address,
      ice: r.buyer_ice,
      taxId: r.buyer_if,
    },
    // Invoices issued before the seller was frozen with them (none outside development) show blanks.
    seller: {
      name: p?.Name ?? '',
      legalName: p?.RegistrationName ?? '',
      address: p?.PostalAddress ?? '',
      ice: p?.ICE ?? '',
      if: p?.IF ?? '',
      rc: p?.RC ?? '',
      rcCourt: p?.RCCourt ?? '',
      patente: p?.TP ?? '',
      cnss: p?.CNSS ?? '',
    },
    paymentTerms: r.payment_terms,
    dueDay: x.DueDate ?? null,
    reason: x.DiscrepancyResponse?.Description ?? null,
    issuedAt: r.issued_at,
    saleIds,
    lines,
    totals: invoiceTotals(lines),
  };
}

export interface InvoiceFilter {
  customerId?: number;
  kind?: InvoiceKind;
  from?: number;
  to?: number;
  /** A number or a buyer's name or ICE, in part. */
  query?: string;
  offset?: number;
  limit?: number;
}

/** Invoices and credit notes, newest first, a page at a time. */
export function listInvoices(store: Store, filter: InvoiceFilter = {}): InvoicePage {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.customerId !== undefined) {
    where.push('i.customer_id = ?');
    args.push(filter.customerId);
  }
  if (filter.kind !== undefined) {
    where.push('i.kind = ?');
    args.push(filter.kind);
  }
  if (filter.from !== undefined) {
    where.push('i.issued_at >= ?');
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('i.issued_at < ?');
    args.push(filter.to);
  }
  const q = filter.query?.trim();
  if (q) {
    where.push('(i.number LIKE ? OR i.buyer_name LIKE ? OR i.buyer_ice LIKE ?)');
    args.push(`%${q}%`, `%${q}%`, `%${q.replace(/[\s.]/g, '')}%`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = store.get<{ n: number }>(`SELECT count(*) AS n FROM invoices i ${cond}`, ...args)?.n ?? 0;
  const rows = store.all<InvoiceSummary>(
    `SELECT i.id, i.kind, i.number, c.number AS correctsNumber,
       (SELECT group_concat(number, ', ') FROM (SELECT n.number FROM invoices n WHERE n.corrects_id = i.id
          ORDER BY n.id)) AS creditNoteNumber,
       i.customer_id AS customerId, i.buyer_name AS buyerName, i.buyer_ice AS buyerIce, i.issued_at AS issuedAt,
       i.ht, i.tva, i.ttc
     FROM invoices i LEFT JOIN invoices c ON c.id = i.corrects_id
     ${cond} ORDER BY i.issued_at DESC, i.id DESC LIMIT ? OFFSET ?`,
    ...args,
    filter.limit ?? 50,
    filter.offset ?? 0,
  );
  return { rows, total };
}
