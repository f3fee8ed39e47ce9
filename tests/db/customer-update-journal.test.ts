/**
 * The account form sends every field on each save (name, phone, e-mail, address, ICE, IF, tier). The journal
 * and the customer's own data export must name only the fields that changed: a save that changed the address
 * must not read, in a loi 09-08 export, as if the name, phone and ICE had been rewritten too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCustomer, updateCustomer } from '../../db/services/customers';
import { makeFixture, type Fixture } from './fixture';

let f: Fixture | undefined;
afterEach(() => f?.close());

const FORM = {
  name: 'Hôtel Bouregreg Palace',
  phone: '+212 537 72 10 10',
  email: '',
  address: '',
  ice: '001872365000072',
  ifNumber: '',
  tier: 'wholesale' as const,
};

function updates(fx: Fixture): { payload: { fields: string[] } }[] {
  return (
    fx.db
      .prepare("SELECT payload FROM journal WHERE kind = 'customer.update' ORDER BY seq")
      .pluck()
      .all() as string[]
  ).map((p) => ({ payload: JSON.parse(p) as { fields: string[] } }));
}

describe('customer.update journals what changed', () => {
  it('names only the changed fields when the form sends them all, and nothing for a save that changed nothing', () => {
    f = makeFixture();
    const c = createCustomer(f.store, f.asManager, FORM);
    f.setClock(f.now() + 60_000);
    const saved = updateCustomer(f.store, f.asManager, c.id, {
      ...FORM,
      address: 'Avenue Al Marsa, Salé',
      ifNumber: '1088734',
    });
    expect(updates(f).map((u) => u.payload.fields)).toEqual([['address', 'if_number']]);
    expect(saved.address).toBe('Avenue Al Marsa, Salé');

    // The same form saved again: no entry, the account's "updated" time stays that of the real change.
    f.setClock(f.now() + 60_000);
    const again = updateCustomer(f.store, f.asManager, c.id, {
      ...FORM,
      address: 'Avenue Al Marsa, Salé',
      ifNumber: '1088734',
    });
    expect(updates(f)).toHaveLength(1);
    expect(again.updatedAt).toBe(saved.updatedAt);

    // A tier change still carries its value (terms, not personal data); a cleared field is a change.
    updateCustomer(f.store, f.asManager, c.id, { ...FORM, tier: 'semi', ifNumber: '' });
    expect(updates(f).at(-1)?.payload).toEqual({ fields: ['address', 'if_number', 'tier'], tier: 'semi' });
  });
});
