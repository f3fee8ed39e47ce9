import { z } from 'zod';
import { ERROR_CODES } from '../../core/errors';
import type { HqPushStatus } from '../../core/hq-wire';
import type { HqCatalogStatus } from '../../core/hq-catalog-status';
import { hqCatalogStatus } from '../../db/services/hq-catalog-pull';
import { hqPushStatus } from '../../db/services/hq-push';
import { method, Empty } from '../define-method';
import * as S from '../schemas';

/** The chain: this shop's journal on its way to HQ (db/services/hq-push.ts). */
export const hqMethods = {
  'hq.status': method({
    summary:
      "Where the push of this shop's journal to HQ stands: the last entry HQ confirmed, the journal's head and the lag between them, the last attempt and its error (HQ down, refused), and HQ's flag when it found this shop's history rewritten or truncated. `configured` is false for a shop outside a chain.",
    role: 'manager',
    input: Empty,
    output: S.sends<HqPushStatus>()(
      z.object({
        configured: z.boolean(),
        url: z.string().nullable(),
        shopId: z.string().nullable(),
        ackedSeq: S.Int,
        ackedAt: S.Int.nullable(),
        headSeq: S.Int,
        lag: S.Int,
        lastAttemptAt: S.Int.nullable(),
        lastError: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
        flagged: z.string().nullable(),
      }),
    ),
    handler: (ctx) => hqPushStatus(ctx.store, ctx.hqPush ?? null),
  }),
  'hq.catalog': method({
    summary:
      "Where this shop's pull of the chain catalogue stands: HQ's version it holds, what HQ allows it (local products, local prices; both true for a shop that never heard from HQ), the last pull, the last attempt and its error.",
    role: 'manager',
    input: Empty,
    output: S.sends<HqCatalogStatus>()(
      z.object({
        version: S.Int,
        allowance: z.object({ localProducts: z.boolean(), localPrices: z.boolean() }),
        pulledAt: S.Int.nullable(),
        lastAttemptAt: S.Int.nullable(),
        lastError: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
      }),
    ),
    handler: (ctx) => hqCatalogStatus(ctx.store),
  }),
};
