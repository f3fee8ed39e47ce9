import { z } from 'zod';
import { DOCUMENT_FIELD, PDF_TYPE, RESULT_HEADER } from './document-wire';

export { DOCUMENT_FIELD, MAX_RESULT_HEADER, PDF_TYPE, RESULT_HEADER, acceptsType } from './document-wire';

/**
 * A document's bytes inside a method's result (a label sheet, a statement PDF). Handlers give the bytes
 * themselves: a report worker hands them to the main thread without a copy (transferOf), the IPC bridge
 * passes them as they are, and the station's HTTP server writes them straight to the socket as the body,
 * with the document's content type, to a client that accepts it (documentOf). Only a JSON answer carries
 * them as base64 text, encoded once, as the answer is sent (withBase64): a 200 x 400 label sheet used to
 * be a 21 MB base64 string on the station's main thread, then a JSON text around it, then its bytes.
 */
export const DocumentBody = z
  .custom<string | Uint8Array>(
    (v) => typeof v === 'string' || v instanceof Uint8Array,
    'must be the document: its bytes, or base64 text',
  )
  // What the docs show is the JSON wire: a plain HTTP client gets base64 text.
  .meta({
    type: 'string',
    contentEncoding: 'base64',
    description: `The PDF: base64 text in JSON. Over IPC its bytes; over HTTP with "Accept: ${PDF_TYPE}" the answer's body is the PDF itself and the rest of the result is URI-encoded JSON in the ${RESULT_HEADER} header.`,
  });

export interface RawDocument {
  bytes: Uint8Array;
  type: string;
  fileName: string | null;
  /** The result without its document. */
  rest: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The document a result holds as bytes, or null (no document, or one already in base64). */
export function documentOf(result: unknown): RawDocument | null {
  if (!isRecord(result)) return null;
  const bytes = result[DOCUMENT_FIELD];
  if (!(bytes instanceof Uint8Array)) return null;
  const { [DOCUMENT_FIELD]: _bytes, ...rest } = result;
  return {
    bytes,
    type: PDF_TYPE,
    fileName: typeof rest.fileName === 'string' ? rest.fileName : null,
    rest,
  };
}

/** The result as JSON must carry it: the document's bytes as base64 text (the same object if it has none). */
export function withBase64(result: unknown): unknown {
  const doc = documentOf(result);
  if (!doc) return result;
  const b = doc.bytes;
  return {
    ...(result as Record<string, unknown>),
    [DOCUMENT_FIELD]: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'),
  };
}

/**
 * What a worker's reply can hand over instead of copying: the document's own buffer. A view on part of a
 * larger buffer (a pooled Buffer) is first cut out, since a structured clone of a view copies the whole
 * buffer beneath it and transferring it would take the rest away from its other users.
 */
export function transferOf(result: unknown): { result: unknown; transfer: ArrayBuffer[] } {
  const doc = documentOf(result);
  if (!doc) return { result, transfer: [] };
  const b = doc.bytes;
  const own =
    b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
      ? b
      : new Uint8Array(b);
  return {
    result: { ...(result as Record<string, unknown>), [DOCUMENT_FIELD]: own },
    transfer: [own.buffer as ArrayBuffer],
  };
}
