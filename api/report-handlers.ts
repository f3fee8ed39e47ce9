import { cashReport } from '../db/services/cash';
import { dashboard } from '../db/services/dashboard';
import { draftSettlement } from '../db/services/settlements';
import { stockLots, stockOnHand, stockPage } from '../db/services/stock';
import { settlementCsvFile, settlementPdfFile } from './documents';
import type { Handlers } from './handlers';
import { stockCsvFileName } from './stock-csv';

/**
 * The read-only reports (`offload: true` in the contract): the same functions answer on the station's
 * main thread and on a report worker's read-only connection (api/report-workers.ts), so the two can
 * never disagree. They read ctx.store only: a worker has no devices, sessions or write access.
 * tests/api/report-offload.test.ts checks this list is exactly the contract's offloaded methods.
 */
export const reportHandlers = {
  'dashboard.summary': (ctx, i) => dashboard(ctx.store, i.from, i.to),
  'cash.xReport': (ctx, i) => cashReport(ctx.store, i.sessionId),
  'stock.onHand': (ctx, i) => stockOnHand(ctx.store, i),
  // The stock list's derived sorts and filters read every delivery line (about a second at 100,000 products).
  'stock.page': (ctx, i) => stockPage(ctx.store, i),
  'stock.lots': (ctx, i) => stockLots(ctx.store, i.productId, i.cooperativeId),
  'stock.export': (ctx, i) => ({
    fileName: stockCsvFileName(ctx.store.now()),
    rows: stockPage(ctx.store, { ...i, limit: 1 }).total,
  }),
  'settlements.draft': (ctx, i) => draftSettlement(ctx.store, i),
  'settlements.csv': (ctx, i) => settlementCsvFile(ctx.store, i),
  // Rendering the Arabic of a statement is the slowest read of all (canvas): the worker draws it too.
  'settlements.pdf': (ctx, i) => settlementPdfFile(ctx.store, i),
} satisfies Partial<Handlers>;

export type ReportMethod = keyof typeof reportHandlers;

export const isReportMethod = (m: string): m is ReportMethod =>
  Object.prototype.hasOwnProperty.call(reportHandlers, m);
