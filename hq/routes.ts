import type { Pool } from './db';
import type { HqRoute } from './http';
import { catalogRoute } from './catalog-routes';
import { dashboardRoute } from './dashboard';
import { portalRoute } from './portal';
import { scheduleProjection } from './projections';
import { settlementRoute } from './settlement-routes';
import { transfersRoute } from './transfers';

/**
 * Work to start after a push added entries (e.g. projecting them): called with the shop, never awaited by
 * the push's answer, errors logged. Each module adds one line.
 */
export const HQ_AFTER_INGEST: ((pool: Pool, shopId: string) => Promise<unknown>)[] = [scheduleProjection];

/**
 * The HQ modules' HTTP routes besides the ingest (hq/http.ts): settlement, portal, dashboard each add one
 * line here. Tried in order after the core routes.
 */
export const HQ_ROUTES: HqRoute[] = [
  settlementRoute,
  portalRoute,
  dashboardRoute,
  catalogRoute,
  transfersRoute,
];
