import { z } from 'zod';
import { tillOf } from '../../db/store';
import { cashReportPdfFile } from '../documents';
import { actor, method } from '../define-method';
import { DocumentBody } from '../document-body';
import * as S from '../schemas';

/**
 * A4 documents that no other domain prints (issue 13). Statements, return notes and label sheets stay with
 * their domains (settlements.pdf, stock.returnNotePdf, labels.sheet); all are HTML printed by Chromium.
 */
export const documentsMethods = {
  'documents.cashReportPdf': method({
    summary:
      "The X report (open session) or Z report (closed session) on A4 as a PDF (base64), for the back office's file: the asker's name on it, in their language or the one given (Arabic right to left).",
    role: 'manager',
    input: z.object({ sessionId: S.Id.optional(), language: S.Language.optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: DocumentBody }),
    handler: (ctx, i) =>
      cashReportPdfFile(ctx.store, {
        sessionId: i.sessionId,
        tillId: tillOf(ctx.store, ctx.actor),
        userId: actor(ctx).userId,
        language: i.language,
      }),
  }),
};
