import { z } from 'zod';
import { checkout, findSaleByReceipt, getSale, listSales } from '../../db/services/checkout';
import { quoteSale } from '../../db/services/quote';
import { voidSale } from '../../db/services/voids';
import { saleReceiptView } from '../../db/services/receipts';
import { fail } from '../../core/errors';
import { checkoutOffline } from '../../db/services/offline-sales';
import { tillOf } from '../../db/store';
import { method, actor, WithApproval } from '../define-method';
import { OfflineSale } from './offline';
import * as S from '../schemas';

/** Checkout, quotes, sales, voids and receipts. */
export const salesMethods = {
  'sales.checkout': method({
    summary:
      'Checks out a cart in one transaction. Prices are recomputed on the server. The clientId makes a retry harmless. Discounts and price overrides need a manager approval.',
    role: 'cashier',
    approvable: true,
    input: z
      .object({
        clientId: S.ClientId,
        customerId: S.Id.nullable().optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                cooperativeId: S.Id.nullable().optional(),
                barcode: z.string().max(64).nullable().optional(),
                overrideUnitPrice: S.NonNegCentimes.nullable().optional(),
                discount: S.Discount.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
        payments: z
          .array(
            z
              .object({
                method: S.PaymentMethod,
                amount: S.PositiveCentimes,
                tendered: S.PositiveCentimes.nullable().optional(),
                reference: S.Text(80).nullable().optional(),
              })
              .strict(),
          )
          .max(8),
        receiptNo: S.Id.nullable().optional(),
        offline: OfflineSale.optional(),
        ...WithApproval,
      })
      .strict(),
    output: S.SaleOut,
    handler: (ctx, i) => {
      const { offline, receiptNo, ...sale } = i;
      if (!offline) return checkout(ctx.store, actor(ctx), { ...sale, receiptNo: receiptNo ?? null });
      if (receiptNo === null || receiptNo === undefined)
        fail('VALIDATION', 'An offline sale carries the receipt number its till printed.', {});
      return checkoutOffline(ctx.store, actor(ctx), tillOf(ctx.store, ctx.actor), {
        ...sale,
        receiptNo,
        offline,
      });
    },
  }),
  'sales.quote': method({
    summary:
      "Prices a cart exactly as checkout would (tiers earned by the cart's whole quantity of a product, labels, customer tier) and reports each line's stock on hand for its cooperative; writes nothing.",
    role: 'cashier',
    input: z
      .object({
        customerId: S.Id.nullable().optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                cooperativeId: S.Id.nullable().optional(),
                barcode: z.string().max(64).nullable().optional(),
                overrideUnitPrice: S.NonNegCentimes.nullable().optional(),
                discount: S.Discount.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
      })
      .strict(),
    output: z.object({
      lines: z.array(
        S.SaleLineOut.omit({ id: true, payout: true, commission: true, returnedQuantity: true }).extend({
          onHand: S.Int,
          short: z.boolean(),
        }),
      ),
      total: S.Int,
      discountTotal: S.Int,
      vat: z.array(S.VatRowOut),
    }),
    handler: (ctx, i) => quoteSale(ctx.store, i),
  }),
  'sales.get': method({
    summary: 'A sale with its lines, payments and VAT breakdown.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.SaleOut,
    handler: (ctx, i) => getSale(ctx.store, i.id),
  }),
  'sales.byReceipt': method({
    summary: 'Finds a sale by till and receipt number (as scanned from the receipt barcode).',
    role: 'cashier',
    input: z.object({ tillId: S.NonEmpty(20), receiptNo: S.Id }).strict(),
    output: S.SaleOut,
    handler: (ctx, i) => findSaleByReceipt(ctx.store, i.tillId, i.receiptNo),
  }),
  'sales.list': method({
    summary: 'Sales in a time range, newest first.',
    role: 'cashier',
    input: z
      .object({
        from: S.Timestamp,
        to: S.Timestamp,
        limit: S.Int.refine((n) => n > 0 && n <= 1000).optional(),
      })
      .strict(),
    output: z.array(
      z.object({
        id: S.Int,
        tillId: z.string(),
        receiptNo: S.Int,
        at: S.Int,
        total: S.Int,
        voided: z.boolean(),
        cashierId: S.Int,
      }),
    ),
    handler: (ctx, i) => listSales(ctx.store, i.from, i.to, i.limit),
  }),
  'sales.void': method({
    summary: 'Voids a sale of the open session (recorded, never deleted; stock comes back).',
    role: 'manager',
    approvable: true,
    input: z.object({ saleId: S.Id, reason: S.NonEmpty(200), ...WithApproval }).strict(),
    output: S.SaleOut,
    handler: (ctx, i) => voidSale(ctx.store, actor(ctx), i),
  }),
  'sales.receipt': method({
    summary: 'The receipt of a sale as text and HTML (preview, reprint on screen).',
    role: 'cashier',
    input: z
      .object({
        saleId: S.Id,
        language: S.Language.optional(),
        columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).optional(),
      })
      .strict(),
    output: z.object({ text: z.string(), html: z.string() }),
    handler: (ctx, i) => saleReceiptView(ctx.store, i.saleId, i),
  }),
};
