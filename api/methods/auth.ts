import { z } from 'zod';
import * as users from '../../db/services/users';
import { method, Empty, Ok, actor } from '../define-method';
import * as S from '../schemas';

/** PIN login and sessions (api/auth.ts keeps them). */
export const authMethods = {
  'auth.users': method({
    summary: 'Active users for the login screen (names and roles only).',
    role: 'public',
    input: Empty,
    output: z.array(z.object({ id: S.Int, name: z.string(), role: S.Role, language: S.Language })),
    handler: (ctx) =>
      users.listUsers(ctx.store).map((u) => ({ id: u.id, name: u.name, role: u.role, language: u.language })),
  }),
  'auth.login': method({
    summary:
      'PIN login; returns a session token for the Authorization: Bearer header. Five wrong PINs lock the user for a minute, doubling with each further lockout.',
    role: 'public',
    input: z.object({ userId: S.Id, pin: S.Pin }).strict(),
    output: z.object({ token: z.string(), user: S.UserOut }),
    handler: (ctx, i) => {
      const s = ctx.auth.login(ctx.store, i.userId, i.pin);
      return { token: s.token, user: s.user };
    },
  }),
  'auth.logout': method({
    summary: 'Ends this session.',
    role: 'cashier',
    input: Empty,
    output: Ok,
    handler: (ctx) => {
      if (ctx.token) ctx.auth.logout(ctx.token);
      return { ok: true as const };
    },
  }),
  'auth.me': method({
    summary: 'The user of this session.',
    role: 'cashier',
    input: Empty,
    output: S.UserOut,
    handler: (ctx) => users.getUser(ctx.store, actor(ctx).userId),
  }),
};
