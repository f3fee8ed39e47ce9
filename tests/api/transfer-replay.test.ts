import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sendTransfer } from '../../db/services/transfers';
import { postApi, type ApiAnswer } from '../helpers/api-call';
import { useTestStation } from '../helpers/station';

// transfers.send with a transfer id already used: the same request is a retry (the stored transfer, nothing
// moves again); other content is CLIENT_ID_REUSED, as for sales, returns and deliveries. Before, anything
// sent to the same shop was answered `replayed` and the second transfer was lost without a word.

const OLD_TRANSFER = 'old-transfer-0001';

const s = useTestStation({
  // A transfer sent before its request was fingerprinted (migration 020): its column is NULL.
  prepare(f) {
    sendTransfer(f.store, f.asManager, {
      transferId: OLD_TRANSFER,
      toShop: 'fes',
      lines: [{ productId: f.products.amlou.id, quantity: 1_000 }],
    });
    f.db
      .prepare('UPDATE transfers_out SET request_fingerprint = NULL WHERE transfer_id = ?')
      .run(OLD_TRANSFER);
  },
});

function footprint(): Record<string, number> {
  const db = new Database(s.fixture.file, { readonly: true });
  try {
    return Object.fromEntries(
      ['transfers_out', 'transfer_out_lines', 'stock_movements', 'journal'].map((t) => [
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

describe('transfers.send sent again under its transfer id', () => {
  it('replays the same request and refuses other content with CLIENT_ID_REUSED, writing nothing', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const send = (input: unknown) => postApi(s.url, 'transfers.send', input, manager);
    const first = {
      transferId: 'c0ffee00-0000-4000-8000-000000000001',
      toShop: 'oujda',
      note: 'Réassort',
      // No lot named: the station picks it (FIFO) and stores L1, which the request never said.
      lines: [{ productId: s.products.oil.id, quantity: 10_000 }],
    };
    const stored = ok(await send(first));
    expect(stored.replayed).toBe(false);
    const before = footprint();
    expect(ok(await send(first))).toEqual({ ...stored, replayed: true });
    // Optional fields spelled out as their defaults are the same request.
    expect(ok(await send({ ...first, lines: [{ ...first.lines[0], lot: '', bestBefore: null }] }))).toEqual({
      ...stored,
      replayed: true,
    });
    const variants: [string, Record<string, unknown>][] = [
      ['quantity', { lines: [{ productId: s.products.oil.id, quantity: 5_000 }] }],
      ['product', { lines: [{ productId: s.products.amlou.id, quantity: 10_000 }] }],
      // The lot the station picked, now named: still not what was asked the first time.
      ['lot', { lines: [{ productId: s.products.oil.id, quantity: 10_000, lot: 'L1' }] }],
      [
        'best-before',
        { lines: [{ productId: s.products.oil.id, quantity: 10_000, bestBefore: '2027-01-01' }] },
      ],
      [
        'cooperative',
        { lines: [{ productId: s.products.oil.id, quantity: 10_000, cooperativeId: s.coops.honey.id }] },
      ],
      ['a second line', { lines: [...first.lines, { productId: s.products.amlou.id, quantity: 1_000 }] }],
      ['note', { note: 'Autre chose' }],
      ['receiving shop', { toShop: 'fes' }],
    ];
    for (const [what, variant] of variants) {
      const refused = await send({ ...first, ...variant });
      expect(refused.status, what).toBe(409);
      expect(refused.error, what).toMatchObject({
        code: 'CLIENT_ID_REUSED',
        details: {
          kind: 'transfer',
          clientId: first.transferId,
          transferId: first.transferId,
          id: stored.id,
        },
      });
      expect(refused.error?.message, what).toContain(first.transferId);
    }
    expect(footprint()).toEqual(before);
  });

  it('a transfer stored before fingerprints keeps the old check: the same shop replays, another is CONFLICT', async () => {
    const manager = await s.login(s.users.manager.id, '2468');
    const before = footprint();
    const again = await postApi(
      s.url,
      'transfers.send',
      {
        transferId: OLD_TRANSFER,
        toShop: 'fes',
        lines: [{ productId: s.products.amlou.id, quantity: 1_000 }],
      },
      manager,
    );
    expect(ok(again).replayed).toBe(true);
    const elsewhere = await postApi(
      s.url,
      'transfers.send',
      {
        transferId: OLD_TRANSFER,
        toShop: 'oujda',
        lines: [{ productId: s.products.amlou.id, quantity: 1_000 }],
      },
      manager,
    );
    expect([elsewhere.status, elsewhere.error?.code]).toEqual([409, 'CONFLICT']);
    expect(footprint()).toEqual(before);
  });
});
