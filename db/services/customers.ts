import {
  consentContactField,
  currentConsents,
  type ConsentChannel,
  type ConsentEvent,
  type Customer,
  type CustomerDetail,
  type CustomerPage,
  type CustomerRecord,
  type MarketingContact,
} from '../../core/customer';
import { fail } from '../../core/errors';
import { normalizeIce } from '../../core/invoice';
import type { PriceTier } from '../../core/pricing';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';

// The shapes are core's (core/customer.ts), re-exported for the handlers that import them from here.
export type { Customer, CustomerDetail, CustomerPage, CustomerRecord };

interface Row {
  id: number;
  name: string;
  phone: string | null;
  ice: string | null;
  tier: PriceTier;
  active: number;
  address: string | null;
  if_number: string | null;
  email: string | null;
  created_at: number;
  updated_at: number | null;
  erased_at: number | null;
}

const COLUMNS =
  'id, name, phone, ice, tier, active, address, if_number, email, created_at, updated_at, erased_at';

// Field by field: the till's picker gets the few fields it shows, never the e-mail or address.
const toCustomer = (r: Row): Customer => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  ice: r.ice,
  tier: r.tier,
  active: r.active === 1,
});

const toRecord = (r: Row): CustomerRecord => ({
  ...toCustomer(r),
  address: r.address,
  ifNumber: r.if_number,
  email: r.email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  erasedAt: r.erased_at,
});

/** LIKE with the user's % and _ taken literally. */
const likePattern = (query: string) => `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const MATCH = "(name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR ice LIKE ? ESCAPE '\\')";

/** The till's picker: active accounts only, so an erased (or deactivated) customer cannot be sold to. */
export function listCustomers(store: Store, query = ''): Customer[] {
  const q = likePattern(query);
  return store
    .all<Row>(
      `SELECT ${COLUMNS} FROM customers WHERE active = 1 AND erased_at IS NULL AND ${MATCH} ORDER BY name LIMIT 100`,
      q,
      q,
      q,
    )
    .map(toCustomer);
}

/** The back office's list: every account (erased ones too, shown as such), a page at a time, by name. */
export function pageCustomers(
  store: Store,
  input: { query?: string; offset?: number; limit?: number; includeErased?: boolean },
): CustomerPage {
  const q = likePattern(input.query ?? '');
  const where = `${input.includeErased ? '' : 'erased_at IS NULL AND '}${MATCH}`;
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const items = store
    .all<Row>(
      `SELECT ${COLUMNS} FROM customers WHERE ${where} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
      q,
      q,
      q,
      limit,
      Math.max(input.offset ?? 0, 0),
    )
    .map(toRecord);
  const total =
    store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM customers WHERE ${where}`, q, q, q)?.n ?? 0;
  return { items, total };
}

function row(store: Store, id: number): Row {
  const r = store.get<Row>(`SELECT ${COLUMNS} FROM customers WHERE id = ?`, id);
  if (!r) fail('NOT_FOUND', `No customer account with id ${id}.`, { customerId: id });
  return r;
}

interface ConsentRow {
  id: number;
  channel: ConsentChannel;
  given: number;
  at: number;
  recorded_at: number;
  user_id: number | null;
  source: string;
  contact: string | null;
}

export function consentHistory(store: Store, customerId: number): ConsentEvent[] {
  return store
    .all<ConsentRow>(
      `SELECT id, channel, given, at, recorded_at, user_id, source, contact FROM customer_consents
       WHERE customer_id = ? ORDER BY id`,
      customerId,
    )
    .map((c) => ({
      id: c.id,
      channel: c.channel,
      given: c.given === 1,
      at: c.at,
      recordedAt: c.recorded_at,
      userId: c.user_id,
      source: c.source,
      contact: c.contact,
    }));
}

export function getCustomerRecord(store: Store, id: number): CustomerRecord {
  return toRecord(row(store, id));
}

export function getCustomer(store: Store, id: number): CustomerDetail {
  const record = getCustomerRecord(store, id);
  const history = consentHistory(store, id);
  return { ...record, consents: currentConsents(history), consentHistory: history };
}

export interface CustomerFields {
  name: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  ice?: string | null;
  ifNumber?: string | null;
  tier: PriceTier;
}

/** Empty text is no value; an ICE is reduced to its 15 digits or refused (INVALID_ICE, core/invoice.ts). */
const optional = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
const iceOf = (v: string | null | undefined) => {
  const t = optional(v);
  return t ? normalizeIce(t) : t;
};

/**
 * The journal records who touched which fields of an account, never the values: a personal value written
 * into the hash-chained journal could not be erased later without breaking the chain (docs/personal-data.md).
 */
const filledFields = (fields: Record<string, unknown>) =>
  Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null);

export function createCustomer(store: Store, actor: Actor | null, input: CustomerFields): CustomerRecord {
  const values = {
    name: input.name.trim(),
    phone: optional(input.phone) ?? null,
    email: optional(input.email) ?? null,
    address: optional(input.address) ?? null,
    ice: iceOf(input.ice) ?? null,
    ifNumber: optional(input.ifNumber) ?? null,
  };
  if (values.name === '') fail('VALIDATION', 'A customer needs a name.', { field: 'name' });
  return store.tx(() => {
    const { lastInsertRowid: id } = store.run(
      `INSERT INTO customers (name, phone, email, address, ice, if_number, tier, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      values.name,
      values.phone,
      values.email,
      values.address,
      values.ice,
      values.ifNumber,
      input.tier,
      store.now(),
    );
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'customer.create',
      ref: `customer:${id}`,
      payload: { tier: input.tier, fields: filledFields(values) },
    });
    return getCustomerRecord(store, id);
  });
}

export function updateCustomer(
  store: Store,
  actor: Actor,
  id: number,
  input: Partial<CustomerFields> & { active?: boolean },
): CustomerRecord {
  const changes: Record<string, string | number | null | undefined> = {
    name: input.name === undefined ? undefined : input.name.trim(),
    phone: optional(input.phone),
    email: optional(input.email),
    address: optional(input.address),
    ice: iceOf(input.ice),
    if_number: optional(input.ifNumber),
    tier: input.tier,
    active: input.active === undefined ? undefined : input.active ? 1 : 0,
  };
  if (changes.name === '') fail('VALIDATION', 'A customer needs a name.', { field: 'name' });
  return store.tx(() => {
    const current = row(store, id);
    if (current.erased_at !== null) {
      fail('CUSTOMER_ERASED', `Customer ${id} was erased; its account can no longer change.`, {
        customerId: id,
      });
    }
    // The account form sends every field on each save: only those that differ are written and journaled,
    // so the journal (and the customer's export of it) never says a field changed when it did not.
    const set = Object.entries(changes).filter(([k, v]) => v !== undefined && v !== current[k as keyof Row]);
    if (set.length === 0) return toRecord(current);
    store.run(
      `UPDATE customers SET ${set.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
      ...set.map(([, v]) => v),
      store.now(),
      id,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'customer.update',
      ref: `customer:${id}`,
      // Tier and active are the account's terms, not personal data: they are kept with their values.
      payload: {
        fields: set.map(([k]) => k),
        ...(changes.tier !== undefined && { tier: changes.tier }),
        ...(input.active !== undefined && { active: input.active }),
      },
    });
    return getCustomerRecord(store, id);
  });
}

/**
 * The tier a sale already made offline was priced at for an account (its replay on the station): an account
 * deactivated or erased since is still the one the goods left under, and an offline sale is never refused on
 * replay (DESIGN.md). Only an id the shop never had is refused.
 */
export function accountTierForReplay(store: Store, customerId: number | null | undefined): PriceTier | null {
  if (customerId === null || customerId === undefined) return null;
  const c = store.get<{ tier: PriceTier }>('SELECT tier FROM customers WHERE id = ?', customerId);
  if (!c) fail('NOT_FOUND', `No customer account with id ${customerId}.`, { customerId });
  return c.tier;
}

/** A consent's date may be the form's, earlier than today, but not in the future (a minute of clock skew allowed). */
const FUTURE_SLACK_MS = 60_000;

/**
 * Records that a customer gave or withdrew marketing consent on a channel, when (the signed form's date) and
 * how. History is append-only; a channel's events are in date order, so the latest says what holds now.
 */
export function setConsent(
  store: Store,
  actor: Actor,
  input: { customerId: number; channel: ConsentChannel; given: boolean; at: number; source: string },
): CustomerDetail {
  const source = input.source.trim();
  if (source === '') fail('VALIDATION', 'Say how the consent was collected.', { field: 'source' });
  return store.tx(() => {
    const c = row(store, input.customerId);
    if (c.erased_at !== null) {
      fail('CUSTOMER_ERASED', `Customer ${c.id} was erased.`, { customerId: c.id });
    }
    const now = store.now();
    if (input.at > now + FUTURE_SLACK_MS) {
      fail('VALIDATION', 'A consent cannot be dated in the future.', { field: 'at' });
    }
    const last = store.get<{ at: number }>(
      'SELECT at FROM customer_consents WHERE customer_id = ? AND channel = ? ORDER BY id DESC LIMIT 1',
      c.id,
      input.channel,
    );
    if (last && input.at < last.at) {
      fail('VALIDATION', 'This channel has a later consent change already; date this one after it.', {
        field: 'at',
        after: last.at,
      });
    }
    const field = consentContactField(input.channel);
    const contact = field === 'email' ? c.email : c.phone;
    if (input.given && !contact) {
      fail('CONSENT_NO_CONTACT', `Customer ${c.id} has no ${field} to send ${input.channel} to.`, {
        customerId: c.id,
        channel: input.channel,
        field,
      });
    }
    store.run(
      `INSERT INTO customer_consents (customer_id, channel, given, at, recorded_at, user_id, source, contact)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      c.id,
      input.channel,
      input.given ? 1 : 0,
      input.at,
      now,
      actor.userId,
      source,
      contact,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: input.given ? 'customer.consent.give' : 'customer.consent.withdraw',
      ref: `customer:${c.id}`,
      payload: { channel: input.channel, at: input.at },
    });
    return getCustomer(store, c.id);
  });
}

/**
 * Who a marketing message on a channel may go to: consent given (latest event) and not erased, at the contact
 * held now (a number changed since the consent still belongs to the same account holder).
 */
export function marketingContacts(store: Store, channel: ConsentChannel): MarketingContact[] {
  const field = consentContactField(channel);
  return store.all<MarketingContact>(
    `SELECT c.id AS customerId, c.name, c.${field} AS contact FROM customers c
     JOIN customer_consents k ON k.id = (SELECT MAX(id) FROM customer_consents
       WHERE customer_id = c.id AND channel = ?)
     WHERE k.given = 1 AND c.erased_at IS NULL AND c.active = 1 AND c.${field} IS NOT NULL
     ORDER BY c.name, c.id`,
    channel,
  );
}
