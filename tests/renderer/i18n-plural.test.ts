import { describe, expect, it } from 'vitest';
import { LANGUAGES, translate } from '../../renderer/i18n';

describe('plural forms', () => {
  it('count articles as each language does', () => {
    const items = (lang: 'fr' | 'ar' | 'en', count: number) => translate(lang, 'sell.items', { count });
    expect([0, 1, 2, 5].map((n) => items('fr', n))).toEqual([
      '0 article',
      '1 article',
      '2 articles',
      '5 articles',
    ]);
    expect([0, 1, 2, 5].map((n) => items('en', n))).toEqual(['0 items', '1 item', '2 items', '5 items']);
    // Arabic: zero, one, two, few (3-10), many (11-99), other (100, 101, ...).
    expect([0, 1, 2, 3, 11, 100].map((n) => items('ar', n))).toEqual([
      'لا منتجات',
      'منتج واحد',
      'منتجان',
      '3 منتجات',
      '11 منتجًا',
      '100 منتج',
    ]);
  });

  it('leaves no "(s)" nor plural syntax in a counted message, and reads counts given as text', () => {
    for (const lang of LANGUAGES) {
      for (const n of [0, 1, 2, 7, 42, 1000]) {
        const text = [
          translate(lang, 'sell.recall.entry', { lines: n, total: '1,00', time: '10:00' }),
          translate(lang, 'mgr.csv.dryRunOk', { rows: n, created: 1, updated: 2 }),
          translate(lang, 'mgr.csv.imported', { rows: n, created: 1, updated: 2 }),
          translate(lang, 'issue.CELL_COUNT', { found: String(n), expected: 9 }),
          translate(lang, 'mgr.labels.sheetDone', { labels: n, pages: n }),
        ].join(' | ');
        expect(text, `${lang} ${n}`).not.toMatch(/\(s\)|plural|[{}]/);
      }
    }
    expect(translate('fr', 'mgr.labels.sheetDone', { labels: 43, pages: 1 })).toBe(
      '43 étiquettes sur 1 page.',
    );
    expect(translate('fr', 'issue.CELL_COUNT', { found: '1', expected: 9 })).toMatch(
      /^1 cellule au lieu de 9/,
    );
  });
});
