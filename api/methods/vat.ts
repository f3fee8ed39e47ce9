import { z } from 'zod';
import type { ProductVat, VatCodeRates, VatRate, VatScheduleEntry } from '../../core/vat';
import { VAT_EXEMPTION_IDS, VAT_EXEMPTIONS, type VatExemption } from '../../core/vat-exemptions';
import * as vat from '../../db/services/vat-rates';
import { actor, Empty, method } from '../define-method';
import * as S from '../schemas';

const Exemption = z.enum(VAT_EXEMPTION_IDS);

const VatRateOut = S.sends<VatRate>()(
  z.object({
    code: S.VatCode,
    rateBp: S.Int,
    validFrom: z.string(),
    validTo: z.string().nullable(),
    source: z.string(),
  }),
);

const VatCodeRatesOut = S.sends<VatCodeRates>()(
  z.object({ code: S.VatCode, rateBpToday: S.Int.nullable(), rates: z.array(VatRateOut) }),
);

const ScheduleEntryOut = S.sends<VatScheduleEntry>()(
  z.object({
    productId: S.Int,
    vatCode: S.VatCode,
    vatExemption: Exemption.nullable(),
    validFrom: z.string(),
  }),
);

const ProductVatOut = S.sends<ProductVat>()(
  z.object({
    productId: S.Int,
    today: z.string(),
    vatCode: S.VatCode,
    vatExemption: Exemption.nullable(),
    rateBpToday: S.Int.nullable(),
    schedule: z.array(ScheduleEntryOut),
    lastSoldDay: z.string().nullable(),
  }),
);

const ExemptionOut = S.sends<VatExemption>()(
  z.object({ id: Exemption, article: z.string(), fr: z.string(), ar: z.string() }),
);

// An exempt product names the CGI wording its invoices print; a taxed one names none.
const Move = {
  vatCode: S.VatCode,
  vatExemption: Exemption.nullable().optional(),
  validFrom: S.DateString,
};
const wordingFitsCode = (m: { vatCode: string; vatExemption?: string | null | undefined }) =>
  m.vatCode === 'EX' ? (m.vatExemption ?? null) !== null : (m.vatExemption ?? null) === null;
const wordingMessage = {
  message: 'the exempt code EX names its CGI exemption wording, and only EX does',
  path: ['vatExemption'],
};

/** Dated VAT (issue 13): the codes' rates by law, the exemption wordings, and a product's moves between codes. */
export const vatMethods = {
  'vat.codes': method({
    summary:
      'The VAT codes, each with every dated rate it has had (valid from / to, shop days, to inclusive) and its legal source, and the rate in force today.',
    role: 'manager',
    input: Empty,
    output: z.array(VatCodeRatesOut),
    handler: (ctx) => vat.vatCodes(ctx.store),
  }),
  'vat.exemptions': method({
    summary:
      'The CGI exemptions a product may be marked exempt under (couscous, semolina and flour, packaged dates, artisanal olive oil, carpets...), with the wording an invoice prints, in French and Arabic.',
    role: 'manager',
    input: Empty,
    output: z.array(ExemptionOut),
    handler: () => VAT_EXEMPTION_IDS.map((id) => VAT_EXEMPTIONS[id]),
  }),
  'vat.product': method({
    summary:
      "A product's VAT: the code, wording and rate it sells at today, its scheduled moves, and the last day it was sold (a move starts after it).",
    role: 'manager',
    input: z.object({ productId: S.Id }).strict(),
    output: ProductVatOut,
    handler: (ctx, i) => vat.productVat(ctx.store, i.productId),
  }),
  'vat.schedule': method({
    summary:
      'Moves a product to another VAT code (or to an exemption with its wording) from a shop day; a day on or before its last sale is refused (VAT_CHANGE_BACKDATED): sold lines keep their rate. The same day again replaces that move.',
    role: 'manager',
    input: z
      .object({ productId: S.Id, ...Move })
      .strict()
      .refine(wordingFitsCode, wordingMessage),
    output: ProductVatOut,
    handler: (ctx, { productId, ...move }) => {
      vat.scheduleProductVat(ctx.store, actor(ctx), { productId, ...move });
      return vat.productVat(ctx.store, productId);
    },
  }),
  'vat.moveProducts': method({
    summary:
      'Moves several products to a VAT code from a shop day in one go (all the olive oils from 10 % to 20 % on 1 January): all or none, with the same rules as vat.schedule.',
    role: 'manager',
    input: z
      .object({ productIds: z.array(S.Id).min(1).max(5000), ...Move })
      .strict()
      .refine(wordingFitsCode, wordingMessage),
    output: z.array(ProductVatOut),
    handler: (ctx, { productIds, ...move }) =>
      vat.moveProductsVat(ctx.store, actor(ctx), { productIds, ...move }),
  }),
  'vat.addRate': method({
    summary:
      "A finance law changes a code's rate from a shop day: the open rate ends the day before. Refused when it overlaps a rate already dated (VAT_RATE_OVERLAP) or a day the code was already sold on (VAT_CHANGE_BACKDATED).",
    role: 'admin',
    input: z
      .object({
        code: S.VatCode,
        rateBp: S.Int.min(0, 'a rate is 0 to 10000 basis points').max(
          10_000,
          'a rate is 0 to 10000 basis points',
        ),
        validFrom: S.DateString,
        source: S.NonEmpty(200),
      })
      .strict(),
    output: z.array(VatCodeRatesOut),
    handler: (ctx, i) => {
      vat.addVatRate(ctx.store, actor(ctx), i);
      return vat.vatCodes(ctx.store);
    },
  }),
};
