/** Who issues a document: the shop's name, address and Moroccan identifiers, as its heading prints them. */
export interface ShopIdentity {
  name: string;
  address: string;
  ice: string;
  if: string;
  rc: string;
}
