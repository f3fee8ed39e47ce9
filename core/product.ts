/**
 * The product as every layer sees it: what db/services/products.ts returns, what api/schemas.ts sends
 * (ProductOut is checked equal to it at compile time) and what the renderer and documents read.
 * One declaration, so a field added to the catalogue reaches the till, the back office and the wire at once.
 */
import type { ConsignmentTerms } from './payout';
import type { Unit } from './quantity';
import type { VatCode } from './vat';

export interface Product {
  id: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  cooperativeId: number;
  cooperativeName: string;
  cooperativeNameAr: string;
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
  active: boolean;
  barcodes: string[];
  /** Milli-units on hand at or below which the product is low on stock; null: no alert. */
  lowStockAlert: number | null;
  /**
   * 'hq': the chain catalogue's (HQ decides its fields, db/services/hq-allowance.ts); 'local': the shop's own.
   */
  origin: 'hq' | 'local';
}

/** A catalogue page's row (products.list): the product with its stock over every consignment. */
export interface ProductListRow extends Product {
  /** Milli-units on hand, over every cooperative's consignment of it. */
  onHand: number;
  /** On hand is at or below the product's low-stock alert. */
  low: boolean;
}

export interface ProductPage {
  rows: ProductListRow[];
  total: number;
  offset: number;
  limit: number;
}

/** A search-as-you-type hit: enough to show and pick it; the till then asks for the whole product. */
export interface SearchHit {
  id: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  retailPrice: number;
  cooperativeId: number;
  cooperativeName: string;
  cooperativeNameAr: string;
  barcode: string | null;
}

/**
 * What the till's cart keeps of a product to price it live (a held cart keeps it across a reload).
 * The Arabic cooperative name is optional: carts held before it was kept have none.
 */
export type ProductSnapshot = Pick<
  Product,
  | 'id'
  | 'sku'
  | 'nameFr'
  | 'nameAr'
  | 'unit'
  | 'vatCode'
  | 'retailPrice'
  | 'semiPrice'
  | 'wholesalePrice'
  | 'semiMinQty'
  | 'wholesaleMinQty'
  | 'cooperativeId'
  | 'cooperativeName'
> &
  Partial<Pick<Product, 'cooperativeNameAr'>>;

/** A scanned code resolved to its product and quantity (products.scan adds whether it needs approval). */
export interface ScanResult {
  product: Product;
  /** Milli-quantity: 1 piece, the weight from a weight label, or null when the scale must weigh it. */
  quantity: number | null;
  /** A price-embedded label fixes the line amount. */
  labelAmount: number | null;
  code: string;
  kind: 'gtin' | 'internal' | 'weight' | 'price';
}
