import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSettings, updateSettings } from '../../db/services/settings';
import { makeFixture, type Fixture } from './fixture';

describe('settings read once per store', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture({ withStock: false, openSession: false });
  });
  afterEach(() => f.close());

  it('sees every update, and never keeps a change that was rolled back', () => {
    expect(getSettings(f.store).shop.name).toBe('Souk POS');
    updateSettings(f.store, f.asAdmin, { shop: { name: 'Boutique Tadamoun' } });
    expect(getSettings(f.store).shop.name).toBe('Boutique Tadamoun');
    expect(() =>
      f.store.tx(() => {
        updateSettings(f.store, f.asAdmin, { shop: { name: 'Jamais' } });
        expect(getSettings(f.store).shop.name).toBe('Jamais');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(getSettings(f.store).shop.name).toBe('Boutique Tadamoun');
  });

  it('hands out copies: a caller changing its copy changes nothing else', () => {
    getSettings(f.store).nomenclature.length = 0;
    expect(getSettings(f.store).nomenclature.length).toBeGreaterThan(0);
  });
});
