/**
 * How a document travels raw over HTTP (api/document-body.ts): the station's server and the renderer's HTTP
 * transport share these names. Plain values, so the renderer can import them without zod or Buffer.
 */

/** The field that holds a document in every result that has one (the contract's name since base64 days). */
export const DOCUMENT_FIELD = 'pdfBase64';
export const PDF_TYPE = 'application/pdf';
/** The rest of a raw document's result, as URI-encoded JSON (labels, pages, warnings; a file name). */
export const RESULT_HEADER = 'x-souk-result';
/**
 * A longer rest goes as JSON with base64 instead: Node's HTTP clients refuse response headers past 16 KB
 * in all, and a rest that long (hundreds of certificate warnings) is not worth a second channel.
 */
export const MAX_RESULT_HEADER = 8 * 1024;

/** Whether an HTTP client's Accept header takes this type itself (not only through a wildcard). */
export function acceptsType(accept: string | undefined, type: string): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [range, ...params] = part.split(';');
    if (range?.trim().toLowerCase() !== type) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
