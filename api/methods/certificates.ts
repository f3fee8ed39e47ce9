import { z } from 'zod';
import { CERTIFICATE_KINDS, type Certificate, type CertificateWarning } from '../../core/certificate';
import * as certs from '../../db/services/certificates';
import { method, actor } from '../define-method';
import * as S from '../schemas';

const Status = z.enum(['valid', 'expired', 'not_yet_valid', 'to_complete']);

export const CertificateOut = S.sends<Certificate>()(
  z.object({
    id: S.Int,
    cooperativeId: S.Int,
    kind: z.string(),
    number: z.string().nullable(),
    body: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    productIds: z.array(S.Int),
    document: z.object({ name: z.string(), mime: z.string(), bytes: S.Int }).nullable(),
    status: Status,
  }),
);

/** What receiving and label sheets answer beside their result: the certificates not backing a product today. */
export const CertificateWarningOut = S.sends<CertificateWarning>()(
  z.object({
    productId: S.Int,
    certificateId: S.Int,
    kind: z.string(),
    status: z.enum(['expired', 'not_yet_valid', 'to_complete']),
    validTo: z.string().nullable(),
  }),
);

// Known kinds are offered by the screen; another sign a cooperative holds may still be recorded.
const Kind = z.union([z.enum(CERTIFICATE_KINDS), S.NonEmpty(40)]);
const Fields = {
  kind: Kind,
  number: S.Text(60).nullable().optional(),
  body: S.Text(120).optional(),
  validFrom: S.DateString.nullable().optional(),
  validTo: S.DateString.nullable().optional(),
  productIds: z.array(S.Id).max(1000).optional(),
};

/** Certificates held by cooperatives (quality signs, ONSSA): products' labels are derived from them. */
export const certificatesMethods = {
  'certificates.list': method({
    summary:
      "Certificates held by the cooperatives (or one): kind, number, certifying body, validity, products covered (none: all the cooperative's), scanned document, and today's status (valid, expired, not yet valid, to complete).",
    role: 'manager',
    input: z.object({ cooperativeId: S.Id.nullable().optional() }).strict(),
    output: z.array(CertificateOut),
    handler: (ctx, i) => certs.listCertificates(ctx.store, i),
  }),
  'certificates.create': method({
    summary:
      'Records a certificate a cooperative holds for some of its products (or all of them: an ONSSA authorisation).',
    role: 'manager',
    input: z.object({ cooperativeId: S.Id, ...Fields }).strict(),
    output: CertificateOut,
    handler: (ctx, i) => certs.createCertificate(ctx.store, actor(ctx), i),
  }),
  'certificates.update': method({
    summary:
      'Completes or renews a certificate (number, body, dates, products); a renewed one clears its flags.',
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        kind: Kind.optional(),
        number: Fields.number,
        body: Fields.body,
        validFrom: Fields.validFrom,
        validTo: Fields.validTo,
        productIds: Fields.productIds,
      })
      .strict(),
    output: CertificateOut,
    handler: (ctx, { id, ...patch }) => certs.updateCertificate(ctx.store, actor(ctx), id, patch),
  }),
  'certificates.uploadDocument': method({
    summary: 'Attaches the scanned certificate (PDF, PNG or JPEG, base64, at most 2 MB).',
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        name: S.NonEmpty(120),
        mime: z.enum(certs.CERTIFICATE_DOCUMENT_TYPES),
        base64: z.string().max(Math.ceil((certs.CERTIFICATE_DOCUMENT_MAX_BYTES * 4) / 3) + 4),
      })
      .strict(),
    output: CertificateOut,
    handler: (ctx, { id, ...doc }) => certs.uploadCertificateDocument(ctx.store, actor(ctx), id, doc),
  }),
  'certificates.document': method({
    summary: "A certificate's scanned document (base64).",
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: z.object({ name: z.string(), mime: z.string(), base64: z.string() }),
    handler: (ctx, i) => certs.certificateDocument(ctx.store, i.id),
  }),
  'certificates.expiring': method({
    summary: 'Certificates ending within the given days or already ended, soonest first, with the days left.',
    role: 'manager',
    input: z.object({ days: S.Int.refine((n) => n >= 0 && n <= 3650, 'between 0 and 3650 days') }).strict(),
    output: z.array(CertificateOut.extend({ daysLeft: z.number().int() })),
    handler: (ctx, i) => certs.expiringCertificates(ctx.store, i.days),
  }),
  'certificates.flags': method({
    summary:
      "The certificate warnings of some products (expired, not yet valid, to complete), for the stock list's flag column.",
    role: 'cashier',
    input: z.object({ productIds: z.array(S.Id).max(500) }).strict(),
    output: z.array(CertificateWarningOut),
    handler: (ctx, i) => certs.certificateWarnings(ctx.store, i.productIds),
  }),
};
