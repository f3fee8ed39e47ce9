import { z } from 'zod';
import { catalogSnapshot, catalogVersion, nextReceiptNo } from '../../db/services/catalog-snapshot';
import { listShortfalls } from '../../db/services/offline-sales';
import { tillOf } from '../../db/store';
import { Empty, method } from '../define-method';
import * as S from '../schemas';

/**
 * What a till that sold while the station was unreachable adds to sales.checkout (issue 11): when it made
 * the sale, who was logged in, the total it charged and, per line, the prices, VAT and consignment terms of
 * its catalogue cache (db/services/offline-sales.ts prices the sale again with them).
 */
export const OfflineSale = z
  .object({
    at: S.Timestamp,
    cashierId: S.Id,
    total: S.Int,
    lines: z
      .array(
        z
          .object({
            quantity: S.Milli,
            unit: S.Unit,
            retailPrice: S.NonNegCentimes,
            semiPrice: S.NonNegCentimes,
            wholesalePrice: S.NonNegCentimes,
            semiMinQty: S.Milli.nullable(),
            wholesaleMinQty: S.Milli.nullable(),
            vatCode: S.VatCode,
            terms: S.Terms,
            labelAmount: S.NonNegCentimes.nullable(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .describe('A sale made while the station was unreachable, as the till priced it; never refused for stock.');

const Row = z.record(z.string(), z.unknown());

/** The till's side of working offline: the catalogue it caches, and the stock its offline sales took. */
export const offlineMethods = {
  'till.status': method({
    summary:
      'Whether this till reaches the station and how many of its sales wait to be sent. A till host answers it itself; the station answers it for a browser till on it, which is online with nothing queued by definition.',
    role: 'public',
    input: Empty,
    output: z.object({
      tillId: z.string(),
      online: z.boolean(),
      queued: S.Int,
      oldestQueuedAt: S.Int.nullable(),
      blocked: z.string().nullable(),
      lastContactAt: S.Int.nullable(),
      catalogVersion: z.string().nullable(),
      catalogProducts: S.Int,
      nextReceiptNo: S.Int,
    }),
    handler: (ctx) => {
      const tillId = tillOf(ctx.store, ctx.actor);
      return {
        tillId,
        online: true,
        queued: 0,
        oldestQueuedAt: null,
        blocked: null,
        lastContactAt: ctx.store.now(),
        catalogVersion: catalogVersion(ctx.store),
        catalogProducts: 0,
        nextReceiptNo: nextReceiptNo(ctx.store, tillId),
      };
    },
  }),
  'catalog.snapshot': method({
    summary:
      "A page of the catalogue a till caches to sell while the station is unreachable (products in id order with their barcodes and stock levels; settings, cooperatives and customers on the first page), the catalogue's version, and the calling till's next receipt number.",
    role: 'cashier',
    input: z
      .object({
        afterId: S.Int.refine((n) => n >= 0, 'must not be negative').default(0),
        limit: S.Int.refine((n) => n > 0 && n <= 5000, '1 to 5000').default(2000),
      })
      .strict(),
    output: z.object({
      version: z.string(),
      till: z.object({ id: z.string(), nextReceiptNo: S.Int }),
      settings: z.array(z.object({ key: z.string(), value: z.string() })).nullable(),
      cooperatives: z.array(Row).nullable(),
      customers: z.array(Row).nullable(),
      products: z.array(Row),
      barcodes: z.array(Row),
      stockLevels: z.array(Row),
      nextAfterId: S.Int.nullable(),
    }),
    handler: (ctx, i) => catalogSnapshot(ctx.store, tillOf(ctx.store, ctx.actor), i),
  }),
  'stock.shortfalls': method({
    summary:
      'Stock that sales made offline took below zero, newest first: till, receipt, product, cooperative, quantity short and on hand now (open while below zero; a count or a late delivery closes it).',
    role: 'manager',
    input: z
      .object({
        openOnly: z.boolean().optional(),
        limit: S.Int.refine((n) => n > 0 && n <= 1000, '1 to 1000').optional(),
      })
      .strict(),
    output: z.array(
      z.object({
        id: S.Int,
        tillId: z.string(),
        receiptNo: S.Int,
        saleId: S.Int,
        at: S.Int,
        productId: S.Int,
        productName: z.string(),
        sku: z.string(),
        unit: S.Unit,
        cooperativeId: S.Int,
        cooperativeName: z.string(),
        quantity: S.Int,
        onHandNow: S.Int,
        open: z.boolean(),
      }),
    ),
    handler: (ctx, i) => listShortfalls(ctx.store, i),
  }),
};
