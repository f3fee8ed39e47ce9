/**
 * The shop's identity as every layer sees it: kept by db/services/settings.ts, sent by settings.get
 * (ShopSchema is checked equal to it), printed on receipts (core/receipt) and documents, shown on screens.
 */
export interface ShopSettings {
  name: string;
  address: string;
  city: string;
  phone: string;
  /** Identifiant Commun de l'Entreprise (15 digits). */
  ice: string;
  /** Identifiant fiscal. */
  if: string;
  /** Registre du commerce. */
  rc: string;
  patente: string;
  receiptFooter: string;
}
