import { join } from 'node:path';
import { contract, type MethodName } from '../api/contract';
import { ROLE_RANK, type Role } from '../core/roles';
import { openDatabase, type Db } from '../db/open';
import { SqlitePrintQueue } from '../db/services/print-queue';
import { Store } from '../db/store';
import { DeviceHub } from '../devices/hub';
import { AppError, type ErrorCode } from '../core/errors';
import type { Language } from '../core/languages';
import { receiptFromSale } from '../core/receipt/from-sale';
import { renderReceiptHtml } from '../core/receipt/render-html';
import { renderReceiptText } from '../core/receipt/render-text';
import type { CatalogRows } from '../db/services/catalog-snapshot';
import type { CheckoutInput, Sale } from '../db/services/checkout';
import { scanNeedsApproval } from '../db/services/price-labels';
import { lookupBarcode, searchProducts } from '../db/services/products';
import { quoteSale } from '../db/services/quote';
import { getSettings } from '../db/services/settings';
import { createPrintService, type PrintService } from '../hardware/printer/print-service';
import { toPrinterError } from '../hardware/printer/errors';
import { CatalogCache } from './catalog-cache';
import { needsStation, priceLocalSale } from './local-sales';
import { StationLink, type StationAnswer, type StationError } from './station-link';
import { LOCAL_SALE_ID_BASE, TillDb, type OutboxRow, type SessionUser } from './till-db';

export type Envelope = { ok: true; result: unknown; role?: Role } | { ok: false; error: StationError };

export interface TillHostOptions {
  /** Folder of till.db (the outbox, durable) and catalog.db (the cache). */
  dir: string;
  /** The station's address; kept in till.db, so later starts may leave it out. */
  stationUrl?: string | null;
  /** The station's certificate fingerprint (SHA-256) pinned at pairing, for an https station. */
  stationFingerprint?: string | null;
  /** The till's id before pairing (the station's own loopback till is T1); a paired till uses its own. */
  tillId?: string;
  /** The pairing token sent as x-souk-till; kept in till.db once given. */
  tillToken?: string | null;
  fetchImpl?: typeof fetch;
  /** How long a sale waits for the station before the till answers it itself (the station "answers fast"). */
  onlineTimeoutMs?: number;
  replayTimeoutMs?: number;
  catalogRefreshMs?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Also logs each replayed receipt ("replayed <receiptNo>"): the chaos test kills a till on one of them. */
  traceReplay?: boolean;
}

export interface TillStatus {
  tillId: string;
  online: boolean;
  /** Sales made on this till that the station has not recorded yet. */
  queued: number;
  oldestQueuedAt: number | null;
  /** Why the oldest queued sale is still waiting, when the station refused it or no cashier session is valid. */
  blocked: string | null;
  lastContactAt: number | null;
  catalogVersion: string | null;
  catalogProducts: number;
  nextReceiptNo: number;
}

const ok = (result: unknown): Envelope => ({ ok: true, result });
const refuse = (code: ErrorCode, message: string, details: Record<string, unknown> = {}): Envelope => ({
  ok: false,
  error: { code, message, details },
});
const unreachable = (method: string, reason: string): Envelope =>
  refuse('STATION_UNREACHABLE', `The station is unreachable (${reason}); ${method} needs it.`, {
    method,
    reason,
  });

/** Methods the till host answers itself (all or part of the time); every other one goes to the station. */
const LOCAL = new Set([
  'auth.login',
  'auth.logout',
  'sales.checkout',
  'products.scan',
  'products.search',
  'sales.quote',
  'sales.get',
  'sales.receipt',
  'devices.get',
  'devices.configure',
  'devices.status',
  'devices.listPorts',
  'devices.printQueue',
  'devices.retryQueue',
  'devices.testPrint',
  'devices.openDrawer',
  'devices.printReceipt',
  'devices.readScale',
  'devices.display',
  'devices.scans',
]);

/** Reads the station answers only while it has them; the last one is what the till shows offline. */
const CACHED_READS = new Set(['system.info', 'auth.users', 'auth.me', 'cash.current', 'settings.get']);
const TOKEN_SCOPED = new Set(['auth.me', 'cash.current']);

function asEnvelope(answer: Exclude<StationAnswer, { kind: 'unreachable' }>): Envelope {
  if (answer.kind === 'error') return { ok: false, error: answer.error };
  return answer.role ? { ok: true, result: answer.result, role: answer.role } : ok(answer.result);
}

function localError(err: unknown): Envelope {
  if (err instanceof AppError)
    return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
  throw err;
}

/**
 * The till host (issue 11): the till's own process on the till's machine. It serves the till's browser the
 * station's /api contract on loopback and passes calls on to the station; it numbers every receipt from the
 * till's own series and writes each sale to a durable outbox before anything else, sends it at once when the
 * outbox is empty and the station answers fast, and otherwise answers from a sale priced on its catalogue
 * cache with the station's own pricing; a background drainer then sends the queue in order, exactly once
 * (client sale ids), with backoff while the station is down.
 */
export class TillHost {
  readonly tillDb: TillDb;
  readonly catalog: CatalogCache;
  readonly tillId: string;
  readonly stationUrl: string;
  private readonly link: StationLink;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly onlineTimeoutMs: number;
  private readonly replayTimeoutMs: number;
  private online = false;
  private lastContactAt: number | null = null;
  private blocked: string | null = null;
  private closed = false;
  /** The sale a checkout is sending itself; the drainer leaves it alone until that answer is in. */
  private sendingSeq: number | null = null;
  private checkoutChain: Promise<unknown> = Promise.resolve();
  private wakeDrainer: (() => void) | null = null;
  private drainDone: Promise<void> = Promise.resolve();
  private timers = new Set<NodeJS.Timeout>();
  private readonly cachedReads = new Map<string, unknown>();
  private readonly printing: PrintService;
  private readonly devicesDb: Db;
  /** The till's own printer, scale, display and scanner (devices.db holds their configuration). */
  readonly devices: DeviceHub;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly options: TillHostOptions) {
    this.tillDb = new TillDb(join(options.dir, 'till.db'));
    if (options.tillToken) this.tillDb.set('tillToken', options.tillToken);
    if (options.stationUrl) this.tillDb.set('stationUrl', options.stationUrl);
    if (options.stationFingerprint) this.tillDb.set('stationFingerprint', options.stationFingerprint);
    const stationUrl = this.tillDb.get('stationUrl');
    if (!stationUrl) throw new Error('No station address: pair the till (--pair) or give --station.');
    this.stationUrl = stationUrl;
    if (options.tillId) this.tillDb.set('tillId', options.tillId);
    this.tillId = this.tillDb.get('tillId') ?? 'T1';
    this.catalog = new CatalogCache(join(options.dir, 'catalog.db'), this.tillId);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.onlineTimeoutMs = options.onlineTimeoutMs ?? 1500;
    this.replayTimeoutMs = options.replayTimeoutMs ?? 15_000;
    this.link = new StationLink({
      url: stationUrl,
      tillToken: () => this.tillDb.get('tillToken'),
      fingerprint: () => this.tillDb.get('stationFingerprint'),
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    });
    this.devicesDb = openDatabase(join(options.dir, 'devices.db'));
    const deviceStore = new Store(this.devicesDb, { tillId: this.tillId });
    this.devices = new DeviceHub(deviceStore);
    // The receipts this host prints share the hub's persistent reprint queue (devices.retryQueue).
    this.printing = createPrintService({ queue: new SqlitePrintQueue(this.devicesDb), now: this.now });
  }

  /** Starts the drainer and the link watch; never waits for the station. */
  start(): void {
    this.devices.start();
    this.drainDone = this.drainLoop();
    this.startProbe();
    const every = this.options.catalogRefreshMs ?? 5 * 60_000;
    const t = setInterval(() => void this.refreshCatalog(), every);
    t.unref();
    this.timers.add(t);
  }

  status(): TillStatus {
    const oldest = this.tillDb.firstQueued();
    return {
      tillId: this.tillId,
      online: this.online,
      queued: this.tillDb.queuedCount(),
      oldestQueuedAt: oldest?.madeAt ?? null,
      blocked: oldest ? this.blocked : null,
      lastContactAt: this.lastContactAt,
      catalogVersion: this.catalog.version(),
      catalogProducts: this.catalog.productCount(),
      nextReceiptNo: this.tillDb.nextReceiptNo(),
    };
  }

  async call(method: string, rawInput: unknown, token: string | null): Promise<Envelope> {
    if (method === 'till.status') return ok(this.status());
    // The Z counts what the station has: closing with sales still queued would leave them without a session.
    if (method === 'cash.close' && this.tillDb.queuedCount() > 0) {
      const count = this.tillDb.queuedCount();
      return refuse(
        'SALES_NOT_SENT',
        `${count} ${count === 1 ? 'sale' : 'sales'} of till ${this.tillId} not at the station yet: the close (Z) waits until they are sent.`,
        { count },
      );
    }
    if (!LOCAL.has(method)) return this.forward(method, rawInput, token);
    // What the till answers itself is checked as the station checks it: the same schema, the same role.
    const spec = contract[method as MethodName];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
      return refuse(
        'VALIDATION',
        `Invalid input for ${method}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { issues },
      );
    }
    const input = parsed.data as Record<string, unknown>;
    switch (method) {
      case 'auth.login':
        return this.login(rawInput, token);
      case 'auth.logout':
        if (token) this.tillDb.forgetSession(token);
        return this.forward(method, rawInput, token);
      case 'sales.checkout':
        return this.checkout(input as unknown as CheckoutInput & { approval?: unknown }, token);
      case 'products.scan':
      case 'products.search':
      case 'sales.quote':
        return this.readOrLocal(method, input, token);
      case 'sales.get':
      case 'sales.receipt':
        return this.saleCall(method, input as { saleId?: number; id?: number }, token);
    }
    return this.deviceCall(method, input, token, spec.role);
  }

  /**
   * The till's devices: configured on this till (its own hub), or, for one it does not have, the station's
   * as before. Configuring and reading the status are always the till's.
   */
  private async deviceCall(
    method: string,
    input: Record<string, unknown>,
    token: string | null,
    role: string,
  ) {
    const config = this.devices.config();
    const local =
      method === 'devices.get' ||
      method === 'devices.configure' ||
      method === 'devices.status' ||
      method === 'devices.listPorts' ||
      method === 'devices.printQueue' ||
      method === 'devices.retryQueue' ||
      ((method === 'devices.printReceipt' ||
        method === 'devices.testPrint' ||
        method === 'devices.openDrawer') &&
        config.printer !== null) ||
      (method === 'devices.readScale' && config.scale !== null) ||
      (method === 'devices.display' && (config.display ?? null) !== null) ||
      (method === 'devices.scans' && (config.scanner ?? null) !== null);
    if (!local) {
      if (method === 'devices.printReceipt')
        return this.saleCall(method, input as { saleId?: number }, token);
      return this.forward(method, input, token);
    }
    const user = this.localUser(token);
    if (!user) return refuse('UNAUTHENTICATED', 'Log in first: this session is unknown on this till.');
    if (ROLE_RANK[user.role] < ROLE_RANK[role as keyof typeof ROLE_RANK])
      return refuse('FORBIDDEN', `${method} is for ${role}s; ${user.name} is a ${user.role}.`, { method });
    try {
      switch (method) {
        case 'devices.get':
          return ok(this.devices.config());
        case 'devices.configure':
          return ok(await this.devices.configure(input as never));
        case 'devices.status':
          return ok(this.devices.status());
        case 'devices.listPorts':
          return ok(await this.devices.listPorts());
        case 'devices.printQueue':
          return ok(this.devices.printQueue());
        case 'devices.retryQueue':
          return ok(await this.devices.retryQueue());
        case 'devices.testPrint':
          return ok(await this.devices.testPrint());
        case 'devices.openDrawer':
          await this.devices.openDrawer();
          return ok({ ok: true });
        case 'devices.readScale':
          return ok(await this.devices.readScale((input.timeoutMs as number | undefined) ?? 3000));
        case 'devices.display':
          return ok(await this.devices.showOnDisplay(input as never));
        case 'devices.scans':
          return ok(
            await this.devices.pollScans(input.after as number, (input.waitMs as number | undefined) ?? 0),
          );
        case 'devices.printReceipt': {
          const row = this.tillDb.bySaleId(input.saleId as number);
          if (!row) return this.forward(method, input, token);
          return await this.print(row.sale, input as { copy?: boolean; openDrawer?: boolean }, token);
        }
      }
    } catch (err) {
      return localError(err);
    }
    return this.forward(method, input, token);
  }

  private noteContact(online: boolean): void {
    if (this.closed) return;
    if (online) {
      const wasOffline = !this.online;
      this.online = true;
      this.lastContactAt = this.now();
      if (wasOffline) {
        this.log('station reachable');
        this.wakeDrainer?.();
        void this.refreshCatalog();
      }
    } else if (this.online) {
      this.online = false;
      this.log('station unreachable');
      this.startProbe();
    }
  }

  private async send(
    method: string,
    input: unknown,
    token: string | null,
    timeoutMs: number,
  ): Promise<StationAnswer> {
    const answer = await this.link.call(method, input, token, timeoutMs);
    this.noteContact(answer.kind !== 'unreachable');
    return answer;
  }

  private async forward(method: string, input: unknown, token: string | null): Promise<Envelope> {
    const answer = await this.send(method, input, token, this.replayTimeoutMs);
    const key = TOKEN_SCOPED.has(method) ? `${method}:${token ?? ''}` : method;
    if (answer.kind === 'unreachable') {
      if (CACHED_READS.has(method) && this.cachedReads.has(key)) return ok(this.cachedReads.get(key));
      return unreachable(method, answer.reason);
    }
    if (answer.kind === 'ok' && CACHED_READS.has(method)) this.cachedReads.set(key, answer.result);
    if (answer.kind === 'error' && answer.error.code === 'UNAUTHENTICATED' && token)
      this.tillDb.forgetSession(token);
    return asEnvelope(answer);
  }

  private async login(input: unknown, token: string | null): Promise<Envelope> {
    const answer = await this.send('auth.login', input, token, this.replayTimeoutMs);
    if (answer.kind === 'unreachable')
      return refuse(
        'STATION_UNREACHABLE',
        `The station is unreachable (${answer.reason}): logging in needs it, since PINs are checked there. A cashier already logged in keeps selling.`,
        { method: 'auth.login', reason: answer.reason },
      );
    if (answer.kind === 'ok') {
      const r = answer.result as { token: string; user: SessionUser };
      this.tillDb.rememberSession(r.token, r.user, this.now());
      this.blocked = null;
      this.wakeDrainer?.();
      void this.refreshCatalog();
    }
    return asEnvelope(answer);
  }

  /** A cashier this till has seen log in (kept across restarts of the till host). */
  private localUser(token: string | null): SessionUser | null {
    return token ? this.tillDb.session(token) : null;
  }

  private answerLocally(method: string, input: unknown, token: string | null): Envelope {
    if (!this.localUser(token))
      return refuse(
        'UNAUTHENTICATED',
        'Log in first: the station is unreachable and this session is unknown here.',
      );
    const store = this.catalog.store;
    try {
      switch (method) {
        case 'products.scan': {
          const scan = lookupBarcode(store, (input as { code: string }).code);
          return ok({ ...scan, needsApproval: scanNeedsApproval(store, scan) });
        }
        case 'products.search': {
          const i = input as { query: string; limit?: number };
          return ok(searchProducts(store, i.query, i.limit));
        }
        case 'sales.quote':
          return ok(quoteSale(store, input as CheckoutInput));
      }
    } catch (err) {
      return localError(err);
    }
    return unreachable(method, 'offline');
  }

  private async readOrLocal(method: string, input: unknown, token: string | null): Promise<Envelope> {
    if (this.online) {
      const answer = await this.send(method, input, token, this.onlineTimeoutMs);
      if (answer.kind !== 'unreachable') return asEnvelope(answer);
    }
    return this.answerLocally(method, input, token);
  }

  /** One checkout at a time per till: the receipt number, the outbox and the online attempt stay in order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.checkoutChain.then(fn, fn);
    this.checkoutChain = run.catch(() => undefined);
    return run;
  }

  private checkout(input: CheckoutInput & { approval?: unknown }, token: string | null): Promise<Envelope> {
    return this.serial(async () => {
      const user = this.localUser(token);
      const store = this.catalog.store;
      if (!user) return this.forward('sales.checkout', input, token);
      let approvalOnly = input.approval !== undefined;
      try {
        approvalOnly ||= needsStation(store, input);
      } catch (err) {
        return localError(err);
      }
      if (approvalOnly) return this.checkoutNeedingStation(input, token);
      let row: OutboxRow;
      try {
        row = this.tillDb.append((receiptNo, seq) => {
          const local = priceLocalSale(store, input, {
            tillId: this.tillId,
            receiptNo,
            localId: LOCAL_SALE_ID_BASE + seq,
            cashierId: user.id,
            at: this.now(),
          });
          return {
            clientId: input.clientId,
            madeAt: local.sale.at,
            cashierId: user.id,
            request: local.request as unknown as Record<string, unknown>,
            sale: local.sale,
          };
        });
      } catch (err) {
        if (err instanceof Error && /UNIQUE constraint failed: outbox.client_id/.test(err.message)) {
          const known = this.tillDb.byClientId(input.clientId);
          if (known) return ok({ ...known.sale, replayed: true });
        }
        return localError(err);
      }
      const alone = this.tillDb.firstQueued()?.seq === row.seq;
      if (!alone || !this.online) {
        this.wakeDrainer?.();
        return ok(row.sale);
      }
      this.sendingSeq = row.seq;
      const { offline: _offline, ...online } = row.request as { offline?: unknown };
      const answer = await this.send('sales.checkout', online, token, this.onlineTimeoutMs);
      this.sendingSeq = null;
      if (answer.kind === 'ok') {
        const sale = answer.result as Sale;
        this.tillDb.markSent(row.seq, sale, this.now());
        return ok(sale);
      }
      if (answer.kind === 'error') {
        // Refused in its transaction: the sale did not happen, its number goes to the next one.
        this.tillDb.dropLast(row.seq);
        if (answer.error.code === 'UNAUTHENTICATED' && token) this.tillDb.forgetSession(token);
        const expected = answer.error.details.expected;
        if (answer.error.code === 'RECEIPT_OUT_OF_SEQUENCE' && typeof expected === 'number')
          this.tillDb.raiseReceiptFloor(expected);
        return { ok: false, error: answer.error };
      }
      this.wakeDrainer?.();
      return ok(row.sale);
    });
  }

  /**
   * A discount, price override or cheap label needs a manager's PIN, which only the station checks: such a
   * sale is made online only, numbered by the station (the till's series follows it).
   */
  private async checkoutNeedingStation(input: CheckoutInput, token: string | null): Promise<Envelope> {
    if (!this.online || this.tillDb.queuedCount() > 0)
      return refuse(
        'STATION_UNREACHABLE',
        "A manager's approval is checked by the station, which is unreachable or still receiving this till's offline sales.",
        { method: 'sales.checkout' },
      );
    const answer = await this.send('sales.checkout', input, token, this.replayTimeoutMs);
    if (answer.kind === 'unreachable') return unreachable('sales.checkout', answer.reason);
    if (answer.kind === 'ok') {
      const sale = answer.result as Sale;
      this.tillDb.raiseReceiptFloor(sale.receiptNo);
      const { approval: _approval, ...kept } = input as CheckoutInput & { approval?: unknown };
      this.tillDb.append(() => ({
        clientId: sale.clientId,
        madeAt: sale.at,
        cashierId: sale.cashierId,
        request: { ...kept, receiptNo: sale.receiptNo },
        sale,
      }));
      const row = this.tillDb.byClientId(sale.clientId);
      if (row) this.tillDb.markSent(row.seq, sale, this.now());
    }
    return asEnvelope(answer);
  }

  private async saleCall(method: string, input: { saleId?: number; id?: number }, token: string | null) {
    const id = method === 'sales.get' ? input.id : input.saleId;
    const row = typeof id === 'number' ? this.tillDb.bySaleId(id) : null;
    if (!row) return this.forward(method, input, token);
    if (row.stationSaleId !== null) {
      // The screen may still hold the till's id of a sale the station has recorded since.
      const key = method === 'sales.get' ? 'id' : 'saleId';
      return this.forward(method, { ...input, [key]: row.stationSaleId }, token);
    }
    // A sale only this till knows so far: its receipt is the till's.
    const sale = row.sale;
    if (method === 'sales.get') return ok(sale);
    if (method === 'sales.receipt') {
      const i = input as { language?: Language; columns?: 32 | 42 | 48 };
      const doc = this.receiptDoc(sale, token, i.language, true);
      return ok({ text: renderReceiptText(doc, { columns: i.columns ?? 42 }), html: renderReceiptHtml(doc) });
    }
    // devices.printReceipt of a sale the station does not have yet, on a till without its own printer.
    return unreachable(method, 'this till has no printer of its own');
  }

  private receiptDoc(sale: Sale, token: string | null, language?: Language, copy = false) {
    const user = this.localUser(token);
    const lang = language ?? (user?.language as Language | undefined) ?? 'fr';
    return receiptFromSale(sale, getSettings(this.catalog.store).shop, user?.name ?? '', lang, copy);
  }

  private async print(sale: Sale, i: { copy?: boolean; openDrawer?: boolean }, token: string | null) {
    const printer = this.devices.config().printer;
    if (!printer) return refuse('NO_PRINTER', 'No receipt printer is configured for this till.');
    const doc = this.receiptDoc(sale, token, undefined, i.copy === true);
    try {
      const outcome = await this.printing.printReceipt(doc, printer, { openDrawer: i.openDrawer === true });
      return ok({ printer: outcome.printer, bytes: outcome.bytes });
    } catch (err) {
      const failure = toPrinterError(printer.name, err);
      return refuse(
        failure.code,
        `${failure.message}. The sale is kept; the receipt waits in the reprint queue.`,
        {
          printer: printer.name,
        },
      );
    }
  }

  /** The session the drainer replays with: the newest one the station has not refused. */
  private replayToken(): string | null {
    return this.tillDb.recentSessions()[0]?.token ?? null;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.wakeDrainer = null;
        resolve();
      }, ms);
      this.timers.add(t);
      this.wakeDrainer = () => {
        clearTimeout(t);
        this.timers.delete(t);
        this.wakeDrainer = null;
        resolve();
      };
    });
  }

  private async drainLoop(): Promise<void> {
    let backoff = 250;
    while (!this.closed) {
      const row = this.tillDb.firstQueued();
      if (!row || row.seq === this.sendingSeq) {
        await this.wait(row ? 100 : 10_000);
        continue;
      }
      const token = this.replayToken();
      if (!token) {
        this.blocked = 'A cashier must log in on this till for its queued sales to be sent.';
        await this.wait(10_000);
        continue;
      }
      const answer = await this.send('sales.checkout', row.request, token, this.replayTimeoutMs);
      if (this.closed) return;
      if (answer.kind === 'ok') {
        this.tillDb.markSent(row.seq, answer.result as Sale, this.now());
        if (this.options.traceReplay) this.log(`replayed ${row.receiptNo}`);
        this.blocked = null;
        backoff = 250;
        continue;
      }
      if (answer.kind === 'error' && answer.error.code === 'UNAUTHENTICATED') {
        this.tillDb.forgetSession(token);
        continue;
      }
      const why = answer.kind === 'error' ? `${answer.error.code}: ${answer.error.message}` : answer.reason;
      this.tillDb.markAttempt(row.seq, why);
      if (answer.kind === 'error') {
        this.blocked = why;
        this.log(`receipt ${row.receiptNo} refused: ${why}`);
      }
      await this.wait(backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  private probing: Promise<void> | null = null;
  private readonly sleepers = new Set<() => void>();

  /** A pause that close() cuts short, so nothing waits on a timer of a closed host. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private startProbe(): void {
    if (this.probing || this.closed) return;
    this.probing = this.probe().finally(() => {
      this.probing = null;
    });
  }

  /** While the station is unreachable, asks it how it is, 250 ms doubling to 2 s. */
  private async probe(): Promise<void> {
    let delay = 250;
    while (!this.closed && !this.online) {
      const answer = await this.link.call('system.info', {}, null, this.onlineTimeoutMs);
      if (answer.kind === 'ok') this.cachedReads.set('system.info', answer.result);
      if (answer.kind !== 'unreachable') {
        this.noteContact(true);
        return;
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  /** Refreshes the catalogue cache and the till's receipt series from the station (when it can). */
  refreshCatalog(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.closed) return Promise.resolve();
    const token = this.replayToken();
    if (!token) return Promise.resolve();
    this.refreshing = (async () => {
      try {
        let nextReceiptNo: number | null = null;
        await this.catalog.refresh(async (afterId, limit) => {
          const answer = await this.send('catalog.snapshot', { afterId, limit }, token, this.replayTimeoutMs);
          if (answer.kind !== 'ok')
            throw new Error(answer.kind === 'error' ? answer.error.message : answer.reason);
          const rows = answer.result as CatalogRows;
          nextReceiptNo = rows.till.nextReceiptNo;
          return rows;
        });
        // Only when nothing is queued: queued sales are numbers the station has not seen yet.
        if (nextReceiptNo !== null && this.tillDb.queuedCount() === 0)
          this.tillDb.raiseReceiptFloor(nextReceiptNo);
      } catch (err) {
        this.log(`catalogue refresh failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeDrainer?.();
    for (const t of this.timers) clearTimeout(t);
    for (const wake of [...this.sleepers]) wake();
    await this.drainDone;
    await this.probing;
    await this.refreshing;
    await this.devices.close();
    this.link.close();
    this.tillDb.close();
    this.catalog.close();
    this.devicesDb.close();
  }
}
