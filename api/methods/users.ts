import { z } from 'zod';
import * as users from '../../db/services/users';
import { method, Empty, actor } from '../define-method';
import * as S from '../schemas';

/** Users, their roles, PINs and languages. */
export const usersMethods = {
  'users.list': method({
    summary: 'All users, active or not.',
    role: 'manager',
    input: Empty,
    output: z.array(S.UserOut),
    handler: (ctx) => users.listUsers(ctx.store, true),
  }),
  'users.create': method({
    summary:
      'Creates a user with a role and a PIN (stored hashed with scrypt). A manager creates cashiers only (FORBIDDEN otherwise).',
    role: 'manager',
    input: z
      .object({ name: S.NonEmpty(60), role: S.Role, pin: S.Pin, language: S.Language.optional() })
      .strict(),
    output: S.UserOut,
    handler: (ctx, i) => users.createUser(ctx.store, actor(ctx), i),
  }),
  'users.update': method({
    summary:
      "Changes a user's role, PIN, language or active flag. A manager changes cashiers only and cannot promote them (FORBIDDEN).",
    role: 'manager',
    input: z
      .object({
        id: S.Id,
        role: S.Role.optional(),
        pin: S.Pin.optional(),
        language: S.Language.optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    output: S.UserOut,
    handler: (ctx, i) => users.updateUser(ctx.store, actor(ctx), i),
  }),
};
