import type { ConsignmentTerms } from './payout';
import type { Unit } from './quantity';
import type { VatCode } from './vat';

/**
 * What HQ sends down to the shops (hq/catalog.ts builds it, db/services/hq-catalog-pull.ts applies it) and
 * the transfers of consigned stock between shops as HQ relays them (hq/transfers.ts,
 * db/services/transfers.ts). Shops authenticate as for the push: `x-souk-shop` + `Bearer <key>`.
 */
export const HQ_CATALOG_CHANGES_PATH = '/hq/v1/catalog/changes';
/** Staff (HQ key): GET the whole catalogue, POST a cooperative / a product / a shop's allowance / an import. */
export const HQ_CATALOG_PATH = '/hq/v1/catalog';
export const HQ_TRANSFERS_INCOMING_PATH = '/hq/v1/transfers/incoming';
/** Staff (HQ key): what is in transit between shops, per cooperative. */
export const HQ_TRANSFERS_TRANSIT_PATH = '/hq/v1/transfers/in-transit';

/** A cooperative as the chain decides it; `code` is its identity in every shop. */
export interface CatalogCoop {
  code: string;
  nameFr: string;
  nameAr: string;
  registrationNo: string | null;
  ice: string | null;
  region: string;
  womens: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  bankName: string | null;
  bankAccount: string | null;
  commissionBp: number;
  active: boolean;
}

/** A product as the chain decides it; `sku` is its identity in every shop. */
export interface CatalogProduct {
  sku: string;
  nameFr: string;
  nameAr: string;
  coopCode: string;
  unit: Unit;
  vatCode: VatCode;
  retailPrice: number;
  semiPrice: number;
  wholesalePrice: number;
  semiMinQty: number | null;
  wholesaleMinQty: number | null;
  qualityLabels: string[];
  scaleRef: string | null;
  terms: ConsignmentTerms | null;
  barcodes: string[];
  active: boolean;
}

/** What HQ lets one shop keep of its own. */
export interface CatalogAllowance {
  localProducts: boolean;
  localPrices: boolean;
}

/**
 * One page of changes after a version: each row at its latest version, in version order. `coops` also holds
 * every cooperative a product of the page names, so a page can be applied on its own.
 */
export interface CatalogChanges {
  coops: (CatalogCoop & { version: number })[];
  products: (CatalogProduct & { version: number })[];
  /** The shop's allowance when it changed after `since` (always on the first pull). */
  allowance: (CatalogAllowance & { version: number }) | null;
  /** Pull again after this; equals `since` when nothing changed. */
  version: number;
  /** More changes wait beyond this page. */
  more: boolean;
}

/** A line of a transfer as it travels: products and cooperatives named by their chain identities. */
export interface TransferLine {
  sku: string;
  coopCode: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  quantity: number;
  lot: string;
  bestBefore: string | null;
  /**
   * When the lot's cooperative delivered it to the chain (epoch ms), so the receiver ages it from then; absent
   * in transfers sent before it was carried.
   */
  receivedAt?: number;
}

/** A transfer a shop sent, as HQ relays it to the receiving shop. */
export interface IncomingTransfer {
  transferId: string;
  fromShop: string;
  toShop: string;
  sentAt: number;
  note: string;
  lines: TransferLine[];
}

/** What is on the road for one cooperative: sent by one shop to another, not yet received. */
export interface TransitRow {
  coopCode: string;
  transferId: string;
  fromShop: string;
  toShop: string;
  sentAt: number;
  sku: string;
  quantity: number;
}
