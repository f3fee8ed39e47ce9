/**
 * A consignor cooperative as every layer sees it (db service, api CooperativeOut, settlement statements,
 * back-office screens); api/schemas.ts checks its schema against this type at compile time.
 */
export interface Cooperative {
  id: number;
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
