import { z } from 'zod';
import * as deliveries from '../../db/services/deliveries';
import { method } from '../define-method';
import * as S from '../schemas';

/** The history of deliveries received. */
export const deliveriesMethods = {
  'deliveries.list': method({
    summary:
      "The history of deliveries received, newest first: one cooperative's or all, received between `from` and `to` (UTC ms, both included), one page with the count of all that match.",
    role: 'manager',
    input: z
      .object({
        cooperativeId: S.Id.nullable().optional(),
        from: S.Timestamp.nullable().optional(),
        to: S.Timestamp.nullable().optional(),
        offset: S.Int.refine((n) => n >= 0 && n <= 10_000_000, 'between 0 and 10,000,000').optional(),
        limit: S.Int.refine((n) => n > 0 && n <= 200, 'between 1 and 200').default(50),
      })
      .strict(),
    output: S.DeliveryPageOut,
    handler: (ctx, i) => deliveries.listDeliveries(ctx.store, i),
  }),
  'deliveries.get': method({
    summary:
      'One delivery with its lines as received (product, quantity, lot, best-before); `ownGtin` marks a product with a GS1 code of its own, whose pack needs no shop label.',
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: S.DeliveryDetailOut,
    handler: (ctx, i) => deliveries.getDelivery(ctx.store, i.id),
  }),
};
