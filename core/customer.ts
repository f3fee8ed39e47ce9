/**
 * A customer account (a reseller buying at a tier) as every layer sees it: db/services/customers.ts returns
 * it, api/schemas.ts's CustomerOut is checked equal to it at compile time. Personal data (loi 09-08) and its
 * rules live here too: marketing consent as a history per channel, and the pseudonym an erased customer keeps.
 */
import type { PriceTier } from './pricing';

/** What the till's picker lists (customers.list): the least a cashier needs to sell at the account's tier. */
export interface Customer {
  id: number;
  name: string;
  phone: string | null;
  /** The buyer's company identifier (15 digits), printed on its invoices. */
  ice: string | null;
  tier: PriceTier;
  active: boolean;
}

/** The whole account as the back office edits it. */
export interface CustomerRecord extends Customer {
  /** Postal address, copied onto each invoice at issue (the invoice keeps its own copy). */
  address: string | null;
  /** Identifiant fiscal, optional. */
  ifNumber: string | null;
  email: string | null;
  createdAt: number;
  updatedAt: number | null;
  /** Set once by erasure: the personal fields are gone and the name is a pseudonym (erasedName). */
  erasedAt: number | null;
}

export const CONSENT_CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** One recorded change of a channel's marketing consent (customer_consents, append-only). */
export interface ConsentEvent {
  id: number;
  channel: ConsentChannel;
  given: boolean;
  /** When the customer gave or withdrew it (the form's date), UTC ms. */
  at: number;
  /** When it was entered, and by whom (null: recorded by the system, e.g. at erasure). */
  recordedAt: number;
  userId: number | null;
  /** How it was collected: "formulaire papier signé", "e-mail du client", ... */
  source: string;
  /** The number or address it was given for, as it was then; null once the customer is erased. */
  contact: string | null;
}

/** A channel's consent now: its latest event, or never asked (given false, at null). */
export interface ConsentState {
  channel: ConsentChannel;
  given: boolean;
  at: number | null;
  source: string | null;
}

export interface CustomerDetail extends CustomerRecord {
  /** One per channel, in CONSENT_CHANNELS order. */
  consents: ConsentState[];
  /** Every recorded change, oldest first. */
  consentHistory: ConsentEvent[];
}

export interface CustomerPage {
  items: CustomerRecord[];
  /** How many accounts match the query, for the pager. */
  total: number;
}

/** Someone a channel may carry marketing to: consent given now, not erased. */
export interface MarketingContact {
  customerId: number;
  name: string;
  contact: string;
}

/**
 * The current state of each channel from a customer's history (ordered by id, as recorded). The latest event
 * of a channel decides; a channel never recorded is not consented: consent must be given, never presumed.
 */
export function currentConsents(history: readonly ConsentEvent[]): ConsentState[] {
  return CONSENT_CHANNELS.map((channel) => {
    let last: ConsentEvent | null = null;
    for (const e of history) if (e.channel === channel && (last === null || e.id > last.id)) last = e;
    return last
      ? { channel, given: last.given, at: last.at, source: last.source }
      : { channel, given: false, at: null, source: null };
  });
}

/** The name an erased customer keeps, so old receipts and reports still name an account without naming a person. */
export const erasedName = (id: number): string => `Client effacé #${id}`;

/** The contact field a channel reaches the customer through. */
export const consentContactField = (channel: ConsentChannel): 'phone' | 'email' =>
  channel === 'email' ? 'email' : 'phone';

/**
 * What the manager must type to confirm an erasure: the customer's current name (trimmed; case and spacing
 * forgiven, since it is a check of intent, not a password).
 */
export function erasureConfirmed(name: string, typed: string): boolean {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');
  return fold(typed) !== '' && fold(typed) === fold(name);
}
