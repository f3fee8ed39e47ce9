import { z } from 'zod';
import {
  CONSENT_CHANNELS,
  type ConsentEvent,
  type ConsentState,
  type CustomerDetail,
  type CustomerPage,
  type CustomerRecord,
  type MarketingContact,
} from '../../core/customer';
import type { CustomerExportFiles } from '../../core/customer-export';
import {
  createCustomer,
  getCustomer,
  listCustomers,
  marketingContacts,
  pageCustomers,
  setConsent,
  updateCustomer,
} from '../../db/services/customers';
import { eraseCustomer, exportCustomerData } from '../../db/services/personal-data';
import { customerExportCsv } from '../../documents/customer-export-csv';
import { method, actor } from '../define-method';
import * as S from '../schemas';

// The account's shapes are declared here, beside the only methods that send them (tied to core by sends<T>).
const Channel = z.enum(CONSENT_CHANNELS);

export const CustomerRecordOut = S.sends<CustomerRecord>()(
  S.CustomerOut.extend({
    address: z.string().nullable(),
    ifNumber: z.string().nullable(),
    email: z.string().nullable(),
    createdAt: S.Int,
    updatedAt: S.Int.nullable(),
    erasedAt: S.Int.nullable(),
  }),
);

const ConsentStateOut = S.sends<ConsentState>()(
  z.object({ channel: Channel, given: z.boolean(), at: S.Int.nullable(), source: z.string().nullable() }),
);

const ConsentEventOut = S.sends<ConsentEvent>()(
  z.object({
    id: S.Int,
    channel: Channel,
    given: z.boolean(),
    at: S.Int,
    recordedAt: S.Int,
    userId: S.Int.nullable(),
    source: z.string(),
    contact: z.string().nullable(),
  }),
);

export const CustomerDetailOut = S.sends<CustomerDetail>()(
  CustomerRecordOut.extend({ consents: z.array(ConsentStateOut), consentHistory: z.array(ConsentEventOut) }),
);

const CustomerPageOut = S.sends<CustomerPage>()(
  z.object({ items: z.array(CustomerRecordOut), total: S.Int }),
);

const MarketingContactOut = S.sends<MarketingContact>()(
  z.object({ customerId: S.Int, name: z.string(), contact: z.string() }),
);

const ExportFilesOut = S.sends<CustomerExportFiles>()(
  z.object({ jsonFileName: z.string(), json: z.string(), csvFileName: z.string(), csv: z.string() }),
);

// Inputs: an e-mail is checked for its shape; an ICE is reduced to 15 digits by the service (INVALID_ICE).
const Email = z.string().trim().max(200).email().or(z.literal(''));
const Fields = {
  phone: S.Text(40).nullable().optional(),
  email: Email.nullable().optional(),
  address: S.Text(300).nullable().optional(),
  ice: S.Text(40).nullable().optional(),
  ifNumber: S.Text(20).nullable().optional(),
};

/** Customer accounts (wholesale buyers), their tiers, and their personal data (loi 09-08). */
export const customersMethods = {
  'customers.list': method({
    summary:
      "The till's picker: active customer accounts (wholesale buyers) matching a name, phone or ICE; erased ones never appear.",
    role: 'cashier',
    input: z.object({ query: z.string().max(100).optional() }).strict(),
    output: z.array(S.CustomerOut),
    handler: (ctx, i) => listCustomers(ctx.store, i.query),
  }),
  'customers.page': method({
    summary:
      "The back office's list of accounts, a page at a time by name, matching a name, phone or ICE; `includeErased` also lists erased accounts (by their pseudonym).",
    role: 'manager',
    input: z
      .object({
        query: z.string().max(100).optional(),
        offset: S.Int.min(0).optional(),
        limit: S.Int.min(1).max(200).optional(),
        includeErased: z.boolean().optional(),
      })
      .strict(),
    output: CustomerPageOut,
    handler: (ctx, i) => pageCustomers(ctx.store, i),
  }),
  'customers.get': method({
    summary:
      "One account with every field, each marketing channel's consent now and its full history (date, source, who recorded it).",
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: CustomerDetailOut,
    handler: (ctx, i) => getCustomer(ctx.store, i.id),
  }),
  'customers.create': method({
    summary: 'Creates a customer account with its price tier (ICE checked: 15 digits).',
    role: 'manager',
    input: z.object({ name: S.NonEmpty(120), ...Fields, tier: S.Tier }).strict(),
    output: CustomerRecordOut,
    handler: (ctx, i) => createCustomer(ctx.store, actor(ctx), i),
  }),
  'customers.update': method({
    summary:
      'Changes an account: the fields given (null or "" clears one), ICE checked. An erased account cannot change (CUSTOMER_ERASED). The journal names the fields changed, not their values.',
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        name: S.NonEmpty(120).optional(),
        ...Fields,
        tier: S.Tier.optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    output: CustomerRecordOut,
    handler: (ctx, { id, ...fields }) => updateCustomer(ctx.store, actor(ctx), id, fields),
  }),
  'customers.setConsent': method({
    summary:
      "Records that the customer gave or withdrew marketing consent on a channel, on a date (the form's; not in the future, not before the channel's last change) and how it was collected. Giving needs the channel's contact (CONSENT_NO_CONTACT). Append-only history.",
    role: 'manager',
    input: z
      .object({
        customerId: S.Id,
        channel: Channel,
        given: z.boolean(),
        at: S.Timestamp,
        source: S.NonEmpty(200),
      })
      .strict(),
    output: CustomerDetailOut,
    handler: (ctx, i) => setConsent(ctx.store, actor(ctx), i),
  }),
  'customers.marketingContacts': method({
    summary:
      'Who a marketing message on a channel may go to: accounts whose latest consent on it is given, not erased, with the contact held now.',
    role: 'manager',
    input: z.object({ channel: Channel }).strict(),
    output: z.array(MarketingContactOut),
    handler: (ctx, i) => marketingContacts(ctx.store, i.channel),
  }),
  'customers.exportData': method({
    summary:
      'Everything held on one customer (right of access, loi 09-08): identity, consent history, sales with lines, returns, invoices as issued, the journal entries about the account; as a JSON file and a CSV (UTF-8 with BOM, semicolons).',
    role: 'manager',
    offload: true,
    input: z.object({ id: S.Id }).strict(),
    output: ExportFilesOut,
    handler: (ctx, i) => {
      const data = exportCustomerData(ctx.store, i.id);
      const stem = `client-${i.id}-donnees`;
      return {
        jsonFileName: `${stem}.json`,
        json: JSON.stringify(data, null, 2),
        csvFileName: `${stem}.csv`,
        csv: customerExportCsv(data),
      };
    },
  }),
  'customers.erase': method({
    summary:
      'Erases a customer\'s personal data (admin; `confirm` is the customer\'s name as typed): phone, e-mail, address, ICE, IF and consent contacts cleared, the name replaced by "Client effacé #id", every consent withdrawn, the account deactivated. Sales, returns, invoices (their own copy of the buyer) and the journal are kept and still verify. One-way.',
    role: 'admin',
    input: z.object({ id: S.Id, confirm: S.Text(200) }).strict(),
    output: CustomerRecordOut,
    handler: (ctx, i) => eraseCustomer(ctx.store, actor(ctx), { customerId: i.id, confirm: i.confirm }),
  }),
};
