import { z } from 'zod';
import * as coops from '../../db/services/cooperatives';
import { method, Empty, actor } from '../define-method';
import * as S from '../schemas';

/** The consignor cooperatives. */
export const cooperativesMethods = {
  'cooperatives.list': method({
    summary: 'All cooperatives.',
    role: 'cashier',
    input: Empty,
    output: z.array(S.CooperativeOut),
    handler: (ctx) => coops.listCooperatives(ctx.store),
  }),
  'cooperatives.get': method({
    summary: 'One cooperative.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.CooperativeOut,
    handler: (ctx, i) => coops.getCooperative(ctx.store, i.id),
  }),
  'cooperatives.create': method({
    summary: 'Registers a consignor cooperative with its default commission.',
    role: 'manager',
    input: z.object({ ...S.CooperativeCreateFields, active: z.boolean().optional() }).strict(),
    output: S.CooperativeOut,
    handler: (ctx, i) => coops.createCooperative(ctx.store, actor(ctx), i),
  }),
  'cooperatives.update': method({
    summary: "Changes a cooperative's details or commission (past sales keep their frozen payouts).",
    role: 'manager',
    input: z
      .object({ id: S.Id, ...z.object(S.CooperativeFields).partial().shape, active: z.boolean().optional() })
      .strict(),
    output: S.CooperativeOut,
    handler: (ctx, i) => coops.updateCooperative(ctx.store, actor(ctx), i),
  }),
};
