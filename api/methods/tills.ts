import { z } from 'zod';
import { fail } from '../../core/errors';
import {
  TILL_KINDS,
  TILL_STATUSES,
  type PairingCode,
  type ShopZ,
  type TillDevice,
} from '../../core/till-device';
import { shopZ } from '../../db/services/shop-z';
import * as tills from '../../db/services/tills';
import type { Store } from '../../db/store';
import type { CallContext } from '../context';
import { actor, Empty, method } from '../define-method';
import { PairingLimiter } from '../pairing-limiter';
import * as S from '../schemas';

const TillKind = z.enum(TILL_KINDS);
const TillId = z.string().trim().min(1).max(16);

const TillDeviceOut = S.sends<TillDevice>()(
  z.object({
    id: z.string(),
    name: z.string(),
    kind: TillKind,
    status: z.enum(TILL_STATUSES),
    createdAt: S.Int.nullable(),
    pairedAt: S.Int.nullable(),
    revokedAt: S.Int.nullable(),
    codeExpiresAt: S.Int.nullable(),
    nextReceiptNo: S.Int,
    openSession: z
      .object({ id: S.Int, openedAt: S.Int, openedBy: S.Int, openedByName: z.string() })
      .nullable(),
  }),
);

const PairingCodeOut = S.sends<PairingCode>()(
  z.object({ tillId: z.string(), code: z.string(), fullCode: z.string().nullable(), expiresAt: S.Int }),
);

const Methods = z.object({ cash: S.Int, card: S.Int, mobile: S.Int, voucher: S.Int });
const ZTotalsFields = {
  sessions: S.Int,
  salesCount: S.Int,
  salesTotal: S.Int,
  discountTotal: S.Int,
  voidCount: S.Int,
  voidTotal: S.Int,
  refundCount: S.Int,
  refundTotal: S.Int,
  byMethod: Methods,
  refundsByMethod: Methods,
  vatByCode: z.array(z.object({ vatCode: z.string(), amount: S.Int })),
  cashIn: S.Int,
  cashOut: S.Int,
  expectedCash: S.Int,
  countedCash: S.Int,
  variance: S.Int,
};
const ShopZOut = S.sends<ShopZ>()(
  z.object({
    day: z.string(),
    tills: z.array(
      z.object({ ...ZTotalsFields, tillId: z.string(), tillName: z.string(), sessionIds: z.array(S.Int) }),
    ),
    shop: z.object(ZTotalsFields),
    openSessions: z.array(z.object({ sessionId: S.Int, tillId: z.string(), openedAt: S.Int })),
  }),
);

/** One limiter per station (per database opened by a host), like the PIN lockouts of api/auth.ts. */
const limiters = new WeakMap<Store, PairingLimiter>();
function limiterOf(ctx: CallContext): PairingLimiter {
  let l = limiters.get(ctx.store);
  if (!l) {
    l = new PairingLimiter(() => ctx.store.now());
    limiters.set(ctx.store, l);
  }
  return l;
}

const station = (ctx: CallContext): tills.StationIdentity => ctx.lan ?? { addresses: [], fingerprint: null };

/** The shop's tills and back-office tablets: registry, pairing, revocation; the shop-level Z of a day. */
export const tillsMethods = {
  'tills.pair': method({
    summary:
      'Trades a one-time pairing code (`ABCDE-FGHJK`, or the `souk-pair:` form) for the device token, sent from then on as the `x-souk-till` header (a browser gets it as an HttpOnly cookie). Wrong codes are rate-limited like PINs (LOCKED_OUT).',
    role: 'public',
    input: z.object({ code: z.string().max(400) }).strict(),
    output: z.object({
      tillId: z.string(),
      tillName: z.string(),
      kind: TillKind,
      token: z.string(),
      shopName: z.string(),
      certFingerprint: z.string().nullable(),
    }),
    handler: (ctx, i) => {
      const peer = ctx.origin?.peer ?? 'local';
      const limiter = limiterOf(ctx);
      limiter.check(peer);
      try {
        const paired = tills.pairTill(ctx.store, i.code);
        limiter.succeeded(peer);
        return { ...paired, certFingerprint: station(ctx).fingerprint };
      } catch (err) {
        limiter.failed(peer);
        throw err;
      }
    },
  }),
  'tills.list': method({
    summary:
      "The shop's tills and back-office tablets (status, open session), and how tills find the station: its LAN addresses and certificate fingerprint.",
    role: 'manager',
    input: Empty,
    output: z.object({
      tills: z.array(TillDeviceOut),
      station: z.object({ addresses: z.array(z.string()), fingerprint: z.string().nullable() }),
    }),
    handler: (ctx) => ({ tills: tills.listTillDevices(ctx.store), station: station(ctx) }),
  }),
  'tills.create': method({
    summary:
      'Adds a till (id like T2) or a back-office tablet (kind backoffice: no cash) and returns its one-time pairing code (15 minutes).',
    role: 'manager',
    input: z.object({ id: TillId, name: S.NonEmpty(60), kind: TillKind.optional() }).strict(),
    output: z.object({ till: TillDeviceOut, pairing: PairingCodeOut }),
    handler: (ctx, i) => tills.createTill(ctx.store, actor(ctx), i, station(ctx)),
  }),
  'tills.newCode': method({
    summary:
      'A new one-time pairing code for a till (a new machine, a lost token, a revoked till brought back); it replaces any earlier code, and pairing with it locks out the previous device.',
    role: 'manager',
    input: z.object({ tillId: TillId }).strict(),
    output: PairingCodeOut,
    handler: (ctx, i) => tills.newPairingCode(ctx.store, actor(ctx), i.tillId, station(ctx)),
  }),
  'tills.revoke': method({
    summary:
      'Revokes a till or tablet at once: its token gets TILL_REVOKED on every call, its live code is dropped.',
    role: 'manager',
    input: z.object({ tillId: TillId }).strict(),
    output: TillDeviceOut,
    handler: (ctx, i) => {
      if (ctx.origin?.deviceId === i.tillId) {
        fail('CONFLICT', 'A device cannot revoke itself: do it from another till or the station.', {
          tillId: i.tillId,
        });
      }
      return tills.revokeTill(ctx.store, actor(ctx), i.tillId);
    },
  }),
  'tills.rename': method({
    summary: 'Renames a till or tablet (the name shown in its top bar and on the manager screens).',
    role: 'manager',
    input: z.object({ tillId: TillId, name: S.NonEmpty(60) }).strict(),
    output: TillDeviceOut,
    handler: (ctx, i) => tills.renameTill(ctx.store, actor(ctx), i.tillId, i.name),
  }),
  'tills.shopZ': method({
    summary:
      "The shop-level Z of a day (yyyy-mm-dd, shop time; today by default): each till's sessions closed that day and their sum — totals, payments by method, VAT, each drawer's variance.",
    role: 'manager',
    input: z
      .object({
        day: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as yyyy-mm-dd')
          .optional(),
      })
      .strict(),
    output: ShopZOut,
    handler: (ctx, i) => shopZ(ctx.store, i.day),
  }),
};
