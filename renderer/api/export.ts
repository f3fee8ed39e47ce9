import type { ApiInput } from '../../api/contract';
import { ApiCallError, getToken, getTransport } from './client';

/** Streamed exports the station serves beside /api, keyed by the API method that checks them. */
const EXPORT_PATHS = { 'stock.export': '/export/stock.csv' } as const;

/** Only the station's HTTP host streams files; inside Electron the API goes over IPC, which has no such route yet. */
export function canStreamExports(): boolean {
  return getTransport().kind === 'http';
}

/**
 * Fetches a streamed export with the session's token, as the API is called (JSON body, Bearer token), and
 * hands back its bytes and file name. The station writes it row by row; the browser assembles the file.
 */
export async function fetchExport<M extends keyof typeof EXPORT_PATHS>(
  method: M,
  input: ApiInput<M>,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; fileName: string; type: string }> {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(EXPORT_PATHS[method], {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
  } catch (err) {
    throw new ApiCallError('NETWORK', `Could not reach the station: ${String(err)}`, {}, method);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code: ApiCallError['code']; message: string; details?: Record<string, unknown> };
    } | null;
    const e = body?.error;
    throw new ApiCallError(
      e?.code ?? 'NETWORK',
      e?.message ?? `HTTP ${res.status}`,
      e?.details ?? {},
      method,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export.csv';
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    fileName: name,
    type: res.headers.get('content-type') ?? 'application/octet-stream',
  };
}
