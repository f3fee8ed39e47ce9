import type { ErrorCode } from './errors';
import type { CatalogAllowance } from './hq-catalog-wire';

/**
 * Where this shop's pull of the chain catalogue stands (db/services/hq-catalog-pull.ts, `hq.catalog`):
 * the version it holds and what HQ allows it. A shop that never heard from HQ has version 0, no pull and
 * every freedom (db/services/hq-allowance.ts).
 */
export interface HqCatalogStatus {
  /** HQ's catalogue version this shop holds. */
  version: number;
  /** What the shop may do of its own now: true for both until HQ has said otherwise. */
  allowance: CatalogAllowance;
  pulledAt: number | null;
  lastAttemptAt: number | null;
  lastError: { code: ErrorCode; message: string } | null;
}
