/**
 * The API's domains: one module each, holding its methods' specs (zod input/output, minimum role, summary)
 * and their handlers side by side. api/contract.ts and the dispatcher (api/handlers.ts) assemble whatever
 * is listed here, and docs/api.md is generated from it.
 *
 * To add a method: add `'<domain>.<verb>': method({ summary, role, input, output, handler })` to
 * api/methods/<domain>.ts, keeping business logic in a db/ service (the handler only calls it), then run
 * `npm run docs:api`. Mark it `approvable: true` if a manager's PIN may stand in for the role, `offload: true`
 * if it is a read-only report for the report workers (its handler then reads ctx.store only).
 * To add a domain: a new api/methods/<domain>.ts exporting `<domain>Methods` (see cash.ts), and one line
 * below. A method name appearing twice is refused when the contract is assembled.
 */
export { authMethods } from './auth';
export { cashMethods } from './cash';
export { certificatesMethods } from './certificates';
export { cooperativesMethods } from './cooperatives';
export { customersMethods } from './customers';
export { dashboardMethods } from './dashboard';
export { deliveriesMethods } from './deliveries';
export { devicesMethods } from './devices';
export { documentsMethods } from './documents';
export { hqMethods } from './hq';
export { invoicesMethods } from './invoices';
export { journalMethods } from './journal';
export { labelsMethods } from './labels';
export { offlineMethods } from './offline';
export { productsMethods } from './products';
export { returnsMethods } from './returns';
export { salesMethods } from './sales';
export { settingsMethods } from './settings';
export { settlementsMethods } from './settlements';
export { stockMethods } from './stock';
export { systemMethods } from './system';
export { tillsMethods } from './tills';
export { transfersMethods } from './transfers';
export { usersMethods } from './users';
export { vatMethods } from './vat';
