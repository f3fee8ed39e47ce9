import { request as httpsRequest, Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { AppError } from '../core/errors';
import { normalizeFingerprint } from '../core/pairing-code';

/**
 * HTTPS to a station whose certificate is pinned by its SHA-256 fingerprint (from the pairing code), for
 * the till host and tests. The station's certificate is self-signed, so Node's CA check is off and the
 * fingerprint is the whole trust: it is checked on every new connection, after the handshake and before
 * the request is handed the socket, so not one byte of a request (a pairing secret, a till token) goes to
 * a server that is not the station. Sessions are not resumed, so no connection skips the check.
 */
export interface PinnedAgentOptions extends AgentOptions {
  /** The error for a server presenting another certificate (a station's by default: DEVICE_NOT_PAIRED). */
  mismatch?: (found: { host: string; port: string; seen: string | null; pinned: string }) => Error;
}

export class PinnedAgent extends Agent {
  readonly fingerprint: string;
  private readonly mismatch: NonNullable<PinnedAgentOptions['mismatch']>;

  constructor(fingerprint: string, { mismatch, ...options }: PinnedAgentOptions = {}) {
    super({ keepAlive: true, ...options, maxCachedSessions: 0 });
    const fp = normalizeFingerprint(fingerprint);
    if (!fp) throw new AppError('VALIDATION', `"${fingerprint}" is not a SHA-256 certificate fingerprint.`);
    this.fingerprint = fp;
    this.mismatch =
      mismatch ??
      (({ host, port, seen, pinned }) =>
        new AppError(
          'DEVICE_NOT_PAIRED',
          `The server at ${host}:${port} is not the paired station: its certificate is ${seen ?? 'missing'}, the pairing pinned ${pinned}.`,
          { expected: pinned, seen },
        ));
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    const socket = connect({
      ...(options as ConnectionOptions),
      rejectUnauthorized: false,
      session: undefined,
    });
    const done = callback ?? (() => {});
    const onError = (err: Error) => done(err, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen !== this.fingerprint) {
        socket.destroy();
        done(
          this.mismatch({
            host: String(options.host ?? ''),
            port: String(options.port ?? ''),
            seen: seen ?? null,
            pinned: this.fingerprint,
          }),
          socket,
        );
        return;
      }
      done(null, socket);
    });
    // Handed to the request later, through the callback: returning it here would let the request write first.
    return undefined;
  }
}

export interface PinnedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface PinnedRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last byte; 30 s unless given. */
  timeoutMs?: number;
  agent?: PinnedAgent;
  /** Abandons the exchange (a host shutting down): the request is destroyed with an AbortError. */
  signal?: AbortSignal;
}

/** One request over a pinned connection; the agent (one per station) keeps connections for the next. */
export function pinnedFetch(
  url: string,
  fingerprint: string,
  init: PinnedRequest = {},
): Promise<PinnedResponse> {
  const agent = init.agent ?? new PinnedAgent(fingerprint, { keepAlive: false });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: init.method ?? 'GET',
        headers: {
          ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }),
          ...init.headers,
        },
        agent,
        // The station is reached by address; the fingerprint, not the name, says who it is.
        checkServerIdentity: () => undefined,
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(init.timeoutMs ?? 30_000, () =>
      req.destroy(new AppError('REQUEST_TIMEOUT', `No answer from ${url} in time.`)),
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** POST /api/<method> with a pinned connection; the envelope as the station sent it. */
export async function pinnedCall(
  baseUrl: string,
  fingerprint: string,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
  agent?: PinnedAgent,
): Promise<{
  status: number;
  body: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}> {
  const res = await pinnedFetch(`${baseUrl}/api/${method}`, fingerprint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
    ...(agent ? { agent } : {}),
  });
  return { status: res.status, body: JSON.parse(res.body) as never };
}

/**
 * The fingerprint a server presents, without sending it anything: for a till paired by typing the short
 * code (no fingerprint in it), which the manager then compares with the one the station shows.
 */
export function peerFingerprint(host: string, port: number, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host, port, rejectUnauthorized: false, servername: undefined });
    const timer = setTimeout(
      () => socket.destroy(new Error(`No TLS handshake from ${host}:${port} in time.`)),
      timeoutMs,
    );
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert: PeerCertificate = socket.getPeerCertificate();
      socket.destroy();
      resolve(cert.fingerprint256);
    });
  });
}
