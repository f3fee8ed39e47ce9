import { z } from 'zod';
import { PAYMENT_METHODS } from '../core/cash';
import { LANGUAGES } from '../core/languages';
import { MAX_CENTIMES, MAX_MILLI } from '../core/money';
import { PRICE_TIERS } from '../core/pricing';
import { ROLES } from '../core/roles';
import { UNITS } from '../core/quantity';
import { VAT_CODES, type VatBreakdownRow } from '../core/vat';
import type { CashReport, CashSession } from '../core/cash-report';
import type { Cooperative } from '../core/cooperative';
import type { Customer } from '../core/customer';
import type { Dashboard } from '../core/dashboard';
import type { DeliveryDetail, DeliveryPage } from '../core/delivery';
import type { Product, ProductListRow, ProductPage, SearchHit } from '../core/product';
import { SETTLEMENT_KINDS, SETTLEMENT_STATUSES } from '../core/settlement';
import type { CustomerReturn, Payment, Sale, SaleLine } from '../core/sale';
import type { SettlementStatement, SettlementSummary } from '../core/settlement';
import type { ShopSettings } from '../core/shop';
import type { InvoiceSettings } from '../core/invoice';
import type { StockLot, StockPage, StockRow } from '../core/stock';
import type { User } from '../core/user';

/** True only when A and B are the same type: no field missing, extra, optional or typed otherwise on either side. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** What tsc shows when a schema and its core type disagree: the fields that only one of them has. */
interface ShapeMismatch<Schema, Core> {
  fieldsOnlyInSchema: Exclude<keyof Schema, keyof Core>;
  fieldsOnlyInCoreType: Exclude<keyof Core, keyof Schema>;
}
/**
 * Ties an output schema to the core type that the services return and every layer reads
 * (`sends<Product>()(z.object(...))`): tsc fails here when the two differ, so a shape is declared once,
 * in core/, and the wire can neither drop a field nor send one that no type knows.
 */
export function sends<Core>() {
  return <S extends z.ZodType>(
    schema: S & (Same<z.output<S>, Core> extends true ? unknown : ShapeMismatch<z.output<S>, Core>),
  ): S => schema;
}

// Input building blocks: every number that is money or a quantity is a safe integer, never a float.
export const Int = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer');
// Bounded (core/money.ts) so that an absurd amount or quantity is a VALIDATION refusal, not an overflow later;
// by min/max rather than a refine, so that docs/api.md shows the bounds.
export const Centimes = Int.min(-MAX_CENTIMES, `must be at least -${MAX_CENTIMES} centimes`).max(
  MAX_CENTIMES,
  `must be at most ${MAX_CENTIMES} centimes`,
);
export const PositiveCentimes = Centimes.refine((n) => n > 0, 'must be positive');
export const NonNegCentimes = Centimes.refine((n) => n >= 0, 'must not be negative');
export const SignedMilli = Int.min(-MAX_MILLI, `must be at least -${MAX_MILLI} milli-units`).max(
  MAX_MILLI,
  `must be at most ${MAX_MILLI} milli-units`,
);
export const Milli = SignedMilli.refine((n) => n > 0, 'must be a positive quantity in milli-units');
export const Id = Int.refine((n) => n > 0, 'must be a positive id');
/** 9999-12-31T23:59:59.999Z: a later time is no date at all to the formatters of statements and reports. */
export const MAX_TIMESTAMP = 253_402_300_799_999;
export const Timestamp = Int.min(0, 'must be epoch milliseconds').max(
  MAX_TIMESTAMP,
  'must be a time before the year 10000',
);
export const ClientId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
export const Text = (max = 200) => z.string().trim().max(max);
export const NonEmpty = (max = 200) => z.string().trim().min(1).max(max);
export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
export const Language = z.enum(LANGUAGES);
export const Role = z.enum(ROLES);
export const Unit = z.enum(UNITS);
export const VatCode = z.enum(VAT_CODES);
export const Tier = z.enum(PRICE_TIERS);
export const PaymentMethod = z.enum(PAYMENT_METHODS);
export const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

export const Approval = z
  .object({ managerId: Id, pin: Pin })
  .describe('A manager (or admin) and their PIN, approving this single action.');

export const Terms = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('commission'), rateBp: Int.refine((n) => n >= 0 && n <= 10000, '0 to 10000') }),
  z.object({ kind: z.literal('fixed'), payoutPerUnit: NonNegCentimes }),
]);

export const Discount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bp: Int.refine((n) => n > 0 && n <= 10000, '1 to 10000') }),
  z.object({ kind: z.literal('amount'), centimes: PositiveCentimes }),
]);

// Outputs.
export const UserOut = sends<User>()(
  z.object({
    id: Int,
    name: z.string(),
    role: Role,
    language: Language,
    active: z.boolean(),
  }),
);

export const CooperativeFields = {
  nameFr: NonEmpty(),
  nameAr: Text(),
  registrationNo: Text(60).nullable(),
  ice: z
    .string()
    .regex(/^\d{15}$/, 'an ICE has 15 digits')
    .nullable(),
  region: NonEmpty(80),
  womens: z.boolean(),
  contactName: Text(120).nullable(),
  phone: Text(40).nullable(),
  email: Text(120).nullable(),
  bankName: Text(120).nullable(),
  bankAccount: Text(60).nullable(),
  commissionBp: Int.refine((n) => n >= 0 && n <= 10000, '0 to 10000'),
};
export const CooperativeOut = sends<Cooperative>()(
  z.object({ id: Int, ...CooperativeFields, active: z.boolean() }),
);
/**
 * Create inputs: an optional field may be omitted and the handler sees its empty value (null, '', false, []),
 * exactly as if it had been sent. Only for creates: `.partial()` of a field with a default would apply the
 * default, so an update that omits a field would reset it; updates use the plain fields.
 */
export const CooperativeCreateFields = {
  ...CooperativeFields,
  nameAr: CooperativeFields.nameAr.default(''),
  registrationNo: CooperativeFields.registrationNo.default(null),
  ice: CooperativeFields.ice.default(null),
  womens: CooperativeFields.womens.default(false),
  contactName: CooperativeFields.contactName.default(null),
  phone: CooperativeFields.phone.default(null),
  email: CooperativeFields.email.default(null),
  bankName: CooperativeFields.bankName.default(null),
  bankAccount: CooperativeFields.bankAccount.default(null),
};

export const ProductFields = {
  sku: NonEmpty(40),
  nameFr: NonEmpty(),
  nameAr: Text(),
  cooperativeId: Id,
  unit: Unit,
  vatCode: VatCode,
  retailPrice: NonNegCentimes,
  semiPrice: NonNegCentimes,
  wholesalePrice: NonNegCentimes,
  semiMinQty: Milli.nullable(),
  wholesaleMinQty: Milli.nullable(),
  qualityLabels: z.array(NonEmpty(40)).max(10),
  scaleRef: z
    .string()
    .regex(/^\d{5}$/, '5 digits')
    .nullable(),
  terms: Terms.nullable(),
};
export const ProductCreateFields = {
  ...ProductFields,
  nameAr: ProductFields.nameAr.default(''),
  semiMinQty: ProductFields.semiMinQty.default(null),
  wholesaleMinQty: ProductFields.wholesaleMinQty.default(null),
  qualityLabels: ProductFields.qualityLabels.default([]),
  scaleRef: ProductFields.scaleRef.default(null),
  terms: ProductFields.terms.default(null),
};
export const ProductOut = sends<Product>()(
  z.object({
    id: Int,
    ...ProductFields,
    cooperativeName: z.string(),
    cooperativeNameAr: z.string(),
    active: z.boolean(),
    barcodes: z.array(z.string()),
    lowStockAlert: Int.nullable().describe(
      'milli-units on hand at or below which the product is low; null: no alert',
    ),
    origin: z
      .enum(['hq', 'local'])
      .describe("'hq': from the chain catalogue, whose fields HQ decides; 'local': the shop's own"),
  }),
);
/** A catalogue page (products.list): the product with its stock over every consignment. */
export const ProductListRowOut = sends<ProductListRow>()(
  ProductOut.extend({ onHand: Int, low: z.boolean() }),
);

/** products.list: one page of the catalogue. */
export const ProductPageOut = sends<ProductPage>()(
  z.object({ rows: z.array(ProductListRowOut), total: Int, offset: Int, limit: Int }),
);

export const SearchHitOut = sends<SearchHit>()(
  z.object({
    id: Int,
    sku: z.string(),
    nameFr: z.string(),
    nameAr: z.string(),
    unit: Unit,
    retailPrice: Int,
    cooperativeId: Int,
    cooperativeName: z.string(),
    cooperativeNameAr: z.string(),
    barcode: z.string().nullable(),
  }),
);

/** The shop's UTC offsets (minutes ahead of UTC) from `from` on; see core/time.ts. */
export const ShopClockOut = z.object({
  now: Int,
  timeZone: z.string(),
  offsetMinutes: Int,
  periods: z.array(z.object({ from: Int, offsetMinutes: Int })),
});

export const VatRowOut = sends<VatBreakdownRow>()(
  z.object({ code: VatCode, rateBp: Int, gross: Int, vat: Int, net: Int }),
);

export const SaleLineOut = sends<SaleLine>()(
  z.object({
    id: Int,
    lineNo: Int,
    productId: Int,
    cooperativeId: Int,
    nameFr: z.string(),
    nameAr: z.string(),
    unit: Unit,
    quantity: Int,
    tier: Tier,
    unitPrice: Int,
    overridden: z.boolean(),
    gross: Int,
    discount: Int,
    amount: Int,
    vatCode: VatCode,
    vatRateBp: Int,
    payout: Int,
    commission: Int,
    returnedQuantity: Int,
  }),
);

export const PaymentOut = sends<Payment>()(
  z.object({
    method: PaymentMethod,
    amount: Int,
    tendered: Int.nullable(),
    change: Int.nullable(),
    reference: z.string().nullable(),
  }),
);

export const SaleOut = sends<Sale>()(
  z.object({
    id: Int,
    clientId: z.string(),
    tillId: z.string(),
    receiptNo: Int,
    sessionId: Int,
    cashierId: Int,
    customerId: Int.nullable(),
    at: Int,
    total: Int,
    discountTotal: Int,
    voided: z.boolean(),
    lines: z.array(SaleLineOut),
    payments: z.array(PaymentOut),
    vat: z.array(VatRowOut),
    change: Int,
    replayed: z.boolean(),
  }),
);

const MethodTotals = z.object({ cash: Int, card: Int, mobile: Int, voucher: Int });
/** Money per price tier, centimes. */
const TierTotals = z.object({ retail: Int, semi: Int, wholesale: Int });
export const CashReportOut = sends<CashReport>()(
  z.object({
    sessionId: Int,
    tillId: z.string(),
    openedAt: Int,
    closedAt: Int.nullable(),
    openingFloat: Int,
    salesCount: Int,
    salesTotal: Int,
    discountTotal: Int,
    voidCount: Int,
    voidTotal: Int,
    refundCount: Int,
    refundTotal: Int,
    byMethod: MethodTotals,
    refundsByMethod: MethodTotals,
    byTier: TierTotals,
    vatByCode: z.array(z.object({ vatCode: z.string(), amount: Int })),
    cashIn: Int,
    cashOut: Int,
    expectedCash: Int,
    countedCash: Int.nullable(),
    variance: Int.nullable(),
    firstReceiptNo: Int.nullable(),
    lastReceiptNo: Int.nullable(),
    /** Journal head sealed at Z close (docs/tamper-evidence.md); null while the session is open. */
    journalSeq: Int.nullable(),
    journalHash: z.string().nullable(),
  }),
);

export const CashSessionOut = sends<CashSession>()(
  z.object({
    id: Int,
    tillId: z.string(),
    openedBy: Int,
    openedAt: Int,
    openingFloat: Int,
    closedAt: Int.nullable(),
    closedBy: Int.nullable(),
  }),
);

export const StockRowOut = sends<StockRow>()(
  z.object({
    productId: Int,
    sku: z.string(),
    nameFr: z.string(),
    nameAr: z.string(),
    unit: Unit,
    cooperativeId: Int,
    cooperativeName: z.string(),
    cooperativeNameAr: z.string(),
    onHand: Int,
    value: TierTotals,
    ageDays: Int.nullable(),
    nearestBestBefore: z.string().nullable(),
    bestBeforeDaysLeft: Int.nullable(),
    soldLast30Days: Int,
    lowStockAlert: Int.nullable(),
  }),
);

/** stock.page: one page of the stock list with the count and value of everything the filter matches. */
export const StockPageOut = sends<StockPage>()(
  z.object({
    rows: z.array(StockRowOut),
    total: Int,
    offset: Int,
    limit: Int,
    value: TierTotals,
  }),
);

export const StockLotOut = sends<StockLot>()(
  z.object({
    source: z.enum(['delivery', 'transfer']),
    deliveryLineId: Int,
    deliveryId: Int,
    noteRef: z.string(),
    fromShop: z.string().nullable(),
    lot: z.string(),
    bestBefore: z.string().nullable(),
    receivedAt: Int,
    received: Int,
    onHand: Int,
    daysLeft: Int.nullable(),
  }),
);

const StatementLineBase = {
  productId: Int,
  sku: z.string(),
  nameFr: z.string(),
  nameAr: z.string(),
  unit: Unit,
  quantity: Int,
  amount: Int,
  payout: Int,
  commission: Int,
};
export const SettlementKind = z
  .enum(SETTLEMENT_KINDS)
  .describe(
    'A debit note: returns exceeded sales, the cooperative owes the shop. On a draft: what issuing takes.',
  );
export const SettlementOut = sends<SettlementStatement>()(
  z.object({
    id: Int.nullable(),
    number: z.string().nullable(),
    kind: SettlementKind,
    status: z.enum(SETTLEMENT_STATUSES),
    cooperative: CooperativeOut,
    periodStart: Int,
    periodEnd: Int,
    issuedAt: Int.nullable(),
    paidAt: Int.nullable(),
    paymentReference: z.string().nullable(),
    sales: z.array(z.object({ ...StatementLineBase, tier: Tier })),
    returns: z.array(z.object(StatementLineBase)),
    totals: z.object({ grossSales: Int, returns: Int, netSales: Int, commission: Int, payout: Int }),
    saleLineCount: Int,
    returnLineCount: Int,
  }),
);

export const SettlementSummaryOut = sends<SettlementSummary>()(
  z.object({
    id: Int,
    number: z.string(),
    kind: SettlementKind,
    cooperativeId: Int,
    periodStart: Int,
    periodEnd: Int,
    issuedAt: Int,
    netSales: Int,
    commission: Int,
    payout: Int,
    paidAt: Int.nullable(),
  }),
);

export const ReturnOut = sends<CustomerReturn>()(
  z.object({
    id: Int,
    clientId: z.string(),
    tillId: z.string(),
    returnNo: Int,
    saleId: Int,
    at: Int,
    total: Int,
    refundMethod: PaymentMethod,
    lines: z.array(
      z.object({
        id: Int,
        saleLineId: Int,
        productId: Int,
        cooperativeId: Int,
        quantity: Int,
        amount: Int,
        payout: Int,
        commission: Int,
        restock: z.boolean(),
      }),
    ),
    replayed: z.boolean(),
  }),
);

export const CustomerOut = sends<Customer>()(
  z.object({
    id: Int,
    name: z.string(),
    phone: z.string().nullable(),
    ice: z.string().nullable(),
    tier: Tier,
    active: z.boolean(),
  }),
);

export const NomenclatureRuleSchema = z.object({
  name: NonEmpty(40),
  pattern: z.string().regex(/^[0-9PWVNC]{13}$/, '13 characters of digits and P, W, V, N, C'),
  kind: z.enum(['weight', 'price', 'internal']),
});

export const ShopSchema = sends<ShopSettings>()(
  z.object({
    name: Text(120),
    address: Text(200),
    city: Text(80),
    phone: Text(40),
    ice: Text(24).describe('15 digits (spaces or dots between them are taken out when saved)'),
    if: Text(20),
    rc: Text(20),
    patente: Text(20),
    receiptFooter: Text(400),
  }),
);

/** Invoicing settings beside the shop's identifiers (issue 13). */
export const InvoiceSettingsSchema = sends<InvoiceSettings>()(
  z.object({
    legalName: Text(160),
    rcCourt: Text(60),
    cnss: Text(20),
    paymentDays: Int.describe('Default payment terms: days after the invoice date (0 to 120).'),
    paymentEndOfMonth: z.boolean().describe('Then to the end of that month ("30 jours fin de mois").'),
  }),
);

export const SettingsOut = z.object({
  shop: ShopSchema,
  invoicing: InvoiceSettingsSchema,
  nomenclature: z.array(NomenclatureRuleSchema),
  labelPriceFloorBp: Int.describe(
    'A price label below this share (basis points) of the retail unit price, or at zero, needs a manager.',
  ),
  quantityLimits: z
    .object({ piece: Int, kg: Int, l: Int })
    .describe('Per unit, in milli-units: a till line above this asks the cashier to confirm the quantity.'),
});

export const DashboardOut = sends<Dashboard>()(
  z.object({
    from: Int,
    to: Int,
    salesCount: Int,
    total: Int,
    averageBasket: Int,
    refunds: Int,
    byTier: z.object({ retail: Int, semi: Int, wholesale: Int }),
    byMethod: z.object({ cash: Int, card: Int, mobile: Int, voucher: Int }),
    byCooperative: z.array(
      z.object({
        cooperativeId: Int,
        name: z.string(),
        womens: z.boolean(),
        region: z.string(),
        amount: Int,
        payout: Int,
      }),
    ),
    byRegion: z.array(z.object({ region: z.string(), amount: Int })),
    womensShare: z.object({ amount: Int, shareBp: Int }),
    byDay: z.array(z.object({ day: z.string(), amount: Int, count: Int })),
  }),
);

const DeliveryHead = {
  id: Int,
  cooperativeId: Int,
  cooperativeName: z.string(),
  noteRef: z.string(),
  receivedAt: Int,
  userName: z.string(),
  comment: z.string(),
};
/** deliveries.list: one page of the history, with the count of all that match. */
export const DeliveryPageOut = sends<DeliveryPage>()(
  z.object({
    rows: z.array(z.object({ ...DeliveryHead, lineCount: Int })),
    total: Int,
    offset: Int,
    limit: Int,
  }),
);
/** deliveries.get: one delivery with its lines as received. */
export const DeliveryDetailOut = sends<DeliveryDetail>()(
  z.object({
    ...DeliveryHead,
    lines: z.array(
      z.object({
        lineId: Int,
        productId: Int,
        sku: z.string(),
        nameFr: z.string(),
        nameAr: z.string(),
        unit: Unit,
        quantity: Int,
        lot: z.string(),
        bestBefore: z.string().nullable(),
        ownGtin: z.boolean(),
      }),
    ),
  }),
);

const PrinterTransport = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tcp'),
      host: NonEmpty(255),
      port: Int.optional(),
      connectTimeoutMs: Int.optional(),
      writeTimeoutMs: Int.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('usb'), path: NonEmpty(255), timeoutMs: Int.optional() }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: NonEmpty(255),
      baudRate: Int,
      dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).optional(),
      parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).optional(),
      stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).optional(),
      rtscts: z.boolean().optional(),
      timeoutMs: Int.optional(),
    })
    .strict(),
]);

/** Deadline of one attempt to open a serial device; a missing or stuck one is retried in the background. */
const OpenTimeoutMs = Int.refine((n) => n >= 100 && n <= 30_000, '100 to 30000').optional();

export const DevicesConfigSchema = z
  .object({
    printer: z
      .object({
        name: NonEmpty(60),
        transport: PrinterTransport,
        paper: z.enum(['58mm', '80mm']),
        commandSet: z.enum(['epson', 'star']),
        characterSet: z.enum(['PC437_USA', 'PC850_MULTILINGUAL', 'PC858_EURO', 'WPC1252']).optional(),
        sliceRows: Int.refine((n) => n >= 1 && n <= 255, '1 to 255').optional(),
        checkStatus: z.boolean().optional(),
        statusTimeoutMs: Int.optional(),
        drawer: z
          .object({ pin: z.union([z.literal(0), z.literal(1)]), onMs: Int, offMs: Int })
          .strict()
          .optional(),
        cut: z.enum(['full', 'partial', 'none']).optional(),
        autoPrint: z.boolean(),
      })
      .strict()
      .nullable(),
    scale: z
      .object({
        path: NonEmpty(255),
        protocol: z.enum(['toledo-8217', 'nci', 'cas-pd2', 'cas-continuous', 'dibal', 'mt-sics']),
        serial: z
          .object({
            baudRate: Int.optional(),
            dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
            parity: z.enum(['none', 'even', 'odd']).optional(),
            stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
          })
          .strict()
          .optional(),
        readTimeoutMs: Int.optional(),
        openTimeoutMs: OpenTimeoutMs,
      })
      .strict()
      .nullable(),
    display: z
      .object({
        path: NonEmpty(255),
        baudRate: Int.optional(),
        codePage: z.enum(['pc850', 'wpc1252']).optional(),
        openTimeoutMs: OpenTimeoutMs,
      })
      .strict()
      .nullable()
      .optional(),
    scanner: z
      .object({
        path: NonEmpty(255),
        baudRate: Int.optional(),
        suffix: z.enum(['CR', 'LF', 'CRLF', 'none']),
        /** Silence that ends a code when the scanner sends no suffix. */
        idleMs: Int.refine((n) => n >= 20 && n <= 2000, '20 to 2000').optional(),
        openTimeoutMs: OpenTimeoutMs,
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
