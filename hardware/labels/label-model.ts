/**
 * What a shelf/product label carries for a product without a GS1 barcode of its own: the shop's
 * internal EAN-13, both names, the three price tiers with the quantity each starts at, and the
 * facts a customer of cooperatives' products looks for (quality labels, best-before, who made it).
 */
import type { Centimes, Milli } from '../../core/money';
import { centimesToDecimal } from '../../core/money';
import type { Unit } from '../../core/quantity';
import { LabelError, assertEan13 } from './barcode-svg';

export const QUALITY_LABELS = ['organic', 'igp', 'aop', 'fairtrade', 'label-agricole', 'halal'] as const;
export type QualityLabel = (typeof QUALITY_LABELS)[number];

/** French wording printed on the label (the official sign names in Morocco are French). */
export const QUALITY_LABEL_TEXT: Record<QualityLabel, string> = {
  organic: 'Bio',
  igp: 'IGP',
  aop: 'AOP',
  fairtrade: 'Commerce équitable',
  'label-agricole': 'Label agricole',
  halal: 'Halal',
};

export interface TierPrice {
  /** VAT-inclusive unit price (per piece / kg / l). */
  price: Centimes;
  /** Quantity from which this tier applies, in milli-units. */
  minQuantity: Milli;
}

export interface ProductLabel {
  code: string;
  nameFr: string;
  nameAr: string;
  prices: { retail: TierPrice; semi?: TierPrice; wholesale?: TierPrice };
  unit: Unit;
  qualityLabels: readonly QualityLabel[];
  /** ISO date "2026-11-30"; printed as dd/mm/yyyy. */
  bestBefore?: string;
  /** The cooperative's lot number from the delivery, printed so a recall can find the pack. */
  lot?: string;
  cooperative: string;
}

export const TIER_TEXT = { retail: 'Détail', semi: 'Demi-gros', wholesale: 'Gros' } as const;
/** Small labels (52.5 mm wide) print the retail price alone and shorter tier names. */
const COMPACT_TIER_TEXT = { retail: '', semi: 'D-gros', wholesale: 'Gros' } as const;
const COMPACT_QUALITY_TEXT: Partial<Record<QualityLabel, string>> = {
  fairtrade: 'Équitable',
  'label-agricole': 'Label agr.',
};
export type Tier = keyof typeof TIER_TEXT;

const UNIT_TEXT: Record<Unit, string> = { piece: 'pièce', kg: 'kg', l: 'l' };

export function validateLabel(label: ProductLabel): void {
  assertEan13(label.code);
  if (label.nameFr.trim() === '')
    throw new LabelError('INVALID_LABEL', `label ${label.code} has no French name`);
  for (const [tier, p] of Object.entries(label.prices)) {
    if (!p) continue;
    if (!Number.isSafeInteger(p.price) || p.price < 0) {
      throw new LabelError(
        'INVALID_LABEL',
        `label ${label.code}: ${tier} price must be non-negative centimes`,
      );
    }
    if (!Number.isSafeInteger(p.minQuantity) || p.minQuantity < 0) {
      throw new LabelError(
        'INVALID_LABEL',
        `label ${label.code}: ${tier} minimum quantity must be milli-units`,
      );
    }
  }
  if (label.bestBefore !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(label.bestBefore)) {
    throw new LabelError('INVALID_LABEL', `label ${label.code}: best-before must be YYYY-MM-DD`);
  }
  if (label.lot !== undefined && label.lot.length > 60) {
    throw new LabelError('INVALID_LABEL', `label ${label.code}: a lot is at most 60 characters`);
  }
}

export function formatPrice(amount: Centimes): string {
  return `${centimesToDecimal(amount).replace('.', ',')} DH`;
}

/** "Détail 45,00 DH/kg", "Gros 38,00 DH/kg dès 10 kg"; compact: "45,00 DH/kg", "Gros 38,00 dès 10 kg". */
export function tierLines(label: ProductLabel, compact = false): { tier: Tier; text: string }[] {
  const unit = UNIT_TEXT[label.unit];
  const out: { tier: Tier; text: string }[] = [];
  for (const tier of ['retail', 'semi', 'wholesale'] as const) {
    const p = label.prices[tier];
    if (!p) continue;
    const from =
      tier !== 'retail' && p.minQuantity > 0 ? ` dès ${formatMinQuantity(label.unit, p.minQuantity)}` : '';
    if (!compact) out.push({ tier, text: `${TIER_TEXT[tier]} ${formatPrice(p.price)}/${unit}${from}` });
    else if (tier === 'retail') out.push({ tier, text: `${formatPrice(p.price)}/${unit}` });
    else
      out.push({
        tier,
        text: `${COMPACT_TIER_TEXT[tier]} ${formatPrice(p.price).replace(' DH', '')}${from}`,
      });
  }
  return out;
}

/** "12 pièces", "2,5 kg": French decimal comma, no trailing zeros (a label is not a receipt). */
export function formatMinQuantity(unit: Unit, quantity: Milli): string {
  const whole = Math.trunc(quantity / 1000);
  const frac = String(quantity % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const n = frac ? `${whole},${frac}` : String(whole);
  if (unit === 'piece') return `${n} ${quantity === 1000 ? 'pièce' : 'pièces'}`;
  return `${n} ${UNIT_TEXT[unit]}`;
}

/** Compact form uses DDM (date de durabilité minimale), the regulatory French abbreviation. */
export function formatBestBefore(iso: string, compact = false): string {
  const [y, m, d] = iso.split('-');
  return `${compact ? 'DDM' : 'À consommer de préf. avant'} ${d}/${m}/${y}`;
}

/** "Lot OL-26-11": the same word in French and on the delivery note. */
export function lotText(label: ProductLabel): string | null {
  const lot = label.lot?.trim() ?? '';
  return lot === '' ? null : `Lot ${lot}`;
}

export function qualityText(label: ProductLabel, compact = false): string {
  return label.qualityLabels
    .map((q) => (compact ? COMPACT_QUALITY_TEXT[q] : undefined) ?? QUALITY_LABEL_TEXT[q])
    .join(' · ');
}
