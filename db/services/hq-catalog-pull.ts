/**
 * The chain catalogue coming down from HQ (hq/catalog.ts): the station asks for the changes after the
 * version it holds, a small page at a time, and applies each page through the shop's own services
 * (createCooperative / updateCooperative / createProduct / updateProduct), so journal entries, the search
 * index and the product rules are the same as for a manager's edit. In the background, never holding a
 * till: one short transaction per page, the HTTP wait outside it, backoff while HQ is down.
 *
 * Conflict rule (DEVELOPERS.md "The chain"): HQ wins for the fields it owns (names, unit, VAT code, quality
 * labels, cooperative, consignment terms, prices and thresholds, barcodes added, active; a cooperative's
 * names, region, bank, commission). A shop HQ allows local prices keeps a price it set itself (one that
 * differs from the price HQ last sent, kept in hq_catalog_prices) until HQ clears the allowance, when HQ's
 * prices come back. Products and cooperatives HQ does not name are the shop's own ('local') and are never
 * touched. Nothing sold is rewritten: sale lines keep their frozen names, prices and payouts.
 * Linking: a product by its SKU, a cooperative by its chain code (hq_code, else the code its registration
 * number / ICE / name gives, core/cooperative-code.ts), so a shop's existing rows become HQ's.
 */
import { AppError, knownErrorCode } from '../../core/errors';
import { cooperativeCode, cooperativeIdentities, sameCooperative } from '../../core/cooperative-code';
import {
  HQ_CATALOG_CHANGES_PATH,
  type CatalogChanges,
  type CatalogCoop,
  type CatalogProduct,
} from '../../core/hq-catalog-wire';
import { appendJournal } from '../journal';
import type { HqCatalogStatus } from '../../core/hq-catalog-status';
import type { Store } from '../store';
import { createCooperative, getCooperative, listCooperatives, updateCooperative } from './cooperatives';
import { HQ_CATALOG_ACTOR } from './hq-allowance';
import { hqRequest, type HqPushConfig } from './hq-link';
import { RetryLoop } from './retry-loop';
import { createProduct, getProduct, updateProduct, type ProductInput } from './products';

// Who HQ's changes are journaled as; the product services let it write what HQ owns (hq-allowance.ts).
export { HQ_CATALOG_ACTOR };

export interface HqCatalogOptions extends HqPushConfig {
  /** Rows per page, each page one transaction on the shop's file. */
  pageSize?: number;
  /** How often to ask when up to date. */
  pollMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
}

const DEFAULTS = {
  pageSize: 50,
  pollMs: 30_000,
  minBackoffMs: 500,
  maxBackoffMs: 60_000,
  requestTimeoutMs: 30_000,
};

// The one HTTP path to HQ (TLS pinned, plain HTTP on loopback only) is hq-link.ts; kept importable from here.
export { hqRequest };

interface StateRow {
  version: number;
  local_products: number;
  local_prices: number;
  pulled_at: number | null;
  last_attempt_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
}

// The shape is core's (core/hq-catalog-status.ts), re-exported for the callers that import it from here.
export type { HqCatalogStatus };

export function hqCatalogStatus(store: Store): HqCatalogStatus {
  const s = store.get<StateRow>('SELECT * FROM hq_catalog_state WHERE id = 1')!;
  return {
    version: s.version,
    allowance: { localProducts: s.local_products === 1, localPrices: s.local_prices === 1 },
    pulledAt: s.pulled_at,
    lastAttemptAt: s.last_attempt_at,
    lastError:
      s.last_error_code === null
        ? null
        : { code: knownErrorCode(s.last_error_code) ?? 'HQ_UNREACHABLE', message: s.last_error ?? '' },
  };
}

/**
 * The shop's cooperative for a chain cooperative: the one linked to its code, else an unlinked one the code
 * names (one of its identities, core/cooperative-code.ts) or that is the same cooperative by its strongest
 * common identity (registration number, ICE, name), which is then linked.
 */
function linkedCoop(store: Store, code: string, hq?: CatalogCoop): number | null {
  const linked = store.get<{ id: number }>('SELECT id FROM cooperatives WHERE hq_code = ?', code);
  if (linked) return linked.id;
  const unlinked = store.all<{ id: number }>('SELECT id FROM cooperatives WHERE hq_code IS NULL');
  const ids = new Set(unlinked.map((r) => r.id));
  const candidates = listCooperatives(store).filter((c) => ids.has(c.id));
  return (
    candidates.find((c) => cooperativeCode(c) === code)?.id ??
    candidates.find((c) => cooperativeIdentities(c).includes(code))?.id ??
    (hq ? candidates.find((c) => sameCooperative(c, hq))?.id : undefined) ??
    null
  );
}

function applyCoop(store: Store, c: CatalogCoop): number {
  const input = {
    nameFr: c.nameFr,
    nameAr: c.nameAr,
    registrationNo: c.registrationNo,
    ice: c.ice,
    region: c.region,
    womens: c.womens,
    contactName: c.contactName,
    phone: c.phone,
    email: c.email,
    bankName: c.bankName,
    bankAccount: c.bankAccount,
    commissionBp: c.commissionBp,
    active: c.active,
  };
  const id = linkedCoop(store, c.code, c);
  if (id === null) return createCooperative(store, HQ_CATALOG_ACTOR, input, { hqCode: c.code }).id;
  // A page names every cooperative its products need: one unchanged is not written (nor journaled) again.
  const current = getCooperative(store, id);
  const same = (Object.keys(input) as (keyof typeof input)[]).every((k) => current[k] === input[k]);
  if (!same) updateCooperative(store, HQ_CATALOG_ACTOR, { id, ...input });
  const link = store.get<{ hq_code: string | null }>('SELECT hq_code FROM cooperatives WHERE id = ?', id);
  if (link?.hq_code !== c.code) {
    store.run("UPDATE cooperatives SET origin = 'hq', hq_code = ? WHERE id = ?", c.code, id);
    // HQ learns from the journal that this shop's cooperative is the chain's (hq/projections.ts).
    appendJournal(store, {
      userId: HQ_CATALOG_ACTOR.userId,
      kind: 'coop.link',
      ref: `coop:${id}`,
      payload: { id, code: c.code },
    });
  }
  return id;
}

interface HqPrices {
  retail_price: number;
  semi_price: number;
  wholesale_price: number;
  semi_min_qty: number | null;
  wholesale_min_qty: number | null;
}

type Pricing = Pick<
  ProductInput,
  'retailPrice' | 'semiPrice' | 'wholesalePrice' | 'semiMinQty' | 'wholesaleMinQty'
>;

const pricingOf = (p: Pricing): Pricing => ({
  retailPrice: p.retailPrice,
  semiPrice: p.semiPrice,
  wholesalePrice: p.wholesalePrice,
  semiMinQty: p.semiMinQty,
  wholesaleMinQty: p.wholesaleMinQty,
});

const samePricing = (a: Pricing, b: HqPrices) =>
  a.retailPrice === b.retail_price &&
  a.semiPrice === b.semi_price &&
  a.wholesalePrice === b.wholesale_price &&
  a.semiMinQty === b.semi_min_qty &&
  a.wholesaleMinQty === b.wholesale_min_qty;

function rememberHqPrices(store: Store, productId: number, p: Pricing): void {
  store.run(
    `INSERT INTO hq_catalog_prices (product_id, retail_price, semi_price, wholesale_price, semi_min_qty, wholesale_min_qty)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (product_id) DO UPDATE SET retail_price = excluded.retail_price, semi_price = excluded.semi_price,
       wholesale_price = excluded.wholesale_price, semi_min_qty = excluded.semi_min_qty,
       wholesale_min_qty = excluded.wholesale_min_qty`,
    productId,
    p.retailPrice,
    p.semiPrice,
    p.wholesalePrice,
    p.semiMinQty,
    p.wholesaleMinQty,
  );
}

/** The shop set this product's prices itself since HQ last did. */
function hasLocalPrice(store: Store, productId: number): boolean {
  const hq = store.get<HqPrices>('SELECT * FROM hq_catalog_prices WHERE product_id = ?', productId);
  return hq !== undefined && !samePricing(getProduct(store, productId), hq);
}

function applyProduct(store: Store, p: CatalogProduct, coopId: number, localPrices: boolean): void {
  const existing = store.get<{ id: number }>('SELECT id FROM products WHERE sku = ?', p.sku);
  const fromHq: ProductInput = {
    sku: p.sku,
    nameFr: p.nameFr,
    nameAr: p.nameAr,
    cooperativeId: coopId,
    unit: p.unit,
    vatCode: p.vatCode,
    ...pricingOf(p),
    qualityLabels: p.qualityLabels,
    scaleRef: p.scaleRef,
    terms: p.terms,
    barcodes: p.barcodes,
    active: p.active,
  };
  let id: number;
  if (existing) {
    const current = getProduct(store, existing.id);
    const keepPrices = localPrices && hasLocalPrice(store, existing.id);
    updateProduct(store, HQ_CATALOG_ACTOR, existing.id, {
      ...fromHq,
      // The shop's own: its low-stock alert, and its price while HQ allows one.
      lowStockAlert: current.lowStockAlert,
      ...(keepPrices ? pricingOf(current) : {}),
    });
    id = existing.id;
  } else {
    id = createProduct(store, HQ_CATALOG_ACTOR, fromHq).id;
  }
  store.run("UPDATE products SET origin = 'hq' WHERE id = ?", id);
  rememberHqPrices(store, id, p);
}

/** HQ withdrew local prices: every HQ product the shop priced itself gets HQ's prices back. */
function restoreHqPrices(store: Store): number {
  const rows = store.all<HqPrices & { product_id: number }>(
    "SELECT h.* FROM hq_catalog_prices h JOIN products p ON p.id = h.product_id WHERE p.origin = 'hq'",
  );
  let restored = 0;
  for (const hq of rows) {
    if (samePricing(getProduct(store, hq.product_id), hq)) continue;
    updateProduct(store, HQ_CATALOG_ACTOR, hq.product_id, {
      retailPrice: hq.retail_price,
      semiPrice: hq.semi_price,
      wholesalePrice: hq.wholesale_price,
      semiMinQty: hq.semi_min_qty,
      wholesaleMinQty: hq.wholesale_min_qty,
    });
    restored++;
  }
  return restored;
}

export interface AppliedPage {
  coops: number;
  products: number;
  /** Rows the shop's rules refused (e.g. a barcode another local product holds), logged and journaled. */
  skipped: { key: string; code: string; message: string }[];
  version: number;
}

/**
 * One page in one transaction: the allowance, cooperatives, then products, then the new version. A row the
 * shop's own rules refuse is skipped (and journaled) rather than holding every later change back.
 */
export function applyCatalogPage(store: Store, page: CatalogChanges): AppliedPage {
  return store.tx(() => {
    const state = store.get<StateRow>('SELECT * FROM hq_catalog_state WHERE id = 1')!;
    const hasRows = page.coops.length > 0 || page.products.length > 0;
    // Pages are applied in order; an answer to a request made before this one moved on is stale, and a page
    // already applied (its answer lost, asked again) is not applied twice.
    if (page.version < state.version || (hasRows && page.version === state.version)) {
      return { coops: 0, products: 0, skipped: [], version: state.version };
    }
    // A poll that brings nothing new (no rows, no allowance or the one already held) is not journaled: while
    // HQ's catalogue is empty every pull from version 0 carries the allowance, one entry per 30 s poll.
    const sameAllowance =
      page.allowance !== null &&
      state.pulled_at !== null &&
      (state.local_products === 1) === page.allowance.localProducts &&
      (state.local_prices === 1) === page.allowance.localPrices;
    if (!hasRows && (!page.allowance || sameAllowance)) {
      store.run(
        'UPDATE hq_catalog_state SET version = ?, pulled_at = ?, last_attempt_at = ?, last_error_code = NULL, last_error = NULL WHERE id = 1',
        page.version,
        store.now(),
        store.now(),
      );
      return { coops: 0, products: 0, skipped: [], version: page.version };
    }
    const skipped: AppliedPage['skipped'] = [];
    const attempt = (key: string, fn: () => void) => {
      try {
        store.tx(fn);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        skipped.push({ key, code: err.code, message: err.message });
      }
    };
    let localPrices = state.local_prices === 1;
    if (page.allowance) {
      const wasLocal = localPrices;
      localPrices = page.allowance.localPrices;
      store.run(
        'UPDATE hq_catalog_state SET local_products = ?, local_prices = ? WHERE id = 1',
        page.allowance.localProducts ? 1 : 0,
        localPrices ? 1 : 0,
      );
      if (wasLocal && !localPrices) restoreHqPrices(store);
    }
    const coopIds = new Map<string, number>();
    for (const c of page.coops) attempt(`coop:${c.code}`, () => coopIds.set(c.code, applyCoop(store, c)));
    let products = 0;
    for (const p of page.products) {
      const coopId = coopIds.get(p.coopCode) ?? linkedCoop(store, p.coopCode);
      if (coopId === null) {
        skipped.push({ key: `product:${p.sku}`, code: 'NOT_FOUND', message: `no cooperative ${p.coopCode}` });
        continue;
      }
      attempt(`product:${p.sku}`, () => {
        applyProduct(store, p, coopId, localPrices);
        products++;
      });
    }
    appendJournal(store, {
      userId: null,
      kind: 'catalog.pull',
      ref: `catalog:${page.version}`,
      payload: { from: state.version, version: page.version, skipped },
    });
    store.run(
      'UPDATE hq_catalog_state SET version = ?, pulled_at = ?, last_attempt_at = ?, last_error_code = NULL, last_error = NULL WHERE id = 1',
      page.version,
      store.now(),
      store.now(),
    );
    for (const s of skipped) console.warn(`[hq-catalog] ${s.key} not applied: ${s.code} ${s.message}`);
    return { coops: coopIds.size, products, skipped, version: page.version };
  });
}

export class HqCatalogPuller {
  private readonly o: HqPushConfig & Required<Omit<HqCatalogOptions, keyof HqPushConfig>>;
  private readonly loop: RetryLoop;

  constructor(
    private readonly store: Store,
    options: HqCatalogOptions,
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.loop = new RetryLoop({
      name: 'hq-catalog',
      minBackoffMs: this.o.minBackoffMs,
      maxBackoffMs: this.o.maxBackoffMs,
      step: async () => {
        await this.pullAll();
        return this.o.pollMs;
      },
      onError: (err) => {
        if (!(err instanceof AppError)) console.error('[hq-catalog] pull failed:', err);
      },
    });
  }

  /** The link to HQ (its pinned transport included), which transfers use too. */
  get config(): HqPushConfig {
    const { url, shopId, key, fingerprint, transport } = this.o;
    return { url, shopId, key, fingerprint: fingerprint ?? null, transport: transport ?? null };
  }

  start(): void {
    this.loop.start();
  }

  /** Asks HQ now rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  status(): HqCatalogStatus {
    return hqCatalogStatus(this.store);
  }

  /** Pages until up to date; throws what HQ (or the link) answered, after recording it. */
  async pullAll(): Promise<AppliedPage[]> {
    const pages: AppliedPage[] = [];
    for (;;) {
      const since = hqCatalogStatus(this.store).version;
      let page: CatalogChanges;
      try {
        page = await hqRequest<CatalogChanges>(
          this.config,
          `${HQ_CATALOG_CHANGES_PATH}?since=${since}&limit=${this.o.pageSize}`,
          { timeoutMs: this.o.requestTimeoutMs, cancel: this.loop.signal },
        );
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('HQ_UNREACHABLE', String(err));
        this.store.run(
          'UPDATE hq_catalog_state SET last_attempt_at = ?, last_error_code = ?, last_error = ? WHERE id = 1',
          this.store.now(),
          e.code,
          e.message,
        );
        throw e;
      }
      if (this.loop.signal.aborted) return pages;
      pages.push(applyCatalogPage(this.store, page));
      if (!page.more) return pages;
      // Between pages the event loop gets a turn: a till's call waits at most one page.
      await new Promise((r) => setImmediate(r));
    }
  }
}

/** Starts pulling when configured (station, Electron main); null for a shop without HQ. */
export function startHqCatalogPull(
  store: Store,
  options: HqCatalogOptions | null | undefined,
): HqCatalogPuller | null {
  if (!options) return null;
  const puller = new HqCatalogPuller(store, options);
  puller.start();
  return puller;
}

/**
 * The shop's catalogue as HQ imports it to seed the chain's (POST /hq/v1/catalog/import): every cooperative
 * under its chain code, every active product under its SKU.
 */
export function catalogueForHq(store: Store): { coops: CatalogCoop[]; products: CatalogProduct[] } {
  const coops = listCooperatives(store);
  const codes = new Map<number, string>();
  for (const c of coops) {
    const linked = store.get<{ hq_code: string | null }>(
      'SELECT hq_code FROM cooperatives WHERE id = ?',
      c.id,
    );
    codes.set(c.id, linked?.hq_code ?? cooperativeCode(c));
  }
  const ids = store.all<{ id: number }>('SELECT id FROM products WHERE active = 1 ORDER BY id');
  return {
    coops: coops.map((c) => ({
      code: codes.get(c.id)!,
      nameFr: c.nameFr,
      nameAr: c.nameAr,
      registrationNo: c.registrationNo,
      ice: c.ice,
      region: c.region,
      womens: c.womens,
      contactName: c.contactName,
      phone: c.phone,
      email: c.email,
      bankName: c.bankName,
      bankAccount: c.bankAccount,
      commissionBp: c.commissionBp,
      active: c.active,
    })),
    products: ids.map(({ id }) => {
      const p = getProduct(store, id);
      return {
        sku: p.sku,
        nameFr: p.nameFr,
        nameAr: p.nameAr,
        coopCode: codes.get(p.cooperativeId)!,
        unit: p.unit,
        vatCode: p.vatCode,
        ...pricingOf(p),
        qualityLabels: p.qualityLabels,
        scaleRef: p.scaleRef,
        terms: p.terms,
        barcodes: p.barcodes,
        active: p.active,
      };
    }),
  };
}
