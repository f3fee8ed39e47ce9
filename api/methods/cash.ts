import { z } from 'zod';
import * as cash from '../../db/services/cash';
import { tillOf } from '../../db/store';
import { cashReportPrintout } from '../documents';
import { method, Empty, actor, WithApproval } from '../define-method';
import * as S from '../schemas';

/** Cash sessions of a till: open, cash in/out, X and Z reports. */
export const cashMethods = {
  'cash.current': method({
    summary: 'The open cash session of this till, or null.',
    role: 'cashier',
    input: Empty,
    output: S.CashSessionOut.nullable(),
    // A back-office tablet has no till, hence never a session (its screens are the manager's).
    handler: (ctx) =>
      ctx.actor?.tillId === null ? null : cash.currentSession(ctx.store, tillOf(ctx.store, ctx.actor)),
  }),
  'cash.open': method({
    summary: 'Opens the cash session of this till with a float.',
    role: 'cashier',
    input: z.object({ openingFloat: S.NonNegCentimes }).strict(),
    output: S.CashSessionOut,
    handler: (ctx, i) => cash.openSession(ctx.store, actor(ctx), i),
  }),
  'cash.move': method({
    summary:
      'Cash in or out of the drawer with a reason. `clientId` (optional, made once when the cashier confirms) makes a retry safe: the same id with the same content answers the stored movement (`replayed`), with other content CLIENT_ID_REUSED.',
    role: 'cashier',
    input: z
      .object({
        clientId: S.ClientId.optional(),
        kind: z.enum(['in', 'out']),
        amount: S.PositiveCentimes,
        reason: S.NonEmpty(200),
      })
      .strict(),
    output: z.object({ id: S.Int, replayed: z.boolean() }),
    handler: (ctx, i) => cash.cashMovement(ctx.store, actor(ctx), i),
  }),
  'cash.xReport': method({
    summary: 'X report of the open session (or of a given one).',
    role: 'cashier',
    offload: true,
    input: z.object({ sessionId: S.Id.optional() }).strict(),
    output: S.CashReportOut,
    handler: (ctx, i) => cash.cashReport(ctx.store, i.sessionId, tillOf(ctx.store, ctx.actor)),
  }),
  'cash.close': method({
    summary:
      'Z close with a count by Moroccan denomination (centimes -> count); returns the Z report with the variance.',
    role: 'manager',
    approvable: true,
    input: z
      .object({
        counts: z.record(
          z.string().regex(/^\d+$/),
          S.Int.refine((n) => n >= 0 && n <= 100000, '0 to 100000'),
        ),
        ...WithApproval,
      })
      .strict(),
    output: S.CashReportOut,
    handler: (ctx, i) => cash.closeSession(ctx.store, actor(ctx), i),
  }),
  'cash.sessions': method({
    summary:
      'Recent cash sessions of every till of the shop (or of the one named), newest first, with the till name.',
    role: 'manager',
    input: z.object({ tillId: z.string().min(1).max(16).optional() }).strict(),
    output: z.array(S.CashSessionOut.extend({ tillName: z.string() })),
    handler: (ctx, i) => cash.listSessions(ctx.store, { tillId: i.tillId ?? null }),
  }),
  'cash.printReport': method({
    summary:
      'Prints the X report (open session) or the Z report (closed session) on the receipt printer; also returns its lines.',
    role: 'cashier',
    input: z.object({ sessionId: S.Id.optional(), print: z.boolean().optional() }).strict(),
    output: z.object({ lines: z.array(z.string()), printed: z.boolean() }),
    handler: async (ctx, i) => {
      // The caller's till's open session unless one is named (a till prints its own X).
      const sessionId = i.sessionId ?? cash.currentSessionId(ctx.store, tillOf(ctx.store, ctx.actor));
      const lines = cashReportPrintout(ctx.store, sessionId, actor(ctx).userId);
      if (i.print === false) return { lines, printed: false };
      await ctx.devices.printLines(lines);
      return { lines, printed: true };
    },
  }),
};
