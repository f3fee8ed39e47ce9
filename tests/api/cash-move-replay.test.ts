import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { postApi, type ApiAnswer } from '../helpers/api-call';
import { useTestStation } from '../helpers/station';

// A cash in/out named by the till's own client id: a till that sends it again (its answer was lost on a cut
// link) gets the stored movement back instead of a second one in the drawer's expected cash; the same id with
// other content is CLIENT_ID_REUSED, as for sales, returns and deliveries.

const s = useTestStation();

function footprint(): Record<string, number> {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    return Object.fromEntries(
      ['cash_movements', 'journal'].map((t) => [
        t,
        (db.prepare(`SELECT COUNT(*) n FROM ${t}`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

const ok = (a: ApiAnswer): any => {
  expect(a.error, `${a.status} ${JSON.stringify(a.error)}`).toBeUndefined();
  return a.result;
};

describe('cash.move with a client id', () => {
  it('records the same request sent twice once, and refuses the id with other content', async () => {
    const cashier = await s.login(s.users.cashier.id, '1357');
    const move = (input: unknown) => postApi(s.url, 'cash.move', input, cashier);
    const expected = async () => ok(await postApi(s.url, 'cash.xReport', {}, cashier)).expectedCash as number;
    const drawer = await expected();
    const first = { clientId: 'cash-move-0001', kind: 'out', amount: 20_000, reason: 'Dépôt banque' };

    const stored = ok(await move(first));
    expect(stored.replayed).toBe(false);
    const before = footprint();
    expect(ok(await move(first))).toEqual({ ...stored, replayed: true });
    expect(footprint()).toEqual(before);
    expect(await expected()).toBe(drawer - 20_000);

    for (const [what, variant] of [
      ['amount', { amount: 20_001 }],
      ['kind', { kind: 'in' }],
      ['reason', { reason: 'Fournitures' }],
    ] as const) {
      const refused = await move({ ...first, ...variant });
      expect(refused.status, what).toBe(409);
      expect(refused.error, what).toMatchObject({
        code: 'CLIENT_ID_REUSED',
        details: { kind: 'cash_movement', clientId: first.clientId, movementId: stored.id },
      });
    }
    expect(footprint()).toEqual(before);
    expect(await expected()).toBe(drawer - 20_000);
  });

  it('a movement without a client id is recorded each time, as before', async () => {
    const cashier = await s.login(s.users.cashier.id, '1357');
    const input = { kind: 'in', amount: 5_000, reason: 'Monnaie' };
    const before = footprint();
    const a = ok(await postApi(s.url, 'cash.move', input, cashier));
    const b = ok(await postApi(s.url, 'cash.move', input, cashier));
    expect(b.id).not.toBe(a.id);
    expect(footprint().cash_movements).toBe(before.cash_movements! + 2);
  });
});
