/**
 * Certificates a cooperative holds for some of its products (issue 13): quality signs (organic, IGP, AOP,
 * Label agricole, Morocco Handmade...) and the ONSSA sanitary authorisation of food cooperatives. A product's
 * quality labels are derived from them, so a sign is printed only while a certificate backs it.
 * Pure: the day ("yyyy-mm-dd", the shop's calendar) is given by the caller.
 */

/** Kinds the shop knows; the first six are the signs a label can print (hardware/labels/label-model.ts). */
export const CERTIFICATE_KINDS = [
  'organic',
  'igp',
  'aop',
  'fairtrade',
  'label-agricole',
  'halal',
  'morocco-handmade',
  'onssa',
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/**
 * - valid: number known and today within valid_from..valid_to (inclusive, a null bound is open);
 * - expired / not_yet_valid: printed on no label, flagged at receiving and in the stock list;
 * - to_complete: a free-text label migrated from before certificates, number or dates unknown. It keeps
 *   printing (it is what the shop printed until now) but is flagged everywhere until a manager completes it.
 */
export type CertificateStatus = 'valid' | 'expired' | 'not_yet_valid' | 'to_complete';

export interface Certificate {
  id: number;
  cooperativeId: number;
  kind: string;
  number: string | null;
  body: string;
  validFrom: string | null;
  validTo: string | null;
  /** Empty: the certificate covers every product of its cooperative (an ONSSA authorisation does). */
  productIds: number[];
  document: { name: string; mime: string; bytes: number } | null;
  status: CertificateStatus;
}

/** One certificate that does not back a product today, as receiving, labels and the stock list report it. */
export interface CertificateWarning {
  productId: number;
  certificateId: number;
  kind: string;
  status: Exclude<CertificateStatus, 'valid'>;
  validTo: string | null;
}

export function certificateStatus(
  c: { number: string | null; validFrom: string | null; validTo: string | null },
  today: string,
): CertificateStatus {
  if (c.validTo !== null && c.validTo < today) return 'expired';
  if (c.validFrom !== null && c.validFrom > today) return 'not_yet_valid';
  // No end date, no start date or no number: nothing a tax inspector could check yet.
  if (c.number === null || c.validTo === null || c.validFrom === null) return 'to_complete';
  return 'valid';
}

/** Whether a certificate in this state may be printed on a label as a quality sign. */
export const printable = (s: CertificateStatus): boolean => s === 'valid' || s === 'to_complete';

/**
 * A product's quality signs from the certificates covering it: a kind is kept when at least one of its
 * certificates is printable (a renewed certificate beside an expired one clears it), and the other
 * certificates of kinds left without one are the warnings.
 */
export function deriveLabels(
  productId: number,
  certificates: readonly Pick<Certificate, 'id' | 'kind' | 'validTo' | 'status'>[],
): { labels: string[]; warnings: CertificateWarning[] } {
  const labels = [...new Set(certificates.filter((c) => printable(c.status)).map((c) => c.kind))].sort();
  const warnings: CertificateWarning[] = [];
  for (const c of certificates) {
    if (c.status === 'valid') continue;
    if (c.status !== 'to_complete' && labels.includes(c.kind)) continue;
    warnings.push({ productId, certificateId: c.id, kind: c.kind, status: c.status, validTo: c.validTo });
  }
  return { labels, warnings };
}

/** Days from one shop day to another ("yyyy-mm-dd"), for "expiring within N days". */
export function daysBetween(from: string, to: string): number {
  const t = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((t(to) - t(from)) / 86_400_000);
}
