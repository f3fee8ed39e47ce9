import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../core/languages';
import * as labels from '../../documents/document-labels';
import type { DocText } from '../../documents/document-labels';

const groups = Object.entries(labels).filter(
  (e): e is [string, Record<string, DocText>] => typeof e[1] === 'object' && e[1] !== null,
);
const all = groups.flatMap(([group, entries]) =>
  Object.entries(entries).map(([key, text]) => [`${group}.${key}`, text] as const),
);
const placeholders = (s: string) =>
  [...s.replace(/\{\w+, plural,.*\}/s, '{count}').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the documents’ catalogue', () => {
  it('has every label in French, Arabic and English, none empty', () => {
    expect(all.length).toBeGreaterThan(100);
    for (const [key, text] of all) {
      expect(Object.keys(text).sort(), key).toEqual([...LANGUAGES].sort());
      for (const lang of LANGUAGES) expect(text[lang].trim(), `${key}.${lang}`).not.toBe('');
    }
  });

  it('gives each language the same placeholders, and Arabic its own words', () => {
    for (const [key, text] of all) {
      for (const lang of LANGUAGES)
        expect(placeholders(text[lang]), `${key}.${lang}`).toEqual(placeholders(text.fr));
      if (/[A-Za-zÀ-ÿ]{4}/.test(text.fr.replace(/\{[^}]*\}/g, '')) && !/^(ICE|TVA|TTC)/.test(text.fr))
        expect(text.ar, key).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('counts lines with each language’s plural forms', () => {
    const { RETURN_NOTE_LABELS: R, word } = labels;
    expect(word(R.lineCount, 'fr', { count: 1 })).toBe('1 ligne');
    expect(word(R.lineCount, 'fr', { count: 1000 })).toBe('1000 lignes');
    expect(word(R.lineCount, 'en', { count: 2 })).toBe('2 lines');
    expect(word(R.lineCount, 'ar', { count: 2 })).toBe('سطران');
    expect(word(R.lineCount, 'ar', { count: 5 })).toBe('5 أسطر');
    expect(word(R.lineCount, 'ar', { count: 11 })).toBe('11 سطرًا');
  });
});
