/**
 * What one shop journal event means for the chain tables, as plain facts: pure (no database), so the
 * mapping from the shop's rows to HQ's projections is tested on its own and applied in one place
 * (projections.ts). The shapes follow what the shop writes: a sale's `rows` are its header, lines,
 * payments and void as db/journal-digest.ts reads them; deliveries, returns to the cooperative and
 * adjustments carry their lines in the entry's payload.
 */
import { z } from 'zod';
import { cooperativeCode } from '../core/cooperative-code';

/** One event as HQ stores it (hq_events): payload and rows already parsed from jsonb. */
export interface ShopEvent {
  shopId: string;
  seq: number;
  at: number;
  kind: string;
  ref: string;
  payload: unknown;
  rows: unknown;
}

export interface CoopFact {
  localId: number;
  code: string;
  nameFr: string;
  nameAr: string;
  region: string;
  womens: boolean;
  /** Its identities, so HQ finds the chain catalogue's cooperative it is (core/cooperative-code.ts). */
  registrationNo: string | null;
  ice: string | null;
}

export interface ProductFact {
  localId: number;
  sku: string | null;
  nameFr: string | null;
  nameAr: string | null;
  unit: string | null;
  coopLocalId: number | null;
}

export interface SaleLineFact {
  lineId: number;
  saleId: number;
  productLocalId: number;
  coopLocalId: number;
  nameFr: string;
  nameAr: string;
  unit: string;
  tier: string;
  qty: number;
  amount: number;
  payout: number;
  commission: number;
  at: number;
  voided: boolean;
}

export interface ReturnLineFact {
  lineId: number;
  returnId: number;
  saleLineId: number;
  productLocalId: number;
  coopLocalId: number;
  qty: number;
  amount: number;
  payout: number;
  commission: number;
  restock: boolean;
  at: number;
}

export type MoveKind =
  | 'delivery'
  | 'sale'
  | 'void'
  | 'customer_return'
  | 'coop_return'
  | 'adjustment'
  | 'transfer_out'
  | 'transfer_in';

/**
 * A transfer between shops names its lines by SKU and the cooperative's chain code (the two shops' local ids
 * differ): the projector finds this shop's product and cooperative from them.
 */
export interface TransferMoveFact {
  n: number;
  kind: 'transfer_out' | 'transfer_in';
  sku: string;
  coopCode: string;
  qty: number;
  /** When it moved; for a transfer in, when its lot first came into the chain (the lot's age, FIFO order). */
  at: number;
  lot: string;
  bestBefore: string | null;
  reason: string;
}

export interface MoveFact {
  /** Position of the movement within its event: (shop, seq, n) identifies it. */
  n: number;
  kind: MoveKind;
  productLocalId: number;
  coopLocalId: number;
  /** Signed milli-units: + into the shop, - out of it. */
  qty: number;
  at: number;
  lot: string;
  bestBefore: string | null;
  /** Why it went out (adjustments, returns to the cooperative). */
  reason: string;
}

export interface EventFacts {
  coop?: CoopFact;
  coopUpdate?: { localId: number; nameFr?: string; nameAr?: string; region?: string; womens?: boolean };
  /** The shop linked its cooperative to the chain catalogue's under this code (its catalogue pull). */
  coopLink?: { localId: number; code: string };
  product?: ProductFact;
  saleLines?: SaleLineFact[];
  /** A void: the sale's lines are no longer sold (their stock came back). */
  voidedSaleId?: number;
  returnLines?: ReturnLineFact[];
  moves?: MoveFact[];
  transferMoves?: TransferMoveFact[];
  /** A statement the shop issued itself: the lines it claimed are paid by the shop, never by HQ too. */
  shopSettlement?: { number: string; saleLineIds: number[]; returnLineIds: number[] };
}

// The chain's code for a shop's cooperative (reg:, ice:, name:), shared with the shops' catalogue pull.
export { cooperativeCode };

const int = z.number().int();
const coopInput = z.object({
  /** The chain's code, when the shop's cooperative came down from HQ's catalogue with it. */
  code: z.string().optional(),
  nameFr: z.string(),
  nameAr: z.string().default(''),
  registrationNo: z.string().nullish(),
  ice: z.string().nullish(),
  region: z.string().default(''),
  womens: z.boolean().default(false),
});
const CHAIN_CODE = /^(reg|ice|name|hq):\S/;
const coopLink = z.object({ id: int, code: z.string().regex(CHAIN_CODE) });
const coopPatch = z.object({
  id: int,
  nameFr: z.string().optional(),
  nameAr: z.string().optional(),
  region: z.string().optional(),
  womens: z.boolean().optional(),
});
const productInput = z.object({
  sku: z.string().optional(),
  nameFr: z.string().optional(),
  nameAr: z.string().optional(),
  unit: z.string().optional(),
  cooperativeId: int.optional(),
});
const saleLineRow = z.object({
  id: int,
  product_id: int,
  cooperative_id: int,
  name_fr: z.string(),
  name_ar: z.string(),
  unit: z.string(),
  qty: int,
  tier: z.string(),
  amount: int,
  payout: int,
  commission: int,
  at: int,
  voided: z.union([z.boolean(), int]),
});
const saleRows = z.object({ sale: z.object({ id: int }), lines: z.array(saleLineRow) });
const returnLineRow = z.object({
  id: int,
  sale_line_id: int,
  product_id: int,
  cooperative_id: int,
  qty: int,
  amount: int,
  payout: int,
  commission: int,
  restock: z.union([z.boolean(), int]),
  at: int,
});
const returnRows = z.object({ return: z.object({ id: int }), lines: z.array(returnLineRow) });
const settlementRows = z.object({
  settlement: z.object({ number: z.string() }),
  saleLines: z.array(z.object({ id: int })),
  returnLines: z.array(z.object({ id: int })),
});
const deliveryPayload = z.object({
  cooperativeId: int,
  lines: z.array(
    z.object({ productId: int, quantity: int, lot: z.string().optional(), bestBefore: z.string().nullish() }),
  ),
});
const coopReturnPayload = z.object({
  cooperativeId: int,
  reason: z.string().default(''),
  lines: z.array(z.object({ productId: int, quantity: int, lot: z.string().optional() })),
});
const adjustPayload = z.object({
  productId: int,
  cooperativeId: int,
  quantity: int,
  reason: z.string().default(''),
});

const transferSendPayload = z.object({
  toShop: z.string(),
  lines: z.array(
    z.object({
      sku: z.string(),
      coopCode: z.string(),
      quantity: int,
      lot: z.string().nullish(),
      bestBefore: z.string().nullish(),
    }),
  ),
});
// A received line carries its lot's best-before and the day the cooperative first delivered it to the chain
// (db/services/transfers.ts receiveTransfer); entries journaled before the shops carried them have neither.
const transferReceivePayload = z.object({
  fromShop: z.string(),
  lines: z.array(
    z.object({
      sku: z.string(),
      coopCode: z.string(),
      received: int,
      lot: z.string().nullish(),
      bestBefore: z.string().nullish(),
      receivedAt: int.nullish(),
    }),
  ),
});

const refId = (ref: string): number => Number(ref.slice(ref.indexOf(':') + 1));
const flag = (v: boolean | number) => v === true || v === 1;

function saleLines(rows: z.infer<typeof saleRows>): SaleLineFact[] {
  return rows.lines.map((l) => ({
    lineId: l.id,
    saleId: rows.sale.id,
    productLocalId: l.product_id,
    coopLocalId: l.cooperative_id,
    nameFr: l.name_fr,
    nameAr: l.name_ar,
    unit: l.unit,
    tier: l.tier,
    qty: l.qty,
    amount: l.amount,
    payout: l.payout,
    commission: l.commission,
    at: l.at,
    voided: flag(l.voided),
  }));
}

const move = (
  n: number,
  kind: MoveKind,
  m: Omit<MoveFact, 'n' | 'kind' | 'lot' | 'bestBefore' | 'reason'> & Partial<MoveFact>,
): MoveFact => ({ n, kind, lot: '', bestBefore: null, reason: '', ...m });

/**
 * The facts of one event; kinds the chain tables do not use give none. Throws (a zod error) when an
 * event of a known kind does not have the shape the shop writes: the projector records it and goes on.
 */
export function eventFacts(e: ShopEvent): EventFacts {
  switch (e.kind) {
    case 'coop.create': {
      const c = coopInput.parse(e.payload);
      return {
        coop: {
          localId: refId(e.ref),
          code: c.code && CHAIN_CODE.test(c.code) ? c.code : cooperativeCode(c),
          nameFr: c.nameFr,
          nameAr: c.nameAr,
          region: c.region,
          womens: c.womens,
          registrationNo: c.registrationNo ?? null,
          ice: c.ice ?? null,
        },
      };
    }
    case 'coop.link': {
      const l = coopLink.parse(e.payload);
      return { coopLink: { localId: l.id, code: l.code } };
    }
    case 'coop.update': {
      const { id, ...rest } = coopPatch.parse(e.payload);
      return { coopUpdate: { localId: id, ...rest } };
    }
    case 'product.create':
    case 'product.update': {
      const p = productInput.parse(e.payload);
      return {
        product: {
          localId: refId(e.ref),
          sku: p.sku ?? null,
          nameFr: p.nameFr ?? null,
          nameAr: p.nameAr ?? null,
          unit: p.unit ?? null,
          coopLocalId: p.cooperativeId ?? null,
        },
      };
    }
    case 'sale': {
      const lines = saleLines(saleRows.parse(e.rows));
      return {
        saleLines: lines,
        moves: lines.map((l, i) =>
          move(i, 'sale', {
            productLocalId: l.productLocalId,
            coopLocalId: l.coopLocalId,
            qty: -l.qty,
            at: l.at,
          }),
        ),
      };
    }
    case 'sale.void': {
      const rows = saleRows.parse(e.rows);
      return {
        voidedSaleId: rows.sale.id,
        moves: saleLines(rows).map((l, i) =>
          move(i, 'void', {
            productLocalId: l.productLocalId,
            coopLocalId: l.coopLocalId,
            qty: l.qty,
            at: e.at,
          }),
        ),
      };
    }
    case 'return': {
      const rows = returnRows.parse(e.rows);
      const lines: ReturnLineFact[] = rows.lines.map((l) => ({
        lineId: l.id,
        returnId: rows.return.id,
        saleLineId: l.sale_line_id,
        productLocalId: l.product_id,
        coopLocalId: l.cooperative_id,
        qty: l.qty,
        amount: l.amount,
        payout: l.payout,
        commission: l.commission,
        restock: flag(l.restock),
        at: l.at,
      }));
      return {
        returnLines: lines,
        moves: lines
          .filter((l) => l.restock)
          .map((l, i) =>
            move(i, 'customer_return', {
              productLocalId: l.productLocalId,
              coopLocalId: l.coopLocalId,
              qty: l.qty,
              at: l.at,
            }),
          ),
      };
    }
    case 'delivery': {
      const d = deliveryPayload.parse(e.payload);
      return {
        moves: d.lines.map((l, i) =>
          move(i, 'delivery', {
            productLocalId: l.productId,
            coopLocalId: d.cooperativeId,
            qty: l.quantity,
            at: e.at,
            lot: l.lot ?? '',
            bestBefore: l.bestBefore ?? null,
          }),
        ),
      };
    }
    case 'coop_return': {
      const r = coopReturnPayload.parse(e.payload);
      return {
        moves: r.lines.map((l, i) =>
          move(i, 'coop_return', {
            productLocalId: l.productId,
            coopLocalId: r.cooperativeId,
            qty: -l.quantity,
            at: e.at,
            lot: l.lot ?? '',
            reason: r.reason,
          }),
        ),
      };
    }
    case 'stock.adjust': {
      const a = adjustPayload.parse(e.payload);
      return {
        moves: [
          move(0, 'adjustment', {
            productLocalId: a.productId,
            coopLocalId: a.cooperativeId,
            qty: a.quantity,
            at: e.at,
            reason: a.reason,
          }),
        ],
      };
    }
    case 'transfer.send': {
      const t = transferSendPayload.parse(e.payload);
      return {
        transferMoves: t.lines.map((l, i) => ({
          n: i,
          kind: 'transfer_out',
          sku: l.sku,
          coopCode: l.coopCode,
          qty: -l.quantity,
          at: e.at,
          lot: l.lot ?? '',
          bestBefore: l.bestBefore ?? null,
          reason: t.toShop,
        })),
      };
    }
    case 'transfer.receive': {
      const t = transferReceivePayload.parse(e.payload);
      return {
        transferMoves: t.lines
          .map((l, i) => ({
            n: i,
            kind: 'transfer_in' as const,
            sku: l.sku,
            coopCode: l.coopCode,
            qty: l.received,
            // The lot is as old as its first delivery, as the shop's own stockLots ages and sells it (FIFO),
            // not as its arrival here; an entry without that date is dated on arrival.
            at: l.receivedAt ?? e.at,
            lot: l.lot ?? '',
            bestBefore: l.bestBefore ?? null,
            reason: t.fromShop,
          }))
          .filter((m) => m.qty > 0),
      };
    }
    case 'settlement.issue': {
      const s = settlementRows.parse(e.rows);
      return {
        shopSettlement: {
          number: s.settlement.number,
          saleLineIds: s.saleLines.map((l) => l.id),
          returnLineIds: s.returnLines.map((l) => l.id),
        },
      };
    }
    default:
      return {};
  }
}
