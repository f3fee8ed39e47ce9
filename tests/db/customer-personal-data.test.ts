import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../../db/services/catalog-snapshot';
import { checkout } from '../../db/services/checkout';
import { createCustomer, getCustomer, setConsent } from '../../db/services/customers';
import { eraseCustomer } from '../../db/services/personal-data';
import { appError } from './db-helpers';
import { makeFixture, type Fixture } from './fixture';

let f: Fixture | undefined;
afterEach(() => f?.close());

const PHONE = '+212 661 48 29 73';
const EMAIL = 'h.benali@riad-zitoun.ma';
const ADDRESS = '12 derb Sidi Bouloukat, Marrakech';

/** The bytes of the database and its WAL, as someone holding a copy of the file would read them. */
function fileText(fx: Fixture): string {
  fx.db.pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(fx.file).toString('latin1') + readFileSync(`${fx.file}-wal`).toString('latin1');
}

describe('customer personal data in the database', () => {
  it('an erased customer leaves no phone, e-mail or address in the file; the triggers keep erasure one-way', () => {
    f = makeFixture({ withStock: true });
    const c = createCustomer(f.store, f.asManager, {
      name: 'Hassan Benali',
      phone: PHONE,
      email: EMAIL,
      address: ADDRESS,
      tier: 'wholesale',
    });
    setConsent(f.store, f.asManager, {
      customerId: c.id,
      channel: 'whatsapp',
      given: true,
      at: f.now(),
      source: 'formulaire papier signé',
    });
    checkout(f.store, f.asCashier, {
      clientId: randomUUID(),
      customerId: c.id,
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'card', amount: f.products.oil.wholesalePrice }],
    });
    // Written to the file (row, consent contact) but, since migration 017, never to the journal.
    expect(fileText(f)).toContain(EMAIL);

    eraseCustomer(f.store, f.asAdmin, { customerId: c.id, confirm: 'hassan  BENALI' });
    const text = fileText(f);
    for (const personal of [PHONE, EMAIL, ADDRESS, 'Hassan Benali']) expect(text).not.toContain(personal);

    // One-way, even for a hand-written UPDATE: no field of an erased account comes back.
    expect(() => f!.db.prepare("UPDATE customers SET phone = '0600' WHERE id = ?").run(c.id)).toThrow(
      /erased customer cannot be changed/,
    );
    expect(() =>
      f!.db.prepare("UPDATE customer_consents SET source = 'x' WHERE customer_id = ?").run(c.id),
    ).toThrow(/append-only/);
    expect(() => f!.db.prepare('DELETE FROM customer_consents WHERE customer_id = ?').run(c.id)).toThrow(
      /append-only/,
    );
    expect(() =>
      f!.db
        .prepare(
          "INSERT INTO customer_consents (customer_id, channel, given, at, recorded_at, source) VALUES (?, 'sms', 1, 1, 1, 'x')",
        )
        .run(c.id),
    ).toThrow(/erased customer cannot consent/);
    const after = getCustomer(f.store, c.id);
    expect(after.consents.find((s) => s.channel === 'whatsapp')).toMatchObject({ given: false });
    expect(after.consentHistory.map((e) => e.contact)).toEqual([null, null]);
  });

  it('an erasure that would leave a personal field is refused by the schema itself', () => {
    f = makeFixture({ withStock: false });
    const c = createCustomer(f.store, f.asManager, { name: 'Atlas', phone: PHONE, tier: 'semi' });
    expect(() =>
      f!.db.prepare("UPDATE customers SET name = 'x', erased_at = 1 WHERE id = ?").run(c.id),
    ).toThrow(/clears every personal field/);
  });

  it('a consent needs the contact of its channel, and dates in order', () => {
    f = makeFixture({ withStock: false, openSession: false });
    const c = createCustomer(f.store, f.asManager, { name: 'Atlas', phone: PHONE, tier: 'semi' });
    const give = (channel: 'sms' | 'email', at: number) =>
      setConsent(f!.store, f!.asManager, {
        customerId: c.id,
        channel,
        given: true,
        at,
        source: 'formulaire',
      });
    expect(appError(() => give('email', f!.now())).code).toBe('CONSENT_NO_CONTACT');
    give('sms', f.now() - 86_400_000);
    expect(appError(() => give('sms', f!.now() - 2 * 86_400_000)).code).toBe('VALIDATION');
    expect(appError(() => give('sms', f!.now() + 86_400_000)).code).toBe('VALIDATION');
    expect(getCustomer(f.store, c.id).consentHistory).toHaveLength(1);
  });

  it("a till's offline catalogue drops an erased customer: the version changes and the row is not sent", () => {
    f = makeFixture({ withStock: false, openSession: false });
    const c = createCustomer(f.store, f.asManager, {
      name: 'Hassan Benali',
      phone: PHONE,
      tier: 'wholesale',
    });
    const before = catalogSnapshot(f.store, 'T1', { afterId: 0, limit: 10 });
    // Sent for offline sales (never its phone: no till reads it), until the erasure.
    expect(before.customers?.map((r) => [r.id, r.phone])).toEqual([[c.id, undefined]]);
    eraseCustomer(f.store, f.asAdmin, { customerId: c.id, confirm: 'Hassan Benali' });
    const after = catalogSnapshot(f.store, 'T1', { afterId: 0, limit: 10 });
    expect(after.version).not.toBe(before.version);
    expect(after.customers).toEqual([]);
  });
});
