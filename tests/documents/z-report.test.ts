import { describe, expect, it } from 'vitest';
import { zReportText } from '../../documents/z-report';
import { closedSessionReport } from '../helpers/cash-report';

const report = closedSessionReport;

const opts = { shopName: 'Souk Solidaire Agdal', cashier: 'Khadija', language: 'fr' as const };

describe('Z/X report lines', () => {
  it.each([32, 42, 48] as const)('fits %i columns and right-aligns every amount', (columns) => {
    const lines = zReportText(report, { ...opts, columns });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    const sales = lines.find((l) => l.startsWith('Ventes (87)'))!;
    expect(sales).toHaveLength(columns);
    expect(sales.endsWith('12 345,56')).toBe(true);
  });

  it('prints the drawer reconciliation, Z when closed and X while open', () => {
    const z = zReportText(report, { ...opts, columns: 42 });
    expect(z[1]?.trim()).toBe('RAPPORT Z (clôture)');
    expect(z.find((l) => l.startsWith('= Attendu'))?.endsWith('7 650,56')).toBe(true);
    expect(z.find((l) => l.startsWith('Écart'))?.endsWith('-0,56')).toBe(true);
    expect(z.find((l) => l.startsWith('Tickets'))?.endsWith('1001 - 1089')).toBe(true);
    // 08:00 UTC on 2 June 2025 is 09:00 in Casablanca.
    expect(z.find((l) => l.startsWith('Ouverture'))?.endsWith('02/06/2025 09:00:00')).toBe(true);
    const x = zReportText(
      { ...report, closedAt: null, countedCash: null, variance: null },
      { ...opts, columns: 42 },
    );
    expect(x[1]?.trim()).toBe('RAPPORT X (en cours)');
    expect(x.some((l) => l.startsWith('Clôture'))).toBe(false);
    expect(x.find((l) => l.startsWith('Compté'))?.endsWith('non compté')).toBe(true);
    expect(x.some((l) => l.startsWith('Écart'))).toBe(false);
  });

  it('prints the sealed journal head: the entry count and the hash in groups of four, whole', () => {
    const z = zReportText(report, { ...opts, columns: 32 });
    expect(z.find((l) => l.startsWith('Écritures'))).toBe(`Écritures${' '.repeat(32 - 9 - 4)}4321`);
    const at = z.indexOf('Empreinte (SHA-256)');
    expect(z.slice(at + 1, at + 4)).toEqual([
      '9f86 d081 884c 7d65 9a2f eaa0',
      'c55a d015 a3bf 4f1b 2b0b 822c',
      'd15d 6c15 b0f0 0a08',
    ]);
    const en = zReportText(report, { ...opts, language: 'en', columns: 48 });
    expect(en.find((l) => l.startsWith('Entries'))?.endsWith(' 4321')).toBe(true);
    expect(en[en.indexOf('Head hash (SHA-256)') + 1]).toBe('9f86 d081 884c 7d65 9a2f eaa0 c55a d015 a3bf');
    // An X report (and a Z closed before seals existed) has no head to print.
    const x = zReportText({ ...report, journalSeq: null, journalHash: null }, { ...opts, columns: 42 });
    expect(x.some((l) => l.startsWith('Écritures') || l.startsWith('Empreinte'))).toBe(false);
  });

  it('speaks English, and prints French for Arabic (code page printers cannot shape Arabic)', () => {
    const en = zReportText(report, { ...opts, language: 'en', columns: 48 });
    expect(en[1]?.trim()).toBe('Z REPORT (close)');
    expect(en.some((l) => l.startsWith('Opening float') && l.endsWith('500,00'))).toBe(true);
    const ar = zReportText(report, { ...opts, language: 'ar', columns: 48 });
    expect(ar).toEqual(zReportText(report, { ...opts, language: 'fr', columns: 48 }));
    expect(ar.join('')).not.toMatch(/[\u0600-\u06ff]/);
  });
});
