import { z } from 'zod';
import { TILL_KINDS, type TillKind } from '../../core/till-device';
import { backupWithSeals } from '../../db/backup-seals';
import { schemaVersion } from '../../db/open';
import * as settings from '../../db/services/settings';
import { tillIdentity } from '../../db/services/tills';
import { setupStation } from '../../db/services/setup';
import { shopClock } from '../clock';
import { method, Empty } from '../define-method';
import type { CallContext } from '../context';
import * as S from '../schemas';

/** The till (or tablet) a call comes from: its paired device, else the station's own till. */
function callerTill(ctx: CallContext): { tillId: string; tillName: string; tillKind: TillKind } {
  const id = ctx.origin?.deviceId ?? ctx.store.tillId;
  const till = tillIdentity(ctx.store, id);
  return { tillId: id, tillName: till?.name ?? id, tillKind: till?.kind ?? 'till' };
}

/** The station itself: whether it is up, its first run, backups. */
export const systemMethods = {
  'system.info': method({
    summary:
      "Shop name, versions and till of this station; used to check the station is up. `clock` is the shop's time (Africa/Casablanca) from the station's tz database: screens format times with its offsets, never their browser's tz data.",
    role: 'public',
    input: Empty,
    output: z.object({
      app: z.literal('souk-pos'),
      version: z.string(),
      schemaVersion: S.Int,
      tillId: z.string(),
      /** The calling till's (or tablet's) name and kind, for the top bar; the station's own till on its machine. */
      tillName: z.string(),
      tillKind: z.enum(TILL_KINDS),
      shopName: z.string(),
      clock: S.ShopClockOut,
    }),
    handler: (ctx) => ({
      app: 'souk-pos' as const,
      version: ctx.version,
      schemaVersion: schemaVersion(ctx.store.db),
      ...callerTill(ctx),
      shopName: settings.getSettings(ctx.store).shop.name,
      clock: shopClock(ctx.store.now()),
    }),
  }),
  'system.backup': method({
    summary: 'Online backup of the database to a file path on the station (e.g. a USB stick).',
    role: 'admin',
    input: z.object({ path: S.NonEmpty(500) }).strict(),
    output: z.object({
      file: z.string(),
      pages: S.Int,
      /** The copy of the journal's seals beside the backup (`<file>.seals`); null before the first Z close. */
      seals: z.string().nullable(),
    }),
    handler: (ctx, i) => backupWithSeals(ctx.store.db, i.path),
  }),
  'system.setup': method({
    summary: 'First run only (no user yet): creates the first admin and names the shop.',
    role: 'public',
    input: z
      .object({
        adminName: S.NonEmpty(60),
        pin: S.Pin,
        shopName: S.NonEmpty(120),
        language: S.Language.optional(),
      })
      .strict(),
    output: z.object({ token: z.string(), user: S.UserOut }),
    handler: (ctx, i) => {
      const user = setupStation(ctx.store, i);
      const s = ctx.auth.login(ctx.store, user.id, i.pin);
      return { token: s.token, user: s.user };
    },
  }),
};
