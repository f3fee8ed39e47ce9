import { z } from 'zod';
import { createReturn } from '../../db/services/returns';
import { method, actor, WithApproval } from '../define-method';
import * as S from '../schemas';

/** Customer returns. */
export const returnsMethods = {
  'returns.create': method({
    summary:
      'Customer return of some lines of a sale: refund, restock to the same cooperative, carried into the next statement.',
    role: 'manager',
    approvable: true,
    input: z
      .object({
        clientId: S.ClientId,
        saleId: S.Id,
        lines: z
          .array(z.object({ saleLineId: S.Id, quantity: S.Milli, restock: z.boolean() }).strict())
          .min(1)
          .max(500),
        reason: S.NonEmpty(200),
        refundMethod: S.PaymentMethod,
        ...WithApproval,
      })
      .strict(),
    output: S.ReturnOut,
    handler: (ctx, i) => createReturn(ctx.store, actor(ctx), i),
  }),
};
