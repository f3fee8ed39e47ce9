import { create } from 'zustand';
import type { ApiInput, ApiOutput } from '../../api/contract';
import { priceCartLines, type LineDiscount, type PricedLine } from '../../core/pricing';
import type { ProductSnapshot } from '../../core/product';
import { isValidQuantity } from '../../core/quantity';
import { vatBreakdown, type VatBreakdownRow } from '../../core/vat';
import { call } from '../api/client';
import { newClientId } from './client-id';

/** What the cart keeps of a product to price it live (core's one product shape, narrowed). */
export type { ProductSnapshot };

/** The customer account a cart is sold to: what the till needs of customers.list's row. */
export type CustomerRef = Pick<ApiOutput<'customers.list'>[number], 'id' | 'name' | 'tier'>;

/** A manager's approval as checkout and the approval dialog carry it (the contract's shape). */
export type Approval = NonNullable<ApiInput<'sales.checkout'>['approval']>;

export interface CartLine {
  key: string;
  product: ProductSnapshot;
  /** Milli-units: 1 piece = 1000, 1 kg = 1000 g. */
  quantity: number;
  barcode: string | null;
  /** A price-embedded label: the amount printed on it (the quantity was recovered from it). */
  labelAmount: number | null;
  discount: LineDiscount | null;
  overrideUnitPrice: number | null;
  /** The manager's approval this line needed when it was added (a price label below the floor). */
  approval: Approval | null;
}

export interface Cart {
  clientId: string;
  lines: CartLine[];
  customer: CustomerRef | null;
  /** The manager approval covering the discounts/overrides/removals of this cart; sent with checkout. */
  approval: Approval | null;
  createdAt: number;
}

export interface HeldCart extends Cart {
  heldAt: number;
}

export type Sale = ApiOutput<'sales.checkout'>;
export type PaymentInput = ApiInput<'sales.checkout'>['payments'][number];
export type CheckoutStatus = 'idle' | 'sending' | 'failed';

export interface PricedCartLine extends CartLine {
  priced: PricedLine | null;
  /** Pricing refused the line (e.g. a discount above the amount); checkout is blocked until fixed. */
  problem: string | null;
}

export interface PricedCart {
  lines: PricedCartLine[];
  total: number;
  discountTotal: number;
  vat: VatBreakdownRow[];
  itemCount: number;
  valid: boolean;
}

export function snapshotOf(p: ProductSnapshot): ProductSnapshot {
  return {
    id: p.id,
    sku: p.sku,
    nameFr: p.nameFr,
    nameAr: p.nameAr,
    unit: p.unit,
    vatCode: p.vatCode,
    retailPrice: p.retailPrice,
    semiPrice: p.semiPrice,
    wholesalePrice: p.wholesalePrice,
    semiMinQty: p.semiMinQty,
    wholesaleMinQty: p.wholesaleMinQty,
    cooperativeId: p.cooperativeId,
    cooperativeName: p.cooperativeName,
    ...(p.cooperativeNameAr ? { cooperativeNameAr: p.cooperativeNameAr } : {}),
  };
}

/**
 * Prices the cart with the same core/pricing path as the server (priceCartLines), so the tier badge and totals
 * change as the cashier types; the server recomputes everything at checkout anyway (sales.quote gives its total).
 */
export function priceCart(cart: Cart): PricedCart {
  const tier = cart.customer?.tier ?? null;
  const results = priceCartLines(
    cart.lines.map((l) => ({
      productId: l.product.id,
      pricing: l.product,
      quantity: l.quantity,
      labelAmount: l.labelAmount,
      overrideUnitPrice: l.overrideUnitPrice,
      discount: l.discount,
    })),
    tier,
  );
  const lines = cart.lines.map((line, i): PricedCartLine => {
    const r = results[i];
    return r?.priced
      ? { ...line, priced: r.priced, problem: null }
      : { ...line, priced: null, problem: r?.error.message ?? 'not priced' };
  });
  const ok = lines.filter((l) => l.priced !== null);
  const total = ok.reduce((s, l) => s + (l.priced?.amount ?? 0), 0);
  const discountTotal = ok.reduce((s, l) => s + (l.priced?.discount ?? 0), 0);
  const vat = vatBreakdown(ok.map((l) => ({ vatCode: l.product.vatCode, amount: l.priced?.amount ?? 0 })));
  const itemCount = lines.reduce((s, l) => s + (l.product.unit === 'piece' ? l.quantity / 1000 : 1), 0);
  return { lines, total, discountTotal, vat, itemCount, valid: ok.length === lines.length };
}

export function checkoutInput(cart: Cart, payments: PaymentInput[]): ApiInput<'sales.checkout'> {
  // One approval covers the whole checkout: the cart's (adjustments) or else the one a line came with.
  const approval = cart.approval ?? cart.lines.find((l) => l.approval)?.approval ?? null;
  return {
    clientId: cart.clientId,
    customerId: cart.customer?.id ?? null,
    lines: cart.lines.map((l) => ({
      productId: l.product.id,
      quantity: l.quantity,
      cooperativeId: l.product.cooperativeId,
      barcode: l.barcode,
      overrideUnitPrice: l.overrideUnitPrice,
      discount: l.discount,
    })),
    payments,
    ...(approval ? { approval } : {}),
  };
}

function emptyCart(): Cart {
  return { clientId: newClientId(), lines: [], customer: null, approval: null, createdAt: Date.now() };
}

let lineSeq = 0;

export interface AddOptions {
  barcode?: string | null;
  labelAmount?: number | null;
  approval?: Approval | null;
}

interface CartState {
  current: Cart;
  held: HeldCart[];
  selectedKey: string | null;
  status: CheckoutStatus;
  lastError: unknown;
  lastSale: Sale | null;
  /** Adds a product; a second scan of the same piece product adds to its line (the tier can change). */
  addProduct(product: ProductSnapshot, quantity: number, options?: AddOptions): string;
  setQuantity(key: string, quantity: number): boolean;
  /** +/- keys: whole pieces only; never goes below one piece (removing needs approval). */
  bumpQuantity(key: string, pieces: number): boolean;
  removeLine(key: string, approval: Approval | null): void;
  setDiscount(key: string, discount: LineDiscount | null, approval: Approval | null): void;
  setOverride(key: string, unitPrice: number | null, approval: Approval | null): void;
  setCustomer(customer: CustomerRef | null): void;
  select(key: string | null): void;
  clear(): void;
  hold(): boolean;
  recall(clientId: string): void;
  checkout(payments: PaymentInput[]): Promise<Sale>;
  resetStatus(): void;
}

function mapLine(cart: Cart, key: string, fn: (l: CartLine) => CartLine): Cart {
  return { ...cart, lines: cart.lines.map((l) => (l.key === key ? fn(l) : l)) };
}

export const useCart = create<CartState>((set, get) => ({
  current: emptyCart(),
  held: [],
  selectedKey: null,
  status: 'idle',
  lastError: null,
  lastSale: null,

  addProduct(product, quantity, options = {}) {
    const cart = get().current;
    const mergeable =
      product.unit === 'piece' &&
      !options.labelAmount &&
      cart.lines.find(
        (l) => l.product.id === product.id && l.discount === null && l.overrideUnitPrice === null,
      );
    if (mergeable) {
      set({
        current: mapLine(cart, mergeable.key, (l) => ({ ...l, quantity: l.quantity + quantity })),
        selectedKey: mergeable.key,
      });
      return mergeable.key;
    }
    const key = `l${++lineSeq}`;
    const line: CartLine = {
      key,
      product: snapshotOf(product),
      quantity,
      barcode: options.barcode ?? null,
      labelAmount: options.labelAmount ?? null,
      discount: null,
      overrideUnitPrice: null,
      approval: options.approval ?? null,
    };
    set({ current: { ...cart, lines: [...cart.lines, line] }, selectedKey: key });
    return key;
  },

  setQuantity(key, quantity) {
    const line = get().current.lines.find((l) => l.key === key);
    if (!line || !isValidQuantity(line.product.unit, quantity)) return false;
    set({ current: mapLine(get().current, key, (l) => ({ ...l, quantity, labelAmount: null })) });
    return true;
  },

  bumpQuantity(key, pieces) {
    const line = get().current.lines.find((l) => l.key === key);
    if (!line || line.product.unit !== 'piece') return false;
    return get().setQuantity(key, line.quantity + pieces * 1000);
  },

  removeLine(key, approval) {
    const cart = get().current;
    const lines = cart.lines.filter((l) => l.key !== key);
    const selectedKey = get().selectedKey === key ? (lines.at(-1)?.key ?? null) : get().selectedKey;
    set({ current: { ...cart, lines, approval: approval ?? cart.approval }, selectedKey });
  },

  setDiscount(key, discount, approval) {
    const cart = mapLine(get().current, key, (l) => ({ ...l, discount }));
    set({ current: { ...cart, approval: approval ?? cart.approval } });
  },

  setOverride(key, unitPrice, approval) {
    const cart = mapLine(get().current, key, (l) => ({ ...l, overrideUnitPrice: unitPrice }));
    set({ current: { ...cart, approval: approval ?? cart.approval } });
  },

  setCustomer(customer) {
    set({ current: { ...get().current, customer } });
  },

  select(key) {
    set({ selectedKey: key });
  },

  clear() {
    set({ current: emptyCart(), selectedKey: null, status: 'idle', lastError: null });
  },

  hold() {
    const cart = get().current;
    if (cart.lines.length === 0) return false;
    set({
      held: [...get().held, { ...cart, heldAt: Date.now() }],
      current: emptyCart(),
      selectedKey: null,
      status: 'idle',
      lastError: null,
    });
    return true;
  },

  recall(clientId) {
    const { held, current } = get();
    const found = held.find((h) => h.clientId === clientId);
    if (!found) return;
    const rest = held.filter((h) => h.clientId !== clientId);
    // The cart on screen is parked rather than lost when another one is recalled.
    if (current.lines.length > 0) rest.push({ ...current, heldAt: Date.now() });
    const { heldAt: _heldAt, ...cart } = found;
    set({ held: rest, current: cart, selectedKey: cart.lines.at(-1)?.key ?? null, status: 'idle' });
  },

  async checkout(payments) {
    const cart = get().current;
    set({ status: 'sending', lastError: null });
    try {
      const sale = await call('sales.checkout', checkoutInput(cart, payments));
      // Only the cart that was sent is replaced: its clientId is now spent.
      if (get().current.clientId === cart.clientId) {
        set({ current: emptyCart(), selectedKey: null });
      }
      set({ status: 'idle', lastSale: sale });
      return sale;
    } catch (err) {
      // Same cart, same clientId: a retry after a lost answer cannot sell twice.
      set({ status: 'failed', lastError: err });
      throw err;
    }
  },

  resetStatus() {
    set({ status: 'idle', lastError: null });
  },
}));
