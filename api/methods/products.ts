import { z } from 'zod';
import { importProductsCsv } from '../../db/services/csv-import';
import * as products from '../../db/services/products';
import { scanNeedsApproval } from '../../db/services/price-labels';
import { method, actor } from '../define-method';
import * as S from '../schemas';

/** The catalogue: search, scan, create, update, CSV import. */
export const productsMethods = {
  'products.search': method({
    summary: 'Search as you type: French without accents, Arabic, SKU or barcode prefix.',
    role: 'cashier',
    input: z
      .object({ query: z.string().max(100), limit: S.Int.refine((n) => n > 0 && n <= 100).optional() })
      .strict(),
    output: z.array(S.SearchHitOut),
    handler: (ctx, i) => products.searchProducts(ctx.store, i.query, i.limit),
  }),
  'products.get': method({
    summary: 'One product with prices, terms and barcodes.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.ProductOut,
    handler: (ctx, i) => products.getProduct(ctx.store, i.id),
  }),
  'products.scan': method({
    summary:
      'A scanned code -> product and quantity (GTIN, shop-made code, weight- or price-embedded label).',
    role: 'cashier',
    input: z.object({ code: z.string().min(1).max(64) }).strict(),
    output: z.object({
      product: S.ProductOut,
      quantity: S.Int.nullable(),
      labelAmount: S.Int.nullable(),
      code: z.string(),
      kind: z.enum(['gtin', 'internal', 'weight', 'price']),
      needsApproval: z
        .boolean()
        .describe('A price label at zero or below the price floor: checkout of it needs a manager approval.'),
    }),
    handler: (ctx, i) => {
      const scan = products.lookupBarcode(ctx.store, i.code);
      return { ...scan, needsApproval: scanNeedsApproval(ctx.store, scan) };
    },
  }),
  'products.create': method({
    summary:
      'Creates a product; `internalBarcode` gives it a shop-made EAN-13 for labels. In a chain whose HQ does not allow this shop products of its own: HQ_LOCAL_PRODUCTS_NOT_ALLOWED.',
    role: 'manager',
    input: z
      .object({
        ...S.ProductCreateFields,
        barcodes: z
          .array(z.string().regex(/^\d{8,14}$/))
          .max(10)
          .default([]),
        internalBarcode: z.boolean().optional(),
        active: z.boolean().optional(),
        lowStockAlert: S.Milli.nullable().optional(),
      })
      .strict(),
    output: S.ProductOut,
    handler: (ctx, i) => products.createProduct(ctx.store, actor(ctx), i),
  }),
  'products.list': method({
    summary:
      "The back office's catalogue a page at a time, in SKU order, inactive products included: tier prices, barcodes, stock on hand and the low-stock flag. `query` narrows it like products.search.",
    role: 'manager',
    input: z
      .object({
        query: z.string().max(100).optional(),
        cooperativeId: S.Id.nullable().optional(),
        offset: S.Int.refine((n) => n >= 0 && n <= 10_000_000).optional(),
        limit: S.Int.refine((n) => n > 0 && n <= 200).optional(),
      })
      .strict(),
    output: S.ProductPageOut,
    handler: (ctx, i) => products.listProducts(ctx.store, i),
  }),
  'products.update': method({
    summary:
      "Changes a product; barcodes listed are added, existing ones kept unless listed in removeBarcodes (only its own). On a product from HQ's catalogue (`origin: 'hq'`) the fields HQ sets are read-only (HQ_FIELD_READ_ONLY, details.field) and prices and tier thresholds change only while HQ allows local prices (HQ_LOCAL_PRICES_NOT_ALLOWED); the low-stock alert and a shop-made label code are the shop's.",
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        ...z.object(S.ProductFields).partial().shape,
        barcodes: z
          .array(z.string().regex(/^\d{8,14}$/))
          .max(10)
          .optional(),
        removeBarcodes: z
          .array(z.string().regex(/^\d{8,14}$/))
          .max(20)
          .optional(),
        internalBarcode: z.boolean().optional(),
        active: z.boolean().optional(),
        lowStockAlert: S.Milli.nullable().optional(),
      })
      .strict(),
    output: S.ProductOut,
    handler: (ctx, { id, ...patch }) => products.updateProduct(ctx.store, actor(ctx), id, patch),
  }),
  'products.importCsv': method({
    summary:
      "Imports a cooperative's product list (CSV, ',' or ';'): all rows or none; every bad row is reported with line, column, a typed code + params (details.errors of CSV_INVALID) and an English message. Units as the app shows them (pce/pc/قطعة, kg/كغ, l/ل) or piece/kg/l; VAT 20, 14, 10, 7, 0 or EX; amounts 32,50 or 32.50. HQ's rules as for products.create / products.update, with the row's line in details.line.",
    role: 'manager',
    input: z
      .object({ cooperativeId: S.Id, csv: z.string().max(10_000_000), dryRun: z.boolean().optional() })
      .strict(),
    output: z.object({
      dryRun: z.boolean(),
      rows: S.Int,
      created: S.Int,
      updated: S.Int,
      errors: z.array(
        z.object({
          line: S.Int,
          column: z.string().nullable(),
          code: z
            .string()
            .describe('issue code, translated by the screen as issue.<code> (core/product-issues.ts)'),
          params: z.record(z.string(), z.union([z.string(), z.number()])),
          message: z.string(),
        }),
      ),
    }),
    handler: (ctx, i) => importProductsCsv(ctx.store, actor(ctx), i),
  }),
};
