import { z } from 'zod';
import { ERROR_CODES } from '../../core/errors';
import type { HqPushStatus } from '../../core/hq-wire';
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
};
