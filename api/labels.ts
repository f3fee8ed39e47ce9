import { fail } from '../core/errors';
import { getProduct, updateProduct } from '../db/services/products';
import type { Actor, Store } from '../db/store';
import { labelEscpos } from '../hardware/labels/label-escpos';
import { QUALITY_LABELS, type ProductLabel, type QualityLabel } from '../hardware/labels/label-model';
import { labelSheetPdf, labelsPerSheet, type SheetLayout } from '../documents/label-sheet-pdf';

/**
 * The label of a product. A product without an EAN-13 gets a shop-made one from the nomenclature's
 * internal range first (recorded like any product change), so the label it prints will scan.
 */
export function productLabel(
  store: Store,
  actor: Actor,
  productId: number,
  bestBefore: string | null,
  lot?: string,
): ProductLabel {
  let product = getProduct(store, productId);
  let code = product.barcodes.find((c) => c.length === 13);
  if (!code) {
    product = updateProduct(store, actor, productId, { internalBarcode: true });
    code = product.barcodes.find((c) => c.length === 13);
    if (!code) fail('INTERNAL', `Could not give ${product.sku} an internal barcode.`, {});
  }
  return {
    code,
    nameFr: product.nameFr,
    nameAr: product.nameAr,
    unit: product.unit,
    prices: {
      retail: { price: product.retailPrice, minQuantity: product.unit === 'piece' ? 1000 : 1 },
      ...(product.semiMinQty ? { semi: { price: product.semiPrice, minQuantity: product.semiMinQty } } : {}),
      ...(product.wholesaleMinQty
        ? { wholesale: { price: product.wholesalePrice, minQuantity: product.wholesaleMinQty } }
        : {}),
    },
    qualityLabels: product.qualityLabels.filter((q): q is QualityLabel =>
      (QUALITY_LABELS as readonly string[]).includes(q),
    ),
    ...(bestBefore ? { bestBefore } : {}),
    ...(lot?.trim() ? { lot: lot.trim() } : {}),
    cooperative: product.cooperativeName,
  };
}

export function labelSheet(
  store: Store,
  actor: Actor,
  input: {
    items: { productId: number; copies: number; bestBefore?: string | null; lot?: string }[];
    layout: SheetLayout;
    startAt?: number;
  },
): { pdfBase64: string; labels: number; pages: number } {
  const perSheet = labelsPerSheet(input.layout);
  const startAt = input.startAt ?? 0;
  // Checked before any product is given an internal barcode: a refused sheet changes nothing.
  if (startAt >= perSheet) {
    const message = `must be 0 to ${perSheet - 1} on a ${input.layout} sheet`;
    fail('VALIDATION', `Invalid input for labels.sheet: startAt: ${message}`, {
      issues: [{ path: 'startAt', message }],
    });
  }
  const labels: ProductLabel[] = [];
  for (const item of input.items) {
    const label = productLabel(store, actor, item.productId, item.bestBefore ?? null, item.lot);
    for (let i = 0; i < item.copies; i++) labels.push(label);
  }
  const pdf = labelSheetPdf(labels, { layout: input.layout, startAt });
  return {
    pdfBase64: Buffer.from(pdf).toString('base64'),
    labels: labels.length,
    pages: Math.ceil((startAt + labels.length) / perSheet),
  };
}

export function labelBytes(
  store: Store,
  actor: Actor,
  productId: number,
  bestBefore: string | null,
  widthDots: number,
  lot?: string,
): Buffer {
  return Buffer.from(
    labelEscpos(productLabel(store, actor, productId, bestBefore, lot), { widthDots, cut: true }),
  );
}
