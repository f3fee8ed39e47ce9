import {
  certificateStatus,
  daysBetween,
  deriveLabels,
  type Certificate,
  type CertificateWarning,
} from '../../core/certificate';
import { fail } from '../../core/errors';
import { localDayKey, zoneOffsetMinutes } from '../../core/time';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';

export type { Certificate, CertificateWarning };

/** A scan, not an archive: 2 MB holds a phone photo or a few scanned pages, and keeps backups small. */
export const CERTIFICATE_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;
const DOCUMENT_MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};
export const CERTIFICATE_DOCUMENT_TYPES = Object.keys(DOCUMENT_MAGIC) as [string, ...string[]];

interface Row {
  id: number;
  cooperative_id: number;
  kind: string;
  number: string | null;
  body: string;
  valid_from: string | null;
  valid_to: string | null;
  document_name: string | null;
  document_mime: string | null;
  document_bytes: number | null;
  product_ids: string | null;
}

const SELECT = `SELECT c.id, c.cooperative_id, c.kind, c.number, c.body, c.valid_from, c.valid_to,
    c.document_name, c.document_mime, length(c.document) AS document_bytes,
    (SELECT group_concat(product_id) FROM certificate_products cp WHERE cp.certificate_id = c.id) AS product_ids
  FROM certificates c`;

/** The shop's calendar day now: a certificate valid "to 30/11" is valid all of that day in Casablanca. */
export function shopToday(store: Store): string {
  const now = store.now();
  return localDayKey(now, zoneOffsetMinutes(now));
}

function toCertificate(r: Row, today: string): Certificate {
  const c = { number: r.number, validFrom: r.valid_from, validTo: r.valid_to };
  return {
    id: r.id,
    cooperativeId: r.cooperative_id,
    kind: r.kind,
    number: r.number,
    body: r.body,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    productIds: r.product_ids
      ? r.product_ids
          .split(',')
          .map(Number)
          .sort((a, b) => a - b)
      : [],
    document:
      r.document_name !== null && r.document_mime !== null && r.document_bytes !== null
        ? { name: r.document_name, mime: r.document_mime, bytes: r.document_bytes }
        : null,
    status: certificateStatus(c, today),
  };
}

export function listCertificates(
  store: Store,
  filter: { cooperativeId?: number | null } = {},
): Certificate[] {
  const today = shopToday(store);
  const rows =
    filter.cooperativeId !== undefined && filter.cooperativeId !== null
      ? store.all<Row>(`${SELECT} WHERE c.cooperative_id = ? ORDER BY c.kind, c.id`, filter.cooperativeId)
      : store.all<Row>(`${SELECT} ORDER BY c.cooperative_id, c.kind, c.id`);
  return rows.map((r) => toCertificate(r, today));
}

export function getCertificate(store: Store, id: number): Certificate {
  const r = store.get<Row>(`${SELECT} WHERE c.id = ?`, id);
  if (!r) fail('NOT_FOUND', `No certificate with id ${id}.`, { certificateId: id });
  return toCertificate(r, shopToday(store));
}

export interface CertificateInput {
  cooperativeId: number;
  kind: string;
  number?: string | null;
  body?: string;
  validFrom?: string | null;
  validTo?: string | null;
  productIds?: number[];
}

function checkDates(validFrom: string | null, validTo: string | null): void {
  if (validFrom !== null && validTo !== null && validTo < validFrom) {
    fail('VALIDATION', `A certificate cannot end (${validTo}) before it starts (${validFrom}).`, {
      issues: [{ path: 'validTo', message: 'before validFrom' }],
    });
  }
}

function setProducts(store: Store, certificateId: number, cooperativeId: number, productIds: number[]): void {
  for (const pid of productIds) {
    const p = store.get<{ cooperative_id: number }>('SELECT cooperative_id FROM products WHERE id = ?', pid);
    if (!p) fail('NOT_FOUND', `No product with id ${pid}.`, { productId: pid });
    // A cooperative certifies only what it makes: another's product would borrow its sign.
    if (p.cooperative_id !== cooperativeId) {
      fail('VALIDATION', `Product ${pid} does not belong to the certificate's cooperative.`, {
        issues: [{ path: 'productIds', message: `product ${pid} is another cooperative's` }],
      });
    }
  }
  store.run('DELETE FROM certificate_products WHERE certificate_id = ?', certificateId);
  for (const pid of new Set(productIds)) {
    store.run(
      'INSERT INTO certificate_products (certificate_id, product_id) VALUES (?, ?)',
      certificateId,
      pid,
    );
  }
}

export function createCertificate(store: Store, actor: Actor, input: CertificateInput): Certificate {
  return store.tx(() => {
    if (!store.get('SELECT 1 FROM cooperatives WHERE id = ?', input.cooperativeId)) {
      fail('NOT_FOUND', `No cooperative with id ${input.cooperativeId}.`, {
        cooperativeId: input.cooperativeId,
      });
    }
    const validFrom = input.validFrom ?? null;
    const validTo = input.validTo ?? null;
    checkDates(validFrom, validTo);
    const now = store.now();
    const { lastInsertRowid: id } = store.run(
      `INSERT INTO certificates (cooperative_id, kind, number, body, valid_from, valid_to, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.cooperativeId,
      input.kind,
      input.number ?? null,
      input.body ?? '',
      validFrom,
      validTo,
      now,
      now,
    );
    setProducts(store, id, input.cooperativeId, input.productIds ?? []);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'certificate.create',
      ref: `certificate:${id}`,
      payload: input,
    });
    return getCertificate(store, id);
  });
}

export type CertificatePatch = Partial<Omit<CertificateInput, 'cooperativeId'>>;

/** Completes or renews a certificate (new number, new dates): the flags it raised clear at once. */
export function updateCertificate(
  store: Store,
  actor: Actor,
  id: number,
  patch: CertificatePatch,
): Certificate {
  return store.tx(() => {
    const before = getCertificate(store, id);
    const validFrom = patch.validFrom !== undefined ? patch.validFrom : before.validFrom;
    const validTo = patch.validTo !== undefined ? patch.validTo : before.validTo;
    checkDates(validFrom, validTo);
    store.run(
      `UPDATE certificates SET kind = ?, number = ?, body = ?, valid_from = ?, valid_to = ?, migrated = 0, updated_at = ?
       WHERE id = ?`,
      patch.kind ?? before.kind,
      patch.number !== undefined ? patch.number : before.number,
      patch.body ?? before.body,
      validFrom,
      validTo,
      store.now(),
      id,
    );
    if (patch.productIds) setProducts(store, id, before.cooperativeId, patch.productIds);
    appendJournal(store, {
      userId: actor.userId,
      kind: 'certificate.update',
      ref: `certificate:${id}`,
      payload: patch,
    });
    return getCertificate(store, id);
  });
}

/** Attaches the scanned certificate (PDF, PNG or JPEG, checked by its first bytes, at most 2 MB). */
export function uploadCertificateDocument(
  store: Store,
  actor: Actor,
  id: number,
  doc: { name: string; mime: string; base64: string },
): Certificate {
  const bytes = Buffer.from(doc.base64, 'base64');
  if (bytes.length === 0 || bytes.length > CERTIFICATE_DOCUMENT_MAX_BYTES) {
    fail(
      'CERTIFICATE_DOCUMENT_REJECTED',
      `A certificate's document must be 1 byte to 2 MB (${bytes.length} bytes).`,
      {
        bytes: bytes.length,
        maxBytes: CERTIFICATE_DOCUMENT_MAX_BYTES,
      },
    );
  }
  const check = DOCUMENT_MAGIC[doc.mime];
  if (!check || !check(bytes)) {
    fail(
      'CERTIFICATE_DOCUMENT_REJECTED',
      `The document is not a ${doc.mime} file (a PDF, PNG or JPEG scan).`,
      {
        mime: doc.mime,
      },
    );
  }
  return store.tx(() => {
    getCertificate(store, id);
    store.run(
      'UPDATE certificates SET document = ?, document_name = ?, document_mime = ?, updated_at = ? WHERE id = ?',
      bytes,
      doc.name,
      doc.mime,
      store.now(),
      id,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'certificate.document',
      ref: `certificate:${id}`,
      payload: { name: doc.name, mime: doc.mime, bytes: bytes.length },
    });
    return getCertificate(store, id);
  });
}

export function certificateDocument(
  store: Store,
  id: number,
): { name: string; mime: string; base64: string } {
  const r = store.get<{
    document: Buffer | null;
    document_name: string | null;
    document_mime: string | null;
  }>('SELECT document, document_name, document_mime FROM certificates WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No certificate with id ${id}.`, { certificateId: id });
  if (!r.document || !r.document_name || !r.document_mime) {
    fail('NOT_FOUND', `Certificate ${id} has no document.`, { certificateId: id });
  }
  return { name: r.document_name, mime: r.document_mime, base64: r.document.toString('base64') };
}

/** Certificates ending within `days` (or already ended), soonest first, with the days left (negative: ended). */
export function expiringCertificates(store: Store, days: number): (Certificate & { daysLeft: number })[] {
  const today = shopToday(store);
  return store
    .all<Row>(
      `${SELECT} WHERE c.valid_to IS NOT NULL AND c.valid_to <= date(?, '+' || ? || ' days') ORDER BY c.valid_to, c.id`,
      today,
      days,
    )
    .map((r) => ({ ...toCertificate(r, today), daysLeft: daysBetween(today, r.valid_to ?? today) }));
}

/**
 * Each product's quality signs and warnings, from the certificates covering it (listed for it, or held by
 * its cooperative for all its products). Products without any certificate have no sign.
 */
export function productCertificates(
  store: Store,
  productIds: readonly number[],
): Map<number, { labels: string[]; warnings: CertificateWarning[] }> {
  const today = shopToday(store);
  const out = new Map<number, { labels: string[]; warnings: CertificateWarning[] }>();
  const ids = [...new Set(productIds)];
  // In slices: SQLite's bound-parameter limit, and a sheet of 200 products is one query.
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const marks = slice.map(() => '?').join(',');
    const rows = store.all<{
      product_id: number;
      id: number;
      kind: string;
      number: string | null;
      valid_from: string | null;
      valid_to: string | null;
    }>(
      `SELECT p.id AS product_id, c.id, c.kind, c.number, c.valid_from, c.valid_to
       FROM products p JOIN certificates c ON c.cooperative_id = p.cooperative_id
       WHERE p.id IN (${marks})
         AND (EXISTS (SELECT 1 FROM certificate_products cp WHERE cp.certificate_id = c.id AND cp.product_id = p.id)
           OR NOT EXISTS (SELECT 1 FROM certificate_products cp WHERE cp.certificate_id = c.id))
       ORDER BY c.id`,
      ...slice,
    );
    for (const pid of slice) {
      const mine = rows
        .filter((r) => r.product_id === pid)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          validTo: r.valid_to,
          status: certificateStatus(
            { number: r.number, validFrom: r.valid_from, validTo: r.valid_to },
            today,
          ),
        }));
      out.set(pid, deriveLabels(pid, mine));
    }
  }
  return out;
}

/** The warnings alone, for receiving and the stock list. */
export function certificateWarnings(store: Store, productIds: readonly number[]): CertificateWarning[] {
  return [...productCertificates(store, productIds).values()].flatMap((p) => p.warnings);
}
