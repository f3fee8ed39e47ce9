/**
 * The fixed words of the cooperative documents, French and Arabic side by side: many cooperative members
 * read only one of the two, so every label carries both.
 */
import type { PriceTier } from '../core/pricing';

export interface Bilingual {
  fr: string;
  ar: string;
}

export const TIER_LABELS: Record<PriceTier, Bilingual> = {
  retail: { fr: 'Détail', ar: 'تقسيط' },
  semi: { fr: 'Demi-gros', ar: 'نصف جملة' },
  wholesale: { fr: 'Gros', ar: 'جملة' },
};

export const STATUS_LABELS: Record<'draft' | 'issued' | 'paid', Bilingual> = {
  draft: { fr: 'Brouillon', ar: 'مسودة' },
  issued: { fr: 'Émis', ar: 'صادر' },
  paid: { fr: 'Payé', ar: 'مدفوع' },
};

export const SETTLEMENT_LABELS = {
  title: { fr: 'Relevé de règlement', ar: 'كشف التسوية' },
  period: { fr: 'Période', ar: 'الفترة' },
  womens: { fr: 'Coopérative féminine', ar: 'تعاونية نسائية' },
  bank: { fr: 'Compte bancaire', ar: 'الحساب البنكي' },
  sales: { fr: 'Ventes par produit et tarif', ar: 'المبيعات حسب المنتج ونوع البيع' },
  noSales: { fr: 'Aucune vente sur la période.', ar: 'لا توجد مبيعات خلال هذه الفترة' },
  returns: { fr: 'Retours clients reportés', ar: 'مرتجعات الزبناء المرحّلة' },
  returnLine: { fr: 'Retour', ar: 'مرتجع' },
  stock: { fr: 'Reste en rayon', ar: 'المخزون المتبقي في الرفوف' },
  noStock: { fr: 'Plus rien en rayon.', ar: 'لم يتبق أي منتج في الرفوف' },
  totals: { fr: 'Totaux', ar: 'المجاميع' },
  grossSales: { fr: 'Ventes brutes', ar: 'المبيعات الإجمالية' },
  returnsTotal: { fr: 'Retours', ar: 'المرتجعات' },
  netSales: { fr: 'Ventes nettes', ar: 'صافي المبيعات' },
  commission: { fr: 'Commission de la boutique', ar: 'عمولة المتجر' },
  payout: { fr: 'Montant à verser', ar: 'المبلغ المستحق للتعاونية' },
  colRef: { fr: 'Réf.', ar: 'المرجع' },
  colProduct: { fr: 'Produit', ar: 'المنتج' },
  colTier: { fr: 'Tarif', ar: 'نوع البيع' },
  colQuantity: { fr: 'Quantité', ar: 'الكمية' },
  colAmount: { fr: 'Montant TTC', ar: 'المبلغ' },
  colPayout: { fr: 'Part coop.', ar: 'حصة التعاونية' },
  colOnHand: { fr: 'En rayon', ar: 'الكمية' },
  colBestBefore: { fr: 'DLUO proche', ar: 'تاريخ الصلاحية' },
  colValue: { fr: 'Valeur détail', ar: 'القيمة' },
} satisfies Record<string, Bilingual>;

export const RETURN_NOTE_LABELS = {
  title: { fr: 'Bon de retour', ar: 'وصل إرجاع' },
  cooperative: { fr: 'Coopérative', ar: 'التعاونية' },
  reason: { fr: 'Motif', ar: 'السبب' },
  colLot: { fr: 'Lot', ar: 'رقم الحصة' },
  shopSignature: { fr: 'Pour la boutique (nom, date, signature)', ar: 'توقيع المتجر' },
  coopSignature: { fr: 'Pour la coopérative (nom, date, signature)', ar: 'توقيع التعاونية' },
  lines: { fr: 'Articles retournés', ar: 'المنتجات المرجعة' },
} satisfies Record<string, Bilingual>;
