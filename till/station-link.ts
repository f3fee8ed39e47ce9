import type { ErrorCode } from '../core/errors';
import { isRole, type Role } from '../core/roles';
import { PinnedAgent, pinnedFetch } from '../server/pinned-fetch';

export interface StationError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** The station's answer, or `unreachable` when no envelope came back (refused, cut, timed out). */
export type StationAnswer =
  | { kind: 'ok'; result: unknown; role?: Role }
  | { kind: 'error'; error: StationError }
  | { kind: 'unreachable'; reason: string };

export interface StationLinkOptions {
  url: string;
  /** The till's pairing token (x-souk-till), once paired. */
  tillToken?: () => string | null;
  /**
   * The station's certificate fingerprint pinned at pairing: an https station is reached only through a
   * connection that presents it (server/pinned-fetch.ts), so no sale or token goes to another server.
   */
  fingerprint?: () => string | null;
  fetchImpl?: typeof fetch;
}

/**
 * The till host's one way to the station: the station's /api/<method> envelope over HTTP(S), each call with
 * its own deadline, so a station that is down, cut off or stuck is one `unreachable` answer rather than a
 * hanging cashier.
 */
export class StationLink {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private agent: PinnedAgent | null = null;

  constructor(private readonly options: StationLinkOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async call(
    method: string,
    input: unknown,
    token: string | null,
    timeoutMs: number,
  ): Promise<StationAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const till = this.options.tillToken?.();
    if (till) headers['x-souk-till'] = till;
    if (this.base.startsWith('https:')) return this.callPinned(method, input, headers, timeoutMs);
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { kind: 'unreachable', reason: describe(err) };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      return { kind: 'unreachable', reason: `HTTP ${res.status} without a JSON envelope (${describe(err)})` };
    }
    return envelopeOf(res.status, body);
  }

  private async callPinned(
    method: string,
    input: unknown,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<StationAnswer> {
    const fingerprint = this.options.fingerprint?.() ?? null;
    if (!fingerprint)
      return { kind: 'unreachable', reason: 'no certificate fingerprint pinned for this station' };
    if (this.agent?.fingerprint !== fingerprint) {
      this.agent?.destroy();
      this.agent = new PinnedAgent(fingerprint);
    }
    try {
      const res = await pinnedFetch(`${this.base}/api/${encodeURIComponent(method)}`, fingerprint, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        timeoutMs,
        agent: this.agent,
      });
      return envelopeOf(res.status, JSON.parse(res.body) as unknown);
    } catch (err) {
      return { kind: 'unreachable', reason: describe(err) };
    }
  }

  close(): void {
    this.agent?.destroy();
    this.agent = null;
  }
}

function envelopeOf(status: number, body: unknown): StationAnswer {
  const env = body as { ok?: unknown; result?: unknown; role?: unknown; error?: StationError };
  // The caller's role at this call rides along, so the till's screens follow a promotion or demotion.
  if (env.ok === true)
    return { kind: 'ok', result: env.result, ...(isRole(env.role) ? { role: env.role } : {}) };
  if (env.ok === false && env.error && typeof env.error.code === 'string')
    return { kind: 'error', error: env.error };
  return { kind: 'unreachable', reason: `HTTP ${status}: not an API envelope` };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const inner = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.name}: ${err.message}${inner}`;
  }
  return String(err);
}
