/**
 * Consigned stock moved between shops of the chain (issue 12). The goods stay the cooperative's: the sending
 * shop's ledger gets a 'transfer_out' under the cooperative, the receiving shop's a 'transfer_in' under the
 * same cooperative (matched by its chain code), so neither settlement changes hands. The two shops never
 * talk: the send is journaled, pushed to HQ, and HQ relays it to the receiver (hq/transfers.ts), who
 * receives it against its transfer id exactly once, a shortfall noted line by line.
 */
import { cooperativeCode } from '../../core/cooperative-code';
import { fail } from '../../core/errors';
import type { IncomingTransfer, TransferLine } from '../../core/hq-catalog-wire';
import type { TransferView } from '../../core/transfer';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { contentFingerprint, refuseReusedClientId } from './client-ids';
import { getCooperative } from './cooperatives';
import { move, onHand, stockLots, type StockLot } from './stock';

export interface TransferSendInput {
  /** The chain-wide id (a UUID the sender makes once): a replay of the same send changes nothing. */
  transferId: string;
  /** The receiving shop's chain id (as HQ knows it); a central store is a shop too. */
  toShop: string;
  note?: string;
  lines: {
    productId: number;
    /** Whose consignment leaves; absent: the product's cooperative. */
    cooperativeId?: number;
    quantity: number;
    lot?: string;
    bestBefore?: string | null;
  }[];
}

export interface TransferReceiveInput {
  /** Quantity that arrived for each line of the transfer, in its order (0 for a line that did not come). */
  received: number[];
  note?: string;
}

// The shape is core's (core/transfer.ts), re-exported for the handlers that import it from here.
export type { TransferView };

/** The chain code the shop's cooperative is known by (linked by the catalogue pull, else its own). */
export function coopChainCode(store: Store, cooperativeId: number): string {
  const row = store.get<{ hq_code: string | null }>(
    'SELECT hq_code FROM cooperatives WHERE id = ?',
    cooperativeId,
  );
  return row?.hq_code ?? cooperativeCode(getCooperative(store, cooperativeId));
}

function coopForCode(store: Store, code: string): number | null {
  const linked = store.get<{ id: number }>('SELECT id FROM cooperatives WHERE hq_code = ?', code);
  if (linked) return linked.id;
  const all = store.all<{ id: number }>('SELECT id FROM cooperatives WHERE hq_code IS NULL ORDER BY id');
  return all.find((c) => coopChainCode(store, c.id) === code)?.id ?? null;
}

/**
 * The lot a line takes from the shelf, with its best-before and the date its cooperative delivered it to the
 * chain: the named lot (its oldest delivery still on the shelf), or with no lot named the oldest lot on the
 * shelf (first in, first out), as the Transfers screen proposes it. Read before the line leaves the ledger.
 */
function lotLeaving(
  store: Store,
  productId: number,
  cooperativeId: number,
  lot: string | undefined,
): StockLot | null {
  const lots = stockLots(store, productId, cooperativeId).reverse();
  const onShelf = lots.filter((l) => l.onHand > 0);
  if (lot === undefined || lot === '') return onShelf[0] ?? null;
  return onShelf.find((l) => l.lot === lot) ?? lots.find((l) => l.lot === lot) ?? null;
}

/**
 * What makes two sends the same transfer: the request as sent (receiving shop, note, each line in order with
 * its product, cooperative, quantity, lot and best-before as asked, an omitted one as its default). Not the
 * stored lines: their lot, best-before and cooperative are resolved at send time (FIFO, the product's
 * cooperative), so a retry of the same request would not match them, hence the stored request fingerprint.
 */
function transferRequestFingerprint(t: TransferSendInput): string {
  return contentFingerprint({
    toShop: t.toShop,
    note: t.note ?? '',
    lines: t.lines.map((l) => [
      l.productId,
      l.cooperativeId ?? null,
      l.quantity,
      l.lot ?? '',
      l.bestBefore ?? null,
    ]),
  });
}

/** Sends consigned stock to another shop: out of this shop's ledger now, into the other's when it receives. */
export function sendTransfer(
  store: Store,
  actor: Actor,
  input: TransferSendInput,
): { id: number; transferId: string; replayed: boolean } {
  return store.tx(() => {
    const fingerprint = transferRequestFingerprint(input);
    const existing = store.get<{ id: number; to_shop: string; request_fingerprint: string | null }>(
      'SELECT id, to_shop, request_fingerprint FROM transfers_out WHERE transfer_id = ?',
      input.transferId,
    );
    if (existing) {
      // Sent before requests were fingerprinted (migration 020): only the receiving shop can be compared.
      if (existing.request_fingerprint === null && existing.to_shop !== input.toShop) {
        fail('CONFLICT', `Transfer ${input.transferId} was already sent to ${existing.to_shop}.`, {
          transferId: input.transferId,
        });
      }
      refuseReusedClientId(
        'transfer',
        input.transferId,
        existing.request_fingerprint,
        fingerprint,
        `transfer ${existing.id} to ${existing.to_shop}`,
        { transferId: input.transferId, id: existing.id },
      );
      return { id: existing.id, transferId: input.transferId, replayed: true };
    }
    if (input.lines.length === 0) fail('VALIDATION', 'A transfer needs at least one line.', {});
    const at = store.now();
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO transfers_out (transfer_id, to_shop, note, user_id, at, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?)',
      input.transferId,
      input.toShop,
      input.note ?? '',
      actor.userId,
      at,
      fingerprint,
    );
    const lines: TransferLine[] = input.lines.map((line, i) => {
      const p = store.get<{
        sku: string;
        name_fr: string;
        name_ar: string;
        unit: Unit;
        cooperative_id: number;
      }>('SELECT sku, name_fr, name_ar, unit, cooperative_id FROM products WHERE id = ?', line.productId);
      if (!p) fail('NOT_FOUND', `Line ${i + 1}: no product with id ${line.productId}.`, { line: i + 1 });
      const coopId = line.cooperativeId ?? p.cooperative_id;
      if (!isValidQuantity(p.unit, line.quantity) || line.quantity <= 0) {
        fail('INVALID_QUANTITY', `Line ${i + 1}: ${line.quantity} is not a valid quantity of ${p.name_fr}.`, {
          line: i + 1,
        });
      }
      const have = onHand(store, line.productId, coopId);
      if (have < line.quantity) {
        // Named as the till names a shortage (error.OUT_OF_STOCK says product, cooperative, what is there).
        fail('OUT_OF_STOCK', `Line ${i + 1}: only ${have} of ${p.name_fr} on hand for this cooperative.`, {
          line: i + 1,
          productId: line.productId,
          productName: p.name_fr,
          cooperativeId: coopId,
          cooperativeName: getCooperative(store, coopId).nameFr,
          onHand: have,
          requested: line.quantity,
        });
      }
      // The lot's best-before and first delivery date travel with it (the receiver's FIFO and ageing).
      const from = lotLeaving(store, line.productId, coopId, line.lot);
      const lot = line.lot || (from?.lot ?? '');
      const bestBefore = line.bestBefore ?? from?.bestBefore ?? null;
      const receivedAt = from?.receivedAt ?? at;
      const { lastInsertRowid: lineId } = store.run(
        'INSERT INTO transfer_out_lines (transfer_out_id, product_id, cooperative_id, qty, lot, best_before) VALUES (?, ?, ?, ?, ?, ?)',
        id,
        line.productId,
        coopId,
        line.quantity,
        lot,
        bestBefore,
      );
      move(store, {
        productId: line.productId,
        cooperativeId: coopId,
        qty: -line.quantity,
        kind: 'transfer_out',
        refId: lineId,
        at,
        userId: actor.userId,
      });
      return {
        sku: p.sku,
        coopCode: coopChainCode(store, coopId),
        nameFr: p.name_fr,
        nameAr: p.name_ar,
        unit: p.unit,
        quantity: line.quantity,
        lot,
        bestBefore,
        receivedAt,
      };
    });
    appendJournal(store, {
      userId: actor.userId,
      kind: 'transfer.send',
      ref: `transfer_out:${id}`,
      payload: { transferId: input.transferId, toShop: input.toShop, note: input.note ?? '', lines },
    });
    return { id, transferId: input.transferId, replayed: false };
  });
}

export interface TransferReceived {
  id: number;
  shortfall: number;
  /** True when this was a retry of a receive already recorded: nothing entered the ledger again. */
  replayed: boolean;
}

/** What makes two receives of a transfer the same: the quantity counted for each line, in order, and the note. */
function receiptFingerprint(received: readonly number[], note: string): string {
  return contentFingerprint({ received, note });
}

/**
 * A transfer already received here, answered as it was when the same count comes again (a retry after a
 * lost answer: the stored receipt, `replayed`); null when it was not received. Another count (or note) is a
 * second receive, not a retry: TRANSFER_ALREADY_RECEIVED, since the goods entered the ledger once as first
 * counted and a recount is a stock adjustment, not a receipt. Compared with the stored transfer_in lines.
 */
export function storedTransferReceipt(
  store: Store,
  transferId: string,
  input: TransferReceiveInput,
): TransferReceived | null {
  const done = store.get<{ id: number; at: number; note: string }>(
    'SELECT id, at, note FROM transfers_in WHERE transfer_id = ?',
    transferId,
  );
  if (!done) return null;
  const lines = store.all<{ sent_qty: number; qty: number }>(
    'SELECT sent_qty, qty FROM transfer_in_lines WHERE transfer_in_id = ? ORDER BY id',
    done.id,
  );
  const stored = receiptFingerprint(
    lines.map((l) => l.qty),
    done.note,
  );
  if (stored !== receiptFingerprint(input.received, input.note ?? '')) {
    fail('TRANSFER_ALREADY_RECEIVED', `Transfer ${transferId} was already received, with another count.`, {
      transferId,
      receivedAt: done.at,
    });
  }
  return {
    id: done.id,
    shortfall: lines.reduce((sum, l) => sum + l.sent_qty - l.qty, 0),
    replayed: true,
  };
}

/**
 * Receives a transfer HQ relayed (its lines as the sender journaled them): each line under the same
 * cooperative and product (by chain code and SKU), what arrived into the ledger, a shortfall kept beside it.
 * A transfer is received once: the same count again is the stored receipt (`replayed`), another count is
 * TRANSFER_ALREADY_RECEIVED; neither changes anything.
 */
export function receiveTransfer(
  store: Store,
  actor: Actor,
  transfer: IncomingTransfer,
  input: TransferReceiveInput,
): TransferReceived {
  return store.tx(() => {
    const stored = storedTransferReceipt(store, transfer.transferId, input);
    if (stored) return stored;
    if (input.received.length !== transfer.lines.length) {
      fail(
        'VALIDATION',
        `The transfer has ${transfer.lines.length} lines; ${input.received.length} quantities given.`,
        {
          lines: transfer.lines.length,
        },
      );
    }
    const at = store.now();
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO transfers_in (transfer_id, from_shop, sent_at, note, user_id, at) VALUES (?, ?, ?, ?, ?, ?)',
      transfer.transferId,
      transfer.fromShop,
      transfer.sentAt,
      input.note ?? '',
      actor.userId,
      at,
    );
    let shortfall = 0;
    const lines = transfer.lines.map((line, i) => {
      const got = input.received[i]!;
      const product = store.get<{ id: number; unit: Unit }>(
        'SELECT id, unit FROM products WHERE sku = ?',
        line.sku,
      );
      if (!product) {
        fail('NOT_FOUND', `Line ${i + 1}: this shop has no product ${line.sku} (${line.nameFr}).`, {
          line: i + 1,
          sku: line.sku,
        });
      }
      const coopId = coopForCode(store, line.coopCode);
      if (coopId === null) {
        fail('NOT_FOUND', `Line ${i + 1}: this shop has no cooperative ${line.coopCode}.`, {
          line: i + 1,
          coopCode: line.coopCode,
        });
      }
      if (got < 0 || got > line.quantity || (got > 0 && !isValidQuantity(product.unit, got))) {
        fail('INVALID_QUANTITY', `Line ${i + 1}: ${got} received of ${line.quantity} sent is not possible.`, {
          line: i + 1,
        });
      }
      // Older senders did not carry the lot's first delivery date: the day it was sent stands in.
      const receivedAt = Number.isSafeInteger(line.receivedAt) ? line.receivedAt! : transfer.sentAt;
      const { lastInsertRowid: lineId } = store.run(
        'INSERT INTO transfer_in_lines (transfer_in_id, product_id, cooperative_id, sent_qty, qty, lot, best_before, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        id,
        product.id,
        coopId,
        line.quantity,
        got,
        line.lot,
        line.bestBefore,
        receivedAt,
      );
      if (got > 0) {
        move(store, {
          productId: product.id,
          cooperativeId: coopId,
          qty: got,
          kind: 'transfer_in',
          refId: lineId,
          at,
          userId: actor.userId,
        });
      }
      shortfall += line.quantity - got;
      return {
        sku: line.sku,
        coopCode: line.coopCode,
        sent: line.quantity,
        received: got,
        lot: line.lot,
        bestBefore: line.bestBefore,
        receivedAt,
      };
    });
    appendJournal(store, {
      userId: actor.userId,
      kind: 'transfer.receive',
      ref: `transfer_in:${id}`,
      payload: {
        transferId: transfer.transferId,
        fromShop: transfer.fromShop,
        note: input.note ?? '',
        lines,
      },
    });
    return { id, shortfall, replayed: false };
  });
}

interface ViewRow {
  id: number;
  transfer_id: string;
  shop: string;
  at: number;
  sent_at: number;
  note: string;
}

interface LineRow {
  transfer: number;
  product_id: number;
  sku: string;
  name_fr: string;
  name_ar: string;
  unit: Unit;
  cooperative_id: number;
  coop_name: string;
  sent: number;
  received: number | null;
  lot: string;
  best_before: string | null;
}

/** Transfers sent and received, newest first; `transferId` narrows it to one transfer (both sides in a test). */
export function listTransfers(store: Store, limit = 100, transferId?: string): TransferView[] {
  const view = (direction: 'out' | 'in', heads: ViewRow[], lines: LineRow[]): TransferView[] =>
    heads.map((h) => ({
      direction,
      transferId: h.transfer_id,
      shop: h.shop,
      at: h.at,
      sentAt: h.sent_at,
      note: h.note,
      lines: lines
        .filter((l) => l.transfer === h.id)
        .map((l) => ({
          productId: l.product_id,
          sku: l.sku,
          nameFr: l.name_fr,
          nameAr: l.name_ar,
          unit: l.unit,
          cooperativeId: l.cooperative_id,
          cooperativeName: l.coop_name,
          sent: l.sent,
          received: l.received,
          lot: l.lot,
          bestBefore: l.best_before,
        })),
    }));
  const one = transferId === undefined ? '' : 'WHERE transfer_id = ?';
  const args = transferId === undefined ? [limit] : [transferId, limit];
  const outs = store.all<ViewRow>(
    `SELECT id, transfer_id, to_shop shop, at, at sent_at, note FROM transfers_out ${one} ORDER BY id DESC LIMIT ?`,
    ...args,
  );
  const ins = store.all<ViewRow>(
    `SELECT id, transfer_id, from_shop shop, at, sent_at, note FROM transfers_in ${one} ORDER BY id DESC LIMIT ?`,
    ...args,
  );
  const lineSql = (table: string, fk: string, sent: string, received: string, ids: number[]) =>
    store.all<LineRow>(
      `SELECT l.${fk} transfer, l.product_id, p.sku, p.name_fr, p.name_ar, p.unit, l.cooperative_id,
         c.name_fr coop_name, ${sent} sent, ${received} received, l.lot, l.best_before
       FROM ${table} l JOIN products p ON p.id = l.product_id JOIN cooperatives c ON c.id = l.cooperative_id
       WHERE l.${fk} IN (${ids.map(() => '?').join(', ') || 'NULL'}) ORDER BY l.id`,
      ...ids,
    );
  return [
    ...view(
      'out',
      outs,
      lineSql(
        'transfer_out_lines',
        'transfer_out_id',
        'l.qty',
        'NULL',
        outs.map((o) => o.id),
      ),
    ),
    ...view(
      'in',
      ins,
      lineSql(
        'transfer_in_lines',
        'transfer_in_id',
        'l.sent_qty',
        'l.qty',
        ins.map((o) => o.id),
      ),
    ),
  ].sort((a, b) => b.at - a.at);
}

/** One transfer this shop sent (direction 'out') or received ('in'), with its lines; NOT_FOUND otherwise. */
export function getTransfer(store: Store, transferId: string, direction: 'out' | 'in'): TransferView {
  const found = listTransfers(store, 2, transferId).find((t) => t.direction === direction);
  if (!found) {
    fail('NOT_FOUND', `No transfer ${transferId} was ${direction === 'out' ? 'sent' : 'received'} here.`, {
      transferId,
    });
  }
  return found;
}

/** Transfer ids this shop has already received (to leave them out of HQ's incoming list until HQ catches up). */
export function receivedTransferIds(store: Store, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  return new Set(
    store
      .all<{ transfer_id: string }>(
        `SELECT transfer_id FROM transfers_in WHERE transfer_id IN (${ids.map(() => '?').join(', ')})`,
        ...ids,
      )
      .map((r) => r.transfer_id),
  );
}
