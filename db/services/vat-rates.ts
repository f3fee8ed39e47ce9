/**
 * Dated VAT (issue 13): the rates table, a product's scheduled code changes, and the one resolution of a
 * sale line's code and rate on the sale's shop day. Checkout and the offline replay call saleVatOf; nothing
 * reads today's fixed table for a new sale.
 */
import { fail } from '../../core/errors';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import { isVatCode, vatCodeAt, vatRateAt, type VatCode, type VatRate } from '../../core/vat';
import { isVatExemptionId, type VatExemptionId } from '../../core/vat-exemptions';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';

export type { VatRate } from '../../core/vat';

interface RateRow {
  code: VatCode;
  rate_bp: number;
  valid_from: string;
  valid_to: string | null;
  source: string;
}

export interface VatScheduleEntry {
  productId: number;
  vatCode: VatCode;
  vatExemption: VatExemptionId | null;
  validFrom: string;
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
  if (!DAY.test(day))
    fail('VALIDATION', `${field} must be a day written yyyy-mm-dd, not "${day}".`, { field });
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
    const later = store.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM vat_rates WHERE code = ? AND valid_from >= ?',
      input.code,
      input.validFrom,
    );
    if ((later?.n ?? 0) > 0)
      fail('CONFLICT', `${input.code} already has a rate from ${input.validFrom} or later.`, {
        code: input.code,
      });
    const dayBefore = new Date(`${input.validFrom}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    store.run(
      'UPDATE vat_rates SET valid_to = ? WHERE code = ? AND (valid_to IS NULL OR valid_to >= ?)',
      dayBefore.toISOString().slice(0, 10),
      input.code,
      input.validFrom,
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

/**
 * A manager moves a product to another code from a day (an exempt code names its CGI wording). A change due
 * today or earlier is also written on the product at once, so lists, labels and the till's cart show it; a
 * future one is applied by checkout on its day.
 */
export function scheduleProductVat(
  store: Store,
  actor: Actor,
  input: { productId: number; vatCode: VatCode; vatExemption?: VatExemptionId | null; validFrom: string },
): VatScheduleEntry[] {
  if (!isVatCode(input.vatCode)) fail('INVALID_VAT_CODE', `Unknown VAT code "${String(input.vatCode)}".`, {});
  checkDay(input.validFrom, 'validFrom');
  const exemption = input.vatExemption ?? null;
  if (exemption !== null && !isVatExemptionId(exemption))
    fail('VALIDATION', `Unknown exemption "${String(exemption)}".`, { field: 'vatExemption' });
  if (exemption !== null && input.vatCode !== 'EX')
    fail('VALIDATION', 'An exemption wording goes with the exempt code EX only.', { field: 'vatExemption' });
  return store.tx(() => {
    const p = store.get<{ id: number }>('SELECT id FROM products WHERE id = ?', input.productId);
    if (!p) fail('NOT_FOUND', `No product with id ${input.productId}.`, { productId: input.productId });
    store.run(
      `INSERT INTO product_vat_schedule (product_id, vat_code, vat_exemption, valid_from, set_by, at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (product_id, valid_from) DO UPDATE SET vat_code = excluded.vat_code,
         vat_exemption = excluded.vat_exemption, set_by = excluded.set_by, at = excluded.at`,
      input.productId,
      input.vatCode,
      exemption,
      input.validFrom,
      actor.userId,
      store.now(),
    );
    const today = shopDay(store.now());
    const due = effectiveVat(store, input.productId, today);
    if (due) {
      store.run(
        'UPDATE products SET vat_code = ?, vat_exemption = ?, updated_at = ? WHERE id = ?',
        due.vatCode,
        due.vatExemption,
        store.now(),
        input.productId,
      );
    }
    appendJournal(store, {
      userId: actor.userId,
      kind: 'product.vat',
      ref: `product:${input.productId}`,
      payload: { vatCode: input.vatCode, vatExemption: exemption, validFrom: input.validFrom },
    });
    return productVatSchedule(store, input.productId);
  });
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
