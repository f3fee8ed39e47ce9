import type { z } from 'zod';
import { AppError, knownErrorCode, type ErrorCode } from '../core/errors';
import { ROLE_RANK, type Role } from '../core/roles';
import { contract, type MethodName, type MethodSpec } from './contract';
import type { CallOrigin } from './context';
import { handlers, type ApiContext, type CallContext } from './handlers';
import { ReportWorkersUnavailable } from './report-workers';

export interface ApiError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The envelope of every transport. `role` is the caller's role as the station has it at this call (absent for
 * a public method without a session): an open session's screens learn a promotion or demotion from it at once.
 */
export type ApiResponse = { ok: true; result: unknown; role?: Role } | { ok: false; error: ApiError };

function describeIssues(issues: readonly z.core.$ZodIssue[]): {
  message: string;
  issues: { path: string; message: string }[];
} {
  const list = issues
    .slice(0, 20)
    .map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
  return { message: list.map((i) => `${i.path}: ${i.message}`).join('; '), issues: list };
}

const isMethod = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(contract, name);

/**
 * The single entry point of the API for every transport: validates the input against the contract,
 * authenticates the token, authorises the role (or a manager's approval for one action), calls the
 * handler and maps every failure to a typed error. Nothing a caller sends can crash it.
 */
export async function dispatch(
  ctx: ApiContext,
  method: string,
  rawInput: unknown,
  token: string | null,
  /** Who sent it, as the transport knows (server/http.ts: a paired till's token); none: the host's own till. */
  origin: CallOrigin = {},
): Promise<ApiResponse> {
  try {
    if (!isMethod(method)) {
      return {
        ok: false,
        error: { code: 'NOT_FOUND', message: `Unknown API method "${method.slice(0, 60)}".`, details: {} },
      };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const { message, issues } = describeIssues(parsed.error.issues);
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `Invalid input for ${method}: ${message}`,
          details: { issues },
        },
      };
    }
    const { approval, ...input } = parsed.data as { approval?: { managerId: number; pin: string } } & Record<
      string,
      unknown
    >;

    const call: CallContext = { ...ctx, actor: null, token, origin };
    if (spec.role !== 'public') {
      const session = ctx.auth.resolve(token);
      if (!session)
        return {
          ok: false,
          error: {
            code: 'UNAUTHENTICATED',
            message: 'Log in first: this session is missing, expired or ended by a change to its user.',
            details: {},
          },
        };
      const rank = ROLE_RANK[session.user.role];
      call.actor = {
        userId: session.user.id,
        role: session.user.role,
        approvedBy: null,
        // The services work on the caller's till (db/store.ts tillOf); cashiers log in on any till.
        ...(origin.tillId !== undefined ? { tillId: origin.tillId } : {}),
      };
      const approvable = 'approvable' in spec && spec.approvable === true;
      if (approval) {
        if (!approvable) throw new AppError('VALIDATION', `${method} does not take a manager approval.`);
        call.actor.approvedBy = ctx.auth.approve(ctx.store, approval.managerId, approval.pin).id;
      }
      if (rank < ROLE_RANK[spec.role] && !call.actor.approvedBy) {
        if (approvable) {
          throw new AppError('APPROVAL_REQUIRED', `${method} needs a ${spec.role}'s approval (PIN).`, {
            method,
          });
        }
        throw new AppError(
          'FORBIDDEN',
          `${method} is for ${spec.role}s; ${session.user.name} is a ${session.user.role}.`,
          { method },
        );
      }
    }
    const handler = handlers[method] as (c: CallContext, i: unknown) => unknown;
    const result = await runHandler(ctx, method, spec, handler, call, input);
    if (ctx.validateOutput) {
      const out = spec.output.safeParse(result);
      if (!out.success) {
        const { message } = describeIssues(out.error.issues);
        throw new Error(`output of ${method} breaks its contract: ${message}`);
      }
    }
    return { ok: true, result, ...(call.actor ? { role: call.actor.role } : {}) };
  } catch (err) {
    if (err instanceof AppError)
      return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
    const known = knownError(err);
    if (known) return { ok: false, error: known };
    console.error(`[api] ${method} failed:`, err);
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Unexpected error in ${method.slice(0, 60)}: ${message}`,
        details: {},
      },
    };
  }
}

/**
 * A read-only report goes to a report worker when the host started some (server/station.ts), so the main
 * thread keeps answering the tills; if no worker can take it, it runs here as it always did.
 */
async function runHandler(
  ctx: ApiContext,
  method: MethodName,
  spec: MethodSpec,
  handler: (c: CallContext, i: unknown) => unknown,
  call: CallContext,
  input: unknown,
): Promise<unknown> {
  if (spec.offload === true && ctx.reports) {
    try {
      return await ctx.reports.run(method, input, call.actor);
    } catch (err) {
      if (!(err instanceof ReportWorkersUnavailable)) throw err;
    }
  }
  return handler(call, input);
}

/**
 * Errors of core, db and hardware modules carry a code of ours (or one of its aliases, see ERROR_ALIASES);
 * constraint failures are conflicts. tests/api/error-model.test.ts checks every code thrown in the tree is known.
 */
function knownError(err: unknown): ApiError | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  const ours = knownErrorCode(code);
  if (ours) return { code: ours, message: err.message, details: {} };
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return {
      code: 'CONFLICT',
      message: `Refused by the database: ${err.message}`,
      details: { sqlite: code },
    };
  }
  return null;
}
