import { describe, expect, it } from 'vitest';
import type { CashReport } from '../../db/services/cash';
import { zReportText } from '../../documents/z-report';

const base: CashReport = {
  sessionId: 3,
  tillId: 'T1',
  openedAt: Date.UTC(2026, 11, 1, 8, 0),
  closedAt: Date.UTC(2026, 11, 1, 19, 0),
  openingFloat: 50_000,
  salesCount: 3,
  salesTotal: 124_000,
  discountTotal: 0,
  voidCount: 0,
  voidTotal: 0,
  refundCount: 0,
  refundTotal: 0,
  byMethod: { cash: 124_000, card: 0, mobile: 0, voucher: 0 },
  refundsByMethod: { cash: 0, card: 0, mobile: 0, voucher: 0 },
  byTier: { retail: 124_000, semi: 0, wholesale: 0 },
  // 120,00 at 20 % (base 100,00 + VAT 20,00), 1,07 at 7 %, 2,93 exempt.
  vatByCode: [
    { vatCode: 'S20', amount: 12_000 },
    { vatCode: 'R7', amount: 107 },
    { vatCode: 'EX', amount: 111_893 },
  ],
  cashIn: 0,
  cashOut: 0,
  expectedCash: 174_000,
  countedCash: 174_500,
  variance: 500,
  firstReceiptNo: 1,
  lastReceiptNo: 3,
  journalSeq: null,
  journalHash: null,
};
const opts = { shopName: 'Souk', cashier: 'Khadija', language: 'fr' as const };
const after = (lines: string[], start: string, n: number) => {
  const i = lines.findIndex((l) => l.startsWith(start));
  return lines.slice(i, i + n).map((l) => l.trim().replace(/ {2,}/g, ' | '));
};

describe('Z report: VAT base and tax per rate, a worded variance', () => {
  it.each([32, 42, 48] as const)('prints base HT and VAT under each rate at %i columns', (columns) => {
    const lines = zReportText(base, { ...opts, columns });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    expect(after(lines, '  20% TTC', 3)).toEqual(['20% TTC | 120,00', 'base HT | 100,00', 'TVA | 20,00']);
    expect(after(lines, '  7% TTC', 3)).toEqual(['7% TTC | 1,07', 'base HT | 1,00', 'TVA | 0,07']);
    expect(after(lines, '  EX TTC', 3)).toEqual(['EX TTC | 1 118,93', 'base HT | 1 118,93', 'TVA | 0,00']);
  });

  it('says whether the drawer is over or short, with the sign', () => {
    const line = (r: CashReport, language: 'fr' | 'en' = 'fr') =>
      zReportText(r, { ...opts, language, columns: 42 })
        .find((l) => l.startsWith(language === 'fr' ? 'Écart' : 'Variance'))
        ?.replace(/ {2,}/g, ' | ');
    expect(line(base)).toBe('Écart (excédent) | +5,00');
    expect(line({ ...base, countedCash: 173_440, variance: -560 })).toBe('Écart (manquant) | -5,60');
    expect(line({ ...base, countedCash: 174_000, variance: 0 })).toBe('Écart (aucun) | 0,00');
    expect(line({ ...base, countedCash: 173_440, variance: -560 }, 'en')).toBe('Variance (short) | -5,60');
  });
});
