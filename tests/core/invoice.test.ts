import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IceError,
  formatInvoiceNumber,
  invoiceDueDay,
  invoiceLineHt,
  invoiceTotals,
  missingSellerIds,
  paymentTermsText,
  nextInvoiceSeq,
  normalizeIce,
} from '../../core/invoice';
import { amountInFrenchWords, frenchNumberWords } from '../../core/invoice-words';
import { VAT_EXEMPTIONS } from '../../core/vat-exemptions';

describe('ICE', () => {
  it('takes 15 digits, with spaces or dots between them', () => {
    expect(normalizeIce('001234567000089')).toBe('001234567000089');
    expect(normalizeIce('001 234 567 000 089')).toBe('001234567000089');
  });
  it('refuses 14 or 16 digits and letters with a typed error', () => {
    for (const bad of ['00123456700008', '0012345670000890', '00123456700008A', '']) {
      expect(() => normalizeIce(bad)).toThrow(IceError);
    }
    expect(() => normalizeIce('1')).toThrow(expect.objectContaining({ code: 'INVALID_ICE' }));
  });
});

describe('numbering', () => {
  it('formats FA and AV numbers and restarts at 1 each year without gaps', () => {
    expect(formatInvoiceNumber('invoice', 2026, 123)).toBe('FA-2026-000123');
    expect(formatInvoiceNumber('credit_note', 2027, 1)).toBe('AV-2027-000001');
    let last: { year: number; seq: number } | null = null;
    const issued: string[] = [];
    for (const year of [2026, 2026, 2026, 2027, 2027]) {
      const seq = nextInvoiceSeq(last, year);
      issued.push(formatInvoiceNumber('invoice', year, seq));
      last = { year, seq };
    }
    expect(issued).toEqual([
      'FA-2026-000001',
      'FA-2026-000002',
      'FA-2026-000003',
      'FA-2027-000001',
      'FA-2027-000002',
    ]);
    expect(() => formatInvoiceNumber('invoice', 2026, 0)).toThrow(RangeError);
  });
});

describe('totals per rate', () => {
  it('HT + TVA = TTC per rate and overall, exempt groups carry their CGI wording', () => {
    const t = invoiceTotals([
      { vatCode: 'S20', vatRateBp: 2000, amount: 12_000, vatExemption: null },
      { vatCode: 'R10', vatRateBp: 1000, amount: 11_000, vatExemption: null },
      { vatCode: 'EX', vatRateBp: 0, amount: 5_000, vatExemption: 'bread-couscous-flour' },
    ]);
    expect(t.byRate.map((r) => [r.vatCode, r.ht, r.tva, r.ttc])).toEqual([
      ['S20', 10_000, 2_000, 12_000],
      ['R10', 10_000, 1_000, 11_000],
      ['EX', 5_000, 0, 5_000],
    ]);
    expect(t).toMatchObject({ ht: 25_000, tva: 3_000, ttc: 28_000 });
    expect(t.byRate[2]?.exemptionWordingFr).toBe(VAT_EXEMPTIONS['bread-couscous-flour'].fr);
    expect(t.byRate[2]?.exemptionWordingFr).toContain('91');
    expect(t.byRate[0]?.exemptionWordingFr).toBeNull();
  });
  it('always balances in integer centimes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            vatCode: fc.constantFrom('S20' as const, 'R10' as const, 'R7' as const),
            vatRateBp: fc.constantFrom(2000, 1000, 700, 800),
            amount: fc.integer({ min: -1e9, max: 1e9 }),
          }),
          { maxLength: 30 },
        ),
        (lines) => {
          const t = invoiceTotals(lines.map((l) => ({ ...l, vatExemption: null })));
          for (const r of t.byRate) expect(r.ht + r.tva).toBe(r.ttc);
          expect(t.ttc).toBe(lines.reduce((s, l) => s + l.amount, 0));
        },
      ),
    );
  });
});

describe('payment terms and the due day', () => {
  it('adds the days, then goes to the end of that month when asked', () => {
    expect(invoiceDueDay('2026-12-01', 0, false)).toBe('2026-12-01');
    expect(invoiceDueDay('2026-12-01', 30, false)).toBe('2026-12-31');
    expect(invoiceDueDay('2026-12-15', 30, false)).toBe('2027-01-14');
    expect(invoiceDueDay('2026-12-15', 30, true)).toBe('2027-01-31');
    expect(invoiceDueDay('2027-01-31', 30, true)).toBe('2027-03-31');
    expect(invoiceDueDay('2028-01-30', 30, true)).toBe('2028-02-29');
    expect(invoiceDueDay('2026-06-10', 0, true)).toBe('2026-06-30');
    expect(() => invoiceDueDay('2026-06-10', 121, false)).toThrow(RangeError);
    expect(paymentTermsText(30, true)).toBe('30 jours fin de mois');
    expect(paymentTermsText(60, false)).toBe('60 jours');
    expect(paymentTermsText(0, false)).toBe('Comptant');
  });
  it("names the shop's missing identifiers", () => {
    expect(missingSellerIds({ ice: '', if: '', rc: '' })).toEqual(['ice', 'if', 'rc']);
    expect(missingSellerIds({ ice: '12345', if: '4029', rc: '' })).toEqual(['ice', 'rc']);
    expect(missingSellerIds({ ice: '002716493000058', if: '4029', rc: 'Rabat 1' })).toEqual([]);
  });
  it("shows a line's HT and unit price HT in integer centimes", () => {
    expect(invoiceLineHt({ amount: 12_000, quantity: 2_000, vatRateBp: 2000 })).toEqual({
      ht: 10_000,
      unitHt: 5_000,
    });
    // 0,287 kg at 10 %: HT 26,09 of 28,70, so 90,91 the kg.
    expect(invoiceLineHt({ amount: 2_870, quantity: 287, vatRateBp: 1000 })).toEqual({
      ht: 2_609,
      unitHt: 9_091,
    });
    expect(invoiceLineHt({ amount: -12_000, quantity: -2_000, vatRateBp: 2000 })).toEqual({
      ht: -10_000,
      unitHt: 5_000,
    });
  });
});

describe('the total in French words', () => {
  it('spells numbers as French invoices write them', () => {
    const cases: [number, string][] = [
      [0, 'zéro'],
      [1, 'un'],
      [16, 'seize'],
      [17, 'dix-sept'],
      [21, 'vingt et un'],
      [22, 'vingt-deux'],
      [70, 'soixante-dix'],
      [71, 'soixante et onze'],
      [77, 'soixante-dix-sept'],
      [80, 'quatre-vingts'],
      [81, 'quatre-vingt-un'],
      [91, 'quatre-vingt-onze'],
      [100, 'cent'],
      [101, 'cent un'],
      [200, 'deux cents'],
      [280, 'deux cent quatre-vingts'],
      [1_000, 'mille'],
      [1_040, 'mille quarante'],
      [2_000, 'deux mille'],
      [80_000, 'quatre-vingt mille'],
      [200_000, 'deux cent mille'],
      [1_000_000, 'un million'],
      [2_300_450, 'deux millions trois cent mille quatre cent cinquante'],
      [3_000_000_000, 'trois milliards'],
    ];
    for (const [n, words] of cases) expect(frenchNumberWords(n), String(n)).toBe(words);
  });
  it('says dirhams and centimes, singular and plural', () => {
    expect(amountInFrenchWords(104_050)).toBe('mille quarante dirhams et cinquante centimes');
    expect(amountInFrenchWords(100)).toBe('un dirham');
    expect(amountInFrenchWords(95_700)).toBe('neuf cent cinquante-sept dirhams');
    expect(amountInFrenchWords(1)).toBe('zéro dirham et un centime');
    expect(amountInFrenchWords(-20_000)).toBe('moins deux cents dirhams');
  });
});
