/**
 * A shop with no history for the benches that measure a path rather than a year (the in-process checkout,
 * HQ's push, several tills): till T1, a manager (PIN 2468) and a cashier (1357), one cooperative and
 * `products` products sold by the piece, each with stock enough for any run. Written through the services.
 */
import type { Db } from '../db/open';
import { createCooperative } from '../db/services/cooperatives';
import { createProduct } from '../db/services/products';
import { ensureTill } from '../db/services/settings';
import { receiveDelivery } from '../db/services/stock';
import { createUser } from '../db/services/users';
import { Store, type Actor } from '../db/store';

export const SMALL_SHOP_COMMISSION_BP = 2500;

export interface SmallShopOptions {
  products: number;
  /** The products' SKU prefix (`${sku}-${i}`). */
  sku: string;
  /** Each product's price, one for every tier, in centimes. */
  price?: (i: number) => number;
  /** A shop-made EAN-13 for each product (a till scans it); none by default. */
  internalBarcode?: boolean;
}

export function smallShop(db: Db, options: SmallShopOptions) {
  const store = new Store(db, { tillId: 'T1' });
  ensureTill(store, 'T1', 'Caisse 1');
  const manager = createUser(store, null, { name: 'Gérante', role: 'manager', pin: '2468' });
  const cashier = createUser(store, null, { name: 'Caissier', role: 'cashier', pin: '1357' });
  const asManager: Actor = { userId: manager.id, role: 'manager' };
  const asCashier: Actor = { userId: cashier.id, role: 'cashier' };
  const coop = createCooperative(store, null, {
    nameFr: 'Coopérative banc d’essai',
    nameAr: 'تعاونية',
    registrationNo: null,
    ice: null,
    region: 'Souss-Massa',
    womens: true,
    contactName: null,
    phone: null,
    email: null,
    bankName: null,
    bankAccount: null,
    commissionBp: SMALL_SHOP_COMMISSION_BP,
  });
  const price = options.price ?? ((i: number) => 1000 + i * 150);
  const products = Array.from({ length: options.products }, (_, i) =>
    createProduct(store, null, {
      sku: `${options.sku}-${i}`,
      nameFr: `Produit ${i}`,
      nameAr: `منتوج ${i}`,
      cooperativeId: coop.id,
      unit: 'piece',
      vatCode: 'S20',
      retailPrice: price(i),
      semiPrice: price(i),
      wholesalePrice: price(i),
      semiMinQty: null,
      wholesaleMinQty: null,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [],
      ...(options.internalBarcode ? { internalBarcode: true } : {}),
    }),
  );
  receiveDelivery(store, asManager, {
    clientId: 'bench-stock',
    cooperativeId: coop.id,
    noteRef: 'BL-BENCH',
    lines: products.map((p) => ({ productId: p.id, quantity: 1_000_000_000, lot: 'L', bestBefore: null })),
  });
  return { store, manager, cashier, asManager, asCashier, coop, products };
}
