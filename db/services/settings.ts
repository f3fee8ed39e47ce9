import { DEFAULT_NOMENCLATURE, validateNomenclature, type NomenclatureRule } from '../../core/nomenclature';
import { fail } from '../../core/errors';
import {
  DEFAULT_QUANTITY_LIMITS,
  quantityLimitProblems,
  type QuantityLimits,
} from '../../core/quantity-limits';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import type { ShopSettings } from '../../core/shop';
import {
  DEFAULT_INVOICE_SETTINGS,
  MAX_PAYMENT_DAYS,
  normalizeIce,
  type InvoiceSettings,
} from '../../core/invoice';

// The shape is core's (core/shop.ts), re-exported for the services and handlers that import it from here.
export type { ShopSettings };

export interface Settings {
  shop: ShopSettings;
  nomenclature: NomenclatureRule[];
  /**
   * A price-embedded label whose implied unit price is below this share (basis points) of the product's
   * retail price, or whose price is zero, needs a manager: its price can be typed by hand on the scale.
   */
  labelPriceFloorBp: number;
  /** Above these (milli-units per line) the till asks the cashier to confirm the quantity. */
  quantityLimits: QuantityLimits;
  /** Invoicing beside the shop's identifiers (issue 13): legal name, RC court, CNSS, default payment terms. */
  invoicing: InvoiceSettings;
}

const DEFAULTS: Settings = {
  shop: {
    name: 'Souk POS',
    address: '',
    city: '',
    phone: '',
    ice: '',
    if: '',
    rc: '',
    patente: '',
    receiptFooter: '',
  },
  nomenclature: DEFAULT_NOMENCLATURE,
  labelPriceFloorBp: 5000,
  quantityLimits: DEFAULT_QUANTITY_LIMITS,
  invoicing: DEFAULT_INVOICE_SETTINGS,
};

/**
 * Read on every scan (the nomenclature) and every receipt, written rarely: kept per store once read.
 * Only read outside a transaction, so a rolled-back change is never cached; cleared by every write.
 * One process owns a station's database, so no other writer can make it stale.
 */
const cache = new WeakMap<Store, Settings>();

export function getSettings(store: Store): Settings {
  const cached = cache.get(store);
  if (cached) return structuredClone(cached);
  const settings = readSettings(store);
  if (!store.db.inTransaction) cache.set(store, settings);
  return structuredClone(settings);
}

function readSettings(store: Store): Settings {
  const rows = store.all<{ key: string; value: string }>('SELECT key, value FROM settings');
  const out: Settings = structuredClone(DEFAULTS);
  for (const r of rows) {
    if (r.key === 'shop') out.shop = { ...out.shop, ...(JSON.parse(r.value) as Partial<ShopSettings>) };
    if (r.key === 'nomenclature') out.nomenclature = JSON.parse(r.value) as NomenclatureRule[];
    if (r.key === 'labelPriceFloorBp') out.labelPriceFloorBp = JSON.parse(r.value) as number;
    if (r.key === 'quantityLimits')
      out.quantityLimits = { ...out.quantityLimits, ...(JSON.parse(r.value) as Partial<QuantityLimits>) };
    if (r.key === 'invoicing')
      out.invoicing = { ...out.invoicing, ...(JSON.parse(r.value) as Partial<InvoiceSettings>) };
  }
  return out;
}

export function updateSettings(
  store: Store,
  actor: Actor | null,
  patch: {
    shop?: Partial<ShopSettings>;
    nomenclature?: NomenclatureRule[];
    labelPriceFloorBp?: number;
    quantityLimits?: Partial<QuantityLimits>;
    invoicing?: Partial<InvoiceSettings>;
  },
): Settings {
  cache.delete(store);
  return store.tx(() => {
    const current = getSettings(store);
    if (patch.shop) {
      const shop = { ...current.shop, ...patch.shop };
      // Invoices print the shop's ICE: a wrong one is refused here rather than on the first invoice.
      if (shop.ice.trim() !== '') shop.ice = normalizeIce(shop.ice, 'ice');
      store.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        'shop',
        JSON.stringify(shop),
      );
    }
    if (patch.nomenclature) {
      const problems = validateNomenclature(patch.nomenclature);
      if (problems.length > 0)
        fail('VALIDATION', `Invalid barcode nomenclature: ${problems.join('; ')}`, { problems });
      store.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        'nomenclature',
        JSON.stringify(patch.nomenclature),
      );
    }
    if (patch.labelPriceFloorBp !== undefined) {
      const bp = patch.labelPriceFloorBp;
      if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10000)
        fail('VALIDATION', `The label price floor is 0 to 10000 basis points, got ${bp}.`, { bp });
      store.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        'labelPriceFloorBp',
        JSON.stringify(bp),
      );
    }
    if (patch.quantityLimits) {
      const limits = { ...current.quantityLimits, ...patch.quantityLimits };
      const problems = quantityLimitProblems(limits);
      if (problems.length > 0)
        fail('VALIDATION', `Invalid quantity limits: ${problems.join('; ')}`, { problems });
      store.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        'quantityLimits',
        JSON.stringify(limits),
      );
    }
    if (patch.invoicing) {
      const invoicing = { ...current.invoicing, ...patch.invoicing };
      const days = invoicing.paymentDays;
      if (!Number.isSafeInteger(days) || days < 0 || days > MAX_PAYMENT_DAYS)
        fail('VALIDATION', `Payment terms are 0 to ${MAX_PAYMENT_DAYS} days, got ${days}.`, {
          field: 'paymentDays',
        });
      store.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        'invoicing',
        JSON.stringify(invoicing),
      );
    }
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'settings.update',
      ref: 'settings',
      payload: patch,
    });
    return getSettings(store);
  });
}

/**
 * The station's device configuration (printer, scale, pole display, scanner): JSON under the 'devices' key,
 * shaped and checked by devices/ and the API (db/ knows no hardware types). Null until configured.
 * Read on every device call, never cached: it is one primary-key lookup.
 */
export function getDeviceSettings(store: Store): unknown {
  const row = store.get<{ value: string }>("SELECT value FROM settings WHERE key = 'devices'");
  return row ? (JSON.parse(row.value) as unknown) : null;
}

export function saveDeviceSettings(store: Store, config: unknown): void {
  store.run(
    "INSERT INTO settings (key, value) VALUES ('devices', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    JSON.stringify(config),
  );
}

export function ensureTill(store: Store, id: string, name: string): void {
  store.run('INSERT INTO tills (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', id, name);
}

export function listTills(store: Store): { id: string; name: string; nextReceiptNo: number }[] {
  return store
    .all<{ id: string; name: string; next_receipt_no: number }>(
      'SELECT id, name, next_receipt_no FROM tills ORDER BY id',
    )
    .map((t) => ({ id: t.id, name: t.name, nextReceiptNo: t.next_receipt_no }));
}
