import { describe, expect, it } from 'vitest';
import { receiptLabels } from '../../../core/receipt/labels';
import { decodeByte, encodeText, type CodePage } from '../../../hardware/text/code-pages';
import { decodeEscPos } from '../../../hardware/printer/escpos-decoder';
import { buildReceiptEscPos } from '../../../hardware/printer/escpos-receipt';
import { latinReceipt } from './fixtures';

const PAGES: CodePage[] = ['PC858_EURO', 'PC850_MULTILINGUAL', 'PC437_USA', 'WPC1252'];
const decoded = (bytes: Buffer, cs: CodePage) => [...bytes].map((b) => decodeByte(b, cs)).join('');

describe('receipt text a code page lacks', () => {
  const SAMPLES = [
    'Souk Tadamoun — Boutique équitable',
    'a — b – c ‒ d − e',
    'l’huile ‘x’ “bio” „y“ «z»',
    'attendez… • 1\u00a0234,50\u202fDH',
    'ﬁn² Łódź œuf zero\u200bwidth €',
  ];

  it.each(PAGES)('never prints "?" nor an undefined byte in %s', (cs) => {
    for (const text of SAMPLES) {
      const bytes = encodeText(text, cs);
      expect(bytes.includes(0x3f), text).toBe(false);
      expect(decoded(bytes, cs), text).not.toContain('\ufffd');
    }
  });

  it('substitutes sensibly in PC858, the default page', () => {
    const cs = 'PC858_EURO';
    const cases: [string, string][] = [
      ['Souk Tadamoun — Boutique équitable', 'Souk Tadamoun - Boutique équitable'],
      ['a — b – c − d', 'a - b - c - d'],
      ['l’huile ‘x’', "l'huile 'x'"],
      ['“bio”', '"bio"'],
      ['«bio»', '«bio»'],
      ['attendez…', 'attendez...'],
      ['1\u00a0234,50\u202fDH', '1 234,50 DH'],
      ['ﬁn²', 'fin²'],
      ['Łódź œuf', 'Lódz oeuf'],
      ['zero\u200bwidth', 'zerowidth'],
      ['20 €', '20 €'],
    ];
    for (const [input, want] of cases) expect(decoded(encodeText(input, cs), cs), input).toBe(want);
    // A character with no substitute at all is a visible underscore.
    expect(decoded(encodeText('☃', cs), cs)).toBe('_');
  });

  it('falls back further on the pages that lack « » or €', () => {
    expect(decoded(encodeText('«20 €» ²', 'PC437_USA'), 'PC437_USA')).toBe('«20 EUR» ²');
    expect(decoded(encodeText('ﬁn² œ', 'WPC1252'), 'WPC1252')).toBe('fin² œ');
  });
});

describe('the printed receipt', () => {
  it('prints the shop name with its dash and one footer', () => {
    const doc = latinReceipt({
      shop: { ...latinReceipt().shop, name: 'Souk Tadamoun — Boutique équitable' },
      footer: 'Merci pour votre achat solidaire',
    });
    const decoded = decodeEscPos(buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' }));
    const text = decoded.lines.join('\n');
    expect(text).toContain('Souk Tadamoun - Boutique équitable');
    expect(text).not.toContain('?');
    expect(decoded.lines.filter((l) => l.includes('Merci')).map((l) => l.trim())).toEqual([
      'Merci pour votre achat solidaire',
    ]);
  });

  it('prints the default thank-you once when the shop has no footer', () => {
    const decoded = decodeEscPos(
      buildReceiptEscPos(latinReceipt({ footer: '' }), { paper: '80mm', commandSet: 'epson' }),
    );
    const thanks = receiptLabels('fr').thanks;
    expect(decoded.lines.filter((l) => l.trim() === thanks)).toHaveLength(1);
  });
});
