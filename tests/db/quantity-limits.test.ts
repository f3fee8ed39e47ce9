import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUANTITY_LIMITS, isAboveQuantityLimit } from '../../core/quantity-limits';
import { getSettings, updateSettings } from '../../db/services/settings';
import { startStation } from '../../server/station';
import { apiCall, apiOk, loginToken } from '../e2e/harness';
import { makeFixture, type Fixture } from './fixture';

describe('quantity limits (the till asks before a line above them)', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterEach(() => f.close());

  it('default to 999 pieces, 100 kg and 100 l, and are strict bounds', () => {
    expect(getSettings(f.store).quantityLimits).toEqual({ piece: 999_000, kg: 100_000, l: 100_000 });
    expect(isAboveQuantityLimit('piece', 999_000, DEFAULT_QUANTITY_LIMITS)).toBe(false);
    expect(isAboveQuantityLimit('piece', 1_000_000, DEFAULT_QUANTITY_LIMITS)).toBe(true);
    // 6,963 pieces: the tail of a cut scan taken as a quantity in issue 8.
    expect(isAboveQuantityLimit('piece', 6_963_000, DEFAULT_QUANTITY_LIMITS)).toBe(true);
    expect(isAboveQuantityLimit('kg', 100_001, DEFAULT_QUANTITY_LIMITS)).toBe(true);
  });

  it('are set per unit, keep the other units, and persist', () => {
    updateSettings(f.store, f.asAdmin, { quantityLimits: { piece: 50_000 } });
    expect(getSettings(f.store).quantityLimits).toEqual({ piece: 50_000, kg: 100_000, l: 100_000 });
    updateSettings(f.store, f.asAdmin, { quantityLimits: { kg: 25_000 } });
    expect(getSettings(f.store).quantityLimits).toEqual({ piece: 50_000, kg: 25_000, l: 100_000 });
    const row = f.store.get<{ value: string }>("SELECT value FROM settings WHERE key = 'quantityLimits'");
    expect(JSON.parse(row?.value ?? 'null')).toEqual({ piece: 50_000, kg: 25_000, l: 100_000 });
  });

  it('refuse zero, negative, fractional pieces and non-integers, changing nothing', () => {
    for (const bad of [{ piece: 0 }, { kg: -1 }, { piece: 1_500 }, { l: 2.5 }]) {
      expect(() => updateSettings(f.store, f.asAdmin, { quantityLimits: bad })).toThrow(
        expect.objectContaining({ code: 'VALIDATION' }),
      );
    }
    expect(getSettings(f.store).quantityLimits).toEqual(DEFAULT_QUANTITY_LIMITS);
  });
});

describe('quantity limits over the API', () => {
  it('are read by a cashier and written by an admin only', async () => {
    const fx = makeFixture({ withStock: false, openSession: false });
    fx.db.close();
    const station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
    try {
      const admin = await loginToken(station.url, fx.users.admin.id, '9999');
      const cashier = await loginToken(station.url, fx.users.cashier.id, '1357');
      const got = await apiOk<{ quantityLimits: unknown }>(station.url, 'settings.get', {}, cashier);
      expect(got.quantityLimits).toEqual(DEFAULT_QUANTITY_LIMITS);
      const denied = await apiCall(
        station.url,
        'settings.update',
        { quantityLimits: { piece: 5_000 } },
        cashier,
      );
      expect(denied.error?.code).toBe('FORBIDDEN');
      await apiOk(station.url, 'settings.update', { quantityLimits: { piece: 5_000 } }, admin);
      const after = await apiOk<{ quantityLimits: unknown }>(station.url, 'settings.get', {}, cashier);
      expect(after.quantityLimits).toEqual({ ...DEFAULT_QUANTITY_LIMITS, piece: 5_000 });
      const bad = await apiCall(station.url, 'settings.update', { quantityLimits: { kg: 0 } }, admin);
      expect(bad.error?.code).toBe('VALIDATION');
    } finally {
      await station.close();
      rmSync(fx.dir, { recursive: true, force: true });
    }
  }, 60_000);
});
