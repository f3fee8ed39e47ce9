/**
 * Which of a record's two names a screen shows: the Arabic one on Arabic screens when it has one, else the
 * French (every product and cooperative has a French name; the Arabic one may be blank).
 */
export function localName(names: { nameFr: string; nameAr: string }, lang: string): string {
  return lang === 'ar' && names.nameAr.trim() !== '' ? names.nameAr : names.nameFr;
}

/** The cooperative's name on a row that carries it (a product, a stock row, a search hit). */
export function coopNameOf(
  row: { cooperativeName: string; cooperativeNameAr?: string },
  lang: string,
): string {
  return localName({ nameFr: row.cooperativeName, nameAr: row.cooperativeNameAr ?? '' }, lang);
}
