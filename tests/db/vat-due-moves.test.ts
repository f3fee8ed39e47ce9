import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { keepDueVatMovesApplied, scheduleProductVat } from '../../db/services/vat-rates';
import { makeFixture } from './fixture';

let f: ReturnType<typeof makeFixture> | undefined;
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  f?.close();
});

describe('a VAT move reaching its product row in a running host', () => {
  it('is written on the row once its day comes, without a restart', async () => {
    f = makeFixture({ withStock: false });
    const amlou = f.products.amlou;
    const rowCode = () =>
      f!.store.get<{ vat_code: string }>('SELECT vat_code FROM products WHERE id = ?', amlou.id)!.vat_code;
    f.setClock(Date.UTC(2026, 11, 31, 12, 0));
    scheduleProductVat(f.store, f.asManager, {
      productId: amlou.id,
      vatCode: 'S20',
      validFrom: '2027-01-01',
    });
    stop = keepDueVatMovesApplied(f.store, 20);
    expect(rowCode()).toBe(amlou.vatCode);
    // 23:30 UTC on 31 December is 1 January in Casablanca: the move is due.
    f.setClock(Date.UTC(2026, 11, 31, 23, 30));
    await expect.poll(rowCode, { timeout: 30_000 }).toBe('S20');
  });

  it('runs in both hosts of the API: the station and the Electron shell', () => {
    // The shell opens the same database without the station: without the loop its product rows (labels, the
    // cart's VAT, the catalogue list) kept the old code until the next restart.
    for (const host of ['server/station.ts', 'electron/main.ts'])
      expect(readFileSync(host, 'utf8'), host).toMatch(/keepDueVatMovesApplied\(store\)/);
  });
});
