/**
 * Moroccan dirham notes and coins in circulation, in centimes, largest first (Bank Al-Maghrib series): the
 * 5, 10 and 20 centime coins too, or a drawer holding 3 206,25 MAD could not be counted to the centime.
 */
export const MAD_DENOMINATIONS = [20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5] as const;
export type Denomination = (typeof MAD_DENOMINATIONS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'mobile', 'voucher'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Total of a count by denomination; unknown denominations or negative counts are refused by the caller's schema. */
export function countTotal(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const d of MAD_DENOMINATIONS) total += d * (counts[String(d)] ?? 0);
  return total;
}

/** Notes a customer is likely to hand over for an amount: the quick-tender buttons of the pay screen. */
export function tenderSuggestions(amount: number): number[] {
  const out = new Set<number>([amount]);
  for (const d of [1000, 2000, 5000, 10000, 20000]) {
    const rounded = Math.ceil(amount / d) * d;
    if (rounded > amount) out.add(rounded);
  }
  return [...out].sort((a, b) => a - b).slice(0, 5);
}
