import { parseQuantity } from '../../core/quantity';

/** A quantity typed at the till ("3*", "1,5" in returns), before the product and its unit are known. */
export function parseQuantityText(text: string): number | null {
  return parseQuantity(text);
}

/** A typed product name in the user's language, French when the Arabic name is missing. */
export function productName(p: { nameFr: string; nameAr: string }, lang: string): string {
  return lang === 'ar' && p.nameAr.trim() !== '' ? p.nameAr : p.nameFr;
}

/** A cooperative's name in the user's language, French when the Arabic one is missing. */
export function coopName(p: { cooperativeName: string; cooperativeNameAr?: string }, lang: string): string {
  return lang === 'ar' && p.cooperativeNameAr && p.cooperativeNameAr.trim() !== ''
    ? p.cooperativeNameAr
    : p.cooperativeName;
}
