import { z } from 'zod';
import * as settings from '../../db/services/settings';
import { method, Empty, actor } from '../define-method';
import * as S from '../schemas';

/** The shop's identity, barcode nomenclature and limits. */
export const settingsMethods = {
  'settings.get': method({
    summary: 'Shop identity (ICE, IF, RC, address, receipt footer) and the barcode nomenclature.',
    role: 'cashier',
    input: Empty,
    output: S.SettingsOut,
    handler: (ctx) => settings.getSettings(ctx.store),
  }),
  'settings.update': method({
    summary:
      'Updates shop identity and/or the barcode nomenclature (validated: rules must be restricted-circulation codes), and the invoicing settings (legal name, RC court, CNSS, default payment terms). A shop ICE must be 15 digits (INVALID_ICE).',
    role: 'admin',
    input: z
      .object({
        shop: S.ShopSchema.partial().optional(),
        nomenclature: z.array(S.NomenclatureRuleSchema).min(1).optional(),
        labelPriceFloorBp: S.Int.refine((n) => n >= 0 && n <= 10000, '0 to 10000').optional(),
        quantityLimits: z.object({ piece: S.Int, kg: S.Int, l: S.Int }).partial().strict().optional(),
        invoicing: S.InvoiceSettingsSchema.partial().strict().optional(),
      })
      .strict(),
    output: S.SettingsOut,
    handler: (ctx, i) => settings.updateSettings(ctx.store, actor(ctx), i),
  }),
};
