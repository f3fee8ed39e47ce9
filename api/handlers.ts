import type { z } from 'zod';
import type { CallContext } from './context';
import { methodDefs, METHOD_NAMES, type Contract, type MethodName } from './contract';
import type { WithoutApproval } from './define-method';

export type { ApiContext, CallContext } from './context';

type Input<M extends MethodName> = WithoutApproval<z.output<Contract[M]['input']>>;
type Output<M extends MethodName> = z.input<Contract[M]['output']>;
export type Handlers = {
  [M in MethodName]: (ctx: CallContext, input: Input<M>) => Output<M> | Promise<Output<M>>;
};

/** Every method's handler, as the domain modules (api/methods/) define them beside their specs. */
export const handlers = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, methodDefs[name].handler]),
) as unknown as Handlers;
