import type { z } from 'zod';
import { assembleDomains, type MethodDef, type MethodSpec } from './define-method';
import * as domains from './methods';

export type { MethodSpec, MinRole } from './define-method';

type Domains = typeof domains;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
type AllMethods = UnionToIntersection<Domains[keyof Domains]>;
type SpecOf<D> = D extends MethodDef<infer I, infer O> ? MethodSpec<I, O> : never;
export type Contract = { [M in keyof AllMethods]: SpecOf<AllMethods[M]> };

const assembled = assembleDomains(domains as unknown as Record<string, Record<string, MethodDef>>);

/** Every domain's methods in one map, specs with their handlers (api/methods/index.ts lists the domains). */
export const methodDefs = assembled.defs as unknown as { [M in keyof AllMethods]: AllMethods[M] };

/**
 * The one contract between every screen and the backend: method name -> summary, input and output
 * schemas, minimum role (the specs of api/methods/*, without their handlers). The HTTP station server,
 * Electron IPC and tests all dispatch through it; the renderer imports its types only.
 * How to add a method or a domain: api/methods/index.ts.
 */
export const contract = Object.fromEntries(
  Object.entries(methodDefs as Record<string, MethodDef>).map(([name, { handler: _handler, ...spec }]) => [
    name,
    spec,
  ]),
) as unknown as Contract;

export type MethodName = keyof Contract;

/** The file that defines each method (spec and handler), e.g. api/methods/sales.ts. */
export const METHOD_MODULE = assembled.modules as Record<MethodName, string>;
export type ApiInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ApiOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
