/**
 * What a cooperative is owed for goods sold on consignment. The payout is frozen on each sale line
 * at sale time, and per line payout + commission equals the line amount exactly, so a statement's
 * totals add up to the centime whatever the rounding.
 */
import { BP_PER_UNIT, assertInt, lineAmount, percentOf } from './money';

/** commission: the shop keeps rateBp of the amount; fixed: the cooperative gets a set price per unit sold. */
export type ConsignmentTerms =
  { kind: 'commission'; rateBp: number } | { kind: 'fixed'; payoutPerUnit: number };

export class PayoutError extends Error {
  constructor(
    readonly code: 'INVALID_TERMS' | 'SIGN_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

export function validateTerms(terms: ConsignmentTerms): string[] {
  if (terms.kind === 'commission') {
    const { rateBp } = terms;
    return Number.isSafeInteger(rateBp) && rateBp >= 0 && rateBp <= BP_PER_UNIT
      ? []
      : [`INVALID_TERMS: commission rate must be an integer from 0 to 10000 basis points, got ${rateBp}`];
  }
  if (terms.kind === 'fixed') {
    const { payoutPerUnit } = terms;
    return Number.isSafeInteger(payoutPerUnit) && payoutPerUnit >= 0
      ? []
      : [
          `INVALID_TERMS: fixed payout per unit must be a non-negative integer of centimes, got ${payoutPerUnit}`,
        ];
  }
  return [`INVALID_TERMS: unknown terms kind "${String((terms as { kind: unknown }).kind)}"`];
}

/**
 * A fixed payout above a discounted sale amount gives a negative commission: the shop bears the discount,
 * the cooperative is still paid its agreed price. A return (negative amount and quantity) mirrors the sale
 * because divRound rounds half away from zero.
 */
export function linePayout(
  terms: ConsignmentTerms,
  amount: number,
  quantity: number,
): { payout: number; commission: number } {
  assertInt(amount, 'amount');
  assertInt(quantity, 'quantity');
  const problems = validateTerms(terms);
  if (problems.length > 0) throw new PayoutError('INVALID_TERMS', problems.join('; '));
  if ((amount > 0 && quantity < 0) || (amount < 0 && quantity > 0)) {
    throw new PayoutError('SIGN_MISMATCH', `amount ${amount} and quantity ${quantity} have opposite signs`);
  }
  if (terms.kind === 'commission') {
    const commission = percentOf(amount, terms.rateBp);
    return { payout: amount - commission, commission };
  }
  const payout = lineAmount(terms.payoutPerUnit, quantity);
  return { payout, commission: amount - payout };
}

export function effectiveTerms(
  coop: ConsignmentTerms,
  product: ConsignmentTerms | null | undefined,
): ConsignmentTerms {
  return product ?? coop;
}
