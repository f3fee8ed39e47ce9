import { contract, METHOD_NAMES, type MethodName } from './contract';
import { handlers, type Handlers } from './handlers';

const offloaded = METHOD_NAMES.filter((name) => contract[name].offload === true);

/**
 * The read-only reports (`offload: true` in their domain module): the same functions answer on the station's
 * main thread and on a report worker's read-only connection (api/report-workers.ts), so the two can
 * never disagree. They read ctx.store only: a worker has no devices, sessions or write access.
 */
export const reportHandlers = Object.fromEntries(offloaded.map((name) => [name, handlers[name]])) as Partial<
  Record<MethodName, Handlers[MethodName]>
>;

export const isReportMethod = (m: string): m is MethodName =>
  Object.prototype.hasOwnProperty.call(reportHandlers, m);
