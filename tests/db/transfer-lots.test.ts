import { afterEach, expect, it } from 'vitest';
import type { IncomingTransfer } from '../../core/hq-catalog-wire';
import { checkout } from '../../db/services/checkout';
import { receiveDelivery, stockLots, stockOnHand } from '../../db/services/stock';
import { receiveTransfer, sendTransfer } from '../../db/services/transfers';
import { expectStockConserved } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

const DAY = 86_400_000;
const open: Fixture[] = [];
afterEach(() => {
  for (const f of open.splice(0)) f.close();
});

/** What HQ would relay to the receiver: the sender's journaled lines. */
function relayed(from: Fixture, transferId: string): IncomingTransfer {
  const row = from.db
    .prepare("SELECT at, payload FROM journal WHERE kind = 'transfer.send' ORDER BY seq DESC LIMIT 1")
    .get() as { at: number; payload: string };
  const p = JSON.parse(row.payload) as { toShop: string; note: string; lines: IncomingTransfer['lines'] };
  return { transferId, fromShop: 'rabat', toShop: p.toShop, sentAt: row.at, note: p.note, lines: p.lines };
}

it('a received transfer is a lot at the receiver: best-before travels, age counts from the chain delivery, FIFO sells it first', () => {
  const rabat = makeFixture();
  const fes = makeFixture({ withStock: false });
  open.push(rabat, fes);
  const deliveredAt = rabat.now();
  // Forty days on the shelf in Rabat, then ten units of lot L1 go to Fès.
  rabat.tick(40 * DAY);
  fes.setClock(rabat.now());
  sendTransfer(rabat.store, rabat.asManager, {
    transferId: 'tr-lots-1',
    toShop: 'fes',
    lines: [{ productId: rabat.products.oil.id, quantity: 10_000, lot: 'L1' }],
  });
  fes.tick(2 * DAY);
  receiveTransfer(fes.store, fes.asManager, relayed(rabat, 'tr-lots-1'), { received: [8_000] });

  const oil = fes.products.oil.id;
  const argan = fes.coops.argan.id;
  expect(stockLots(fes.store, oil, argan)).toEqual([
    expect.objectContaining({
      source: 'transfer',
      fromShop: 'rabat',
      noteRef: 'tr-lots-1',
      lot: 'L1',
      bestBefore: '2027-06-30',
      receivedAt: deliveredAt,
      received: 8_000,
      onHand: 8_000,
    }),
  ]);
  const row = () => stockOnHand(fes.store).find((r) => r.productId === oil && r.cooperativeId === argan)!;
  expect(row()).toMatchObject({ onHand: 8_000, nearestBestBefore: '2027-06-30', ageDays: 42 });

  // A fresh delivery of the same product in Fès: the transferred lot is older, so it sells first.
  fes.tick(DAY);
  receiveDelivery(fes.store, fes.asManager, {
    clientId: uid('d'),
    cooperativeId: argan,
    noteRef: 'BL-FES-1',
    lines: [{ productId: oil, quantity: 5_000, lot: 'L9', bestBefore: '2027-12-31' }],
  });
  checkout(fes.store, fes.asCashier, {
    clientId: uid(),
    lines: [{ productId: oil, quantity: 3_000 }],
    payments: [{ method: 'card', amount: 36_000 }],
  });
  const lots = stockLots(fes.store, oil, argan);
  expect(lots.map((l) => [l.source, l.lot, l.onHand])).toEqual([
    ['delivery', 'L9', 5_000],
    ['transfer', 'L1', 5_000],
  ]);
  expect(row()).toMatchObject({ onHand: 10_000, nearestBestBefore: '2027-06-30', ageDays: 43 });
  expectStockConserved(fes.db);
});

it('a line sent without a lot takes the oldest lot on the shelf (first in, first out) with its best-before', () => {
  const rabat = makeFixture();
  const fes = makeFixture({ withStock: false });
  open.push(rabat, fes);
  rabat.tick(DAY);
  receiveDelivery(rabat.store, rabat.asManager, {
    clientId: uid('d'),
    cooperativeId: rabat.coops.argan.id,
    noteRef: 'BL-NEW',
    lines: [{ productId: rabat.products.amlou.id, quantity: 5_000, lot: 'A2', bestBefore: '2027-09-30' }],
  });
  sendTransfer(rabat.store, rabat.asManager, {
    transferId: 'tr-lots-2',
    toShop: 'fes',
    lines: [{ productId: rabat.products.amlou.id, quantity: 2_000 }],
  });
  const t = relayed(rabat, 'tr-lots-2');
  expect(t.lines[0]).toMatchObject({ lot: 'A1', bestBefore: '2027-01-31' });
  receiveTransfer(fes.store, fes.asManager, t, { received: [2_000] });
  expect(stockLots(fes.store, fes.products.amlou.id, fes.coops.argan.id)).toEqual([
    expect.objectContaining({ lot: 'A1', bestBefore: '2027-01-31', receivedAt: rabat.now() - DAY }),
  ]);
});

it('a transfer from a sender that did not carry the first delivery date is dated when it was sent', () => {
  const rabat = makeFixture();
  const fes = makeFixture({ withStock: false });
  open.push(rabat, fes);
  rabat.tick(10 * DAY);
  sendTransfer(rabat.store, rabat.asManager, {
    transferId: 'tr-lots-3',
    toShop: 'fes',
    lines: [{ productId: rabat.products.oil.id, quantity: 1_000, lot: 'L1' }],
  });
  const t = relayed(rabat, 'tr-lots-3');
  const { receivedAt: _dropped, ...older } = t.lines[0]!;
  fes.setClock(rabat.now() + DAY);
  receiveTransfer(fes.store, fes.asManager, { ...t, lines: [older] }, { received: [1_000] });
  expect(stockLots(fes.store, fes.products.oil.id, fes.coops.argan.id)).toEqual([
    expect.objectContaining({ lot: 'L1', bestBefore: '2027-06-30', receivedAt: t.sentAt }),
  ]);
});
