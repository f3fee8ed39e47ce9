import type { PaymentMethod } from '../../core/cash';
import { fail } from '../../core/errors';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import type { ShopZ, ZTotals } from '../../core/till-device';
import type { Store } from '../store';
import { cashReport, type CashReport } from './cash';

export type { ShopZ, ZTotals };

const DAY_MS = 86_400_000;

const zero = (): ZTotals => ({
  sessions: 0,
  salesCount: 0,
  salesTotal: 0,
  discountTotal: 0,
  voidCount: 0,
  voidTotal: 0,
  refundCount: 0,
  refundTotal: 0,
  byMethod: { cash: 0, card: 0, mobile: 0, voucher: 0 },
  refundsByMethod: { cash: 0, card: 0, mobile: 0, voucher: 0 },
  vatByCode: [],
  cashIn: 0,
  cashOut: 0,
  expectedCash: 0,
  countedCash: 0,
  variance: 0,
});

function add(into: ZTotals, z: CashReport): void {
  into.sessions += 1;
  into.salesCount += z.salesCount;
  into.salesTotal += z.salesTotal;
  into.discountTotal += z.discountTotal;
  into.voidCount += z.voidCount;
  into.voidTotal += z.voidTotal;
  into.refundCount += z.refundCount;
  into.refundTotal += z.refundTotal;
  for (const m of Object.keys(into.byMethod) as PaymentMethod[]) {
    into.byMethod[m] += z.byMethod[m];
    into.refundsByMethod[m] += z.refundsByMethod[m];
  }
  for (const v of z.vatByCode) {
    const row = into.vatByCode.find((r) => r.vatCode === v.vatCode);
    if (row) row.amount += v.amount;
    else into.vatByCode.push({ ...v });
  }
  into.vatByCode.sort((a, b) => a.vatCode.localeCompare(b.vatCode));
  into.cashIn += z.cashIn;
  into.cashOut += z.cashOut;
  into.expectedCash += z.expectedCash;
  into.countedCash += z.countedCash ?? 0;
  into.variance += z.variance ?? 0;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The shop-level Z of a day: every till's sessions closed that shop day (each one's own Z, as sealed at
 * its close), summed per till and for the shop. A session belongs to the day its Z was taken, like the
 * paper Z it prints.
 */
export function shopZ(store: Store, day?: string): ShopZ {
  const now = store.now();
  const key = day ?? localDayKey(now, zoneOffsetMinutes(now));
  if (!DAY.test(key) || Number.isNaN(Date.parse(`${key}T00:00:00Z`))) {
    fail('VALIDATION', `A day is yyyy-mm-dd, got "${day}".`, { day });
  }
  // The shop's day lies within a UTC day widened by the largest offsets a zone can have.
  const utcMidnight = Date.parse(`${key}T00:00:00Z`);
  const candidates = store.all<{ id: number; till_id: string; till_name: string; closed_at: number }>(
    `SELECT s.id, s.till_id, t.name till_name, s.closed_at FROM cash_sessions s JOIN tills t ON t.id = s.till_id
     WHERE s.closed_at >= ? AND s.closed_at < ? ORDER BY s.till_id, s.id`,
    utcMidnight - DAY_MS,
    utcMidnight + 2 * DAY_MS,
  );
  const tills = new Map<string, ShopZ['tills'][number]>();
  const shop = zero();
  for (const c of candidates) {
    if (localDayKey(c.closed_at, zoneOffsetMinutes(c.closed_at)) !== key) continue;
    const z = cashReport(store, c.id);
    let t = tills.get(c.till_id);
    if (!t) {
      t = { ...zero(), tillId: c.till_id, tillName: c.till_name, sessionIds: [] };
      tills.set(c.till_id, t);
    }
    add(t, z);
    t.sessionIds.push(c.id);
    add(shop, z);
  }
  const openSessions = store
    .all<{ id: number; till_id: string; opened_at: number }>(
      'SELECT id, till_id, opened_at FROM cash_sessions WHERE closed_at IS NULL ORDER BY till_id',
    )
    .map((s) => ({ sessionId: s.id, tillId: s.till_id, openedAt: s.opened_at }));
  return { day: key, tills: [...tills.values()], shop, openSessions };
}
