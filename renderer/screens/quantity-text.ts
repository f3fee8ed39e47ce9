/** "3" -> 3000, "1,5" -> 1500, "0.250" -> 250: a typed quantity in milli-units, integers only, or null. */
export function parseQuantityText(text: string): number | null {
  const m = /^(\d{1,6})(?:[.,](\d{0,3}))?$/.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return value > 0 ? value : null;
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
