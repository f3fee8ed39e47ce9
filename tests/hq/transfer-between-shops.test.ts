import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { HQ_TRANSFERS_TRANSIT_PATH, type TransitRow } from '../../core/hq-catalog-wire';
import { verifyJournal } from '../../db/journal';
import { checkout } from '../../db/services/checkout';
import { HqPusher } from '../../db/services/hq-push';
import { draftSettlement } from '../../db/services/settlements';
import { stockOnHand } from '../../db/services/stock';
import { listTransfers, sendTransfer } from '../../db/services/transfers';
import { incomingTransfers, receiveIncomingTransfer } from '../../db/services/transfers-incoming';
import { startHq, type Hq } from '../../hq/service';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { expectStockConserved } from '../db/db-helpers';
import { describePg, usePostgres } from '../helpers/postgres';

const STAFF = 'hq-staff-key-for-the-transfer-test';
const A = { id: 'marrakech', key: 'key-marrakech-0123456789ab' };
const B = { id: 'tanger', key: 'key-tanger-0123456789abcdef' };

describePg(
  'consigned stock moved from one shop to another through HQ (real PostgreSQL, HTTP, SQLite)',
  () => {
    const pg = usePostgres();
    let hq: Hq;
    let a: Fixture;
    let b: Fixture;
    const pushers: HqPusher[] = [];
    const config = (s: typeof A) => ({ url: hq.url, shopId: s.id, key: s.key });

    beforeAll(async () => {
      hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: [A, B] });
      a = makeFixture();
      b = makeFixture({ withStock: false });
      for (const [f, s] of [
        [a, A],
        [b, B],
      ] as const) {
        const p = new HqPusher(f.store, { ...config(s), pollMs: 50, minBackoffMs: 50, maxBackoffMs: 500 });
        p.start();
        pushers.push(p);
      }
    }, 120_000);
    afterAll(async () => {
      for (const p of pushers) await p.stop();
      await hq?.close();
      a?.close();
      b?.close();
    });

    /** Waits until HQ holds the shop's whole journal. */
    async function pushed(f: Fixture, shopId: string) {
      const head = f.store.get<{ seq: number }>('SELECT max(seq) seq FROM journal')!.seq;
      await expect
        .poll(
          async () =>
            (
              await hq.pool.query<{ last_seq: number }>('SELECT last_seq FROM hq_shops WHERE id = $1', [
                shopId,
              ])
            ).rows[0]?.last_seq,
          { timeout: 30_000 },
        )
        .toBe(head);
    }

    const transit = async (coop?: string): Promise<TransitRow[]> => {
      const res = await fetch(
        `${hq.url}${HQ_TRANSFERS_TRANSIT_PATH}${coop ? `?coop=${encodeURIComponent(coop)}` : ''}`,
        {
          headers: { authorization: `Bearer ${STAFF}` },
        },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { lines: TransitRow[] }).lines;
    };

    const onHand = (f: Fixture) =>
      stockOnHand(f.store).find(
        (r) => r.productId === f.products.oil.id && r.cooperativeId === f.coops.argan.id,
      )?.onHand ?? 0;

    it('10 units of a lot leave A, are in transit at HQ, arrive at B once; ownership and settlements unchanged', async () => {
      // A sells two first, so its draft statement has lines a transfer must not touch.
      checkout(a.store, a.asCashier, {
        clientId: uid(),
        lines: [{ productId: a.products.oil.id, quantity: 2_000 }],
        payments: [{ method: 'card', amount: 24_000 }],
      });
      const periodEnd = a.now() + 1;
      const draftA = () => draftSettlement(a.store, { cooperativeId: a.coops.argan.id, periodEnd });
      const statementBefore = draftA();
      const aBefore = onHand(a);
      expect(aBefore).toBe(48_000);
      expect(onHand(b)).toBe(0);

      const transferId = '3f2a8c1e-7d4b-4e55-9a10-0c6e2b9f7a31';
      a.tick(60_000);
      const sent = sendTransfer(a.store, a.asManager, {
        transferId,
        toShop: B.id,
        note: 'Réassort Tanger',
        lines: [{ productId: a.products.oil.id, quantity: 10_000, lot: 'L1' }],
      });
      expect(sent.replayed).toBe(false);
      expect(onHand(a)).toBe(aBefore - 10_000);
      // Sent twice (a lost answer): the same transfer, nothing moves again.
      expect(
        sendTransfer(a.store, a.asManager, {
          transferId,
          toShop: B.id,
          note: 'Réassort Tanger',
          lines: [{ productId: a.products.oil.id, quantity: 10_000, lot: 'L1' }],
        }).replayed,
      ).toBe(true);
      expect(onHand(a)).toBe(aBefore - 10_000);
      // The cooperative still owns it: A's movement stays under the cooperative, its statement is unchanged.
      expect(
        a.store.get('SELECT cooperative_id, qty, kind FROM stock_movements ORDER BY id DESC LIMIT 1'),
      ).toEqual({ cooperative_id: a.coops.argan.id, qty: -10_000, kind: 'transfer_out' });
      expect(draftA()).toEqual(statementBefore);

      await pushed(a, A.id);
      expect(await transit('reg:200512')).toEqual([
        {
          coopCode: 'reg:200512',
          transferId,
          fromShop: A.id,
          toShop: B.id,
          sentAt: a.now(),
          sku: 'ARG-250',
          quantity: 10_000,
        },
      ]);
      expect(await transit('name:cooperative miel atlas')).toEqual([]);

      const incoming = await incomingTransfers(b.store, config(B));
      expect(incoming).toHaveLength(1);
      expect(incoming[0]).toMatchObject({
        transferId,
        fromShop: A.id,
        note: 'Réassort Tanger',
        lines: [
          { sku: 'ARG-250', coopCode: 'reg:200512', quantity: 10_000, lot: 'L1', bestBefore: '2027-06-30' },
        ],
      });
      // A shop sees only what is sent to it.
      expect(await incomingTransfers(a.store, config(A))).toEqual([]);

      const got = await receiveIncomingTransfer(b.store, b.asManager, config(B), transferId, {
        received: [10_000],
      });
      expect(got.shortfall).toBe(0);
      expect(onHand(b)).toBe(10_000);
      expect(
        b.store.get('SELECT cooperative_id, kind FROM stock_movements ORDER BY id DESC LIMIT 1'),
      ).toEqual({
        cooperative_id: b.coops.argan.id,
        kind: 'transfer_in',
      });
      expect(listTransfers(b.store)[0]).toMatchObject({
        direction: 'in',
        transferId,
        shop: A.id,
        lines: [{ sku: 'ARG-250', sent: 10_000, received: 10_000, lot: 'L1', bestBefore: '2027-06-30' }],
      });

      // Received twice, before and after HQ heard of the first: the same count is the stored receipt (a
      // retry after a lost answer), another count is refused; nothing changes either way.
      const refused = async () => {
        const before = onHand(b);
        const retry = await receiveIncomingTransfer(b.store, b.asManager, config(B), transferId, {
          received: [10_000],
        });
        expect(retry).toEqual({ ...got, replayed: true });
        const err = await receiveIncomingTransfer(b.store, b.asManager, config(B), transferId, {
          received: [8_000],
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('TRANSFER_ALREADY_RECEIVED');
        expect(onHand(b)).toBe(before);
      };
      await refused();
      await pushed(b, B.id);
      expect(await transit()).toEqual([]);
      expect(await incomingTransfers(b.store, config(B))).toEqual([]);
      await refused();
      // With HQ out of reach (a port nobody listens on), the retry is answered from the shop's own file.
      const gone = createServer();
      await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
      const { port } = gone.address() as AddressInfo;
      await new Promise<void>((resolve) => gone.close(() => resolve()));
      const offline = { ...config(B), url: `http://127.0.0.1:${port}` };
      expect(
        await receiveIncomingTransfer(b.store, b.asManager, offline, transferId, { received: [10_000] }),
      ).toEqual({ ...got, replayed: true });

      // The chain's 10 units: -10 at A, +10 at B, the cooperative's throughout.
      expect(onHand(a) + onHand(b)).toBe(aBefore);
      expect(draftA()).toEqual(statementBefore);
      for (const f of [a, b]) {
        expectStockConserved(f.db);
        expect(verifyJournal(f.store).ok).toBe(true);
      }
    });

    it('a shortfall is noted line by line; what did not arrive never enters B', async () => {
      const transferId = '9b1d2c3e-4f50-4617-8a9b-0c1d2e3f4a5b';
      a.tick(60_000);
      sendTransfer(a.store, a.asManager, {
        transferId,
        toShop: B.id,
        lines: [
          { productId: a.products.oil.id, quantity: 3_000 },
          { productId: a.products.amlou.id, quantity: 2_000, lot: 'A1' },
        ],
      });
      await pushed(a, A.id);
      expect((await transit()).map((l) => [l.sku, l.quantity])).toEqual([
        ['AML-300', 2_000],
        ['ARG-250', 3_000],
      ]);
      const bOil = onHand(b);
      const got = await receiveIncomingTransfer(b.store, b.asManager, config(B), transferId, {
        received: [3_000, 1_000],
      });
      expect(got.shortfall).toBe(1_000);
      expect(onHand(b)).toBe(bOil + 3_000);
      expect(
        b.store.get<{ sent_qty: number; qty: number }>(
          'SELECT sent_qty, qty FROM transfer_in_lines WHERE product_id = ? ORDER BY id DESC LIMIT 1',
          b.products.amlou.id,
        ),
      ).toEqual({ sent_qty: 2_000, qty: 1_000 });
      // More than was sent is refused whole.
      expect(() =>
        sendTransfer(a.store, a.asManager, {
          transferId: uid('t'),
          toShop: B.id,
          lines: [{ productId: a.products.oil.id, quantity: 1_000_000 }],
        }),
      ).toThrow(expect.objectContaining({ code: 'OUT_OF_STOCK' }));
      await pushed(b, B.id);
      expect(await transit()).toEqual([]);
      for (const f of [a, b]) expectStockConserved(f.db);
    });
  },
);
