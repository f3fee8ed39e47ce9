import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasArabic, ReceiptError, validateReceiptDocument } from '../../core/receipt/document';
import { formatMoney, formatRate, formatReceiptDate, formatReceiptQuantity } from '../../core/receipt/format';
import { receiptLabels } from '../../core/receipt/labels';
import { displayWidth, RECEIPT_COLUMNS } from '../../core/receipt/layout';
import { renderReceiptHtml } from '../../core/receipt/render-html';
import { renderReceiptLines } from '../../core/receipt/render-text';
import { parseDirhams } from '../../core/money';
import { ARGAN_AR, sampleReceipt } from '../hardware/printer/fixtures';

describe('receipt formatting', () => {
  it('formats centimes as dirhams with a decimal comma, integers only', () => {
    expect(formatMoney(1250)).toBe('12,50');
    expect(formatMoney(5)).toBe('0,05');
    expect(formatMoney(0)).toBe('0,00');
    expect(formatMoney(-123456)).toBe('-1 234,56');
    expect(formatMoney(100_000_000)).toBe('1 000 000,00');
    expect(() => formatMoney(12.5)).toThrow(RangeError);
  });

  it('reads back every formatted amount to the same centimes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
        expect(parseDirhams(formatMoney(c))).toBe(c);
      }),
    );
  });

  it('formats quantities per unit and VAT rates', () => {
    expect(formatReceiptQuantity('piece', 3000)).toBe('3');
    expect(formatReceiptQuantity('kg', 750)).toBe('0,750 kg');
    expect(formatReceiptQuantity('l', 1500)).toBe('1,500 l');
    expect(formatReceiptQuantity('piece', -2000)).toBe('-2');
    expect(formatRate(2000)).toBe('20%');
    expect(formatRate(550)).toBe('5,5%');
  });

  it('shows time in Africa/Casablanca, including the Ramadan switch back to UTC', () => {
    // 1 July 2025: Morocco on UTC+1.
    expect(formatReceiptDate(Date.UTC(2025, 6, 1, 13, 5, 9), 'fr')).toBe('01/07/2025 14:05:09');
    // 10 March 2025 (Ramadan): Morocco suspends its +1 offset.
    expect(formatReceiptDate(Date.UTC(2025, 2, 10, 13, 5, 9), 'ar')).toBe('10/03/2025 13:05:09');
  });

  it('has every fixed word in the three languages', () => {
    expect(receiptLabels('fr').payment.cash).toBe('Espèces');
    expect(receiptLabels('ar').payment.cash).toBe('نقدا');
    expect(receiptLabels('en').payment.cash).toBe('Cash');
    expect(receiptLabels('fr').change).toBe('Rendu');
    expect(receiptLabels('fr').tier.semi).toBe('Demi-gros');
    for (const lang of ['fr', 'ar', 'en'] as const) {
      for (const v of Object.values(receiptLabels(lang))) expect(v).toBeTruthy();
    }
  });

  it('rejects fractional money before anything is printed', () => {
    const doc = sampleReceipt();
    doc.lines[0]!.amount = 250.5;
    expect(() => validateReceiptDocument(doc)).toThrow(ReceiptError);
  });
});

describe('text rendering', () => {
  it.each(RECEIPT_COLUMNS)('keeps every line within %i columns and right-aligns figures', (columns) => {
    const lines = renderReceiptLines(sampleReceipt(), { columns });
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
    const total = lines.find((l) => l.startsWith('Total'));
    expect(total).toBeDefined();
    expect(total!.endsWith('380,00 DH')).toBe(true);
    expect(displayWidth(total!)).toBe(columns);
    expect(lines).toContain('-'.repeat(columns));
    expect(lines.some((l) => l.trim() === 'Coopérative Taswiq Rabat')).toBe(true);
    expect(lines.some((l) => l.startsWith('Espèces') && l.endsWith('380,00'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  Rendu') && l.endsWith('20,00'))).toBe(true);
  });

  it('prints both names of a line, the Arabic one right-aligned', () => {
    const lines = renderReceiptLines(sampleReceipt(), { columns: 48 });
    const ar = lines.find((l) => l.includes(ARGAN_AR));
    expect(ar).toBeDefined();
    expect(ar!.endsWith(ARGAN_AR)).toBe(true);
    expect(ar!.startsWith(' ')).toBe(true);
  });

  it('never truncates a VAT figure, however large, at 32 columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99_999_999_99 }), { minLength: 3, maxLength: 3 }),
        ([net, vat, gross]) => {
          const doc = sampleReceipt({
            vat: [{ code: 'A', rateBp: 2000, net: net!, vat: vat!, gross: gross! }],
          });
          const lines = renderReceiptLines(doc, { columns: 32 });
          const text = lines.join('\n');
          for (const v of [net!, vat!, gross!]) expect(text).toContain(formatMoney(v));
          for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(32);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('wraps a long product name without losing words', () => {
    const name = 'Couscous complet artisanal roulé à la main par la coopérative Tighanimine';
    const doc = sampleReceipt();
    doc.lines[0]!.nameFr = name;
    const lines = renderReceiptLines(doc, { columns: 32 });
    const joined = lines.join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain(name);
  });

  it('marks copies and refunds', () => {
    const lines = renderReceiptLines(sampleReceipt({ flags: { isCopy: true, isRefund: true } }), {
      columns: 32,
    });
    expect(lines.some((l) => l.includes('*** COPIE ***'))).toBe(true);
    expect(lines.some((l) => l.includes('*** REMBOURSEMENT ***'))).toBe(true);
  });

  it('lays an Arabic receipt out mirrored: labels right, figures left', () => {
    const lines = renderReceiptLines(sampleReceipt({ language: 'ar' }), { columns: 48 });
    const total = lines.find((l) => l.includes('المجموع'));
    expect(total).toBeDefined();
    expect(total!.startsWith('380,00')).toBe(true);
    expect(total!.endsWith('المجموع')).toBe(true);
    expect(lines.some((l) => hasArabic(l) && l.endsWith('نقدا'))).toBe(true);
  });
});

describe('HTML rendering', () => {
  it('escapes every text and sets the direction for Arabic', () => {
    const doc = sampleReceipt({ language: 'ar', footer: '<script>alert("x")</script> & co' });
    const html = renderReceiptHtml(doc);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toMatch(/<div class="receipt" lang="ar" dir="rtl"/);
    expect(html).toContain(`<span dir="rtl"`);
    expect(html).toContain(ARGAN_AR);
    expect(html).toContain('data-code128="00001234"');
  });

  it('is left-to-right in French and shows the VAT table', () => {
    const html = renderReceiptHtml(sampleReceipt());
    expect(html).toMatch(/lang="fr" dir="ltr"/);
    expect(html).toContain('<th style="text-align:left">TVA</th>');
    expect(html).toContain('<td style="text-align:right">208,33</td>');
  });
});
