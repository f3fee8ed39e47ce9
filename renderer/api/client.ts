import type { ApiInput, ApiOutput, MethodName } from '../../api/contract';
import type { ErrorCode } from '../../core/errors';
import type { Role } from '../../core/roles';
import { defaultTransport, type Transport } from './transport';

/** NETWORK is ours: the backend could not be reached, so nothing is known to have happened. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

export class ApiCallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly method: string = '',
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export function isApiError(err: unknown, code?: ApiErrorCode): err is ApiCallError {
  return err instanceof ApiCallError && (code === undefined || err.code === code);
}

export interface CallOptions {
  /** Calls with another session than the current one (a manager's, to check a PIN). */
  token?: string | null;
  /** Cancels the request (a long poll the screen no longer needs). */
  signal?: AbortSignal;
}

let transport: Transport | null = null;
let token: string | null = null;

export function setTransport(next: Transport): void {
  transport = next;
}

export function getTransport(): Transport {
  transport ??= defaultTransport();
  return transport;
}

export function setToken(next: string | null): void {
  token = next;
}

export function getToken(): string | null {
  return token;
}

/** Told of every refusal of a call made with the current session's token (not another one's). */
export type SessionErrorListener = (err: ApiCallError, sessionToken: string) => void;
let sessionErrorListener: SessionErrorListener | null = null;

/**
 * The session store listens here, so that a session the station ended (user deactivated, demoted, PIN
 * changed) is handled once, whichever screen's call found out, instead of by every caller.
 */
export function onSessionError(listener: SessionErrorListener | null): void {
  sessionErrorListener = listener;
}

/** Told the role each answer to the current session's token carries (the station's, at that call). */
export type SessionRoleListener = (role: Role, sessionToken: string) => void;
let sessionRoleListener: SessionRoleListener | null = null;

/** The session store listens here, so that a promotion or demotion shows in the menus at the next call. */
export function onSessionRole(listener: SessionRoleListener | null): void {
  sessionRoleListener = listener;
}

async function send(method: string, input: unknown, options: CallOptions): Promise<unknown> {
  let response;
  const sent = options.token === undefined ? token : options.token;
  try {
    response = await getTransport().send(method, input, sent, options.signal);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ApiCallError('NETWORK', `Could not reach the station: ${reason}`, {}, method);
  }
  if (response.ok) {
    if (response.role && options.token === undefined && sent !== null)
      sessionRoleListener?.(response.role, sent);
    return response.result;
  }
  const e = response.error;
  const error = new ApiCallError(e.code, e.message, e.details ?? {}, method);
  // Before the caller sees it: by then the session is already gone, so its handler knows not to report it.
  if (options.token === undefined && sent !== null) sessionErrorListener?.(error, sent);
  throw error;
}

/** The one typed door to the backend: same method names and shapes as api/contract.ts. */
export function call<M extends MethodName>(
  method: M,
  input: ApiInput<M>,
  options: CallOptions = {},
): Promise<ApiOutput<M>> {
  return send(method, input, options) as Promise<ApiOutput<M>>;
}
