/**
 * Dated VAT (issue 13): the rates table, a product's scheduled code changes, and the one resolution of a
 * sale line's code and rate on the sale's shop day. Checkout and the offline replay call saleVatOf; nothing
 * reads today's fixed table for a new sale.
 */
import { fail } from '../../core/errors';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import {
  VAT_CODES,
  isVatCode,
  vatCodeAt,
  vatRateAt,
  type ProductVat,
  type VatCode,
  type VatCodeRates,
  type VatRate,
  type VatScheduleEntry,
} from '../../core/vat';
import { isVatExemptionId, type VatExemptionId } from '../../core/vat-exemptions';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { checkHqField } from './hq-allowance';

export type { ProductVat, VatCodeRates, VatRate, VatScheduleEntry } from '../../core/vat';

interface RateRow {
  code: VatCode;
  rate_bp: number;
  valid_from: string;
  valid_to: string | null;
  source: string;
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The shop's calendar day of an instant ("yyyy-mm-dd", Africa/Casablanca). */
export function shopDay(at: number): string {
  return localDayKey(at, zoneOffsetMinutes(at));
}

export function listVatRates(store: Store): VatRate[] {
  return store.all<RateRow>('SELECT * FROM vat_rates ORDER BY code, valid_from').map((r) => ({
    code: r.code,
    rateBp: r.rate_bp,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
  }));
}

function checkDay(day: string, field: string): void {
  if (!DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    fail('VALIDATION', `${field} must be a day written yyyy-mm-dd, not "${day}".`, { field });
}

/**
 * The first instant of a shop day: the offset at UTC midnight, corrected once with the offset at the guess
 * (they differ only when the clock changes that night).
 */
export function shopDayStart(day: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - zoneOffsetMinutes(wall) * 60_000;
  return wall - zoneOffsetMinutes(guess) * 60_000;
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Each code with its dated rates and the one in force today, in VAT_CODES order. */
export function vatCodes(store: Store): VatCodeRates[] {
  const rates = listVatRates(store);
  const today = shopDay(store.now());
  return VAT_CODES.map((code) => ({
    code,
    rateBpToday: vatRateAt(rates, code, today),
    rates: rates.filter((r) => r.code === code),
  }));
}

/**
 * A law changes a code's rate from a day: the open row is closed the day before and the new one opened, so
 * sales before that day keep the old rate. Only a day after every existing row's start is accepted.
 */
export function addVatRate(
  store: Store,
  actor: Actor,
  input: { code: VatCode; rateBp: number; validFrom: string; source: string },
): VatRate[] {
  if (!isVatCode(input.code)) fail('INVALID_VAT_CODE', `Unknown VAT code "${String(input.code)}".`, {});
  checkDay(input.validFrom, 'validFrom');
  if (!Number.isInteger(input.rateBp) || input.rateBp < 0 || input.rateBp > 10_000)
    fail('VALIDATION', `A VAT rate is 0 to 10000 basis points, not ${input.rateBp}.`, { field: 'rateBp' });
  if (input.source.trim() === '')
    fail('VALIDATION', 'A VAT rate needs its legal source.', { field: 'source' });
  return store.tx(() => {
    // Only the open-ended row may be cut short by a new law: a row starting on or after the day, or one
    // already given its end on or after it, would have two rates on the same days.
    const clash = store.get<{ valid_from: string; valid_to: string | null }>(
      `SELECT valid_from, valid_to FROM vat_rates WHERE code = ?
         AND (valid_from >= ? OR (valid_to IS NOT NULL AND valid_to >= ?))
       ORDER BY valid_from LIMIT 1`,
      input.code,
      input.validFrom,
      input.validFrom,
    );
    if (clash)
      fail(
        'VAT_RATE_OVERLAP',
        `${input.code} already has a rate over ${clash.valid_from}..${clash.valid_to ?? 'open'}, which a rate from ${input.validFrom} would overlap.`,
        { code: input.code, validFrom: clash.valid_from, validTo: clash.valid_to },
      );
    // Lines sold under the code since that day keep their rate, so the table must not say otherwise.
    const sold = store.get<{ at: number }>(
      'SELECT at FROM sale_lines WHERE at >= ? AND vat_code = ? ORDER BY at DESC LIMIT 1',
      shopDayStart(input.validFrom),
      input.code,
    );
    if (sold)
      fail(
        'VAT_CHANGE_BACKDATED',
        `${input.code} was sold on ${shopDay(sold.at)}: a new rate may start the day after at the earliest.`,
        { code: input.code, lastSoldDay: shopDay(sold.at) },
      );
    store.run(
      'UPDATE vat_rates SET valid_to = ? WHERE code = ? AND valid_to IS NULL',
      dayBefore(input.validFrom),
      input.code,
    );
    store.run(
      'INSERT INTO vat_rates (code, rate_bp, valid_from, valid_to, source) VALUES (?, ?, ?, NULL, ?)',
      input.code,
      input.rateBp,
      input.validFrom,
      input.source.trim(),
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'vat.rate',
      ref: `vat:${input.code}:${input.validFrom}`,
      payload: {
        code: input.code,
        rateBp: input.rateBp,
        validFrom: input.validFrom,
        source: input.source.trim(),
      },
    });
    return listVatRates(store);
  });
}

/** The last shop day a product was sold on (voided lines too: their rate is frozen as well), or null. */
function lastSoldDay(store: Store, productId: number): string | null {
  const r = store.get<{ at: number | null }>(
    'SELECT MAX(at) AS at FROM sale_lines WHERE product_id = ?',
    productId,
  );
  return r?.at === null || r?.at === undefined ? null : shopDay(r.at);
}

export function productVatSchedule(store: Store, productId: number): VatScheduleEntry[] {
  return store
    .all<{ product_id: number; vat_code: VatCode; vat_exemption: string | null; valid_from: string }>(
      'SELECT product_id, vat_code, vat_exemption, valid_from FROM product_vat_schedule WHERE product_id = ? ORDER BY valid_from',
      productId,
    )
    .map((r) => ({
      productId: r.product_id,
      vatCode: r.vat_code,
      vatExemption: isVatExemptionId(r.vat_exemption) ? r.vat_exemption : null,
      validFrom: r.valid_from,
    }));
}

export interface VatMove {
  vatCode: VatCode;
  vatExemption?: VatExemptionId | null;
  validFrom: string;
}

function checkMove(input: VatMove): VatExemptionId | null {
  if (!isVatCode(input.vatCode)) fail('INVALID_VAT_CODE', `Unknown VAT code "${String(input.vatCode)}".`, {});
  checkDay(input.validFrom, 'validFrom');
  const exemption = input.vatExemption ?? null;
  if (exemption !== null && !isVatExemptionId(exemption))
    fail('VALIDATION', `Unknown exemption "${String(exemption)}".`, { field: 'vatExemption' });
  if (exemption !== null && input.vatCode !== 'EX')
    fail('VALIDATION', 'An exemption wording goes with the exempt code EX only.', { field: 'vatExemption' });
  return exemption;
}

/** One product's move, inside the caller's transaction. */
function moveOne(
  store: Store,
  actor: Actor,
  productId: number,
  input: VatMove,
  exemption: VatExemptionId | null,
) {
  const p = store.get<{ id: number; sku: string; origin: 'hq' | 'local'; vat_code: string }>(
    'SELECT id, sku, origin, vat_code FROM products WHERE id = ?',
    productId,
  );
  if (!p) fail('NOT_FOUND', `No product with id ${productId}.`, { productId });
  // HQ's catalogue sets an HQ product's code (hq-allowance.ts); a move keeping the code may change its wording.
  checkHqField(actor, p, 'vatCode', input.vatCode !== p.vat_code);
  // A move covering a day the product was already sold on would make the schedule disagree with the lines
  // sold that day, which keep their code: it may start the day after the last sale at the earliest.
  const sold = lastSoldDay(store, productId);
  if (sold !== null && input.validFrom <= sold)
    fail(
      'VAT_CHANGE_BACKDATED',
      `Product ${productId} was sold on ${sold}: its VAT may change from ${sold} + 1 day at the earliest, not ${input.validFrom}.`,
      { productId, lastSoldDay: sold, validFrom: input.validFrom },
    );
  store.run(
    `INSERT INTO product_vat_schedule (product_id, vat_code, vat_exemption, valid_from, set_by, at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (product_id, valid_from) DO UPDATE SET vat_code = excluded.vat_code,
       vat_exemption = excluded.vat_exemption, set_by = excluded.set_by, at = excluded.at`,
    productId,
    input.vatCode,
    exemption,
    input.validFrom,
    actor.userId,
    store.now(),
  );
  applyDueVat(store, productId);
  appendJournal(store, {
    userId: actor.userId,
    kind: 'product.vat',
    ref: `product:${productId}`,
    payload: { vatCode: input.vatCode, vatExemption: exemption, validFrom: input.validFrom },
  });
}

/**
 * Writes the schedule entry due today on the product row, so lists, labels, invoices' wording and the till's
 * cart show it; checkout resolves the day's code itself, so a row written late never mis-prices a sale.
 */
function applyDueVat(store: Store, productId: number): void {
  const due = effectiveVat(store, productId, shopDay(store.now()));
  if (due) {
    store.run(
      `UPDATE products SET vat_code = ?, vat_exemption = ?, updated_at = ?
       WHERE id = ? AND (vat_code IS NOT ? OR vat_exemption IS NOT ?)`,
      due.vatCode,
      due.vatExemption,
      store.now(),
      productId,
      due.vatCode,
      due.vatExemption,
    );
  }
}

/**
 * A manager moves a product to another code from a day (an exempt code names its CGI wording). A change due
 * today is also written on the product at once; a future one is applied by checkout on its day. A day the
 * product was already sold on (or earlier) is refused: history is never recomputed.
 */
export function scheduleProductVat(
  store: Store,
  actor: Actor,
  input: VatMove & { productId: number },
): VatScheduleEntry[] {
  const exemption = checkMove(input);
  return store.tx(() => {
    moveOne(store, actor, input.productId, input, exemption);
    return productVatSchedule(store, input.productId);
  });
}

/** Several products moved at once (all of a kind of goods on a finance law's date): all or none. */
export function moveProductsVat(
  store: Store,
  actor: Actor,
  input: VatMove & { productIds: readonly number[] },
): ProductVat[] {
  const exemption = checkMove(input);
  const ids = [...new Set(input.productIds)];
  return store.tx(() => {
    for (const id of ids) moveOne(store, actor, id, input, exemption);
    return ids.map((id) => productVat(store, id));
  });
}

/** A product's VAT as the product form shows it: today's code, rate and wording, its moves, its last sale. */
export function productVat(store: Store, productId: number): ProductVat {
  const p = store.get<{ vat_code: VatCode; vat_exemption: string | null }>(
    'SELECT vat_code, vat_exemption FROM products WHERE id = ?',
    productId,
  );
  if (!p) fail('NOT_FOUND', `No product with id ${productId}.`, { productId });
  const today = shopDay(store.now());
  const due = effectiveVat(store, productId, today);
  const vatCode = due?.vatCode ?? p.vat_code;
  const vatExemption = due ? due.vatExemption : isVatExemptionId(p.vat_exemption) ? p.vat_exemption : null;
  return {
    productId,
    today,
    vatCode,
    vatExemption: vatCode === 'EX' ? vatExemption : null,
    rateBpToday: vatRateAt(listVatRates(store), vatCode, today),
    schedule: productVatSchedule(store, productId),
    lastSoldDay: lastSoldDay(store, productId),
  };
}

/**
 * A product's code written straight onto its row (products.update, a CSV import, HQ's catalogue) applies
 * from today. When a move is already due, it is recorded as today's move too: checkout takes the latest due
 * move over the row, so the earlier move would otherwise keep winning and the new code never sell.
 */
export function recordDirectVatWrite(store: Store, productId: number, vatCode: VatCode): void {
  const today = shopDay(store.now());
  if (
    !store.get(
      'SELECT 1 FROM product_vat_schedule WHERE product_id = ? AND valid_from <= ?',
      productId,
      today,
    )
  )
    return;
  store.run(
    `INSERT INTO product_vat_schedule (product_id, vat_code, vat_exemption, valid_from, set_by, at)
     VALUES (?, ?, NULL, ?, NULL, ?)
     ON CONFLICT (product_id, valid_from) DO UPDATE SET vat_code = excluded.vat_code,
       vat_exemption = NULL, set_by = NULL, at = excluded.at`,
    productId,
    vatCode,
    today,
    store.now(),
  );
}

/**
 * Writes every move that has fallen due on its product's row (one statement): checkout resolves the day's
 * code itself, but the tills' catalogue (and so their offline sales), labels and invoices' exemption wording
 * read the row. Each host runs it at start and every few minutes (keepDueVatMovesApplied), so a move dated
 * 1 January reaches them just after midnight. Returns the products changed.
 */
export function applyDueVatMoves(store: Store): number {
  return store.run(
    `UPDATE products SET vat_code = due.vat_code, vat_exemption = due.vat_exemption, updated_at = ?
     FROM (SELECT s.product_id, s.vat_code, s.vat_exemption FROM product_vat_schedule s
           WHERE s.valid_from = (SELECT MAX(valid_from) FROM product_vat_schedule
                                 WHERE product_id = s.product_id AND valid_from <= ?)) AS due
     WHERE products.id = due.product_id
       AND (products.vat_code IS NOT due.vat_code OR products.vat_exemption IS NOT due.vat_exemption)`,
    store.now(),
    shopDay(store.now()),
  ).changes;
}

/**
 * What each host of the API (the station, the Electron shell) runs beside it: the due moves written at once,
 * then every `everyMs`, so a move dated 1 January reaches the rows a few minutes after midnight without a
 * restart. A failed round (a busy moment) is retried at the next; checkout never depends on it. Returns stop.
 */
export function keepDueVatMovesApplied(store: Store, everyMs = 5 * 60_000): () => void {
  applyDueVatMoves(store);
  const timer = setInterval(() => {
    try {
      applyDueVatMoves(store);
    } catch (err) {
      console.error('[vat] due VAT moves not written yet:', err);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The schedule entry due on `day` (null: none, the product's own code applies). */
function effectiveVat(
  store: Store,
  productId: number,
  day: string,
): { vatCode: VatCode; vatExemption: VatExemptionId | null } | null {
  const entries = productVatSchedule(store, productId).filter((e) => e.validFrom <= day);
  const last = entries[entries.length - 1];
  return last ? { vatCode: last.vatCode, vatExemption: last.vatExemption } : null;
}

/**
 * The code and rate a line of `productId` is sold at on the day of `at`: the product's scheduled code due
 * that day (else its own), at that code's rate in force that day. No rate for the day is a typed refusal,
 * never a silent zero.
 */
export function saleVatOf(
  store: Store,
  productId: number,
  current: VatCode,
  at: number,
  rates: readonly VatRate[] = listVatRates(store),
): { vatCode: VatCode; vatRateBp: number } {
  const day = shopDay(at);
  const vatCode = vatCodeAt(current, productVatSchedule(store, productId), day);
  const vatRateBp = vatRateAt(rates, vatCode, day);
  if (vatRateBp === null)
    fail('VAT_RATE_MISSING', `No ${vatCode} VAT rate is in force on ${day}.`, { vatCode, day });
  return { vatCode, vatRateBp };
}
