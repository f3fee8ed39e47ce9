/**
 * The demo's paperwork (issue 13): what a new user needs on screen to see invoices, account customers'
 * consent and certificates without typing them first. Written through the real services, after the week of
 * sales, with no draw from the PRNG so the sales of a seed stay what they were.
 */
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import { accountBuyer, invoicePreview, issueInvoiceForAccount } from '../services/invoices';
import { createCertificate } from '../services/certificates';
import { setConsent } from '../services/customers';
import type { Actor, Store } from '../store';

const DAY = 86_400_000;

/** The invoicing half of the shop's fiscal identity, beside DEMO_SHOP's ICE, IF, RC and patente. */
export const DEMO_INVOICING = {
  legalName: 'Tadamoun Commerce Équitable SARL',
  rcCourt: 'Rabat',
  cnss: '8812345',
  paymentDays: 30,
  paymentEndOfMonth: true,
};

/** The wholesale accounts' invoicing details: an invoice needs the buyer's address, the IF is usual. */
export const DEMO_ACCOUNT_DETAILS = {
  hotel: { address: 'Avenue Al Marsa, Marina Bouregreg, Salé', ifNumber: '1088734' },
  epicerie: {
    address: '12, rue Patrice Lumumba, Agdal, Rabat',
    ifNumber: '3345120',
    email: 'achats@darzitoun.ma',
  },
};

function shopDay(at: number): string {
  return localDayKey(at, zoneOffsetMinutes(at));
}

function productIds(store: Store, skuPrefix: string): { coop: number; ids: number[] } {
  const rows = store.all<{ id: number; cooperative_id: number }>(
    "SELECT id, cooperative_id FROM products WHERE sku LIKE ? || '-%' ORDER BY sku",
    skuPrefix,
  );
  const first = rows[0];
  if (!first) throw new Error(`demo: no product ${skuPrefix}`);
  return { coop: first.cooperative_id, ids: rows.map((r) => r.id) };
}

/**
 * One invoice already issued (the épicerie's week, so the list is not empty), the hotel's sales left to
 * invoice by the user, the épicerie's SMS consent, and certificates in each state the screens show: one
 * valid, one expiring within three weeks (the Certificates and Stock screens' warning), one expired, and a
 * food cooperative's ONSSA authorisation covering all its products.
 */
export function seedPaperwork(
  store: Store,
  admin: Actor,
  input: { epicerieId: number; from: number; endAt: number },
): void {
  const now = store.now();
  setConsent(store, admin, {
    customerId: input.epicerieId,
    channel: 'sms',
    given: true,
    at: input.from,
    source: 'Bon de commande signé',
  });
  const { name, address, ice, taxId } = accountBuyer(store, input.epicerieId);
  const from = input.from - DAY;
  // A short demo (one day, another seed) may have sold nothing to the account: then no invoice.
  if (invoicePreview(store, { customerId: input.epicerieId, from, to: now }).sales.length > 0) {
    issueInvoiceForAccount(store, admin, {
      customerId: input.epicerieId,
      from,
      to: now,
      buyer: { name, address, ice, taxId },
    });
  }

  const today = shopDay(input.endAt);
  const day = (offset: number): string => shopDay(input.endAt + offset * DAY);
  const argan = productIds(store, 'ARG-ALI');
  const cosmetic = productIds(store, 'ARG-COS');
  createCertificate(store, admin, {
    cooperativeId: argan.coop,
    kind: 'igp',
    number: 'IGP-ARG-2023-117',
    body: 'Normacert',
    validFrom: `${Number(today.slice(0, 4)) - 3}-01-01`,
    validTo: day(19),
    productIds: [...argan.ids, ...cosmetic.ids],
  });
  createCertificate(store, admin, {
    cooperativeId: argan.coop,
    kind: 'organic',
    number: 'BIO-MA-0451',
    body: 'Ecocert Maroc',
    validFrom: day(-700),
    validTo: day(-12),
    productIds: cosmetic.ids,
  });
  const saffron = productIds(store, 'SAF');
  createCertificate(store, admin, {
    cooperativeId: saffron.coop,
    kind: 'aop',
    number: 'AOP-SAF-TAL-2021-09',
    body: 'Normacert',
    validFrom: day(-900),
    validTo: day(600),
    productIds: saffron.ids,
  });
  const honey = productIds(store, 'MIEL');
  createCertificate(store, admin, {
    cooperativeId: honey.coop,
    kind: 'onssa',
    number: 'ONSSA AS.12.345.21',
    body: 'ONSSA',
    validFrom: day(-400),
    validTo: day(330),
    productIds: [],
  });
}
