/**
 * The CGI exemptions (article 91) that cover goods these shops sell, with the wording an invoice prints on
 * an exempt line. A product marked exempt names one of these ids, so the wording and its legal reference
 * are never typed by hand. The article numbers are the ones we know; docs/vat.md lists what a tax adviser
 * must confirm before a shop relies on them.
 */
export const VAT_EXEMPTION_IDS = [
  'bread-couscous-flour',
  'packaged-dates',
  'artisanal-olive-oil',
  'artisanal-carpets',
  'milk',
  'household-soap',
] as const;
export type VatExemptionId = (typeof VAT_EXEMPTION_IDS)[number];

export interface VatExemption {
  id: VatExemptionId;
  /** The article of the Code général des impôts. */
  article: string;
  fr: string;
  ar: string;
}

export const VAT_EXEMPTIONS: Readonly<Record<VatExemptionId, VatExemption>> = {
  'bread-couscous-flour': {
    id: 'bread-couscous-flour',
    article: 'CGI art. 91-I-A-1°',
    fr: 'Exonéré de TVA : pain, couscous, semoules et farines (art. 91-I-A-1° du CGI)',
    ar: 'معفى من الضريبة على القيمة المضافة: الخبز والكسكس والسميد والدقيق (المادة 91-I-أ-1 من المدونة العامة للضرائب)',
  },
  'packaged-dates': {
    id: 'packaged-dates',
    article: 'CGI art. 91-I-A-4°',
    fr: 'Exonéré de TVA : dattes conditionnées produites au Maroc (art. 91-I-A-4° du CGI)',
    ar: 'معفى من الضريبة على القيمة المضافة: التمور المعلبة المنتجة بالمغرب (المادة 91-I-أ-4 من المدونة العامة للضرائب)',
  },
  'artisanal-olive-oil': {
    id: 'artisanal-olive-oil',
    article: 'CGI art. 91-I-A-7°',
    fr: "Exonéré de TVA : huile d'olive fabriquée par les unités artisanales (art. 91-I-A-7° du CGI)",
    ar: 'معفى من الضريبة على القيمة المضافة: زيت الزيتون المصنوع من طرف الوحدات التقليدية (المادة 91-I-أ-7 من المدونة العامة للضرائب)',
  },
  'artisanal-carpets': {
    id: 'artisanal-carpets',
    article: 'CGI art. 91-I-C-1°',
    fr: "Exonéré de TVA : tapis d'origine artisanale de production locale (art. 91-I-C-1° du CGI)",
    ar: 'معفى من الضريبة على القيمة المضافة: الزرابي ذات الأصل التقليدي من الإنتاج المحلي (المادة 91-I-ج-1 من المدونة العامة للضرائب)',
  },
  milk: {
    id: 'milk',
    article: 'CGI art. 91-I-A-2°',
    fr: 'Exonéré de TVA : lait (art. 91-I-A-2° du CGI)',
    ar: 'معفى من الضريبة على القيمة المضافة: الحليب (المادة 91-I-أ-2 من المدونة العامة للضرائب)',
  },
  'household-soap': {
    id: 'household-soap',
    article: 'CGI art. 91-I-A (loi de finances 2024)',
    fr: 'Exonéré de TVA : savon de ménage (art. 91-I-A du CGI, loi de finances 2024)',
    ar: 'معفى من الضريبة على القيمة المضافة: صابون الاستعمال المنزلي (المادة 91-I-أ من المدونة العامة للضرائب، قانون المالية 2024)',
  },
};

export function isVatExemptionId(value: unknown): value is VatExemptionId {
  return typeof value === 'string' && (VAT_EXEMPTION_IDS as readonly string[]).includes(value);
}
