import { z } from 'zod';
import { dashboard } from '../../db/services/dashboard';
import { method } from '../define-method';
import * as S from '../schemas';

/** The manager's dashboard. */
export const dashboardMethods = {
  'dashboard.summary': method({
    summary:
      'Sales for a period by tier, payment method, cooperative, region and share of women’s cooperatives, with a daily series.',
    role: 'manager',
    offload: true,
    input: z.object({ from: S.Timestamp, to: S.Timestamp }).strict(),
    output: S.DashboardOut,
    handler: (ctx, i) => dashboard(ctx.store, i.from, i.to),
  }),
};
