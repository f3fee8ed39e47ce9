import { z } from 'zod';
import * as stock from '../../db/services/stock';
import { certificateWarnings } from '../../db/services/certificates';
import { CertificateWarningOut } from './certificates';
import { coopReturnNoteFile } from '../documents';
import { stockCsvFileName } from '../../documents/stock-csv';
import { method, actor } from '../define-method';
import { DocumentBody } from '../document-body';
import * as S from '../schemas';
/** The stock list's filter and sort (db/services/stock.ts StockQuery); quantities in milli-units. */
const StockFilterInput = z
  .object({
    cooperativeId: S.Id.nullable().optional(),
    productId: S.Id.nullable().optional(),
    includeEmpty: z.boolean().optional(),
    search: z.string().max(100).nullable().optional(),
    belowQty: S.SignedMilli.nullable().optional(),
    lowStock: z.boolean().optional(),
    expiringWithinDays: S.Int.refine((n) => n >= 0 && n <= 3650, 'between 0 and 3650 days')
      .nullable()
      .optional(),
    slowDays: S.Int.refine((n) => n > 0 && n <= 3650, 'between 1 and 3650 days')
      .nullable()
      .optional(),
    sort: z.enum(['name', 'cooperative', 'onHand', 'value', 'age', 'bestBefore', 'sold30']).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

const StockListInput = StockFilterInput.extend({
  offset: S.Int.refine((n) => n >= 0 && n <= 10_000_000, 'between 0 and 10,000,000').optional(),
  // Never the whole list at once: a page unless asked otherwise (issue 10: 114 MB of JSON at 300,000 products).
  limit: S.Int.refine((n) => n > 0 && n <= 500, 'between 1 and 500').default(500),
}).strict();

/** Consignment stock: receiving, the stock list, lots, returns to cooperatives, adjustments. */
export const stockMethods = {
  'stock.receive': method({
    summary: "Receives a cooperative's consignment delivery (lots, best-before dates).",
    role: 'manager',
    input: z
      .object({
        clientId: S.ClientId,
        cooperativeId: S.Id,
        noteRef: S.NonEmpty(60),
        comment: S.Text(400).optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                lot: S.Text(60).optional(),
                bestBefore: S.DateString.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
    // The delivery is received either way; an expired or incomplete certificate of its products is told to the manager.
    output: z.object({ deliveryId: S.Int, replayed: z.boolean(), warnings: z.array(CertificateWarningOut) }),
    handler: (ctx, i) => ({
      ...stock.receiveDelivery(ctx.store, actor(ctx), i),
      warnings: certificateWarnings(
        ctx.store,
        i.lines.map((l) => l.productId),
      ),
    }),
  }),
  'stock.onHand': method({
    summary:
      'Stock per product and cooperative: on hand, value per tier, days since receipt, nearest best-before (and days left), sold in 30 days. Filtered, sorted and paged in SQL (at most 500 rows; stock.page gives the count and totals too).',
    role: 'cashier',
    offload: true,
    input: StockListInput,
    output: z.array(S.StockRowOut),
    handler: (ctx, i) => stock.stockOnHand(ctx.store, i),
  }),
  'stock.page': method({
    summary:
      "One page of the manager's stock list with the count and value (per tier) of everything the filter matches: cooperative, folded search text, on hand below a quantity or at most the product's own low-stock alert, a lot on the shelf within N days of its best-before (expired included), slow movers (no sale in N days, on the shelf at least as long). One query per page.",
    role: 'manager',
    offload: true,
    input: StockListInput,
    output: S.StockPageOut,
    // The stock list's derived sorts and filters read every delivery line (about a second at 100,000 products).
    handler: (ctx, i) => stock.stockPage(ctx.store, i),
  }),
  'stock.lots': method({
    summary:
      'The lots received of one product from one cooperative, newest first: delivery note, lot, best-before, days left, received and still on hand (first in, first out).',
    role: 'manager',
    offload: true,
    input: z.object({ productId: S.Id, cooperativeId: S.Id }).strict(),
    output: z.array(S.StockLotOut),
    handler: (ctx, i) => stock.stockLots(ctx.store, i.productId, i.cooperativeId),
  }),
  'stock.export': method({
    summary:
      'Checks a CSV export of the stock list (the filter and sort of stock.page, every row) and names its file. The CSV itself streams from `POST /export/stock.csv` with the same JSON body and token: UTF-8 with a BOM, `;`, decimal commas, as French Excel opens it.',
    role: 'manager',
    offload: true,
    input: StockFilterInput,
    output: z.object({ fileName: z.string(), rows: S.Int }),
    handler: (ctx, i) => ({
      fileName: stockCsvFileName(ctx.store.now()),
      rows: stock.stockPage(ctx.store, { ...i, limit: 1 }).total,
    }),
  }),
  'stock.returnToCooperative': method({
    summary: 'Returns unsold or expiring goods to their cooperative.',
    role: 'manager',
    input: z
      .object({
        clientId: S.ClientId,
        cooperativeId: S.Id,
        reason: S.NonEmpty(200),
        lines: z
          .array(z.object({ productId: S.Id, quantity: S.Milli, lot: S.Text(60).optional() }).strict())
          .min(1)
          .max(1000),
      })
      .strict(),
    output: z.object({ returnId: S.Int, replayed: z.boolean() }),
    handler: (ctx, i) => stock.returnToCooperative(ctx.store, actor(ctx), i),
  }),
  'stock.adjust': method({
    summary:
      'A stock correction with a reason (count, damaged, expired, theft, sample, other); never below zero.',
    role: 'manager',
    input: z
      .object({
        productId: S.Id,
        cooperativeId: S.Id,
        quantity: S.SignedMilli.refine((n) => n !== 0, 'must not be zero'),
        reason: z.enum(['count', 'damaged', 'expired', 'theft', 'sample', 'other']),
        note: S.Text(400).optional(),
      })
      .strict(),
    output: z.object({ adjustmentId: S.Int, onHand: S.Int }),
    handler: (ctx, i) => stock.adjustStock(ctx.store, actor(ctx), i),
  }),
  'stock.movements': method({
    summary: 'The ledger of one product for one cooperative.',
    role: 'manager',
    input: z.object({ productId: S.Id, cooperativeId: S.Id }).strict(),
    output: z.array(
      z.object({ id: S.Int, qty: S.Int, kind: z.string(), refId: S.Int.nullable(), at: S.Int }),
    ),
    handler: (ctx, i) => stock.stockMovements(ctx.store, i.productId, i.cooperativeId),
  }),
  'stock.returnNotePdf': method({
    summary:
      'The return note (bon de retour) of goods returned to a cooperative, as a PDF (base64) in French and Arabic, as many pages as it has lines, with signature boxes. `language` puts one first (default French).',
    role: 'manager',
    input: z.object({ returnId: S.Id, language: S.Language.optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: DocumentBody }),
    handler: (ctx, i) => coopReturnNoteFile(ctx.store, i.returnId, i.language),
  }),
};
