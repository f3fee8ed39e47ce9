/**
 * Everything the shop holds on one customer (loi 09-08, art. 7: the right of access), as one structure:
 * db/services/personal-data.ts gathers it, documents/customer-export-csv.ts writes it for a spreadsheet, the
 * JSON file is this structure itself. Invoices are given as issued: their buyer fields are the invoice's own
 * copy, which an erasure leaves (the tax law keeps invoices for 10 years).
 */
import type { ConsentEvent, ConsentState, CustomerRecord } from './customer';
import type { CustomerReturn, Sale } from './sale';

/** Bumped when a field changes meaning, so a reader of an old export knows which shape it holds. */
export const CUSTOMER_EXPORT_FORMAT = 'souk-customer-export/1';

export interface CustomerExportInvoice {
  id: number;
  kind: 'invoice' | 'credit_note';
  number: string;
  issuedAt: number;
  buyerName: string;
  buyerAddress: string;
  buyerIce: string;
  buyerIf: string | null;
  paymentTerms: string;
  /** Centimes. */
  ht: number;
  tva: number;
  ttc: number;
  saleIds: number[];
  lines: {
    lineNo: number;
    nameFr: string;
    nameAr: string;
    quantity: number;
    amount: number;
    vatRateBp: number;
  }[];
}

/** A journal entry about the account itself (created, edited, consent, erased): what was recorded, by whom. */
export interface CustomerExportJournalEntry {
  seq: number;
  at: number;
  userId: number | null;
  kind: string;
  payload: string;
}

export interface CustomerExport {
  format: typeof CUSTOMER_EXPORT_FORMAT;
  exportedAt: number;
  /** The controller (responsable du traitement): the shop. */
  shop: { name: string; ice: string };
  customer: CustomerRecord;
  consents: ConsentState[];
  consentHistory: ConsentEvent[];
  /** Oldest first, with their lines and payments. */
  sales: Sale[];
  returns: CustomerReturn[];
  invoices: CustomerExportInvoice[];
  journal: CustomerExportJournalEntry[];
}

/** What customers.exportData sends: the same data as a JSON file and as a CSV a spreadsheet opens. */
export interface CustomerExportFiles {
  jsonFileName: string;
  json: string;
  csvFileName: string;
  csv: string;
}
