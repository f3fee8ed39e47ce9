import type { z } from 'zod';
import { fail } from '../core/errors';
import { backupTo, schemaVersion } from '../db/open';
import { journalHead } from '../db/journal';
import { auditJournal, recordedSeals } from '../db/services/seals';
import type { Actor, Store } from '../db/store';
import * as cash from '../db/services/cash';
import { checkout, findSaleByReceipt, getSale, listSales } from '../db/services/checkout';
import * as coops from '../db/services/cooperatives';
import { importProductsCsv } from '../db/services/csv-import';
import { createCustomer, listCustomers } from '../db/services/customers';
import * as products from '../db/services/products';
import { scanNeedsApproval } from '../db/services/price-labels';
import { quoteSale } from '../db/services/quote';
import { createReturn } from '../db/services/returns';
import * as settings from '../db/services/settings';
import * as settlements from '../db/services/settlements';
import * as stock from '../db/services/stock';
import * as deliveries from '../db/services/deliveries';
import * as users from '../db/services/users';
import { voidSale } from '../db/services/voids';
import { renderReceiptHtml } from '../core/receipt/render-html';
import { renderReceiptText } from '../core/receipt/render-text';
import { saleReceipt } from '../db/services/receipts';
import type { AuthSessions } from './auth';
import { shopClock } from './clock';
import type { DeviceHub } from './devices';
import { labelBytes, labelSheet } from './labels';
import { cashReportLines, coopReturnNoteFile } from './documents';
import type { Contract, MethodName } from './contract';
import { reportHandlers } from './report-handlers';
import type { ReportRunner } from './report-workers';

export interface ApiContext {
  store: Store;
  auth: AuthSessions;
  version: string;
  devices: DeviceHub;
  /** Check every answer against its output schema (tests, development). */
  validateOutput?: boolean;
  /** Report worker threads for the contract's `offload` methods; without them those run in-process. */
  reports?: ReportRunner | null;
}

export interface CallContext extends ApiContext {
  actor: Actor | null;
  token: string | null;
}

// Distributive, so that discriminated-union inputs keep their variants.
type WithoutApproval<T> = T extends unknown ? Omit<T, 'approval'> : never;
type Input<M extends MethodName> = WithoutApproval<z.output<Contract[M]['input']>>;
type Output<M extends MethodName> = z.input<Contract[M]['output']>;
export type Handlers = {
  [M in MethodName]: (ctx: CallContext, input: Input<M>) => Output<M> | Promise<Output<M>>;
};

function actor(ctx: CallContext): Actor {
  if (!ctx.actor) fail('UNAUTHENTICATED', 'Log in first.', {});
  return ctx.actor;
}

export const handlers: Handlers = {
  // The read-only reports, shared with the report workers.
  ...reportHandlers,
  'system.info': (ctx) => ({
    app: 'souk-pos',
    version: ctx.version,
    schemaVersion: schemaVersion(ctx.store.db),
    tillId: ctx.store.tillId,
    shopName: settings.getSettings(ctx.store).shop.name,
    clock: shopClock(ctx.store.now()),
  }),
  'system.backup': (ctx, i) => backupTo(ctx.store.db, i.path),
  'journal.verify': (ctx, i) => auditJournal(ctx.store, i),
  'journal.seals': (ctx) => ({ head: journalHead(ctx.store), seals: recordedSeals(ctx.store) }),

  'auth.users': (ctx) =>
    users.listUsers(ctx.store).map((u) => ({ id: u.id, name: u.name, role: u.role, language: u.language })),
  'auth.login': (ctx, i) => {
    const s = ctx.auth.login(ctx.store, i.userId, i.pin);
    return { token: s.token, user: s.user };
  },
  'auth.logout': (ctx) => {
    if (ctx.token) ctx.auth.logout(ctx.token);
    return { ok: true as const };
  },
  'auth.me': (ctx) => users.getUser(ctx.store, actor(ctx).userId),

  'users.list': (ctx) => users.listUsers(ctx.store, true),
  'users.create': (ctx, i) => users.createUser(ctx.store, actor(ctx), i),
  'users.update': (ctx, i) => users.updateUser(ctx.store, actor(ctx), i),

  'settings.get': (ctx) => settings.getSettings(ctx.store),
  'settings.update': (ctx, i) => settings.updateSettings(ctx.store, actor(ctx), i),

  'cooperatives.list': (ctx) => coops.listCooperatives(ctx.store),
  'cooperatives.get': (ctx, i) => coops.getCooperative(ctx.store, i.id),
  'cooperatives.create': (ctx, i) => coops.createCooperative(ctx.store, actor(ctx), i),
  'cooperatives.update': (ctx, i) => coops.updateCooperative(ctx.store, actor(ctx), i),

  'products.search': (ctx, i) => products.searchProducts(ctx.store, i.query, i.limit),
  'products.get': (ctx, i) => products.getProduct(ctx.store, i.id),
  'products.list': (ctx, i) => products.listProducts(ctx.store, i),
  'products.scan': (ctx, i) => {
    const scan = products.lookupBarcode(ctx.store, i.code);
    return { ...scan, needsApproval: scanNeedsApproval(ctx.store, scan) };
  },
  'products.create': (ctx, i) => products.createProduct(ctx.store, actor(ctx), i),
  'products.update': (ctx, { id, ...patch }) => products.updateProduct(ctx.store, actor(ctx), id, patch),
  'products.importCsv': (ctx, i) => importProductsCsv(ctx.store, actor(ctx), i),

  'customers.list': (ctx, i) => listCustomers(ctx.store, i.query),
  'customers.create': (ctx, i) => createCustomer(ctx.store, actor(ctx), i),

  'sales.checkout': (ctx, i) => checkout(ctx.store, actor(ctx), i),
  'sales.quote': (ctx, i) => quoteSale(ctx.store, i),
  'sales.get': (ctx, i) => getSale(ctx.store, i.id),
  'sales.byReceipt': (ctx, i) => findSaleByReceipt(ctx.store, i.tillId, i.receiptNo),
  'sales.list': (ctx, i) => listSales(ctx.store, i.from, i.to, i.limit),
  'sales.void': (ctx, i) => voidSale(ctx.store, actor(ctx), i),
  'returns.create': (ctx, i) => createReturn(ctx.store, actor(ctx), i),

  'stock.receive': (ctx, i) => stock.receiveDelivery(ctx.store, actor(ctx), i),
  'deliveries.list': (ctx, i) => deliveries.listDeliveries(ctx.store, i),
  'deliveries.get': (ctx, i) => deliveries.getDelivery(ctx.store, i.id),
  'stock.returnToCooperative': (ctx, i) => stock.returnToCooperative(ctx.store, actor(ctx), i),
  'stock.adjust': (ctx, i) => stock.adjustStock(ctx.store, actor(ctx), i),
  'stock.movements': (ctx, i) => stock.stockMovements(ctx.store, i.productId, i.cooperativeId),

  'cash.current': (ctx) => cash.currentSession(ctx.store),
  'cash.open': (ctx, i) => cash.openSession(ctx.store, actor(ctx), i),
  'cash.move': (ctx, i) => cash.cashMovement(ctx.store, actor(ctx), i),
  'cash.close': (ctx, i) => cash.closeSession(ctx.store, actor(ctx), i),
  'cash.sessions': (ctx) => cash.listSessions(ctx.store),

  'settlements.issue': (ctx, i) => settlements.issueSettlement(ctx.store, actor(ctx), i),
  'settlements.get': (ctx, i) => settlements.getSettlement(ctx.store, i.id),
  'settlements.list': (ctx, i) => settlements.listSettlements(ctx.store, i.cooperativeId),
  'settlements.markPaid': (ctx, i) => settlements.markSettlementPaid(ctx.store, actor(ctx), i),

  'sales.receipt': (ctx, i) => {
    const doc = saleReceipt(ctx.store, i.saleId, {
      copy: true,
      ...(i.language ? { language: i.language } : {}),
    });
    return { text: renderReceiptText(doc, { columns: i.columns ?? 42 }), html: renderReceiptHtml(doc) };
  },

  'devices.get': (ctx) => ctx.devices.config(),
  'devices.configure': (ctx, i) => ctx.devices.configure(i),
  'devices.listPorts': (ctx) => ctx.devices.listPorts(),
  'devices.status': (ctx) => ctx.devices.status(),
  'devices.testPrint': (ctx) => ctx.devices.testPrint(),
  'devices.printReceipt': (ctx, i) => ctx.devices.printSale(i.saleId, i),
  'devices.printReturn': (ctx, i) => ctx.devices.printReturn(i.returnId),
  'devices.openDrawer': (ctx) => ctx.devices.openDrawer(),
  'devices.printQueue': (ctx) => ctx.devices.printQueue(),
  'devices.retryQueue': (ctx) => ctx.devices.retryQueue(),
  'devices.readScale': (ctx, i) => ctx.devices.readScale(i.timeoutMs ?? 3000),
  'labels.sheet': (ctx, i) => labelSheet(ctx.store, actor(ctx), i),
  'labels.print': async (ctx, i) => {
    const one = labelBytes(
      ctx.store,
      actor(ctx),
      i.productId,
      i.bestBefore ?? null,
      ctx.devices.paperDots(),
      i.lot,
    );
    return ctx.devices.printRaw(Buffer.concat(Array.from({ length: i.copies }, () => one)));
  },
  'system.setup': (ctx, i) => {
    const user = ctx.store.tx(() => {
      if (users.listUsers(ctx.store, true).length > 0) {
        fail('CONFLICT', 'This station is already set up: log in with an existing user.', {});
      }
      settings.updateSettings(ctx.store, null, { shop: { name: i.shopName } });
      return users.createUser(ctx.store, null, {
        name: i.adminName,
        role: 'admin',
        pin: i.pin,
        language: i.language ?? 'fr',
      });
    });
    const s = ctx.auth.login(ctx.store, user.id, i.pin);
    return { token: s.token, user: s.user };
  },
  'stock.returnNotePdf': (ctx, i) => coopReturnNoteFile(ctx.store, i.returnId),
  'cash.printReport': async (ctx, i) => {
    const me = users.getUser(ctx.store, actor(ctx).userId);
    const lines = cashReportLines(ctx.store, i.sessionId, me.name, me.language, 42);
    if (i.print === false) return { lines, printed: false };
    await ctx.devices.printLines(lines);
    return { lines, printed: true };
  },
  'devices.display': (ctx, i) => ctx.devices.showOnDisplay(i),
  'devices.scans': (ctx, i) => ctx.devices.pollScans(i.after, i.waitMs ?? 0),
};
