import { z } from 'zod';
import { pricingIssues } from '../core/product-issues';
import { validateTerms, type ConsignmentTerms } from '../core/payout';
import { UNITS } from '../core/quantity';
import { VAT_CODES } from '../core/vat';
import type { CatalogAllowance, CatalogCoop, CatalogProduct } from '../core/hq-catalog-wire';

/** What HQ staff send to write the chain's catalogue (hq/catalog-routes.ts); checked before any row moves. */
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => z.string().max(max).nullable().default(null);
const centimes = z.number().int().min(0).max(100_000_000_00);
const milli = z.number().int().positive().max(1_000_000_000);

export const catalogCoopSchema: z.ZodType<CatalogCoop, unknown> = z.object({
  code: z
    .string()
    .min(3)
    .max(120)
    .regex(/^(reg|ice|name|hq):\S/, 'a code is reg:, ice:, name: or hq: then the identity'),
  nameFr: text(200).min(1),
  nameAr: text(200).default(''),
  registrationNo: optionalText(60),
  ice: optionalText(60),
  region: text(100).default(''),
  womens: z.boolean().default(false),
  contactName: optionalText(200),
  phone: optionalText(40),
  email: optionalText(200),
  bankName: optionalText(200),
  bankAccount: optionalText(60),
  commissionBp: z.number().int().min(0).max(10_000),
  active: z.boolean().default(true),
});

const termsSchema = z
  .union([
    z.object({ kind: z.literal('commission'), rateBp: z.number().int() }),
    z.object({ kind: z.literal('fixed'), payoutPerUnit: z.number().int() }),
  ])
  .nullable()
  .default(null)
  .superRefine((t: ConsignmentTerms | null, ctx) => {
    for (const message of t ? validateTerms(t) : []) ctx.addIssue({ code: 'custom', message });
  });

export const catalogProductSchema: z.ZodType<CatalogProduct, unknown> = z
  .object({
    sku: z.string().min(1).max(64),
    nameFr: text(200).min(1),
    nameAr: text(200).default(''),
    coopCode: z.string().min(3).max(120),
    unit: z.enum(UNITS),
    vatCode: z.enum(VAT_CODES),
    retailPrice: centimes,
    semiPrice: centimes,
    wholesalePrice: centimes,
    semiMinQty: milli.nullable().default(null),
    wholesaleMinQty: milli.nullable().default(null),
    qualityLabels: z.array(text(60)).max(20).default([]),
    scaleRef: optionalText(20),
    terms: termsSchema,
    barcodes: z
      .array(z.string().regex(/^\d{8,14}$/))
      .max(20)
      .default([]),
    active: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    // The shop's own pricing rules (tiers, thresholds): HQ never sends a product a shop would refuse.
    for (const i of pricingIssues(p)) ctx.addIssue({ code: 'custom', message: i.message, path: [i.field] });
  });

export const allowanceSchema: z.ZodType<CatalogAllowance & { shopId: string }, unknown> = z.object({
  shopId: z.string().min(1).max(64),
  localProducts: z.boolean(),
  localPrices: z.boolean(),
});

/** A shop's catalogue sent to seed HQ (db/services/hq-catalog-pull.ts catalogueForHq builds it). */
export const catalogImportSchema = z.object({
  coops: z.array(catalogCoopSchema).max(5_000),
  products: z.array(catalogProductSchema).max(500_000),
});
export type CatalogImport = z.infer<typeof catalogImportSchema>;
