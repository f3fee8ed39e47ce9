import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../core/languages';
import { formatMessage } from '../../core/message-format';
import { HQ_CATALOGS, hqT } from '../../hq/i18n';

describe('HQ pages catalogue', () => {
  it('has the same keys in fr, ar and en, none empty, and the same {params} in each', () => {
    const keys = Object.keys(HQ_CATALOGS.fr).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(HQ_CATALOGS[lang]).sort()).toEqual(keys);
      for (const k of keys) {
        const text = HQ_CATALOGS[lang][k as keyof typeof HQ_CATALOGS.fr];
        expect(text.trim(), `${lang} ${k}`).not.toBe('');
        const params = (s: string) => [...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).sort();
        expect(params(text), `${lang} ${k}`).toEqual(
          params(HQ_CATALOGS.fr[k as keyof typeof HQ_CATALOGS.fr]),
        );
      }
    }
  });

  it('chooses plural forms by the language rules', () => {
    expect(hqT('fr', 'portal.stock.age', { count: 0 })).toBe('Arrivé aujourd’hui');
    expect(hqT('fr', 'portal.stock.age', { count: 1 })).toBe('Depuis 1 jour');
    expect(hqT('fr', 'portal.stock.age', { count: 12 })).toBe('Depuis 12 jours');
    expect(hqT('ar', 'portal.stock.age', { count: 2 })).toBe('منذ يومين');
    expect(hqT('ar', 'portal.stock.age', { count: 5 })).toBe('منذ 5 أيام');
    expect(hqT('ar', 'portal.stock.age', { count: 11 })).toBe('منذ 11 يوما');
    expect(hqT('ar', 'portal.stock.age', { count: 100 })).toBe('منذ 100 يوم');
    expect(hqT('en', 'dashboard.shops', { count: 1 })).toBe('1 shop');
    expect(hqT('fr', 'portal.home.hello', { name: 'Tighanimine' })).toBe('Bonjour, Tighanimine');
  });

  it("formats through the screens' own formatter (core/message-format.ts), so plurals read the same", () => {
    // A count that travelled as text (a query string, a CSV cell) still picks its form, as on the screens.
    expect(hqT('fr', 'dashboard.shops', { count: '3' })).toBe('3 boutiques');
    expect(hqT('ar', 'flags.count', { count: 2 })).toBe('ملاحظتان مفتوحتان');
    expect(hqT('ar', 'flags.count', { count: 0 })).toBe('لا توجد ملاحظة مفتوحة');
    for (const lang of LANGUAGES) {
      for (const [k, template] of Object.entries(HQ_CATALOGS[lang])) {
        const params = { count: 7, name: 'x', shop: 'x', date: 'x', seq: 4, hash: 'h', reason: 'r', by: 'b' };
        expect(hqT(lang, k as keyof typeof HQ_CATALOGS.fr, params)).toBe(
          formatMessage(lang, template, params),
        );
      }
    }
  });
});
