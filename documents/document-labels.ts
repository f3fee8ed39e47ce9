/**
 * The fixed words of the printed documents in French, Arabic and English: the documents' own catalogue,
 * as renderer/i18n is the screens'. Every label carries all three (the type insists), and the cooperative
 * documents print two of them side by side: many cooperative members read only one of French and Arabic.
 * Messages use the catalogues' syntax (core/message-format.ts): `{name}` and `{count, plural, ...}`.
 */
import type { Language } from '../core/languages';
import { formatMessage, type MessageParams } from '../core/message-format';
import type { PriceTier } from '../core/pricing';

export type DocText = Record<Language, string>;
/** The older name: every label was French and Arabic before English joined them. */
export type Bilingual = DocText;

/** A label in one language, its placeholders and plurals filled in. */
export function word(label: DocText, lang: Language, params?: MessageParams): string {
  return formatMessage(lang, label[lang], params);
}

/** The other language a bilingual document prints beside `lang`: Arabic beside French or English, else French. */
export function secondLanguage(lang: Language): Language {
  return lang === 'ar' ? 'fr' : 'ar';
}

export const DOCUMENT_LABELS = {
  page: { fr: 'Page {page} / {pages}', ar: 'صفحة {page} / {pages}', en: 'Page {page} / {pages}' },
  shopIds: {
    fr: 'ICE {ice} - IF {if} - RC {rc}',
    ar: 'ICE {ice} - IF {if} - RC {rc}',
    en: 'ICE {ice} - IF {if} - RC {rc}',
  },
  date: { fr: 'Date', ar: 'التاريخ', en: 'Date' },
  number: { fr: 'N° {number}', ar: 'رقم {number}', en: 'No. {number}' },
} satisfies Record<string, DocText>;

export const TIER_LABELS: Record<PriceTier, DocText> = {
  retail: { fr: 'Détail', ar: 'تقسيط', en: 'Retail' },
  semi: { fr: 'Demi-gros', ar: 'نصف جملة', en: 'Semi-wholesale' },
  wholesale: { fr: 'Gros', ar: 'جملة', en: 'Wholesale' },
};

export const STATUS_LABELS: Record<'draft' | 'issued' | 'paid', DocText> = {
  draft: { fr: 'Brouillon', ar: 'مسودة', en: 'Draft' },
  issued: { fr: 'Émis', ar: 'صادر', en: 'Issued' },
  paid: { fr: 'Payé', ar: 'مدفوع', en: 'Paid' },
};

export const SETTLEMENT_LABELS = {
  title: { fr: 'Relevé de règlement', ar: 'كشف التسوية', en: 'Settlement statement' },
  period: { fr: 'Période', ar: 'الفترة', en: 'Period' },
  periodFromTo: { fr: 'du {from} au {to}', ar: 'من {from} إلى {to}', en: 'from {from} to {to}' },
  periodUntil: { fr: "jusqu'au {to}", ar: 'إلى غاية {to}', en: 'up to {to}' },
  unnumbered: { fr: 'non numéroté', ar: 'بدون رقم', en: 'unnumbered' },
  draftNumber: {
    fr: 'N° - (brouillon non numéroté)',
    ar: 'رقم - (مسودة بدون رقم)',
    en: 'No. - (unnumbered draft)',
  },
  status: { fr: 'Statut : {status}', ar: 'الحالة: {status}', en: 'Status: {status}' },
  issuedOn: { fr: 'le {date}', ar: 'بتاريخ {date}', en: 'on {date}' },
  paidOn: { fr: 'Versé le {date}', ar: 'دُفع بتاريخ {date}', en: 'Paid on {date}' },
  paymentRef: { fr: 'réf. {ref}', ar: 'المرجع {ref}', en: 'ref. {ref}' },
  draftBanner: {
    fr: 'BROUILLON / DRAFT - document provisoire, ne vaut pas règlement',
    ar: 'مسودة - وثيقة مؤقتة، لا تُعتبر تسوية',
    en: 'DRAFT - provisional document, not a settlement',
  },
  draftWatermark: { fr: 'BROUILLON', ar: 'مسودة', en: 'DRAFT' },
  cooperative: { fr: 'Coopérative', ar: 'التعاونية', en: 'Cooperative' },
  womens: { fr: 'Coopérative féminine', ar: 'تعاونية نسائية', en: "Women's cooperative" },
  ice: { fr: 'ICE', ar: 'ICE', en: 'ICE' },
  registrationNo: { fr: "N° d'enregistrement", ar: 'رقم التسجيل', en: 'Registration no.' },
  region: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  bank: { fr: 'Compte bancaire', ar: 'الحساب البنكي', en: 'Bank account' },
  sales: {
    fr: 'Ventes par produit et tarif',
    ar: 'المبيعات حسب المنتج ونوع البيع',
    en: 'Sales by product and tier',
  },
  noSales: {
    fr: 'Aucune vente sur la période.',
    ar: 'لا توجد مبيعات خلال هذه الفترة',
    en: 'No sales in the period.',
  },
  salesTotal: { fr: 'Total des ventes', ar: 'مجموع المبيعات', en: 'Total sales' },
  returns: {
    fr: 'Retours clients reportés',
    ar: 'مرتجعات الزبناء المرحّلة',
    en: 'Customer returns carried over',
  },
  returnLine: { fr: 'Retour', ar: 'مرتجع', en: 'Return' },
  returnsLinesTotal: { fr: 'Total des retours', ar: 'مجموع المرتجعات', en: 'Total returns' },
  stock: { fr: 'Reste en rayon', ar: 'المخزون المتبقي في الرفوف', en: 'Left on the shelf' },
  noStock: { fr: 'Plus rien en rayon.', ar: 'لم يتبق أي منتج في الرفوف', en: 'Nothing left on the shelf.' },
  stockTotal: {
    fr: 'Valeur totale au prix de détail',
    ar: 'القيمة الإجمالية بثمن التقسيط',
    en: 'Total value at retail price',
  },
  totals: { fr: 'Totaux', ar: 'المجاميع', en: 'Totals' },
  amountsNote: {
    fr: 'Montants TTC en dirhams ({currency}).',
    ar: 'المبالغ بالدرهم ({currency}) شاملة للضريبة.',
    en: 'Amounts incl. VAT in dirhams ({currency}).',
  },
  balanceNote: {
    fr: 'Ventes nettes = commission + montant à verser.',
    ar: 'صافي المبيعات = العمولة + المبلغ المستحق.',
    en: 'Net sales = commission + payout.',
  },
  grossSales: { fr: 'Ventes brutes', ar: 'المبيعات الإجمالية', en: 'Gross sales' },
  returnsTotal: { fr: 'Retours', ar: 'المرتجعات', en: 'Returns' },
  netSales: { fr: 'Ventes nettes', ar: 'صافي المبيعات', en: 'Net sales' },
  commission: { fr: 'Commission de la boutique', ar: 'عمولة المتجر', en: "Shop's commission" },
  payout: { fr: 'Montant à verser', ar: 'المبلغ المستحق للتعاونية', en: 'Payout to the cooperative' },
  colRef: { fr: 'Réf.', ar: 'المرجع', en: 'Ref.' },
  colProduct: { fr: 'Produit', ar: 'المنتج', en: 'Product' },
  colTier: { fr: 'Tarif', ar: 'نوع البيع', en: 'Tier' },
  colQuantity: { fr: 'Quantité', ar: 'الكمية', en: 'Quantity' },
  colAmount: { fr: 'Montant TTC', ar: 'المبلغ', en: 'Amount incl. VAT' },
  colPayout: { fr: 'Part coop.', ar: 'حصة التعاونية', en: 'Coop. share' },
  colOnHand: { fr: 'En rayon', ar: 'الكمية', en: 'On hand' },
  colBestBefore: { fr: 'DLUO proche', ar: 'تاريخ الصلاحية', en: 'Nearest best-before' },
  colValue: { fr: 'Valeur détail', ar: 'القيمة', en: 'Retail value' },
} satisfies Record<string, DocText>;

/**
 * A debit note (returns exceeded sales) is titled as such and shows what the cooperative owes as a positive
 * amount: a "montant à verser" of -90,00 would read as a payment to the cooperative.
 */
export const DEBIT_NOTE_LABELS = {
  title: { fr: 'Note de débit', ar: 'إشعار مدين', en: 'Debit note' },
  owed: {
    fr: 'Montant dû par la coopérative',
    ar: 'المبلغ المستحق على التعاونية',
    en: 'Owed by the cooperative',
  },
} satisfies Record<string, DocText>;

export const RETURN_NOTE_LABELS = {
  title: { fr: 'Bon de retour', ar: 'وصل إرجاع', en: 'Return note' },
  cooperative: { fr: 'Coopérative', ar: 'التعاونية', en: 'Cooperative' },
  reason: { fr: 'Motif', ar: 'السبب', en: 'Reason' },
  colLot: { fr: 'Lot', ar: 'رقم الحصة', en: 'Lot' },
  colBestBefore: { fr: 'DLUO', ar: 'صالح إلى', en: 'Best before' },
  colValue: { fr: 'Valeur MAD', ar: 'القيمة', en: 'Value MAD' },
  valueNote: {
    fr: 'Valeur au prix de détail TTC, en dirhams (MAD).',
    ar: 'القيمة بثمن التقسيط شاملة للضريبة، بالدرهم (MAD).',
    en: 'Value at the retail price incl. VAT, in dirhams (MAD).',
  },
  lineCount: {
    fr: '{count, plural, one {# ligne} other {# lignes}}',
    ar: '{count, plural, zero {لا سطر} one {سطر واحد} two {سطران} few {# أسطر} many {# سطرًا} other {# سطر}}',
    en: '{count, plural, one {# line} other {# lines}}',
  },
  shopSignature: {
    fr: 'Pour la boutique (nom, date, signature)',
    ar: 'توقيع المتجر (الاسم، التاريخ، التوقيع)',
    en: 'For the shop (name, date, signature)',
  },
  coopSignature: {
    fr: 'Pour la coopérative (nom, date, signature)',
    ar: 'توقيع التعاونية (الاسم، التاريخ، التوقيع)',
    en: 'For the cooperative (name, date, signature)',
  },
  lines: { fr: 'Articles retournés', ar: 'المنتجات المرجعة', en: 'Goods returned' },
} satisfies Record<string, DocText>;

/** X (running) and Z (closing) cash reports: the printer's lines (documents/z-report.ts) and the A4 page. */
export const CASH_REPORT_LABELS = {
  x: { fr: 'RAPPORT X (en cours)', ar: 'تقرير X (جارٍ)', en: 'X REPORT (running)' },
  z: { fr: 'RAPPORT Z (clôture)', ar: 'تقرير Z (إغلاق)', en: 'Z REPORT (close)' },
  till: { fr: 'Caisse', ar: 'الصندوق', en: 'Till' },
  session: { fr: 'Session', ar: 'الحصة', en: 'Session' },
  cashier: { fr: 'Caissier', ar: 'أمين الصندوق', en: 'Cashier' },
  opened: { fr: 'Ouverture', ar: 'الفتح', en: 'Opened' },
  closed: { fr: 'Clôture', ar: 'الإغلاق', en: 'Closed' },
  receipts: { fr: 'Tickets', ar: 'التذاكر', en: 'Receipts' },
  sales: { fr: 'Ventes', ar: 'المبيعات', en: 'Sales' },
  discounts: { fr: 'Remises', ar: 'التخفيضات', en: 'Discounts' },
  voids: { fr: 'Annulations', ar: 'الإلغاءات', en: 'Voids' },
  refunds: { fr: 'Remboursements', ar: 'المبالغ المستردة', en: 'Refunds' },
  byMethod: { fr: 'Encaissements par mode', ar: 'المقبوضات حسب طريقة الأداء', en: 'Takings by method' },
  refundsByMethod: {
    fr: 'Remboursements par mode',
    ar: 'المبالغ المستردة حسب الطريقة',
    en: 'Refunds by method',
  },
  byTier: { fr: 'Ventes par tarif', ar: 'المبيعات حسب نوع البيع', en: 'Sales by tier' },
  vat: {
    fr: 'TVA par taux: TTC = HT + TVA',
    ar: 'الضريبة حسب السعر: المبلغ = الأساس + الضريبة',
    en: 'VAT by rate: incl. = base + VAT',
  },
  vatRate: { fr: 'Taux', ar: 'السعر', en: 'Rate' },
  vatGross: { fr: 'TTC', ar: 'شامل للضريبة', en: 'Incl. VAT' },
  vatBase: { fr: 'base HT', ar: 'الأساس', en: 'base excl.' },
  vatTax: { fr: 'TVA', ar: 'الضريبة', en: 'VAT' },
  drawer: { fr: 'Tiroir espèces', ar: 'درج النقود', en: 'Cash drawer' },
  float: { fr: 'Fond de caisse', ar: 'رصيد الافتتاح', en: 'Opening float' },
  cashSales: { fr: '+ Ventes espèces', ar: '+ المبيعات نقدا', en: '+ Cash sales' },
  cashRefunds: { fr: '- Rembours. espèces', ar: '- المستردات نقدا', en: '- Cash refunds' },
  cashIn: { fr: '+ Entrées', ar: '+ المداخيل', en: '+ Cash in' },
  cashOut: { fr: '- Sorties', ar: '- المخارج', en: '- Cash out' },
  expected: { fr: '= Attendu', ar: '= المتوقع', en: '= Expected' },
  counted: { fr: 'Compté', ar: 'المعدود', en: 'Counted' },
  variance: { fr: 'Écart', ar: 'الفارق', en: 'Variance' },
  surplus: { fr: 'excédent', ar: 'فائض', en: 'over' },
  shortage: { fr: 'manquant', ar: 'عجز', en: 'short' },
  balanced: { fr: 'aucun', ar: 'لا شيء', en: 'none' },
  notCounted: { fr: 'non compté', ar: 'غير معدود', en: 'not counted' },
  seal: { fr: 'Scellé du journal', ar: 'ختم السجل', en: 'Journal seal' },
  entries: { fr: 'Écritures', ar: 'القيود', en: 'Entries' },
  headHash: { fr: 'Empreinte (SHA-256)', ar: 'البصمة (SHA-256)', en: 'Head hash (SHA-256)' },
  amount: { fr: 'Montant MAD', ar: 'المبلغ MAD', en: 'Amount MAD' },
  item: { fr: 'Rubrique', ar: 'البند', en: 'Item' },
} satisfies Record<string, DocText>;

export const LABEL_SHEET_LABELS = {
  title: { fr: 'Étiquettes produits', ar: 'ملصقات المنتجات', en: 'Product labels' },
} satisfies Record<string, DocText>;
