/**
 * A customer account (a reseller buying at a tier) as every layer sees it: db/services/customers.ts returns
 * it, api/schemas.ts's CustomerOut is checked equal to it at compile time.
 */
import type { PriceTier } from './pricing';

export interface Customer {
  id: number;
  name: string;
  phone: string | null;
  /** The buyer's company identifier (15 digits), printed on its invoices. */
  ice: string | null;
  tier: PriceTier;
  active: boolean;
}
