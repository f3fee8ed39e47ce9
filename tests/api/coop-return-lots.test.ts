import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { postApi } from '../helpers/api-call';
import { useTestStation } from '../helpers/station';

// A return to a cooperative with two lines of one product (two lots going back) is normal. It used to be
// checked line by line against stock the first line had already reduced: 26 + 20 of 50 on hand was refused
// ("Only 24000 ... 46000 to return"). The total per product is checked once, against the stock before.

const s = useTestStation();

function read<T>(sql: string, ...args: unknown[]): T {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    return db.prepare(sql).get(...args) as T;
  } finally {
    db.close();
  }
}

const rows = () =>
  read<{ notes: number; lines: number; moves: number; journal: number }>(
    `SELECT (SELECT COUNT(*) FROM coop_returns) notes, (SELECT COUNT(*) FROM coop_return_lines) lines,
       (SELECT COUNT(*) FROM stock_movements) moves, (SELECT COUNT(*) FROM journal) journal`,
  );

const onHandOf = (productId: number) =>
  read<{ on_hand: number }>(
    'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
    productId,
    s.coops.argan.id,
  ).on_hand;

async function send(clientId: string, lines: unknown[]) {
  const manager = await s.login(s.users.manager.id, '2468');
  return postApi(
    s.url,
    'stock.returnToCooperative',
    { clientId, cooperativeId: s.coops.argan.id, reason: 'DLUO proche', lines },
    manager,
  );
}

describe('stock.returnToCooperative with two lines of one product', () => {
  it('takes 26 + 20 of the 50 on hand back in one note', async () => {
    const before = rows();
    const back = await send('coop-return-lots-1', [
      { productId: s.products.oil.id, quantity: 26_000, lot: 'L1' },
      { productId: s.products.oil.id, quantity: 20_000, lot: 'L2' },
    ]);
    expect(back.error).toBeUndefined();
    expect(back.result.replayed).toBe(false);
    expect(onHandOf(s.products.oil.id)).toBe(4_000);
    expect(rows()).toEqual({
      notes: before.notes + 1,
      lines: before.lines + 2,
      moves: before.moves + 2,
      journal: before.journal + 1,
    });
  });

  it('refuses a total above the stock before the return, naming that stock, and writes nothing', async () => {
    expect(onHandOf(s.products.amlou.id)).toBe(30_000);
    const before = rows();
    const tooMuch = await send('coop-return-lots-2', [
      { productId: s.products.amlou.id, quantity: 20_000, lot: 'A1' },
      { productId: s.products.oil.id, quantity: 1_000, lot: 'L1' },
      { productId: s.products.amlou.id, quantity: 11_000, lot: 'A2' },
    ]);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.error).toMatchObject({
      code: 'OUT_OF_STOCK',
      details: {
        productId: s.products.amlou.id,
        productName: s.products.amlou.nameFr,
        cooperativeId: s.coops.argan.id,
        onHand: 30_000,
        requested: 31_000,
      },
    });
    expect(rows()).toEqual(before);
    expect(onHandOf(s.products.amlou.id)).toBe(30_000);
  });
});
