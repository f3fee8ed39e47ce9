import type { ProductLabel } from '../../hardware/labels/label-model';

/**
 * A label as full as one gets but for the lot: three tiers, two quality labels, cooperative and best-before
 * (a litre product, so the per-litre wording shows). The label sheet and the lot tests both start from it.
 */
export const arganLabel: ProductLabel = {
  code: '2000000000015',
  nameFr: "Huile d'argan pressée à froid",
  nameAr: 'زيت الأركان',
  prices: {
    retail: { price: 18000, minQuantity: 1000 },
    semi: { price: 16500, minQuantity: 6000 },
    wholesale: { price: 15000, minQuantity: 24000 },
  },
  unit: 'l',
  qualityLabels: ['organic', 'igp'],
  bestBefore: '2027-06-30',
  cooperative: 'Coopérative Tighanimine',
};
