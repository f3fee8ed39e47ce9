import type { Role } from '../core/roles';
import { z } from 'zod';
import * as S from './schemas';

export type MinRole = 'public' | Role;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  role: MinRole;
  input: I;
  output: O;
  /** A cashier may call it when a manager approves the single action with their PIN (`approval` in the input). */
  approvable?: boolean;
  /**
   * A read-only report: answered on a report worker's read-only connection (api/report-workers.ts), off the
   * main thread that the tills wait on. Its handler lives in api/report-handlers.ts.
   */
  offload?: boolean;
}

const m = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
/** A serial device's link (devices.status): a missing device is retried in the background, never waited for. */
const DeviceLinkStatusOut = z.object({
  path: z.string(),
  status: z.enum(['connected', 'connecting', 'not_connected']),
  error: z.string().nullable(),
  attempts: S.Int,
  nextAttemptAt: S.Int.nullable(),
});
const WithApproval = { approval: S.Approval.optional() };

/** The stock list's filter and sort (db/services/stock.ts StockQuery); quantities in milli-units. */
const StockFilterInput = z
  .object({
    cooperativeId: S.Id.nullable().optional(),
    productId: S.Id.nullable().optional(),
    includeEmpty: z.boolean().optional(),
    search: z.string().max(100).nullable().optional(),
    belowQty: S.SignedMilli.nullable().optional(),
    lowStock: z.boolean().optional(),
    expiringWithinDays: S.Int.refine((n) => n >= 0 && n <= 3650, 'between 0 and 3650 days')
      .nullable()
      .optional(),
    slowDays: S.Int.refine((n) => n > 0 && n <= 3650, 'between 1 and 3650 days')
      .nullable()
      .optional(),
    sort: z.enum(['name', 'cooperative', 'onHand', 'value', 'age', 'bestBefore', 'sold30']).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
  })
  .strict();
const StockListInput = StockFilterInput.extend({
  offset: S.Int.refine((n) => n >= 0 && n <= 10_000_000, 'between 0 and 10,000,000').optional(),
  // Never the whole list at once: a page unless asked otherwise (issue 10: 114 MB of JSON at 300,000 products).
  limit: S.Int.refine((n) => n > 0 && n <= 500, 'between 1 and 500').default(500),
}).strict();

/**
 * The one contract between every screen and the backend. Method name -> input schema, output schema,
 * minimum role. The HTTP station server, Electron IPC and tests all dispatch through it.
 */
export const contract = {
  'system.info': m({
    summary:
      "Shop name, versions and till of this station; used to check the station is up. `clock` is the shop's time (Africa/Casablanca) from the station's tz database: screens format times with its offsets, never their browser's tz data.",
    role: 'public',
    input: Empty,
    output: z.object({
      app: z.literal('souk-pos'),
      version: z.string(),
      schemaVersion: S.Int,
      tillId: z.string(),
      shopName: z.string(),
      clock: S.ShopClockOut,
    }),
  }),
  'system.backup': m({
    summary: 'Online backup of the database to a file path on the station (e.g. a USB stick).',
    role: 'admin',
    input: z.object({ path: S.NonEmpty(500) }).strict(),
    output: z.object({ file: z.string(), pages: S.Int }),
  }),
  'journal.verify': m({
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
  }),

  'journal.seals': m({
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
  }),

  'auth.users': m({
    summary: 'Active users for the login screen (names and roles only).',
    role: 'public',
    input: Empty,
    output: z.array(z.object({ id: S.Int, name: z.string(), role: S.Role, language: S.Language })),
  }),
  'auth.login': m({
    summary:
      'PIN login; returns a session token for the Authorization: Bearer header. Five wrong PINs lock the user for a minute, doubling with each further lockout.',
    role: 'public',
    input: z.object({ userId: S.Id, pin: S.Pin }).strict(),
    output: z.object({ token: z.string(), user: S.UserOut }),
  }),
  'auth.logout': m({ summary: 'Ends this session.', role: 'cashier', input: Empty, output: Ok }),
  'auth.me': m({ summary: 'The user of this session.', role: 'cashier', input: Empty, output: S.UserOut }),

  'users.list': m({
    summary: 'All users, active or not.',
    role: 'manager',
    input: Empty,
    output: z.array(S.UserOut),
  }),
  'users.create': m({
    summary:
      'Creates a user with a role and a PIN (stored hashed with scrypt). A manager creates cashiers only (FORBIDDEN otherwise).',
    role: 'manager',
    input: z
      .object({ name: S.NonEmpty(60), role: S.Role, pin: S.Pin, language: S.Language.optional() })
      .strict(),
    output: S.UserOut,
  }),
  'users.update': m({
    summary:
      "Changes a user's role, PIN, language or active flag. A manager changes cashiers only and cannot promote them (FORBIDDEN).",
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        role: S.Role.optional(),
        pin: S.Pin.optional(),
        language: S.Language.optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    output: S.UserOut,
  }),

  'settings.get': m({
    summary: 'Shop identity (ICE, IF, RC, address, receipt footer) and the barcode nomenclature.',
    role: 'cashier',
    input: Empty,
    output: S.SettingsOut,
  }),
  'settings.update': m({
    summary:
      'Updates shop identity and/or the barcode nomenclature (validated: rules must be restricted-circulation codes).',
    role: 'admin',
    input: z
      .object({
        shop: S.ShopSchema.partial().optional(),
        nomenclature: z.array(S.NomenclatureRuleSchema).min(1).optional(),
        labelPriceFloorBp: S.Int.refine((n) => n >= 0 && n <= 10000, '0 to 10000').optional(),
        quantityLimits: z.object({ piece: S.Int, kg: S.Int, l: S.Int }).partial().strict().optional(),
      })
      .strict(),
    output: S.SettingsOut,
  }),

  'cooperatives.list': m({
    summary: 'All cooperatives.',
    role: 'cashier',
    input: Empty,
    output: z.array(S.CooperativeOut),
  }),
  'cooperatives.get': m({
    summary: 'One cooperative.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.CooperativeOut,
  }),
  'cooperatives.create': m({
    summary: 'Registers a consignor cooperative with its default commission.',
    role: 'manager',
    input: z.object({ ...S.CooperativeCreateFields, active: z.boolean().optional() }).strict(),
    output: S.CooperativeOut,
  }),
  'cooperatives.update': m({
    summary: "Changes a cooperative's details or commission (past sales keep their frozen payouts).",
    role: 'manager',
    input: z
      .object({ id: S.Id, ...z.object(S.CooperativeFields).partial().shape, active: z.boolean().optional() })
      .strict(),
    output: S.CooperativeOut,
  }),

  'products.search': m({
    summary: 'Search as you type: French without accents, Arabic, SKU or barcode prefix.',
    role: 'cashier',
    input: z
      .object({ query: z.string().max(100), limit: S.Int.refine((n) => n > 0 && n <= 100).optional() })
      .strict(),
    output: z.array(S.SearchHitOut),
  }),
  'products.get': m({
    summary: 'One product with prices, terms and barcodes.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.ProductOut,
  }),
  'products.scan': m({
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
  }),
  'products.create': m({
    summary: 'Creates a product; `internalBarcode` gives it a shop-made EAN-13 for labels.',
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
  }),
  'products.list': m({
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
    output: z.object({ rows: z.array(S.ProductListRowOut), total: S.Int, offset: S.Int, limit: S.Int }),
  }),
  'products.update': m({
    summary:
      'Changes a product; barcodes listed are added, existing ones kept unless listed in removeBarcodes (only its own).',
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
  }),
  'products.importCsv': m({
    summary:
      "Imports a cooperative's product list (CSV, ',' or ';'): all rows or none; every bad row is reported with line, column, a typed code + params (details.errors of CSV_INVALID) and an English message. Units as the app shows them (pce/pc/قطعة, kg/كغ, l/ل) or piece/kg/l; VAT 20, 14, 10, 7, 0 or EX; amounts 32,50 or 32.50.",
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
  }),

  'customers.list': m({
    summary: 'Customer accounts (wholesale buyers) matching a name, phone or ICE.',
    role: 'cashier',
    input: z.object({ query: z.string().max(100).optional() }).strict(),
    output: z.array(S.CustomerOut),
  }),
  'customers.create': m({
    summary: 'Creates a customer account with its price tier.',
    role: 'manager',
    input: z
      .object({
        name: S.NonEmpty(120),
        phone: S.Text(40).nullable().optional(),
        ice: S.Text(15).nullable().optional(),
        tier: S.Tier,
      })
      .strict(),
    output: S.CustomerOut,
  }),

  'sales.checkout': m({
    summary:
      'Checks out a cart in one transaction. Prices are recomputed on the server. The clientId makes a retry harmless. Discounts and price overrides need a manager approval.',
    role: 'cashier',
    approvable: true,
    input: z
      .object({
        clientId: S.ClientId,
        customerId: S.Id.nullable().optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                cooperativeId: S.Id.nullable().optional(),
                barcode: z.string().max(64).nullable().optional(),
                overrideUnitPrice: S.NonNegCentimes.nullable().optional(),
                discount: S.Discount.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
        payments: z
          .array(
            z
              .object({
                method: S.PaymentMethod,
                amount: S.PositiveCentimes,
                tendered: S.PositiveCentimes.nullable().optional(),
                reference: S.Text(80).nullable().optional(),
              })
              .strict(),
          )
          .max(8),
        ...WithApproval,
      })
      .strict(),
    output: S.SaleOut,
  }),
  'sales.quote': m({
    summary:
      "Prices a cart exactly as checkout would (tiers earned by the cart's whole quantity of a product, labels, customer tier) and reports each line's stock on hand for its cooperative; writes nothing.",
    role: 'cashier',
    input: z
      .object({
        customerId: S.Id.nullable().optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                cooperativeId: S.Id.nullable().optional(),
                barcode: z.string().max(64).nullable().optional(),
                overrideUnitPrice: S.NonNegCentimes.nullable().optional(),
                discount: S.Discount.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(500),
      })
      .strict(),
    output: z.object({
      lines: z.array(
        S.SaleLineOut.omit({ id: true, payout: true, commission: true, returnedQuantity: true }).extend({
          onHand: S.Int,
          short: z.boolean(),
        }),
      ),
      total: S.Int,
      discountTotal: S.Int,
      vat: z.array(S.VatRowOut),
    }),
  }),
  'sales.get': m({
    summary: 'A sale with its lines, payments and VAT breakdown.',
    role: 'cashier',
    input: z.object({ id: S.Id }).strict(),
    output: S.SaleOut,
  }),
  'sales.byReceipt': m({
    summary: 'Finds a sale by till and receipt number (as scanned from the receipt barcode).',
    role: 'cashier',
    input: z.object({ tillId: S.NonEmpty(20), receiptNo: S.Id }).strict(),
    output: S.SaleOut,
  }),
  'sales.list': m({
    summary: 'Sales in a time range, newest first.',
    role: 'cashier',
    input: z
      .object({
        from: S.Timestamp,
        to: S.Timestamp,
        limit: S.Int.refine((n) => n > 0 && n <= 1000).optional(),
      })
      .strict(),
    output: z.array(
      z.object({
        id: S.Int,
        tillId: z.string(),
        receiptNo: S.Int,
        at: S.Int,
        total: S.Int,
        voided: z.boolean(),
        cashierId: S.Int,
      }),
    ),
  }),
  'sales.void': m({
    summary: 'Voids a sale of the open session (recorded, never deleted; stock comes back).',
    role: 'manager',
    approvable: true,
    input: z.object({ saleId: S.Id, reason: S.NonEmpty(200), ...WithApproval }).strict(),
    output: S.SaleOut,
  }),
  'returns.create': m({
    summary:
      'Customer return of some lines of a sale: refund, restock to the same cooperative, carried into the next statement.',
    role: 'manager',
    approvable: true,
    input: z
      .object({
        clientId: S.ClientId,
        saleId: S.Id,
        lines: z
          .array(z.object({ saleLineId: S.Id, quantity: S.Milli, restock: z.boolean() }).strict())
          .min(1)
          .max(500),
        reason: S.NonEmpty(200),
        refundMethod: S.PaymentMethod,
        ...WithApproval,
      })
      .strict(),
    output: S.ReturnOut,
  }),

  'stock.receive': m({
    summary: "Receives a cooperative's consignment delivery (lots, best-before dates).",
    role: 'manager',
    input: z
      .object({
        clientId: S.ClientId,
        cooperativeId: S.Id,
        noteRef: S.NonEmpty(60),
        comment: S.Text(400).optional(),
        lines: z
          .array(
            z
              .object({
                productId: S.Id,
                quantity: S.Milli,
                lot: S.Text(60).optional(),
                bestBefore: S.DateString.nullable().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
    output: z.object({ deliveryId: S.Int, replayed: z.boolean() }),
  }),
  'deliveries.list': m({
    summary:
      "The history of deliveries received, newest first: one cooperative's or all, received between `from` and `to` (UTC ms, both included), one page with the count of all that match.",
    role: 'manager',
    input: z
      .object({
        cooperativeId: S.Id.nullable().optional(),
        from: S.Timestamp.nullable().optional(),
        to: S.Timestamp.nullable().optional(),
        offset: S.Int.refine((n) => n >= 0 && n <= 10_000_000, 'between 0 and 10,000,000').optional(),
        limit: S.Int.refine((n) => n > 0 && n <= 200, 'between 1 and 200').default(50),
      })
      .strict(),
    output: z.object({
      rows: z.array(
        z.object({
          id: S.Int,
          cooperativeId: S.Int,
          cooperativeName: z.string(),
          noteRef: z.string(),
          receivedAt: S.Int,
          userName: z.string(),
          comment: z.string(),
          lineCount: S.Int,
        }),
      ),
      total: S.Int,
      offset: S.Int,
      limit: S.Int,
    }),
  }),
  'deliveries.get': m({
    summary:
      'One delivery with its lines as received (product, quantity, lot, best-before); `ownGtin` marks a product with a GS1 code of its own, whose pack needs no shop label.',
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: z.object({
      id: S.Int,
      cooperativeId: S.Int,
      cooperativeName: z.string(),
      noteRef: z.string(),
      receivedAt: S.Int,
      userName: z.string(),
      comment: z.string(),
      lines: z.array(
        z.object({
          lineId: S.Int,
          productId: S.Int,
          sku: z.string(),
          nameFr: z.string(),
          nameAr: z.string(),
          unit: S.Unit,
          quantity: S.Int,
          lot: z.string(),
          bestBefore: z.string().nullable(),
          ownGtin: z.boolean(),
        }),
      ),
    }),
  }),
  'stock.onHand': m({
    summary:
      'Stock per product and cooperative: on hand, value per tier, days since receipt, nearest best-before (and days left), sold in 30 days. Filtered, sorted and paged in SQL (at most 500 rows; stock.page gives the count and totals too).',
    role: 'cashier',
    offload: true,
    input: StockListInput,
    output: z.array(S.StockRowOut),
  }),
  'stock.page': m({
    summary:
      "One page of the manager's stock list with the count and value (per tier) of everything the filter matches: cooperative, folded search text, on hand below a quantity or at most the product's own low-stock alert, a lot on the shelf within N days of its best-before (expired included), slow movers (no sale in N days, on the shelf at least as long). One query per page.",
    role: 'manager',
    offload: true,
    input: StockListInput,
    output: z.object({
      rows: z.array(S.StockRowOut),
      total: S.Int,
      offset: S.Int,
      limit: S.Int,
      value: z.object({ retail: S.Int, semi: S.Int, wholesale: S.Int }),
    }),
  }),
  'stock.lots': m({
    summary:
      'The lots received of one product from one cooperative, newest first: delivery note, lot, best-before, days left, received and still on hand (first in, first out).',
    role: 'manager',
    offload: true,
    input: z.object({ productId: S.Id, cooperativeId: S.Id }).strict(),
    output: z.array(
      z.object({
        deliveryLineId: S.Int,
        deliveryId: S.Int,
        noteRef: z.string(),
        lot: z.string(),
        bestBefore: z.string().nullable(),
        receivedAt: S.Int,
        received: S.Int,
        onHand: S.Int,
        daysLeft: S.Int.nullable(),
      }),
    ),
  }),
  'stock.export': m({
    summary:
      'Checks a CSV export of the stock list (the filter and sort of stock.page, every row) and names its file. The CSV itself streams from `POST /export/stock.csv` with the same JSON body and token: UTF-8 with a BOM, `;`, decimal commas, as French Excel opens it.',
    role: 'manager',
    offload: true,
    input: StockFilterInput,
    output: z.object({ fileName: z.string(), rows: S.Int }),
  }),
  'stock.returnToCooperative': m({
    summary: 'Returns unsold or expiring goods to their cooperative.',
    role: 'manager',
    input: z
      .object({
        clientId: S.ClientId,
        cooperativeId: S.Id,
        reason: S.NonEmpty(200),
        lines: z
          .array(z.object({ productId: S.Id, quantity: S.Milli, lot: S.Text(60).optional() }).strict())
          .min(1)
          .max(1000),
      })
      .strict(),
    output: z.object({ returnId: S.Int, replayed: z.boolean() }),
  }),
  'stock.adjust': m({
    summary:
      'A stock correction with a reason (count, damaged, expired, theft, sample, other); never below zero.',
    role: 'manager',
    input: z
      .object({
        productId: S.Id,
        cooperativeId: S.Id,
        quantity: S.SignedMilli.refine((n) => n !== 0, 'must not be zero'),
        reason: z.enum(['count', 'damaged', 'expired', 'theft', 'sample', 'other']),
        note: S.Text(400).optional(),
      })
      .strict(),
    output: z.object({ adjustmentId: S.Int, onHand: S.Int }),
  }),
  'stock.movements': m({
    summary: 'The ledger of one product for one cooperative.',
    role: 'manager',
    input: z.object({ productId: S.Id, cooperativeId: S.Id }).strict(),
    output: z.array(
      z.object({ id: S.Int, qty: S.Int, kind: z.string(), refId: S.Int.nullable(), at: S.Int }),
    ),
  }),

  'cash.current': m({
    summary: 'The open cash session of this till, or null.',
    role: 'cashier',
    input: Empty,
    output: S.CashSessionOut.nullable(),
  }),
  'cash.open': m({
    summary: 'Opens the cash session of this till with a float.',
    role: 'cashier',
    input: z.object({ openingFloat: S.NonNegCentimes }).strict(),
    output: S.CashSessionOut,
  }),
  'cash.move': m({
    summary: 'Cash in or out of the drawer with a reason.',
    role: 'cashier',
    input: z
      .object({ kind: z.enum(['in', 'out']), amount: S.PositiveCentimes, reason: S.NonEmpty(200) })
      .strict(),
    output: z.object({ id: S.Int }),
  }),
  'cash.xReport': m({
    summary: 'X report of the open session (or of a given one).',
    role: 'cashier',
    offload: true,
    input: z.object({ sessionId: S.Id.optional() }).strict(),
    output: S.CashReportOut,
  }),
  'cash.close': m({
    summary:
      'Z close with a count by Moroccan denomination (centimes -> count); returns the Z report with the variance.',
    role: 'manager',
    approvable: true,
    input: z
      .object({
        counts: z.record(
          z.string().regex(/^\d+$/),
          S.Int.refine((n) => n >= 0 && n <= 100000, '0 to 100000'),
        ),
        ...WithApproval,
      })
      .strict(),
    output: S.CashReportOut,
  }),
  'cash.sessions': m({
    summary: 'Recent cash sessions of this till.',
    role: 'manager',
    input: Empty,
    output: z.array(S.CashSessionOut),
  }),

  'settlements.draft': m({
    summary:
      'Draft statement for a cooperative: everything unsettled before periodEnd, net of customer returns.',
    role: 'manager',
    offload: true,
    input: z.object({ cooperativeId: S.Id, periodEnd: S.Timestamp }).strict(),
    output: S.SettlementOut,
  }),
  'settlements.issue': m({
    summary:
      'Issues the statement: its lines are settled exactly once; it never changes afterwards. A payout of zero or less is refused (SETTLEMENT_NOT_POSITIVE) and carries into the next statement, unless `debitNote` issues it as a debit note (ND- series: the cooperative owes the shop).',
    role: 'manager',
    input: z
      .object({ cooperativeId: S.Id, periodEnd: S.Timestamp, debitNote: z.boolean().optional() })
      .strict(),
    output: S.SettlementOut,
  }),
  'settlements.get': m({
    summary: 'An issued statement.',
    role: 'manager',
    input: z.object({ id: S.Id }).strict(),
    output: S.SettlementOut,
  }),
  'settlements.list': m({
    summary: 'Issued statements, newest first.',
    role: 'manager',
    input: z.object({ cooperativeId: S.Id.nullable().optional() }).strict(),
    output: z.array(S.SettlementSummaryOut),
  }),
  'settlements.markPaid': m({
    summary: 'Records the payment of a statement to its cooperative (once).',
    role: 'manager',
    input: z.object({ settlementId: S.Id, reference: S.NonEmpty(120) }).strict(),
    output: S.SettlementOut,
  }),

  'sales.receipt': m({
    summary: 'The receipt of a sale as text and HTML (preview, reprint on screen).',
    role: 'cashier',
    input: z
      .object({
        saleId: S.Id,
        language: S.Language.optional(),
        columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).optional(),
      })
      .strict(),
    output: z.object({ text: z.string(), html: z.string() }),
  }),
  'dashboard.summary': m({
    summary:
      'Sales for a period by tier, payment method, cooperative, region and share of women’s cooperatives, with a daily series.',
    role: 'manager',
    offload: true,
    input: z.object({ from: S.Timestamp, to: S.Timestamp }).strict(),
    output: S.DashboardOut,
  }),

  'devices.get': m({
    summary: 'The receipt printer and scale configured for this till.',
    role: 'manager',
    input: Empty,
    output: S.DevicesConfigSchema,
  }),
  'devices.configure': m({
    summary:
      'Configures the receipt printer (TCP 9100, USB lp device, serial) and the scale (protocol, serial port).',
    role: 'manager',
    input: S.DevicesConfigSchema,
    output: S.DevicesConfigSchema,
  }),
  'devices.listPorts': m({
    summary: 'Serial ports found on this station.',
    role: 'manager',
    input: Empty,
    output: z.array(z.object({ path: z.string(), manufacturer: z.string().nullable() })),
  }),
  'devices.status': m({
    summary:
      'Whether each configured serial device (scale, pole display, scanner) is connected; a missing one says why and is retried in the background until it appears. Null when not configured.',
    role: 'cashier',
    input: Empty,
    output: z.object({
      scale: DeviceLinkStatusOut.nullable(),
      display: DeviceLinkStatusOut.nullable(),
      scanner: DeviceLinkStatusOut.nullable(),
    }),
  }),
  'devices.testPrint': m({
    summary: 'Prints a test receipt (French accents and Arabic).',
    role: 'manager',
    input: Empty,
    output: z.object({ printer: z.string(), bytes: S.Int }),
  }),
  'devices.printReceipt': m({
    summary:
      'Prints the receipt of a sale (opening the drawer for cash if asked). On failure the receipt is queued for reprint and the error names the printer and the cause; the sale is never affected.',
    role: 'cashier',
    input: z
      .object({ saleId: S.Id, copy: z.boolean().optional(), openDrawer: z.boolean().optional() })
      .strict(),
    output: z.object({ printer: z.string(), bytes: S.Int }),
  }),
  'devices.printReturn': m({
    summary:
      'Prints the refund slip of a customer return (its number as a barcode, the receipt it refunds, the refund). On failure it is queued for reprint, like a receipt.',
    role: 'cashier',
    input: z.object({ returnId: S.Id }).strict(),
    output: z.object({ printer: z.string(), bytes: S.Int }),
  }),
  'devices.openDrawer': m({
    summary: 'Opens the cash drawer outside a sale.',
    role: 'manager',
    approvable: true,
    input: z.object({ ...WithApproval }).strict(),
    output: Ok,
  }),
  'devices.printQueue': m({
    summary: 'Receipts waiting for a reprint (printer was offline, out of paper...).',
    role: 'cashier',
    input: Empty,
    output: z.array(
      z.object({
        id: S.Int,
        createdAt: S.Int,
        printer: z.string(),
        attempts: S.Int,
        lastError: z.string().nullable(),
      }),
    ),
  }),
  'devices.retryQueue': m({
    summary: 'Reprints the queued receipts in order.',
    role: 'cashier',
    input: Empty,
    output: z.object({ printed: S.Int, failed: S.Int, pending: S.Int }),
  }),
  'devices.readScale': m({
    summary:
      'A stable weight from the scale, in grams; motion, overload, under zero or no answer are clear errors.',
    role: 'cashier',
    input: z
      .object({ timeoutMs: S.Int.refine((n) => n >= 100 && n <= 15000, '100 to 15000').optional() })
      .strict(),
    output: z.object({ grams: S.Int }),
  }),

  'labels.sheet': m({
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
    output: z.object({ pdfBase64: z.string(), labels: S.Int, pages: S.Int }),
  }),
  'labels.print': m({
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
  }),
  'system.setup': m({
    summary: 'First run only (no user yet): creates the first admin and names the shop.',
    role: 'public',
    input: z
      .object({
        adminName: S.NonEmpty(60),
        pin: S.Pin,
        shopName: S.NonEmpty(120),
        language: S.Language.optional(),
      })
      .strict(),
    output: z.object({ token: z.string(), user: S.UserOut }),
  }),

  'settlements.pdf': m({
    summary:
      'The statement as a PDF in French and Arabic (base64): an issued one by id, or a watermarked draft by cooperative and period end.',
    role: 'manager',
    offload: true,
    input: z
      .object({ id: S.Id.optional(), cooperativeId: S.Id.optional(), periodEnd: S.Timestamp.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
  }),
  'settlements.csv': m({
    summary: 'The statement as CSV (UTF-8 with BOM, semicolons, decimal comma) for a spreadsheet.',
    role: 'manager',
    offload: true,
    input: z
      .object({ id: S.Id.optional(), cooperativeId: S.Id.optional(), periodEnd: S.Timestamp.optional() })
      .strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
  }),
  'stock.returnNotePdf': m({
    summary:
      'The return note (bon de retour) of goods returned to a cooperative, as a PDF (base64) with signature boxes.',
    role: 'manager',
    input: z.object({ returnId: S.Id }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
  }),
  'cash.printReport': m({
    summary:
      'Prints the X report (open session) or the Z report (closed session) on the receipt printer; also returns its lines.',
    role: 'cashier',
    input: z.object({ sessionId: S.Id.optional(), print: z.boolean().optional() }).strict(),
    output: z.object({ lines: z.array(z.string()), printed: z.boolean() }),
  }),

  'devices.display': m({
    summary:
      "Shows a screen on the customer's pole display (2x20): welcome, the item just scanned, the total, or total and change at payment. Returns the two lines (also when no display is configured).",
    role: 'cashier',
    input: z.discriminatedUnion('screen', [
      z.object({ screen: z.literal('welcome') }).strict(),
      z
        .object({
          screen: z.literal('item'),
          nameFr: S.NonEmpty(200),
          quantityText: S.Text(20),
          amount: S.Centimes,
        })
        .strict(),
      z.object({ screen: z.literal('total'), total: S.Centimes }).strict(),
      z
        .object({ screen: z.literal('payment'), total: S.Centimes, tendered: S.Centimes, change: S.Centimes })
        .strict(),
    ]),
    output: z.object({ shown: z.boolean(), lines: z.tuple([z.string(), z.string()]) }),
  }),

  'devices.scans': m({
    summary:
      'Codes read by the serial scanner after sequence number `after`; waits up to waitMs for one (long poll). The till passes back `last` next time.',
    role: 'cashier',
    input: z
      .object({
        after: S.Int.refine((n) => n >= 0, 'not negative'),
        waitMs: S.Int.refine((n) => n >= 0 && n <= 25000, '0 to 25000').optional(),
      })
      .strict(),
    output: z.object({
      enabled: z.boolean(),
      scans: z.array(z.object({ seq: S.Int, code: z.string(), at: S.Int })),
      last: S.Int,
    }),
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ApiInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ApiOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
