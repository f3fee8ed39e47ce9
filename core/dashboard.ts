/**
 * The back office's dashboard as every layer sees it: what db/services/dashboard.ts returns and
 * api/schemas.ts sends (checked equal at compile time). Amounts in centimes.
 */
import type { PaymentMethod } from './cash';
import type { PriceTier } from './pricing';

export interface Dashboard {
  from: number;
  to: number;
  salesCount: number;
  total: number;
  averageBasket: number;
  refunds: number;
  byTier: Record<PriceTier, number>;
  byMethod: Record<PaymentMethod, number>;
  byCooperative: {
    cooperativeId: number;
    name: string;
    womens: boolean;
    region: string;
    amount: number;
    payout: number;
  }[];
  byRegion: { region: string; amount: number }[];
  /** What the women's cooperatives sold, and its share of the total in basis points. */
  womensShare: { amount: number; shareBp: number };
  byDay: { day: string; amount: number; count: number }[];
}
