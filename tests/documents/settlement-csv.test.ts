import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/csv';
import { parseDirhams } from '../../core/money';
import { SETTLEMENT_CSV_HEADER, csvText, settlementCsv } from '../../documents/settlement-csv';
import { returnLines, saleLines, statement } from './statement-fixtures';

const col = (name: (typeof SETTLEMENT_CSV_HEADER)[number]) => SETTLEMENT_CSV_HEADER.indexOf(name);
const cents = (cell: string | undefined) => {
  const v = parseDirhams(cell ?? '');
  if (v === null) throw new Error(`not an amount: ${cell}`);
  return v;
};

describe('settlement CSV', () => {
  it('is UTF-8 with a BOM, semicolon separated, CRLF, with Arabic intact', () => {
    const csv = settlementCsv(statement(saleLines(3)));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe(`\ufeff${SETTLEMENT_CSV_HEADER.join(';')}`);
    expect(csv).toContain('أملو باللوز');
    const table = parseCsv(csv);
    expect(table.header).toEqual(SETTLEMENT_CSV_HEADER.map((h) => h.toLowerCase()));
  });

  it('a debit note states what the cooperative owes, positive, and is numbered as a debit note', () => {
    const s = { ...statement([], returnLines), kind: 'debit_note' as const, number: 'ND-2025-0001' };
    const { rows } = parseCsv(settlementCsv(s));
    const total = rows.find((r) => r.cells[0] === 'Total' && r.cells[2] === 'Montant dû par la coopérative');
    expect(cents(total?.cells[col('Montant TTC (MAD)')])).toBe(20_100);
    expect(rows.some((r) => r.cells[2] === 'Montant à verser')).toBe(false);
    expect(rows.find((r) => r.cells[0] === 'Info' && r.cells[2] === 'Note de débit n°')?.cells[3]).toBe(
      'ND-2025-0001',
    );
  });

  it.each([0, 1, 7, 300])('with %i sale lines, line sums equal the totals to the centime', (n) => {
    const s = statement(saleLines(n), returnLines);
    const { rows } = parseCsv(settlementCsv(s));
    const lines = rows.filter((r) => r.cells[0] === 'Vente' || r.cells[0] === 'Retour');
    expect(lines).toHaveLength(n + returnLines.length);
    const sumOf = (c: number) => lines.reduce((t, r) => t + cents(r.cells[c]), 0);
    expect(sumOf(col('Montant TTC (MAD)'))).toBe(s.totals.netSales);
    expect(sumOf(col('Commission (MAD)'))).toBe(s.totals.commission);
    expect(sumOf(col('Part coopérative (MAD)'))).toBe(s.totals.payout);
    const total = (label: string) =>
      cents(
        rows.find((r) => r.cells[0] === 'Total' && r.cells[2] === label)?.cells[col('Montant TTC (MAD)')],
      );
    expect(total('Ventes brutes')).toBe(s.totals.grossSales);
    expect(total('Retours')).toBe(-s.totals.returns);
    expect(total('Ventes nettes')).toBe(s.totals.netSales);
    expect(total('Commission de la boutique')).toBe(s.totals.commission);
    expect(total('Montant à verser')).toBe(s.totals.payout);
    // Every row has the header's width, so columns line up in the spreadsheet.
    for (const r of rows.filter((x) => x.cells[0] !== 'Info'))
      expect(r.cells).toHaveLength(SETTLEMENT_CSV_HEADER.length);
  });

  it('writes decimal commas, three decimals for kg and l, negative returns', () => {
    const { rows } = parseCsv(settlementCsv(statement(saleLines(2), returnLines)));
    const amlou = rows.find((r) => r.cells[0] === 'Vente' && r.cells[1] === 'AML-500-1')!;
    expect(amlou.cells[col('Unité')]).toBe('kg');
    expect(amlou.cells[col('Quantité')]).toBe('0,287');
    expect(amlou.cells[col('Montant TTC (MAD)')]).toMatch(/^\d+,\d{2}$/);
    const ret = rows.find((r) => r.cells[0] === 'Retour' && r.cells[1] === 'ARG-100-0')!;
    expect(ret.cells[col('Quantité')]).toBe('-2');
    expect(ret.cells[col('Montant TTC (MAD)')]).toBe('-180,00');
    expect(rows.find((r) => r.cells[2] === 'Période au')?.cells[3]).toBe('30/06/2025');
  });

  it('round-trips any product name: separators, quotes, line breaks, formula-like text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), (nameFr, nameAr) => {
        const line = { ...saleLines(1)[0]!, nameFr, nameAr };
        const { rows } = parseCsv(settlementCsv(statement([line])));
        const row = rows.find((r) => r.cells[0] === 'Vente')!;
        const unformula = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        // Unquoted cells are trimmed by the reader; quoted ones are kept as written.
        const expected = (v: string) => {
          const u = unformula(v);
          return /[;"\r\n]/.test(u) ? u : u.trim();
        };
        expect(row.cells[2]).toBe(expected(nameFr));
        expect(row.cells[3]).toBe(expected(nameAr));
      }),
      { numRuns: 300 },
    );
  });

  it('defuses formulas and quotes separators', () => {
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('Miel; thym')).toBe('"Miel; thym"');
    expect(csvText('Amlou')).toBe('Amlou');
  });
});
