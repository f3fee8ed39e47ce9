import { z } from 'zod';
import { labelBytes, labelSheet } from '../labels';
import { method, actor } from '../define-method';
import { DocumentBody } from '../document-body';
import * as S from '../schemas';
import { CertificateWarningOut } from './certificates';

/** Product labels: A4 sheets and labels on the receipt printer. */
export const labelsMethods = {
  'labels.sheet': method({
    summary:
      'An A4 sheet of product labels (3x8 or 4x10) as a PDF (base64): names in French and Arabic, tier prices, quality labels, best-before, EAN-13. Products without one get an internal EAN-13.',
    role: 'manager',
    input: z
      .object({
        items: z
          .array(
            z
              .object({
                productId: S.Id,
                copies: S.Int.refine((n) => n >= 1 && n <= 400, '1 to 400'),
                bestBefore: S.DateString.nullable().optional(),
                lot: S.Text(60).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(200),
        layout: z.enum(['3x8', '4x10']),
        startAt: S.Int.refine((n) => n >= 0 && n < 40, '0 to 39').optional(),
      })
      .strict(),
    // warnings: certificates left off the sheet (expired, not yet valid) or still to complete.
    output: z.object({
      pdfBase64: DocumentBody,
      labels: S.Int,
      pages: S.Int,
      warnings: z.array(CertificateWarningOut),
    }),
    // The sheet is drawn on a report worker when the host has them (api/label-render.ts).
    handler: (ctx, i) => labelSheet(ctx.store, actor(ctx), i, ctx.reports ?? null),
  }),
  'labels.print': method({
    summary: 'Prints product labels on the receipt printer (for shops without a label printer).',
    role: 'manager',
    input: z
      .object({
        productId: S.Id,
        copies: S.Int.refine((n) => n >= 1 && n <= 50, '1 to 50'),
        bestBefore: S.DateString.nullable().optional(),
        lot: S.Text(60).optional(),
      })
      .strict(),
    output: z.object({ printer: z.string(), bytes: S.Int }),
    handler: async (ctx, i) => {
      const one = labelBytes(
        ctx.store,
        actor(ctx),
        i.productId,
        i.bestBefore ?? null,
        ctx.devices.paperDots(),
        i.lot,
      );
      return ctx.devices.printRaw(Buffer.concat(Array.from({ length: i.copies }, () => one)));
    },
  }),
};
