import type { ErrorCode } from '../../core/errors';
import type { Role } from '../../core/roles';
import { DOCUMENT_FIELD, PDF_TYPE, RESULT_HEADER } from '../../api/document-wire';

export interface WireError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** The dispatcher's envelope, the same over HTTP and IPC; `role` is the caller's role at this call. */
export type WireResponse = { ok: true; result: unknown; role?: Role } | { ok: false; error: WireError };

/**
 * A transport only moves an envelope; it throws (any error) when the backend could not be reached,
 * which the client turns into a NETWORK error the cashier can retry.
 */
export interface Transport {
  readonly kind: 'http' | 'ipc' | 'fake';
  /** `signal` cancels a long poll; a transport that cannot cancel lets the answer arrive and be ignored. */
  send(method: string, input: unknown, token: string | null, signal?: AbortSignal): Promise<WireResponse>;
}

function isEnvelope(value: unknown): value is WireResponse {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

export function httpTransport(baseUrl = ''): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    kind: 'http',
    async send(method, input, token, signal) {
      const res = await fetch(`${base}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        ...(signal ? { signal } : {}),
        headers: {
          'content-type': 'application/json',
          // A document (a label sheet, a statement) comes as its own bytes rather than base64 in JSON.
          accept: `application/json, ${PDF_TYPE}`,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(input ?? {}),
      });
      if (res.ok && res.headers.get('content-type') === PDF_TYPE) return documentAnswer(res);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new Error(`HTTP ${res.status}: the station answered without a JSON envelope`);
      }
      if (!isEnvelope(body)) throw new Error(`HTTP ${res.status}: unexpected answer from the station`);
      return body;
    },
  };
}

/** A raw document answer (api/document-body.ts) as the envelope every caller reads: the bytes in their field. */
async function documentAnswer(res: Response): Promise<WireResponse> {
  let rest: unknown;
  try {
    rest = JSON.parse(decodeURIComponent(res.headers.get(RESULT_HEADER) ?? '{}'));
  } catch {
    throw new Error(`HTTP ${res.status}: the station sent a document without a readable result`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { ok: true, result: { ...(rest as Record<string, unknown>), [DOCUMENT_FIELD]: bytes } };
}

export function ipcTransport(bridge: SoukBridge): Transport {
  return {
    kind: 'ipc',
    async send(method, input, token) {
      const body = await bridge.call(method, input ?? {}, token);
      if (!isEnvelope(body)) throw new Error('unexpected answer from the IPC bridge');
      return body;
    },
  };
}

/** IPC inside Electron (the preload defines window.souk), HTTP to the same origin everywhere else. */
export function defaultTransport(): Transport {
  if (typeof window !== 'undefined' && window.souk) return ipcTransport(window.souk);
  return httpTransport('');
}
