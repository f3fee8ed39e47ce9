import { gs1CheckDigit } from '../../core/barcode';
import { divRound } from '../../core/money';
import type { ProductInput } from '../services/products';
import type { DemoCooperative, ProductLine } from './catalog';
import type { Prng } from './prng';

/** A product to create, plus what the simulation needs to sell and restock it. */
export interface DemoProduct {
  input: Omit<ProductInput, 'cooperativeId'>;
  popularity: number;
  shelfMonths: number | null;
}

/** Prices end in 0.50 dirham like a shelf label. */
const roundPrice = (centimes: number): number => Math.max(50, divRound(centimes, 50) * 50);

/** An EAN-13 under Morocco's GS1 prefix 611: company prefix, item reference, check digit. */
export function moroccanEan13(company: string, item: number): string {
  const body = `611${company}${String(item).padStart(9 - company.length, '0')}`;
  return body + String(gs1CheckDigit(body));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinName(parts: readonly string[]): string {
  return capitalise(parts.filter((p) => p.length > 0).join(' '));
}

function tiersFor(
  line: ProductLine,
  unit: 'piece' | 'kg' | 'l',
  retail: number,
): [number | null, number | null] {
  if (unit === 'kg') return [2000, 10000];
  if (unit === 'l') return [5000, 20000];
  if (line.tiers === null) return [null, null];
  if (line.tiers) return [line.tiers[0] * 1000, line.tiers[1] * 1000];
  return retail >= 30000 ? [3000, 12000] : [6000, 24000];
}

interface Counters {
  scaleRef: number;
}

function makeProduct(
  line: ProductLine,
  sku: string,
  nameFr: string,
  nameAr: string,
  unit: 'piece' | 'kg' | 'l',
  retail: number,
  labels: readonly string[],
  barcode: { gtin: string } | { internal: true } | { scaleRef: string },
): DemoProduct {
  const retailPrice = roundPrice(retail);
  const [semiMinQty, wholesaleMinQty] = tiersFor(line, unit, retailPrice);
  // Without quantity tiers, one price for everyone: a tier price needs its threshold (core/product-issues.ts).
  const semiPrice = semiMinQty === null ? retailPrice : roundPrice(divRound(retailPrice * 92, 100));
  const wholesalePrice =
    wholesaleMinQty === null ? semiPrice : Math.min(semiPrice, roundPrice(divRound(retailPrice * 85, 100)));
  return {
    input: {
      sku,
      nameFr,
      nameAr,
      unit,
      vatCode: line.vat,
      retailPrice,
      semiPrice,
      wholesalePrice,
      semiMinQty,
      wholesaleMinQty,
      qualityLabels: [...(line.labels ?? []), ...labels],
      scaleRef: 'scaleRef' in barcode ? barcode.scaleRef : null,
      terms:
        line.fixedPayoutBp !== undefined
          ? { kind: 'fixed', payoutPerUnit: divRound(wholesalePrice * line.fixedPayoutBp, 10000) }
          : null,
      barcodes: 'gtin' in barcode ? [barcode.gtin] : [],
      internalBarcode: 'internal' in barcode,
    },
    popularity: line.popularity ?? 1,
    shelfMonths: line.shelfMonths,
  };
}

/**
 * Expands a cooperative's product lines (variants x sizes, plus loose goods) into products.
 * Packaged goods carry the cooperative's GS1 barcode unless the line is marked internal; goods sold
 * by weight get a scale reference for the weight/price labels of the shop's scale.
 */
export function expandCooperative(
  coop: DemoCooperative,
  gs1Company: string,
  counters: Counters,
  rng: Prng,
): DemoProduct[] {
  const out: DemoProduct[] = [];
  let item = rng.int(100, 900);
  for (const line of coop.lines) {
    const variants = line.variants ?? [['', '', 100, []] as const];
    let n = 0;
    for (const [vFr, vAr, factor = 100, vLabels = []] of variants) {
      const name = (extraFr: string, extraAr: string) =>
        line.variantFirst
          ? [joinName([vFr, line.fr, extraFr]), [vAr, line.ar, extraAr].filter(Boolean).join(' ')]
          : [joinName([line.fr, vFr, extraFr]), [line.ar, vAr, extraAr].filter(Boolean).join(' ')];
      for (const [sFr, sAr, price] of line.sizes) {
        n++;
        const [fr, ar] = name(sFr, sAr) as [string, string];
        out.push(
          makeProduct(
            line,
            `${line.sku}-${String(n).padStart(2, '0')}`,
            fr,
            ar,
            'piece',
            divRound(price * factor, 100),
            vLabels,
            line.internal ? { internal: true } : { gtin: moroccanEan13(gs1Company, (item += rng.int(1, 7))) },
          ),
        );
      }
      if (line.bulk) {
        n++;
        const [fr, ar] = name('(vrac)', '(بالتقسيط)') as [string, string];
        const barcode =
          line.bulk.unit === 'kg'
            ? { scaleRef: String(counters.scaleRef++).padStart(5, '0') }
            : { internal: true as const };
        out.push(
          makeProduct(
            line,
            `${line.sku}-${String(n).padStart(2, '0')}`,
            fr,
            ar,
            line.bulk.unit,
            divRound(line.bulk.retail * factor, 100),
            vLabels,
            barcode,
          ),
        );
      }
    }
  }
  return out;
}
