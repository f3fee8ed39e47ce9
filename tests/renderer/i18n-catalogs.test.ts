// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/errors';
import { ApiCallError } from '../../renderer/api/client';
import { CATALOGS, errorText, formatMoney, LANGUAGES, t, translate, useI18n } from '../../renderer/i18n';

afterEach(() => useI18n.getState().setLang('fr'));

describe('message catalogs', () => {
  it('have the same keys in French, Arabic and English, none empty', () => {
    const frKeys = Object.keys(CATALOGS.fr).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(CATALOGS[lang]).sort()).toEqual(frKeys);
      for (const [key, value] of Object.entries(CATALOGS[lang])) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same {placeholders} in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(CATALOGS.fr)) {
      for (const lang of LANGUAGES) {
        expect(names(CATALOGS[lang][key as keyof typeof CATALOGS.fr]), `${lang}:${key}`).toEqual(
          names(value),
        );
      }
    }
  });

  it('translate every API error code, plus NETWORK', () => {
    for (const code of [...ERROR_CODES, 'NETWORK']) {
      expect(Object.keys(CATALOGS.fr)).toContain(`error.${code}`);
    }
  });

  it('name the product and cooperative of an OUT_OF_STOCK error in each language', () => {
    const err = new ApiCallError('OUT_OF_STOCK', 'Not enough', {
      productName: 'Amlou aux amandes',
      cooperativeName: 'Coopérative Tighanimine',
      onHand: 2500,
    });
    for (const lang of LANGUAGES) {
      const text = errorText(err, lang);
      expect(text).toContain('Amlou aux amandes');
      expect(text).toContain('Coopérative Tighanimine');
      expect(text).not.toContain('{');
    }
    expect(errorText(err, 'fr')).toMatch(/2,5 en stock/);
  });

  it('switches language and direction on <html>', () => {
    useI18n.getState().setLang('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(t('nav.sell')).toBe('البيع');
    useI18n.getState().setLang('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(translate('fr', 'login.pinFor', { name: 'Samira' })).toBe('Code PIN de Samira');
  });

  it('formats MAD with Intl per locale from integer centimes', () => {
    const fr = formatMoney(123450, 'fr');
    expect(fr.replace(/\s/g, ' ')).toMatch(/1[. ]234,50/);
    expect(fr).toMatch(/MAD|DH|د\.م\./);
    expect(formatMoney(5, 'en')).toMatch(/0\.05/);
  });
});
