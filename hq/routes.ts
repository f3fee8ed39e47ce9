import type { HqRoute } from './http';
import { dashboardRoute } from './dashboard';
import { portalRoute } from './portal';
import { settlementRoute } from './settlement-routes';

/**
 * The HQ modules' HTTP routes besides the ingest (hq/http.ts): settlement, portal, dashboard each add one
 * line here. Tried in order after the core routes.
 */
export const HQ_ROUTES: HqRoute[] = [settlementRoute, portalRoute, dashboardRoute];
