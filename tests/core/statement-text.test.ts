import { describe, expect, it } from 'vitest';
import { smsSize, statementSummaryText, type StatementSummary } from '../../core/statement-text';

// 1 Nov 2026 00:00 and 1 Dec 2026 00:00 in Casablanca (UTC+1 outside Ramadan).
const NOV_1 = Date.UTC(2026, 9, 31, 23);
const DEC_1 = Date.UTC(2026, 10, 30, 23);

const paid: StatementSummary = {
  number: 'RG-2026-0004',
  kind: 'statement',
  periodStart: NOV_1,
  periodEnd: DEC_1,
  netSales: 123_450,
  payout: 104_933,
  paidAt: Date.UTC(2026, 11, 3, 9),
  paymentReference: 'VIR-8812',
};

describe('statement summary text', () => {
  it('says period, net sales, payout and the day paid in French, in one GSM-7 SMS', () => {
    const text = statementSummaryText(paid, 'fr');
    expect(text).toBe(
      'Relevé RG-2026-0004 du 01/11/2026 au 30/11/2026. Ventes nettes: 1 234,50 MAD. Votre part: 1 049,33 MAD. Payé le 03/12/2026 (ref. VIR-8812).',
    );
    expect(smsSize(text)).toEqual({ encoding: 'gsm7', units: text.length, segments: 1 });
  });

  it('says the same in Arabic within two SMS parts', () => {
    const text = statementSummaryText(paid, 'ar');
    expect(text).toContain('من 01/11/2026 إلى 30/11/2026');
    expect(text).toContain('صافي المبيعات: 1 234,50 MAD');
    expect(text).toContain('حصتكم: 1 049,33 MAD');
    expect(text).toContain('دفع في 03/12/2026');
    expect(text).not.toMatch(/\u00a0/);
    const size = smsSize(text);
    expect(size.encoding).toBe('ucs2');
    expect(size.segments).toBeLessThanOrEqual(2);
  });

  it('says a statement is not paid yet, and a debit note what the cooperative owes', () => {
    expect(statementSummaryText({ ...paid, paidAt: null, paymentReference: null }, 'fr')).toMatch(
      /Votre part: 1 049,33 MAD\. Pas encore payé\.$/,
    );
    const debit = {
      ...paid,
      number: 'ND-2026-0001',
      kind: 'debit_note' as const,
      netSales: -9000,
      payout: -7650,
    };
    const fr = statementSummaryText({ ...debit, paidAt: null, paymentReference: null }, 'fr');
    expect(fr).toContain('Note de débit ND-2026-0001');
    expect(fr).toContain('Ventes nettes: -90,00 MAD. La coopérative doit: 76,50 MAD.');
    expect(fr).not.toContain('Pas encore');
    expect(statementSummaryText(debit, 'ar')).toContain('المستحق على التعاونية: 76,50 MAD');
  });

  it('takes the shop calendar day across the Ramadan offset change', () => {
    // Casablanca is at UTC+0 during Ramadan 2027 (February): its midnight is 00:00 UTC, and a period
    // ending at 1 March 00:00 covers 28 February, not 1 March as a fixed UTC+1 would say.
    const text = statementSummaryText(
      { ...paid, periodStart: Date.UTC(2027, 1, 15, 0), periodEnd: Date.UTC(2027, 2, 1, 0), paidAt: null },
      'fr',
    );
    expect(text).toContain('du 15/02/2027 au 28/02/2027');
  });

  it('counts SMS parts: GSM-7 extension characters take two septets, one other character forces UCS-2', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(161)).segments).toBe(2);
    expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSize(`${'a'.repeat(69)}ê`)).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsSize('a'.repeat(68) + '\u00a0' + 'a'.repeat(3)).segments).toBe(2);
  });
});
