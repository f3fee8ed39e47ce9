import { z } from 'zod';
import type {
  Invoice,
  InvoiceBuyer,
  InvoiceLine,
  InvoicePage,
  InvoicePreview,
  InvoiceRateTotal,
  InvoiceSeller,
  InvoiceSummary,
  InvoiceTotals,
  UninvoicedSale,
} from '../../core/invoice';
import { VAT_EXEMPTION_IDS } from '../../core/vat-exemptions';
import { findSaleByReceipt, getSale } from '../../db/services/checkout';
import * as invoices from '../../db/services/invoices';
import { fail } from '../../core/errors';
import { DocumentBody } from '../document-body';
import { invoiceCsvFile, invoicePdfFile } from '../invoice-documents';
import { actor, method } from '../define-method';
import * as S from '../schemas';

const Kind = z.enum(['invoice', 'credit_note']);

const BuyerOut = S.sends<InvoiceBuyer>()(
  z.object({
    customerId: S.Int.nullable(),
    name: z.string(),
    address: z.string(),
    ice: z.string(),
    taxId: z.string().nullable(),
  }),
);

const SellerOut = S.sends<InvoiceSeller>()(
  z.object({
    name: z.string(),
    legalName: z.string(),
    address: z.string(),
    ice: z.string(),
    if: z.string(),
    rc: z.string(),
    rcCourt: z.string(),
    patente: z.string(),
    cnss: z.string(),
  }),
);

const LineOut = S.sends<InvoiceLine>()(
  z.object({
    lineNo: S.Int,
    saleLineId: S.Int.nullable(),
    nameFr: z.string(),
    nameAr: z.string(),
    unit: S.Unit,
    quantity: S.Int,
    amount: S.Int,
    vatCode: S.VatCode,
    vatRateBp: S.Int,
    vatExemption: z.enum(VAT_EXEMPTION_IDS).nullable(),
  }),
);

const RateTotalOut = S.sends<InvoiceRateTotal>()(
  z.object({
    vatCode: S.VatCode,
    rateBp: S.Int,
    ht: S.Int,
    tva: S.Int,
    ttc: S.Int,
    exemptionWordingFr: z.string().nullable(),
    exemptionWordingAr: z.string().nullable(),
  }),
);

const TotalsOut = S.sends<InvoiceTotals>()(
  z.object({ byRate: z.array(RateTotalOut), ht: S.Int, tva: S.Int, ttc: S.Int }),
);

const InvoiceOut = S.sends<Invoice>()(
  z.object({
    id: S.Int,
    kind: Kind,
    number: z.string(),
    correctsId: S.Int.nullable(),
    correctsNumber: z.string().nullable(),
    creditNotes: z.array(z.object({ id: S.Int, number: z.string() })),
    creditedLineNos: z.array(S.Int),
    buyer: BuyerOut,
    seller: SellerOut,
    paymentTerms: z.string(),
    dueDay: z.string().nullable(),
    reason: z.string().nullable(),
    issuedAt: S.Int,
    saleIds: z.array(S.Int),
    lines: z.array(LineOut),
    totals: TotalsOut,
  }),
);

const SummaryOut = S.sends<InvoiceSummary>()(
  z.object({
    id: S.Int,
    kind: Kind,
    number: z.string(),
    correctsNumber: z.string().nullable(),
    creditNoteNumber: z.string().nullable(),
    customerId: S.Int.nullable(),
    buyerName: z.string(),
    buyerIce: z.string(),
    issuedAt: S.Int,
    ht: S.Int,
    tva: S.Int,
    ttc: S.Int,
  }),
);

const PageOut = S.sends<InvoicePage>()(z.object({ rows: z.array(SummaryOut), total: S.Int }));

const UninvoicedOut = S.sends<UninvoicedSale>()(
  z.object({ id: S.Int, tillId: z.string(), receiptNo: S.Int, at: S.Int, total: S.Int }),
);

const PreviewOut = S.sends<InvoicePreview>()(
  z.object({
    customerId: S.Int,
    from: S.Int,
    to: S.Int,
    sales: z.array(UninvoicedOut),
    totals: TotalsOut,
  }),
);

/** An ICE as typed: digits with spaces or dots between them; the service checks it is 15 digits. */
const Ice = z.string().trim().max(24);

const TermsIn = {
  paymentDays: S.Int.refine((n) => n >= 0 && n <= 120, '0 to 120 days')
    .optional()
    .describe("Days after the invoice date; the shop's default (settings.invoicing) when left out."),
  endOfMonth: z.boolean().optional().describe('Then to the end of that month ("30 jours fin de mois").'),
  termsNote: S.Text(120).optional().describe('Printed after the terms, e.g. "par virement".'),
};

const terms = (i: { paymentDays?: number; endOfMonth?: boolean; termsNote?: string }) => ({
  days: i.paymentDays,
  endOfMonth: i.endOfMonth,
  note: i.termsNote,
});

/** Buyer details typed on the screen: an account's address and IF until its record holds them. */
const BuyerIn = z
  .object({
    name: S.Text(160).optional(),
    address: S.Text(300).optional(),
    ice: Ice.optional(),
    taxId: S.Text(20).optional(),
  })
  .strict();

const Period = { customerId: S.Id, from: S.Timestamp, to: S.Timestamp };

/** Invoices (factures) and credit notes (avoirs) for account buyers, issue 13. */
export const invoicesMethods = {
  'invoices.issue': method({
    summary:
      "Issues an invoice (FA-year-seq, continuous) for one sale: its buyer is the sale's account customer (or `customerId`; name and ICE from the account, refused without a valid one: CUSTOMER_ICE_MISSING), or a one-off buyer given whole in `buyer`. A sale made to an account goes on that account's invoice only (INVOICE_BUYER_MISMATCH when `customerId` names another). Refused while the shop's ICE/IF/RC are missing (SHOP_FISCAL_ID_MISSING), for a voided sale, or a sale already invoiced (ALREADY_INVOICED).",
    role: 'manager',
    input: z
      .object({
        saleId: S.Id.optional(),
        tillId: S.NonEmpty(20).optional(),
        receiptNo: S.Id.optional().describe('With tillId: the sale as its receipt names it.'),
        customerId: S.Id.optional(),
        buyer: BuyerIn.optional(),
        ...TermsIn,
      })
      .strict(),
    output: InvoiceOut,
    handler: (ctx, i) => {
      const sale =
        i.saleId !== undefined
          ? getSale(ctx.store, i.saleId)
          : i.tillId !== undefined && i.receiptNo !== undefined
            ? findSaleByReceipt(ctx.store, i.tillId, i.receiptNo)
            : fail('VALIDATION', 'Give a sale id, or a till and receipt number.', { field: 'saleId' });
      // Before the named account's own checks (its ICE): whose sale it is decides first.
      if (i.customerId !== undefined) invoices.refuseOtherBuyer(sale.id, sale.customerId, i.customerId);
      const customerId = i.customerId ?? sale.customerId;
      const buyer =
        customerId !== null
          ? invoices.accountBuyer(ctx.store, customerId, i.buyer ?? {})
          : {
              customerId: null,
              name: i.buyer?.name ?? '',
              address: i.buyer?.address ?? '',
              ice: i.buyer?.ice ?? '',
              taxId: i.buyer?.taxId ?? null,
            };
      return invoices.issueInvoice(ctx.store, actor(ctx), {
        saleIds: [sale.id],
        buyer,
        paymentTerms: terms(i),
      });
    },
  }),
  'invoices.issueForAccount': method({
    summary:
      "Issues one invoice for every not-yet-invoiced, not-voided sale of an account customer in [from, to) (a sale is on one invoice at most; INVOICE_EMPTY when none is left). The buyer's name and ICE come from the account; address and IF from it or as given.",
    role: 'manager',
    input: z
      .object({
        ...Period,
        buyer: BuyerIn.omit({ name: true, ice: true }).optional(),
        ...TermsIn,
      })
      .strict(),
    output: InvoiceOut,
    handler: (ctx, i) => {
      const { customerId: _id, ...buyer } = invoices.accountBuyer(ctx.store, i.customerId, i.buyer ?? {});
      return invoices.issueInvoiceForAccount(ctx.store, actor(ctx), {
        customerId: i.customerId,
        from: i.from,
        to: i.to,
        buyer,
        paymentTerms: terms(i),
      });
    },
  }),
  'invoices.uninvoiced': method({
    summary:
      "An account customer's sales in [from, to) not yet on any invoice, with the totals HT/TVA/TTC per rate an invoice for them would carry.",
    role: 'manager',
    input: z.object(Period).strict(),
    output: PreviewOut,
    handler: (ctx, i) => invoices.invoicePreview(ctx.store, i),
  }),
  'invoices.get': method({
    summary: 'An invoice or credit note with its lines, totals per rate, frozen shop identity and due day.',
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: InvoiceOut,
    handler: (ctx, i) => invoices.getInvoice(ctx.store, i.id),
  }),
  'invoices.list': method({
    summary:
      'Invoices and credit notes, newest first, a page at a time: by customer, issue period [from, to), kind, or a number / buyer name / ICE in part.',
    role: 'manager',
    input: z
      .object({
        customerId: S.Id.optional(),
        kind: Kind.optional(),
        from: S.Timestamp.optional(),
        to: S.Timestamp.optional(),
        query: S.Text(100).optional(),
        offset: S.Int.refine((n) => n >= 0, 'must not be negative').optional(),
        limit: S.Int.refine((n) => n > 0 && n <= 500, '1 to 500').optional(),
      })
      .strict(),
    output: PageOut,
    handler: (ctx, i) => invoices.listInvoices(ctx.store, i),
  }),
  'invoices.creditNote': method({
    summary:
      'Issues a credit note (AV-year-seq) correcting an invoice: all its lines not yet credited, or the chosen `lineNos`, negated, with the reason. Each line is credited once at most: a line already credited, or an invoice credited in full, is CONFLICT.',
    role: 'manager',
    input: z
      .object({
        invoiceId: S.Id,
        reason: S.NonEmpty(200),
        lineNos: z.array(S.Id).min(1).max(10_000).optional(),
      })
      .strict(),
    output: InvoiceOut,
    handler: (ctx, i) => invoices.issueCreditNote(ctx.store, actor(ctx), i),
  }),
  'invoices.pdf': method({
    summary:
      'The invoice or credit note as an A4 PDF (base64): French with the products\' Arabic names (`language: "ar"`: Arabic labels first, right to left), paginated with repeated headers.',
    role: 'manager',
    offload: true,
    input: z.object({ id: S.Id, language: S.Language.optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: DocumentBody }),
    handler: (ctx, i) => invoicePdfFile(ctx.store, i.id, i.language),
  }),
  'invoices.csv': method({
    summary:
      'The invoice or credit note as CSV (UTF-8 with BOM, semicolons, decimal comma): one row per line, then the totals per rate and overall.',
    role: 'manager',
    offload: true,
    input: z.object({ id: S.Id }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
    handler: (ctx, i) => invoiceCsvFile(ctx.store, i.id),
  }),
};
