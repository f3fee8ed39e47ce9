import { fail } from '../core/errors';
import { getProduct, updateProduct } from '../db/services/products';
import { certificateWarnings, productCertificates } from '../db/services/certificates';
import type { CertificateWarning } from '../core/certificate';
import type { Actor, Store } from '../db/store';
import { labelEscpos } from '../hardware/labels/label-escpos';
import { QUALITY_LABELS, type ProductLabel, type QualityLabel } from '../hardware/labels/label-model';
import { labelsPerSheet, type SheetLayout } from '../documents/label-sheet-pdf';
import { renderLabelSheet, type LabelSheetJob, type LabelSheetResult } from './label-render';
import { LABEL_SHEET_JOB, ReportWorkersUnavailable, type ReportRunner } from './report-workers';

/**
 * The quality signs a label may print: those of the product's printable certificates, and a sign the product
 * still claims without any certificate of its kind (entered before certificates; the stock list flags none
 * of them, the certificates screen is where they are recorded). A sign whose certificates are all expired or
 * not yet valid is never printed, whatever the product claims.
 */
function printableSigns(store: Store, productId: number, claims: readonly string[]): QualityLabel[] {
  const state = productCertificates(store, [productId]).get(productId);
  const blocked = new Set(
    (state?.warnings ?? []).filter((w) => w.status !== 'to_complete').map((w) => w.kind),
  );
  const certified = new Set(state?.labels ?? []);
  const signs = new Set([...certified, ...claims.filter((q) => !blocked.has(q))]);
  return QUALITY_LABELS.filter((q) => signs.has(q));
}

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
    qualityLabels: printableSigns(store, productId, product.qualityLabels),
    ...(bestBefore ? { bestBefore } : {}),
    ...(lot?.trim() ? { lot: lot.trim() } : {}),
    cooperative: product.cooperativeName,
  };
}

/**
 * An A4 sheet of labels. The products' internal barcodes are given on this thread, in one short write
 * transaction (the station's single writer), and the sheet is then drawn on a report worker when the host
 * has them (`workers`): a sheet of 200 x 400 labels no longer holds every till's scan for seconds. Without
 * a worker, or when one dies mid-sheet, it is drawn here as before.
 */
export async function labelSheet(
  store: Store,
  actor: Actor,
  input: {
    items: { productId: number; copies: number; bestBefore?: string | null; lot?: string }[];
    layout: SheetLayout;
    startAt?: number;
  },
  workers: ReportRunner | null = null,
): Promise<LabelSheetResult & { warnings: CertificateWarning[] }> {
  const warnings = certificateWarnings(
    store,
    input.items.map((i) => i.productId),
  );
  const sheet = await drawSheet(store, actor, input, workers);
  return { ...sheet, warnings };
}

async function drawSheet(
  store: Store,
  actor: Actor,
  input: Parameters<typeof labelSheet>[2],
  workers: ReportRunner | null,
): Promise<LabelSheetResult> {
  const perSheet = labelsPerSheet(input.layout);
  const startAt = input.startAt ?? 0;
  // Checked before any product is given an internal barcode: a refused sheet changes nothing.
  if (startAt >= perSheet) {
    const message = `must be 0 to ${perSheet - 1} on a ${input.layout} sheet`;
    fail('VALIDATION', `Invalid input for labels.sheet: startAt: ${message}`, {
      issues: [{ path: 'startAt', message }],
    });
  }
  // All or none: a product missing from the middle of the list leaves no barcodes half given.
  const labels = store.tx(() =>
    input.items.map((item) => productLabel(store, actor, item.productId, item.bestBefore ?? null, item.lot)),
  );
  const job: LabelSheetJob = {
    labels,
    copies: input.items.map((i) => i.copies),
    layout: input.layout,
    startAt,
  };
  if (workers) {
    try {
      return (await workers.run(LABEL_SHEET_JOB, job, null)) as LabelSheetResult;
    } catch (err) {
      if (!(err instanceof ReportWorkersUnavailable)) throw err;
    }
  }
  return await renderLabelSheet(job);
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
