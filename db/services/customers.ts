import { fail } from '../../core/errors';
import type { PriceTier } from '../../core/pricing';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import type { Customer } from '../../core/customer';

// The shape is core's (core/customer.ts), re-exported for the handlers that import it from here.
export type { Customer };

interface Row {
  id: number;
  name: string;
  phone: string | null;
  ice: string | null;
  tier: PriceTier;
  active: number;
}

// Field by field: a spread of `SELECT *` also carried created_at, which no type knows (the schema dropped it).
const toCustomer = (r: Row): Customer => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  ice: r.ice,
  tier: r.tier,
  active: r.active === 1,
});

export function listCustomers(store: Store, query = ''): Customer[] {
  const q = `%${query.trim()}%`;
  return store
    .all<Row>(
      'SELECT * FROM customers WHERE active = 1 AND (name LIKE ? OR phone LIKE ? OR ice LIKE ?) ORDER BY name LIMIT 100',
      q,
      q,
      q,
    )
    .map(toCustomer);
}

export function createCustomer(
  store: Store,
  actor: Actor | null,
  input: { name: string; phone?: string | null; ice?: string | null; tier: PriceTier },
): Customer {
  return store.tx(() => {
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO customers (name, phone, ice, tier, created_at) VALUES (?, ?, ?, ?, ?)',
      input.name,
      input.phone ?? null,
      input.ice ?? null,
      input.tier,
      store.now(),
    );
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'customer.create',
      ref: `customer:${id}`,
      payload: input,
    });
    const r = store.get<Row>('SELECT * FROM customers WHERE id = ?', id);
    if (!r) fail('INTERNAL', 'customer vanished', {});
    return toCustomer(r);
  });
}
