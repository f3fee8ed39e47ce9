import type { ShopSettings } from '../core/shop';

/** Who issues a document: the shop's name, address and Moroccan identifiers, as its heading prints them. */
export type ShopIdentity = Pick<ShopSettings, 'name' | 'address' | 'ice' | 'if' | 'rc'>;
