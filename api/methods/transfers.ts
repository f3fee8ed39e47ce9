import { z } from 'zod';
import { fail } from '../../core/errors';
import type { IncomingTransfer, TransferLine } from '../../core/hq-catalog-wire';
import type { ChainShop, TransferReceipt, TransferView } from '../../core/transfer';
import * as transfers from '../../db/services/transfers';
import {
  chainShops,
  incomingTransfers,
  receiveIncomingTransfer,
  sentReceipts,
} from '../../db/services/transfers-incoming';
import type { ApiContext } from '../context';
import { DocumentBody } from '../document-body';
import { transferNoteFile } from '../documents';
import { actor, method, Empty } from '../define-method';
import * as S from '../schemas';

/** HQ's link, for the calls that ask HQ what is on its way here; a shop outside a chain has none. */
function hqOf(ctx: ApiContext) {
  const hq = ctx.hqCatalog?.config;
  if (!hq) fail('HQ_UNREACHABLE', 'This shop is not connected to HQ: transfers travel through HQ.', {});
  return hq;
}

const ShopId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a shop id as HQ knows it');
const TransferId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, 'a transfer id (the UUID made when it was sent)');

const TransferLineOut = S.sends<TransferLine>()(
  z.object({
    sku: z.string(),
    coopCode: z.string(),
    nameFr: z.string(),
    nameAr: z.string(),
    unit: S.Unit,
    quantity: S.Int,
    lot: z.string(),
    bestBefore: z.string().nullable(),
    receivedAt: S.Int.optional(),
  }),
);

const IncomingTransferOut = S.sends<IncomingTransfer>()(
  z.object({
    transferId: z.string(),
    fromShop: z.string(),
    toShop: z.string(),
    sentAt: S.Int,
    note: z.string(),
    lines: z.array(TransferLineOut),
  }),
);

const TransferViewOut = S.sends<TransferView>()(
  z.object({
    direction: z.enum(['out', 'in']),
    transferId: z.string(),
    shop: z.string(),
    at: S.Int,
    sentAt: S.Int,
    note: z.string(),
    lines: z.array(
      z.object({
        productId: S.Int,
        sku: z.string(),
        nameFr: z.string(),
        nameAr: z.string(),
        unit: S.Unit,
        cooperativeId: S.Int,
        cooperativeName: z.string(),
        sent: S.Int,
        received: S.Int.nullable(),
        lot: z.string(),
        bestBefore: z.string().nullable(),
      }),
    ),
  }),
);

/** Consigned stock moved between the chain's shops (db/services/transfers.ts), relayed by HQ. */
export const transfersMethods = {
  'transfers.send': method({
    summary:
      "Sends consigned stock to another shop of the chain (or the central store): each line leaves this shop's ledger now as a `transfer_out` under its cooperative (which keeps owning it), lot and best-before carried. `transferId` is made once by the caller (a UUID): sending the same request again changes nothing (`replayed`); the same id with other content is CLIENT_ID_REUSED. OUT_OF_STOCK when the cooperative's stock here is short.",
    role: 'manager',
    input: z
      .object({
        transferId: TransferId,
        toShop: ShopId,
        note: S.Text(500).optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                cooperativeId: S.Id.optional(),
                quantity: S.Milli,
                lot: S.Text(60).optional(),
                bestBefore: S.DateString.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(200),
      })
      .strict(),
    output: z.object({ id: S.Id, transferId: z.string(), replayed: z.boolean() }),
    handler: (ctx, i) => transfers.sendTransfer(ctx.store, actor(ctx), i),
  }),
  'transfers.incoming': method({
    summary:
      'Transfers other shops sent here that this shop has not received yet, as HQ relays them (lines by SKU and cooperative code, with lot and best-before). HQ_UNREACHABLE when HQ does not answer or the shop is not in a chain.',
    role: 'manager',
    input: Empty,
    output: z.array(IncomingTransferOut),
    handler: (ctx) => incomingTransfers(ctx.store, hqOf(ctx)),
  }),
  'transfers.receive': method({
    summary:
      'Receives an incoming transfer against its id, exactly once: `received` gives what arrived for each of its lines in order (0 to what was sent); it enters the ledger as `transfer_in` under the same cooperative, and the shortfall is kept. Receiving again with the same count (a retry after a lost answer) is the stored receipt (`replayed`), nothing entering twice; another count is TRANSFER_ALREADY_RECEIVED.',
    role: 'manager',
    input: z
      .object({
        transferId: TransferId,
        received: z
          .array(S.Int.refine((n) => n >= 0, 'must not be negative'))
          .min(1)
          .max(200),
        note: S.Text(500).optional(),
      })
      .strict(),
    output: z.object({ id: S.Id, shortfall: S.Int, replayed: z.boolean() }),
    handler: (ctx, i) =>
      receiveIncomingTransfer(ctx.store, actor(ctx), hqOf(ctx), i.transferId, {
        received: i.received,
        ...(i.note === undefined ? {} : { note: i.note }),
      }),
  }),
  'transfers.list': method({
    summary:
      'Transfers this shop sent and received, newest first, each with its lines (sent, and received for one that arrived here).',
    role: 'manager',
    input: z
      .object({ limit: S.Int.refine((n) => n > 0 && n <= 500, 'between 1 and 500').default(100) })
      .strict(),
    output: z.array(TransferViewOut),
    handler: (ctx, i) => transfers.listTransfers(ctx.store, i.limit),
  }),
  'transfers.shops': method({
    summary:
      "The chain's other shops a transfer can go to (a central store is one), by name, as HQ registered them. HQ_UNREACHABLE when HQ does not answer or the shop is not in a chain.",
    role: 'manager',
    input: Empty,
    output: z.array(S.sends<ChainShop>()(z.object({ id: z.string(), name: z.string() }))),
    handler: (ctx) => chainShops(hqOf(ctx)),
  }),
  'transfers.receipts': method({
    summary:
      "What the receiving shops have received of the transfers this shop sent, as HQ heard it from their journals: per transfer the time and each line's quantity in order (a transfer not listed is still in transit). HQ_UNREACHABLE when HQ does not answer.",
    role: 'manager',
    input: Empty,
    output: z.array(
      S.sends<TransferReceipt>()(
        z.object({ transferId: z.string(), receivedAt: S.Int, received: z.array(S.Int) }),
      ),
    ),
    handler: (ctx) => sentReceipts(hqOf(ctx)),
  }),
  'transfers.notePdf': method({
    summary:
      "The transfer note (bon de transfert) of a transfer this shop sent, for the driver: an A4 PDF in French and Arabic with each line's cooperative, lot, best-before and quantity, a column for the receiver's count and three signature boxes. `toShopName` is the receiving shop's name as transfers.shops gave it; `language` puts one first (default French). Prints without HQ.",
    role: 'manager',
    input: z
      .object({ transferId: TransferId, toShopName: S.Text(120).optional(), language: S.Language.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), pdfBase64: DocumentBody }),
    handler: (ctx, i) =>
      transferNoteFile(ctx.store, {
        transferId: i.transferId,
        fromShop: ctx.hqCatalog?.config.shopId ?? '',
        ...(i.toShopName === undefined ? {} : { toShopName: i.toShopName }),
        ...(i.language === undefined ? {} : { language: i.language }),
      }),
  }),
};
