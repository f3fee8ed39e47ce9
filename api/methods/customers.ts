import { z } from 'zod';
import { createCustomer, listCustomers } from '../../db/services/customers';
import { method, actor } from '../define-method';
import * as S from '../schemas';

/** Customer accounts (wholesale buyers) and their tiers. */
export const customersMethods = {
  'customers.list': method({
    summary: 'Customer accounts (wholesale buyers) matching a name, phone or ICE.',
    role: 'cashier',
    input: z.object({ query: z.string().max(100).optional() }).strict(),
    output: z.array(S.CustomerOut),
    handler: (ctx, i) => listCustomers(ctx.store, i.query),
  }),
  'customers.create': method({
    summary: 'Creates a customer account with its price tier.',
    role: 'manager',
    input: z
      .object({
        name: S.NonEmpty(120),
        phone: S.Text(40).nullable().optional(),
        ice: S.Text(15).nullable().optional(),
        tier: S.Tier,
      })
      .strict(),
    output: S.CustomerOut,
    handler: (ctx, i) => createCustomer(ctx.store, actor(ctx), i),
  }),
};
