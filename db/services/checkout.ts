import { normalizeScan } from '../../core/barcode';
import { fail } from '../../core/errors';
import type { PaymentMethod } from '../../core/cash';
import { effectiveTerms, linePayout } from '../../core/payout';
import { priceCartLines, type LineDiscount, type PricedLine, type PriceTier } from '../../core/pricing';
import { isValidQuantity, type Unit } from '../../core/quantity';
import { vatBreakdown, type VatCode } from '../../core/vat';
import { listVatRates, saleVatOf } from './vat-rates';
import { appendJournal } from '../journal';
import { contentFingerprint, refuseReusedClientId } from './client-ids';
import { tillOf, type Actor, type Store } from '../store';
import {
  PRODUCT_SELECT,
  customerTierOf,
  lookupBarcode,
  toProduct,
  type Product,
  type ProductRow,
  type ScanResult,
} from './products';
import { currentSessionId } from './cash';
import { getSettings } from './settings';
import { labelsNeedingApproval } from './price-labels';
import type { Payment, Sale, SaleLine, SaleSummary } from '../../core/sale';

// The shapes are core's (core/sale.ts), re-exported for the services and handlers that import them from here.
export type { Payment, Sale, SaleLine, SaleSummary };

export interface CheckoutLineInput {
  productId: number;
  quantity: number;
  /** The consignor whose stock is sold; the product's own cooperative when omitted. */
  cooperativeId?: number | null;
  /** The scanned code; a price-embedded label fixes the line amount to the printed price. */
  barcode?: string | null;
  overrideUnitPrice?: number | null;
  discount?: LineDiscount | null;
}

export interface PaymentInput {
  method: PaymentMethod;
  amount: number;
  /** Cash only: what the customer handed over. */
  tendered?: number | null;
  reference?: string | null;
}

export interface CheckoutInput {
  clientId: string;
  lines: CheckoutLineInput[];
  customerId?: number | null;
  payments: PaymentInput[];
  /** A till that numbers its own receipts (issue 11) sends the number it printed: it must be the till's next. */
  receiptNo?: number | null;
}

/** A cart line priced (core/pricing.ts) with its consignor's payout, ready to be written or quoted. */
export interface PricedCartLine extends PricedLine {
  product: Product;
  cooperativeId: number;
  cooperativeName: string;
  quantity: number;
  payout: number;
  commission: number;
  /** The code and rate the line sells at on the sale's day (db/services/vat-rates.ts). */
  vatCode: VatCode;
  vatRateBp: number;
}

/** A sale line's fields before it is written (no id, payout or returns yet): what sales.quote shows too. */
export type SaleLineDraft = Omit<SaleLine, 'id' | 'payout' | 'commission' | 'returnedQuantity'>;

/** The one mapping of a priced line to a sale line's fields, for checkout and the quote alike. */
export function saleLineDraft(l: PricedCartLine, i: number): SaleLineDraft {
  return {
    lineNo: i + 1,
    productId: l.product.id,
    cooperativeId: l.cooperativeId,
    nameFr: l.product.nameFr,
    nameAr: l.product.nameAr,
    unit: l.product.unit,
    quantity: l.quantity,
    tier: l.tier,
    unitPrice: l.unitPrice,
    overridden: l.overridden,
    gross: l.gross,
    discount: l.discount,
    amount: l.amount,
    vatCode: l.vatCode,
    vatRateBp: l.vatRateBp,
  };
}

function loadProduct(store: Store, id: number): Product {
  const r = store.get<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = ?`, id);
  if (!r) fail('NOT_FOUND', `No product with id ${id}.`, { productId: id });
  if (r.active !== 1)
    fail('VALIDATION', `Product ${r.sku} (${r.name_fr}) is no longer sold.`, { productId: id });
  return toProduct(r);
}

/** Prices every line the way the till shows it; the server always reprices, it never trusts a client's amounts. */
export function priceCart(
  store: Store,
  lines: readonly CheckoutLineInput[],
  customerTier: PriceTier | null,
  lookup: (code: string) => ScanResult = (code) => lookupBarcode(store, code),
): PricedCartLine[] {
  // A line's scanned code has loaded its product already (checkout looks every code up before pricing):
  // that row is used rather than read again by id. A code of another product, or one that does not scan,
  // leaves the line to loadProduct as before, and its error still comes where it always did (below).
  const scanned = new Map<string, ScanResult | null>();
  const scanOf = (code: string): ScanResult | null => {
    if (!scanned.has(code)) {
      try {
        scanned.set(code, lookup(code));
      } catch {
        scanned.set(code, null);
      }
    }
    return scanned.get(code) ?? null;
  };
  const loaded = lines.map((line, i) => {
    const scan = line.barcode ? scanOf(line.barcode) : null;
    const product =
      scan && scan.product.id === line.productId ? scan.product : loadProduct(store, line.productId);
    if (!isValidQuantity(product.unit, line.quantity)) {
      fail(
        'INVALID_QUANTITY',
        `Line ${i + 1}: ${line.quantity} is not a valid quantity for ${product.nameFr} (sold by ${product.unit}).`,
        { line: i + 1, productId: product.id, quantity: line.quantity },
      );
    }
    const cooperativeId = line.cooperativeId ?? product.cooperativeId;
    const coop = store.get<{ name_fr: string; commission_bp: number }>(
      'SELECT name_fr, commission_bp FROM cooperatives WHERE id = ?',
      cooperativeId,
    );
    if (!coop) fail('NOT_FOUND', `No cooperative with id ${cooperativeId}.`, { cooperativeId });

    let quantity = line.quantity;
    let labelAmount: number | null = null;
    // A code that did not scan is looked up again here, so that it fails where it always did.
    const label = line.barcode ? (scan ?? lookup(line.barcode)) : null;
    if (label && label.kind === 'price' && label.product.id === product.id && label.labelAmount !== null) {
      // The printed label price is what the customer agreed to pay.
      quantity = label.quantity ?? quantity;
      labelAmount = label.labelAmount;
    }
    return { line, product, cooperativeId, coop, quantity, labelAmount };
  });
  // One pricing path with the till's cart: tiers are earned by the cart's whole quantity of a product.
  const priced = priceCartLines(
    loaded.map((l) => ({
      productId: l.product.id,
      pricing: l.product,
      quantity: l.quantity,
      labelAmount: l.labelAmount,
      overrideUnitPrice: l.line.overrideUnitPrice ?? null,
      discount: l.line.discount ?? null,
    })),
    customerTier,
  );
  const rates = listVatRates(store);
  const at = store.now();
  return loaded.map(({ product, cooperativeId, coop, quantity }, i) => {
    const result = priced[i];
    if (!result?.priced) {
      const err = result?.error;
      const code =
        err?.code === 'INVALID_DISCOUNT' || err?.code === 'INVALID_PRICE' ? err.code : 'INVALID_QUANTITY';
      fail(code, `Line ${i + 1} (${product.nameFr}): ${err?.message ?? 'not priced'}`, {
        line: i + 1,
        productId: product.id,
      });
    }
    const productTerms = cooperativeId === product.cooperativeId ? product.terms : null;
    const terms = effectiveTerms({ kind: 'commission', rateBp: coop.commission_bp }, productTerms);
    const { payout, commission } = linePayout(terms, result.priced.amount, quantity);
    return {
      product,
      cooperativeId,
      cooperativeName: coop.name_fr,
      quantity,
      ...result.priced,
      payout,
      commission,
      ...saleVatOf(store, product.id, product.vatCode, at, rates),
    };
  });
}

function checkStock(store: Store, lines: readonly PricedCartLine[]): void {
  const wanted = new Map<string, { line: PricedCartLine; qty: number }>();
  for (const l of lines) {
    const key = `${l.product.id}:${l.cooperativeId}`;
    const w = wanted.get(key);
    if (w) w.qty += l.quantity;
    else wanted.set(key, { line: l, qty: l.quantity });
  }
  for (const { line, qty } of wanted.values()) {
    const level = store.get<{ on_hand: number }>(
      'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
      line.product.id,
      line.cooperativeId,
    );
    const onHand = level?.on_hand ?? 0;
    if (onHand < qty) {
      fail(
        'OUT_OF_STOCK',
        `Not enough ${line.product.nameFr} from ${line.cooperativeName}: ${onHand} on hand, ${qty} wanted (milli-units).`,
        {
          productId: line.product.id,
          productName: line.product.nameFr,
          cooperativeId: line.cooperativeId,
          cooperativeName: line.cooperativeName,
          onHand,
          requested: qty,
        },
      );
    }
  }
}

export function settlePayments(total: number, payments: readonly PaymentInput[]): Payment[] {
  const out: Payment[] = [];
  let paid = 0;
  let cashCount = 0;
  for (const p of payments) {
    if (!Number.isSafeInteger(p.amount) || p.amount <= 0) {
      fail('PAYMENT_MISMATCH', `A ${p.method} payment must be a positive amount, got ${p.amount}.`, {
        method: p.method,
      });
    }
    paid += p.amount;
    if (p.method === 'cash') {
      cashCount++;
      const tendered = p.tendered ?? p.amount;
      if (tendered < p.amount) {
        fail('PAYMENT_MISMATCH', `Cash tendered (${tendered}) is less than the cash amount (${p.amount}).`, {
          tendered,
        });
      }
      out.push({
        method: 'cash',
        amount: p.amount,
        tendered,
        change: tendered - p.amount,
        reference: p.reference ?? null,
      });
    } else {
      if (p.tendered !== undefined && p.tendered !== null && p.tendered !== p.amount) {
        fail('PAYMENT_MISMATCH', `Only cash gives change; a ${p.method} payment is for its exact amount.`, {
          method: p.method,
        });
      }
      out.push({
        method: p.method,
        amount: p.amount,
        tendered: null,
        change: null,
        reference: p.reference ?? null,
      });
    }
  }
  if (cashCount > 1) fail('PAYMENT_MISMATCH', 'Cash can appear once in a split payment.', {});
  if (paid !== total) {
    fail('PAYMENT_MISMATCH', `Payments add up to ${paid} but the sale total is ${total} (centimes).`, {
      paid,
      total,
    });
  }
  return out;
}

/** A till-numbered sale must take the till's next number, so its printed series and the station's stay one gapless series. */
export function assertNextReceipt(tillId: string, next: number, sent: number | null | undefined): void {
  if (sent === null || sent === undefined || sent === next) return;
  fail(
    'RECEIPT_OUT_OF_SEQUENCE',
    `Till ${tillId} sent receipt ${sent} but its next receipt is ${next}: the series must stay gapless.`,
    { tillId, receiptNo: sent, expected: next },
  );
}

/**
 * The sale already stored under this client id, answered again (a retry, a till's replay), or CLIENT_ID_REUSED
 * when that id was used for another cart. Null for a new sale. Shared by checkout and the offline replay.
 */
export function replayedSale(store: Store, clientId: string, fingerprint: string): Sale | null {
  const existing = store.get<{
    id: number;
    cart_fingerprint: string | null;
    receipt_no: number;
    till_id: string;
  }>('SELECT id, cart_fingerprint, receipt_no, till_id FROM sales WHERE client_id = ?', clientId);
  if (!existing) return null;
  // Sales from before fingerprints were kept have none; their replays are answered as they always were.
  refuseReusedClientId(
    'sale',
    clientId,
    existing.cart_fingerprint,
    fingerprint,
    `receipt ${existing.receipt_no} on till ${existing.till_id}`,
    { saleId: existing.id, tillId: existing.till_id, receiptNo: existing.receipt_no },
  );
  return { ...getSale(store, existing.id), replayed: true };
}

/** A sale line as it is written: the draft's frozen fields, its payout and commission, who approved its price. */
export interface SaleLineRow extends SaleLineDraft {
  payout: number;
  commission: number;
  approvedBy: number | null;
}

/** The sale's own row: where, by whom, when, how much, and the fingerprint of the cart it came from. */
export interface SaleRow {
  clientId: string;
  tillId: string;
  receiptNo: number;
  sessionId: number;
  cashierId: number;
  customerId: number | null;
  at: number;
  total: number;
  discountTotal: number;
  fingerprint: string;
}

/**
 * Writes a sale's rows, for checkout and the offline replay alike: the sale, each line with the stock
 * movement taking it off its consignor's shelf (by the sale's cashier), then the payments. `afterLine` sees
 * each line once its movement is written (the offline replay records a shortfall there).
 */
export function insertSaleRows(
  store: Store,
  sale: SaleRow,
  rows: readonly SaleLineRow[],
  payments: readonly Payment[],
  afterLine?: (line: SaleLine, saleId: number) => void,
): { saleId: number; lines: SaleLine[] } {
  const { lastInsertRowid: saleId } = store.run(
    `INSERT INTO sales (client_id, till_id, receipt_no, session_id, cashier_id, customer_id, at, total, discount_total,
       cart_fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    sale.clientId,
    sale.tillId,
    sale.receiptNo,
    sale.sessionId,
    sale.cashierId,
    sale.customerId,
    sale.at,
    sale.total,
    sale.discountTotal,
    sale.fingerprint,
  );
  const lines = rows.map(({ approvedBy, ...l }): SaleLine => {
    const { lastInsertRowid: lineId } = store.run(
      `INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
         overridden, gross, discount, amount, vat_code, vat_rate_bp, payout, commission, approved_by, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      saleId,
      l.lineNo,
      l.productId,
      l.cooperativeId,
      l.nameFr,
      l.nameAr,
      l.unit,
      l.quantity,
      l.tier,
      l.unitPrice,
      l.overridden ? 1 : 0,
      l.gross,
      l.discount,
      l.amount,
      l.vatCode,
      l.vatRateBp,
      l.payout,
      l.commission,
      approvedBy,
      sale.at,
    );
    store.run(
      "INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, 'sale', ?, ?, ?)",
      l.productId,
      l.cooperativeId,
      -l.quantity,
      lineId,
      sale.at,
      sale.cashierId,
    );
    const line = { id: lineId, ...l, returnedQuantity: 0 };
    afterLine?.(line, saleId);
    return line;
  });
  for (const p of payments) {
    store.run(
      'INSERT INTO payments (sale_id, method, amount, tendered, change, reference) VALUES (?, ?, ?, ?, ?, ?)',
      saleId,
      p.method,
      p.amount,
      p.tendered,
      p.change,
      p.reference,
    );
  }
  return { saleId, lines };
}

/**
 * One sale, one transaction: the sale, its lines with frozen payouts, its payments, the stock movements
 * and the journal entry commit together or not at all. The client's id makes a retry harmless.
 */
export function checkout(store: Store, actor: Actor, input: CheckoutInput): Sale {
  // Every line's code reads the settings (its nomenclature): read once out here they are cached, since
  // db/services/settings.ts keeps no copy read inside a transaction (one that could still roll back).
  getSettings(store);
  return store.tx(() => {
    const fingerprint = cartFingerprint(input);
    const replay = replayedSale(store, input.clientId, fingerprint);
    if (replay) return replay;

    if (input.lines.length === 0) fail('VALIDATION', 'A sale needs at least one line.', {});
    // Each line's code is looked up once for the approval check and the pricing both (a product query each).
    const scans = new Map<string, ScanResult>();
    const lookup = (code: string): ScanResult => {
      let scan = scans.get(code);
      if (!scan) scans.set(code, (scan = lookupBarcode(store, code)));
      return scan;
    };
    const cheapLabels = labelsNeedingApproval(store, input.lines, lookup);
    const cheapLabelLines = new Set(cheapLabels.map((l) => l.line));
    const needsApproval =
      cheapLabels.length > 0 ||
      input.lines.some((l) => (l.overrideUnitPrice ?? null) !== null || (l.discount ?? null) !== null);
    if (needsApproval && actor.role === 'cashier' && !actor.approvedBy) {
      if (cheapLabels.length > 0) {
        fail(
          'APPROVAL_REQUIRED',
          `A price label at zero or below the price floor needs a manager PIN (line ${cheapLabels.map((l) => l.line).join(', ')}).`,
          { reason: 'LABEL_BELOW_FLOOR', lines: cheapLabels },
        );
      }
      fail('APPROVAL_REQUIRED', 'A discount or price override needs a manager PIN.', {});
    }
    const tillId = tillOf(store, actor);
    const sessionId = currentSessionId(store, tillId);
    const customerTier = customerTierOf(store, input.customerId);
    const priced = priceCart(store, input.lines, customerTier, lookup);
    checkStock(store, priced);

    const total = priced.reduce((s, l) => s + l.amount, 0);
    const discountTotal = priced.reduce((s, l) => s + l.discount, 0);
    const payments = settlePayments(total, input.payments);

    const till = store.get<{ next_receipt_no: number }>(
      'SELECT next_receipt_no FROM tills WHERE id = ?',
      tillId,
    );
    if (!till) fail('NOT_FOUND', `Till ${tillId} is not configured.`, { tillId });
    const receiptNo = till.next_receipt_no;
    assertNextReceipt(tillId, receiptNo, input.receiptNo);
    store.run('UPDATE tills SET next_receipt_no = next_receipt_no + 1 WHERE id = ?', tillId);

    const at = store.now();
    const approvedBy = needsApproval ? (actor.approvedBy ?? actor.userId) : null;
    const { saleId, lines } = insertSaleRows(
      store,
      {
        clientId: input.clientId,
        tillId,
        receiptNo,
        sessionId,
        cashierId: actor.userId,
        customerId: input.customerId ?? null,
        at,
        total,
        discountTotal,
        fingerprint,
      },
      priced.map((l, i) => ({
        ...saleLineDraft(l, i),
        payout: l.payout,
        commission: l.commission,
        approvedBy: l.overridden || l.discount > 0 || cheapLabelLines.has(i + 1) ? approvedBy : null,
      })),
      payments,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'sale',
      ref: `sale:${saleId}`,
      payload: {
        till: tillId,
        receiptNo,
        total,
        lines: lines.map((l) => [l.productId, l.cooperativeId, l.quantity, l.amount, l.payout]),
        payments: payments.map((p) => [p.method, p.amount]),
        approvedBy,
      },
    });
    return {
      id: saleId,
      clientId: input.clientId,
      tillId,
      receiptNo,
      sessionId,
      cashierId: actor.userId,
      customerId: input.customerId ?? null,
      at,
      total,
      discountTotal,
      voided: false,
      lines,
      payments,
      vat: vatBreakdown(lines),
      change: payments.reduce((s, p) => s + (p.change ?? 0), 0),
      replayed: false,
    };
  });
}

/**
 * What makes two checkouts "the same cart": the customer, every line in order (product, quantity,
 * consignor, scanned code, price override, discount) and every payment in order (method, amount, cash
 * tendered, reference). Omitted and null fields are the same; a code is compared as the scanner cleaning
 * leaves it; a cash payment without tendered is the exact amount. Prices are not in it: a retry after a
 * price change is still the same cart. Versioned, so a future form can still recognise these.
 */
export function cartFingerprint(input: CheckoutInput): string {
  const canonical = {
    customerId: input.customerId ?? null,
    lines: input.lines.map((l) => [
      l.productId,
      l.quantity,
      l.cooperativeId ?? null,
      l.barcode ? normalizeScan(l.barcode) : null,
      l.overrideUnitPrice ?? null,
      l.discount
        ? l.discount.kind === 'percent'
          ? ['percent', l.discount.bp]
          : ['amount', l.discount.centimes]
        : null,
    ]),
    payments: input.payments.map((p) => [
      p.method,
      p.amount,
      p.method === 'cash' ? (p.tendered ?? p.amount) : null,
      p.reference ?? null,
    ]),
  };
  return contentFingerprint(canonical);
}

interface SaleDbRow {
  id: number;
  client_id: string;
  till_id: string;
  receipt_no: number;
  session_id: number;
  cashier_id: number;
  customer_id: number | null;
  at: number;
  total: number;
  discount_total: number;
  voided_at: number | null;
}

export function getSale(store: Store, id: number): Sale {
  const s = store.get<SaleDbRow>('SELECT * FROM sales WHERE id = ?', id);
  if (!s) fail('NOT_FOUND', `No sale with id ${id}.`, { saleId: id });
  const lines = store
    .all<{
      id: number;
      line_no: number;
      product_id: number;
      cooperative_id: number;
      name_fr: string;
      name_ar: string;
      unit: Unit;
      qty: number;
      tier: PriceTier;
      unit_price: number;
      overridden: number;
      gross: number;
      discount: number;
      amount: number;
      vat_code: VatCode;
      vat_rate_bp: number;
      payout: number;
      commission: number;
      returned: number;
    }>(
      `SELECT l.*, COALESCE((SELECT SUM(qty) FROM return_lines r WHERE r.sale_line_id = l.id), 0) AS returned
       FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.line_no`,
      id,
    )
    .map((l): SaleLine => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      cooperativeId: l.cooperative_id,
      nameFr: l.name_fr,
      nameAr: l.name_ar,
      unit: l.unit,
      quantity: l.qty,
      tier: l.tier,
      unitPrice: l.unit_price,
      overridden: l.overridden === 1,
      gross: l.gross,
      discount: l.discount,
      amount: l.amount,
      vatCode: l.vat_code,
      vatRateBp: l.vat_rate_bp,
      payout: l.payout,
      commission: l.commission,
      returnedQuantity: l.returned,
    }));
  const payments = store.all<Payment>(
    'SELECT method, amount, tendered, change, reference FROM payments WHERE sale_id = ? ORDER BY id',
    id,
  );
  return {
    id: s.id,
    clientId: s.client_id,
    tillId: s.till_id,
    receiptNo: s.receipt_no,
    sessionId: s.session_id,
    cashierId: s.cashier_id,
    customerId: s.customer_id,
    at: s.at,
    total: s.total,
    discountTotal: s.discount_total,
    voided: s.voided_at !== null,
    lines,
    payments,
    vat: vatBreakdown(lines),
    change: payments.reduce((sum, p) => sum + (p.change ?? 0), 0),
    replayed: false,
  };
}

export function findSaleByReceipt(store: Store, tillId: string, receiptNo: number): Sale {
  const r = store.get<{ id: number }>(
    'SELECT id FROM sales WHERE till_id = ? AND receipt_no = ?',
    tillId,
    receiptNo,
  );
  if (!r) fail('NOT_FOUND', `No receipt ${receiptNo} on till ${tillId}.`, { tillId, receiptNo });
  return getSale(store, r.id);
}

export function listSales(store: Store, from: number, to: number, limit = 200): SaleSummary[] {
  return store
    .all<SaleDbRow>('SELECT * FROM sales WHERE at >= ? AND at < ? ORDER BY at DESC LIMIT ?', from, to, limit)
    .map((s) => ({
      id: s.id,
      tillId: s.till_id,
      receiptNo: s.receipt_no,
      at: s.at,
      total: s.total,
      voided: s.voided_at !== null,
      cashierId: s.cashier_id,
    }));
}
