import { z } from 'zod';
import { fail } from '../core/errors';
import type { Role } from '../core/roles';
import type { Actor } from '../db/store';
import type { CallContext } from './context';
import * as S from './schemas';

export type MinRole = 'public' | Role;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  role: MinRole;
  input: I;
  output: O;
  /** A cashier may call it when a manager approves the single action with their PIN (`approval` in the input). */
  approvable?: boolean;
  /**
   * A read-only report: answered on a report worker's read-only connection (api/report-workers.ts), off the
   * main thread that the tills wait on. Its handler must read ctx.store only: a worker has nothing else.
   */
  offload?: boolean;
}

// Distributive, so that discriminated-union inputs keep their variants.
export type WithoutApproval<T> = T extends unknown ? Omit<T, 'approval'> : never;

/** A handler gets its input as validated (defaults applied, `approval` taken out by the dispatcher). */
export type MethodHandler<I extends z.ZodType, O extends z.ZodType> = (
  ctx: CallContext,
  input: WithoutApproval<z.output<I>>,
) => z.input<O> | Promise<z.input<O>>;

export interface MethodDef<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> extends MethodSpec<I, O> {
  handler: MethodHandler<I, O>;
}

/** A method of a domain module (api/methods/): its spec and its handler, typed from the spec's schemas. */
export const method = <I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>) => def;

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
/** Spread into an approvable method's input: a manager's PIN for this one action. */
export const WithApproval = { approval: S.Approval.optional() };

/**
 * Merges the domain modules (api/methods/index.ts exports `<domain>Methods` from api/methods/<domain>.ts)
 * into one map, remembering each method's module for docs/api.md. A method name defined twice, or an
 * export that does not follow the naming, is refused at start-up rather than one silently winning.
 */
export function assembleDomains(domains: Record<string, Record<string, MethodDef>>): {
  defs: Record<string, MethodDef>;
  modules: Record<string, string>;
} {
  const defs: Record<string, MethodDef> = {};
  const modules: Record<string, string> = {};
  for (const [exportName, methods] of Object.entries(domains)) {
    const domain = /^([a-z][A-Za-z0-9]*)Methods$/.exec(exportName)?.[1];
    if (!domain)
      throw new Error(`api/methods/index.ts exports ${exportName}: a domain is exported as <domain>Methods`);
    for (const [name, def] of Object.entries(methods)) {
      if (name in defs) {
        throw new Error(`API method ${name} is defined in two domain modules (${modules[name]}, ${domain})`);
      }
      defs[name] = def;
      modules[name] = `api/methods/${domain}.ts`;
    }
  }
  return { defs, modules };
}

/** The caller of a method that needs a role (the dispatcher has authenticated it already). */
export function actor(ctx: CallContext): Actor {
  if (!ctx.actor) fail('UNAUTHENTICATED', 'Log in first.', {});
  return ctx.actor;
}
