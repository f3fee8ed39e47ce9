import { sql as init } from './001-init';
import { sql as saleFingerprintDebitNotes } from './002-sale-fingerprint-debit-notes';
import { sql as journalDigests } from './003-journal-digests';
import { sql as searchIndexState } from './004-search-index-state';
import { sql as stockListIndexes } from './005-stock-list-indexes';
import { sql as reportIndexes } from './006-report-indexes';
import { sql as lowStockAlert } from './007-low-stock-alert';
import { sql as printJobs } from './008-print-jobs';
import { sql as reportCooperativeDays } from './009-report-cooperative-days';
import { sql as tillDevices } from './010-till-devices';
import { sql as offlineSales } from './011-offline-sales';
import { sql as hqPushState } from './012-hq-push-state';
import { sql as chainCatalogTransfers } from './013-chain-catalog-transfers';
import { sql as datedVat } from './014-dated-vat';
import { sql as certificates } from './015-certificates';
import { sql as invoices } from './016-invoices';
import { sql as customerPersonalData } from './017-customer-personal-data';
import { sql as transferLots } from './018-transfer-lots';
import { sql as invoiceLineCredits } from './019-invoice-line-credits';
import { sql as transferCashClientIds } from './020-transfer-cash-client-ids';

/** Numbered migrations; index + 1 is the schema version stored in PRAGMA user_version. */
export const MIGRATIONS: readonly string[] = [
  init,
  saleFingerprintDebitNotes,
  journalDigests,
  searchIndexState,
  stockListIndexes,
  reportIndexes,
  lowStockAlert,
  printJobs,
  reportCooperativeDays,
  tillDevices,
  offlineSales,
  hqPushState,
  chainCatalogTransfers,
  datedVat,
  certificates,
  invoices,
  customerPersonalData,
  transferLots,
  invoiceLineCredits,
  transferCashClientIds,
];
export const SCHEMA_VERSION = MIGRATIONS.length;
