import { z } from 'zod';
import * as settlements from '../../db/services/settlements';
import { settlementCsvFile, settlementPdfFile } from '../documents';
import { method, actor } from '../define-method';
import { DocumentBody } from '../document-body';
import * as S from '../schemas';

/** Cooperatives' settlement statements: draft, issue, pay, PDF and CSV. */
export const settlementsMethods = {
  'settlements.draft': method({
    summary:
      'Draft statement for a cooperative: everything unsettled before periodEnd, net of customer returns.',
    role: 'manager',
    offload: true,
    input: z.object({ cooperativeId: S.Id, periodEnd: S.Timestamp }).strict(),
    output: S.SettlementOut,
    handler: (ctx, i) => settlements.draftSettlement(ctx.store, i),
  }),
  'settlements.issue': method({
    summary:
      'Issues the statement: its lines are settled exactly once; it never changes afterwards. A payout of zero or less is refused (SETTLEMENT_NOT_POSITIVE) and carries into the next statement, unless `debitNote` issues it as a debit note (ND- series: the cooperative owes the shop).',
    role: 'manager',
    input: z
      .object({ cooperativeId: S.Id, periodEnd: S.Timestamp, debitNote: z.boolean().optional() })
      .strict(),
    output: S.SettlementOut,
    handler: (ctx, i) => settlements.issueSettlement(ctx.store, actor(ctx), i),
  }),
  'settlements.get': method({
    summary: 'An issued statement.',
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: S.SettlementOut,
    handler: (ctx, i) => settlements.getSettlement(ctx.store, i.id),
  }),
  'settlements.list': method({
    summary: 'Issued statements, newest first.',
    role: 'manager',
    input: z.object({ cooperativeId: S.Id.nullable().optional() }).strict(),
    output: z.array(S.SettlementSummaryOut),
    handler: (ctx, i) => settlements.listSettlements(ctx.store, i.cooperativeId),
  }),
  'settlements.markPaid': method({
    summary: 'Records the payment of a statement to its cooperative (once).',
    role: 'manager',
    input: z.object({ settlementId: S.Id, reference: S.NonEmpty(120) }).strict(),
    output: S.SettlementOut,
    handler: (ctx, i) => settlements.markSettlementPaid(ctx.store, actor(ctx), i),
  }),
  'settlements.pdf': method({
    summary:
      'The statement as a PDF in French and Arabic (base64): an issued one by id, or a watermarked draft by cooperative and period end. `language` puts one first (default French; `ar`: Arabic first, right to left).',
    role: 'manager',
    offload: true,
    input: z
      .object({
        id: S.Id.optional(),
        cooperativeId: S.Id.optional(),
        periodEnd: S.Timestamp.optional(),
        language: S.Language.optional(),
      })
      .strict(),
    output: z.object({ fileName: z.string(), pdfBase64: DocumentBody }),
    // The worker reads the statement; Chromium, in its own process, prints it (documents/pdf/).
    handler: (ctx, i) => settlementPdfFile(ctx.store, i),
  }),
  'settlements.csv': method({
    summary: 'The statement as CSV (UTF-8 with BOM, semicolons, decimal comma) for a spreadsheet.',
    role: 'manager',
    offload: true,
    input: z
      .object({ id: S.Id.optional(), cooperativeId: S.Id.optional(), periodEnd: S.Timestamp.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
    handler: (ctx, i) => settlementCsvFile(ctx.store, i),
  }),
};
