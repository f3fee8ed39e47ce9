/**
 * The shop's one way of asking HQ anything (journal push, catalogue pull, transfers): HQ's URL, this shop's
 * id and push key, and the fingerprint of HQ's certificate, pinned like a till pins its station's.
 *
 * The rule: HQ is reached over https:// with its certificate's SHA-256 fingerprint configured beside the
 * URL, through a pinned transport (server/hq-tls.ts, on server/pinned-fetch.ts) that checks the fingerprint
 * after the handshake and before one byte of the request (the push key, the journal) is written; another
 * certificate is HQ_CERT_MISMATCH. Plain http:// is only for an HQ on this very machine (127.0.0.1, ::1,
 * localhost: the demo and the tests), where nothing crosses a network; any other http:// URL, or https://
 * without a fingerprint, is HQ_INSECURE_URL, refused before any connection is made. db/ may not import the
 * server's TLS code, so the host (station, shell) hands the pinned transport in.
 */
import { AppError, knownErrorCode, type ErrorCode } from '../../core/errors';
import { isLoopbackHost } from '../../core/loopback';
import { HQ_SHOP_HEADER } from '../../core/hq-wire';
import { normalizeFingerprint } from '../../core/pairing-code';

export interface HqExchangeInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One HTTP exchange with HQ: the status and the body's text. Throws on a link that gave no answer. */
export type HqTransport = (url: string, init: HqExchangeInit) => Promise<{ status: number; body: string }>;

export interface HqPushConfig {
  /** HQ's base URL, e.g. https://hq.example:8790 */
  url: string;
  shopId: string;
  key: string;
  /** SHA-256 fingerprint of HQ's certificate (hex pairs, colons optional); required for https://. */
  fingerprint?: string | null;
  /** The pinned HTTPS transport for that fingerprint, given by the host (server/hq-tls.ts pinHqLink). */
  transport?: HqTransport | null;
}

/** Whether a URL names this machine (what plain HTTP is allowed for). */
export function isLoopbackUrl(url: URL): boolean {
  return isLoopbackHost(url.hostname);
}

/**
 * Checks a configuration against the rule above, as a host reads it (a wrong one stops the start with this
 * message rather than failing at every push); returns it with the fingerprint normalised.
 */
export function checkHqLink<T extends HqPushConfig>(config: T): T {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new AppError('HQ_INSECURE_URL', `"${config.url}" is not a URL`);
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackUrl(url)) {
      throw new AppError(
        'HQ_INSECURE_URL',
        `HQ at ${config.url}: plain http:// is for an HQ on this machine only; use https:// with HQ's certificate fingerprint`,
      );
    }
    return config;
  }
  if (url.protocol !== 'https:') {
    throw new AppError('HQ_INSECURE_URL', `HQ at ${config.url}: only https:// (or http:// on this machine)`);
  }
  const fp = config.fingerprint ? normalizeFingerprint(config.fingerprint) : null;
  if (!fp) {
    throw new AppError(
      'HQ_INSECURE_URL',
      config.fingerprint
        ? `"${config.fingerprint}" is not a SHA-256 certificate fingerprint`
        : `HQ at ${config.url}: https:// needs HQ's certificate fingerprint (--hq-fingerprint, SOUK_HQ_FINGERPRINT)`,
    );
  }
  return { ...config, fingerprint: fp };
}

/** Plain HTTP through fetch: only ever used for a loopback URL (checkHqLink). */
const loopbackTransport: HqTransport = async (url, init) => {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const res = await fetch(url, {
    method: init.method,
    headers: init.headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
  });
  return { status: res.status, body: await res.text() };
};

function transportFor(config: HqPushConfig, url: URL): HqTransport {
  checkHqLink(config);
  if (url.protocol === 'http:') return loopbackTransport;
  if (!config.transport) {
    throw new AppError(
      'HQ_INSECURE_URL',
      `HQ at ${config.url}: no pinned transport for its certificate (the host must pin it: server/hq-tls.ts)`,
    );
  }
  return config.transport;
}

export interface HqAnswer {
  status: number;
  ok: boolean;
  body: unknown;
}

/**
 * One request to HQ with the shop's credentials; HQ's answer parsed, whatever its status. A link that gave
 * no (whole) answer is HQ_UNREACHABLE; the rule's refusals and a certificate that is not HQ's keep their code.
 */
export async function hqExchange(
  config: HqPushConfig,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs: number; cancel?: AbortSignal },
): Promise<HqAnswer> {
  const url = new URL(path, config.url);
  const transport = transportFor(config, url);
  let res: { status: number; body: string };
  try {
    res = await transport(url.href, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${config.key}`,
        [HQ_SHOP_HEADER]: config.shopId,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      timeoutMs: init.timeoutMs,
      ...(init.cancel ? { signal: init.cancel } : {}),
    });
  } catch (err) {
    if (err instanceof AppError && err.code !== 'REQUEST_TIMEOUT') throw err;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new AppError(
      'HQ_UNREACHABLE',
      `HQ unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch (err) {
    throw new AppError('HQ_UNREACHABLE', `HQ answer cut off (${res.status}): ${(err as Error).message}`);
  }
  return { status: res.status, ok: res.status >= 200 && res.status < 300, body };
}

/** HQ's typed refusal in an answer: its code (HQ_UNREACHABLE when it named none we know), message, details. */
export function hqRefusalOf(answer: HqAnswer): {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
} {
  const e = (
    answer.body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
  ).error;
  return {
    code: knownErrorCode(e?.code) ?? 'HQ_UNREACHABLE',
    message: e?.message ?? `HQ answered ${answer.status}`,
    details: e?.details ?? {},
  };
}

/** HQ's answer, or its typed refusal; HQ_UNREACHABLE when there is no answer at all. */
export async function hqRequest<T>(
  config: HqPushConfig,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number; cancel?: AbortSignal } = {},
): Promise<T> {
  const answer = await hqExchange(config, path, { ...init, timeoutMs: init.timeoutMs ?? 30_000 });
  if (answer.ok) return answer.body as T;
  const r = hqRefusalOf(answer);
  throw new AppError(r.code, r.message);
}
