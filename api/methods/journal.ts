import { z } from 'zod';
import { journalHead } from '../../db/journal';
import { auditJournal, recordedSeals } from '../../db/services/seals';
import { method, Empty } from '../define-method';
import * as S from '../schemas';

/** The hash-chained journal and its Z seals (docs/tamper-evidence.md). */
export const journalMethods = {
  'journal.verify': method({
    summary:
      'Checks the hash-chained journal, its seals (the `<db>.seals` file, or another copy) and the heads typed back from printed Z reports, and recomputes every sale, return, cash session and settlement against the digest its journal entry recorded; lists what was tampered with (docs/tamper-evidence.md).',
    role: 'admin',
    input: z
      .object({
        sealsFile: S.NonEmpty(500).optional(),
        anchors: z
          .array(
            z
              .object({
                seq: S.Id,
                hash: z
                  .string()
                  .regex(/^[0-9a-fA-F\s]+$/, 'hex digits (spaces allowed)')
                  .max(200),
              })
              .strict(),
          )
          .max(1000)
          .optional(),
      })
      .strict(),
    output: z.object({
      ok: z.boolean(),
      entries: S.Int,
      brokenAt: S.Int.nullable(),
      head: z.object({ seq: S.Int, hash: z.string() }).nullable(),
      findings: z.array(
        z.object({
          kind: z.enum([
            'chain-broken',
            'tail-deleted',
            'seal-mismatch',
            'seal-regressed',
            'seal-unreadable',
            'seal-not-written',
            'sale-edited',
            'sale-unjournaled',
            'sale-missing',
            'return-edited',
            'return-unjournaled',
            'return-missing',
            'session-edited',
            'session-unjournaled',
            'session-missing',
            'settlement-edited',
            'settlement-unjournaled',
            'settlement-missing',
          ]),
          seq: S.Int.nullable(),
          saleId: S.Int.nullable(),
          returnId: S.Int.nullable(),
          sessionId: S.Int.nullable(),
          settlementId: S.Int.nullable(),
          message: z.string(),
        }),
      ),
      moreFindings: S.Int,
      checked: z.object({
        sales: S.Int,
        returns: S.Int,
        sessions: S.Int,
        settlements: S.Int,
        legacyRecords: S.Int,
        seals: S.Int,
        anchors: S.Int,
      }),
      sealsFile: z.string().nullable(),
    }),
    handler: (ctx, i) => auditJournal(ctx.store, i),
  }),
  'journal.seals': method({
    summary:
      'The journal head and every Z seal {v, shop, till, seq, hash, at, session} recorded in the database, to copy off the station (USB, HQ) as anchors for journal.verify.',
    role: 'admin',
    input: Empty,
    output: z.object({
      head: z.object({ seq: S.Int, hash: z.string() }).nullable(),
      seals: z.array(
        z.object({
          v: z.literal(1),
          shop: z.string(),
          till: z.string(),
          seq: S.Int,
          hash: z.string(),
          at: S.Int,
          session: S.Int,
        }),
      ),
    }),
    handler: (ctx) => ({ head: journalHead(ctx.store), seals: recordedSeals(ctx.store) }),
  }),
};
