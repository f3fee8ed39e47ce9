import { describe, expect, it } from 'vitest';
import { useTestStation } from '../helpers/station';

/**
 * Dated VAT through the station's API (issue 13): a manager moves products between codes from a day, an
 * admin enters a finance law's new rate; sales on each side of a change take the right rate through
 * checkout, and what was sold keeps its rate. The station's clock is the test's, so a sale can be made on
 * either side of a shop day's midnight (Africa/Casablanca, UTC+1 outside Ramadan).
 */
let clock = Date.UTC(2026, 11, 30, 10, 0);
const s = useTestStation({ station: { now: () => clock } });

let seq = 0;
async function sellAmlou(): Promise<{ id: number; lines: { vatCode: string; vatRateBp: number }[] }> {
  const cashier = await s.login(s.users.cashier.id, '1357');
  const r = await s.call(
    'sales.checkout',
    {
      clientId: `vat-sale-${++seq}-x`,
      lines: [{ productId: s.products.amlou.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: s.products.amlou.retailPrice }],
    },
    cashier,
  );
  expect(r.ok, r.code).toBe(true);
  return r.result;
}

const manager = () => s.login(s.users.manager.id, '2468');
const admin = () => s.login(s.users.admin.id, '9999');

describe('VAT codes and exemptions', () => {
  it('lists every code with its dated rates and legal sources, and the CGI exemption wordings', async () => {
    const token = await manager();
    const codes = await s.call('vat.codes', {}, token);
    expect(codes.ok, codes.code).toBe(true);
    expect(codes.result.map((c: { code: string }) => c.code)).toEqual([
      'S20',
      'R14',
      'R10',
      'R7',
      'Z0',
      'EX',
    ]);
    const r7 = codes.result.find((c: { code: string }) => c.code === 'R7');
    expect(r7).toMatchObject({ rateBpToday: 700 });
    expect(r7.rates[0]).toMatchObject({ rateBp: 700, validTo: null, source: expect.stringMatching(/CGI/) });
    const ex = await s.call('vat.exemptions', {}, token);
    const ids = ex.result.map((e: { id: string }) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining(['bread-couscous-flour', 'packaged-dates', 'artisanal-olive-oil']),
    );
    expect(ex.result.find((e: { id: string }) => e.id === 'bread-couscous-flour').fr).toMatch(/couscous/);
    // A cashier reads neither: the back office's business.
    const cashier = await s.login(s.users.cashier.id, '1357');
    expect((await s.call('vat.codes', {}, cashier)).code).toBe('FORBIDDEN');
  });
});

describe("a product's move to another code from a day", () => {
  it('refuses a day on or before its last sale, accepts a later one, and sells on each side of it at the right rate', async () => {
    const amlou = s.products.amlou.id;
    const first = await sellAmlou(); // 30 December, at R7
    expect(first.lines[0]).toMatchObject({ vatCode: 'R7', vatRateBp: 700 });
    const token = await manager();
    for (const validFrom of ['2026-12-30', '2026-12-01']) {
      const r = await s.call('vat.schedule', { productId: amlou, vatCode: 'R10', validFrom }, token);
      expect(r.code, validFrom).toBe('VAT_CHANGE_BACKDATED');
      expect(r.status).toBe(409);
    }
    expect((await s.call('vat.product', { productId: amlou }, token)).result).toMatchObject({
      vatCode: 'R7',
      rateBpToday: 700,
      schedule: [],
      lastSoldDay: '2026-12-30',
    });

    const ok = await s.call(
      'vat.schedule',
      { productId: amlou, vatCode: 'R10', validFrom: '2027-01-01' },
      token,
    );
    expect(ok.ok, ok.code).toBe(true);
    expect(ok.result).toMatchObject({
      today: '2026-12-30',
      vatCode: 'R7',
      rateBpToday: 700,
      schedule: [{ vatCode: 'R10', validFrom: '2027-01-01', vatExemption: null }],
    });

    // 23:30 in Casablanca on 31 December: still the old code.
    clock = Date.UTC(2026, 11, 31, 22, 30);
    const before = await sellAmlou();
    expect(before.lines[0]).toMatchObject({ vatCode: 'R7', vatRateBp: 700 });
    // 00:30 on 1 January in Casablanca (23:30 UTC): the new one.
    clock = Date.UTC(2026, 11, 31, 23, 30);
    const after = await sellAmlou();
    expect(after.lines[0]).toMatchObject({ vatCode: 'R10', vatRateBp: 1000 });
    const now = await s.call('vat.product', { productId: amlou }, await manager());
    expect(now.result).toMatchObject({ today: '2027-01-01', vatCode: 'R10', rateBpToday: 1000 });

    // Sold lines keep the rate they were sold at: history is never recomputed.
    const token2 = await manager();
    for (const sale of [first, before]) {
      const back = await s.call('sales.get', { id: sale.id }, token2);
      expect(back.result.lines[0]).toMatchObject({ vatCode: 'R7', vatRateBp: 700 });
      expect(back.result.vat[0]).toMatchObject({ code: 'R7', rateBp: 700 });
    }
  });

  it('moves several products at once, all or none', async () => {
    const { oil, amlou, honeyKg } = s.products;
    const token = await manager();
    // Amlou was sold on 1 January: the whole move is refused and the oil gets no entry either.
    const refused = await s.call(
      'vat.moveProducts',
      { productIds: [oil.id, amlou.id], vatCode: 'S20', validFrom: '2027-01-01' },
      token,
    );
    expect(refused.code).toBe('VAT_CHANGE_BACKDATED');
    expect((await s.call('vat.product', { productId: oil.id }, token)).result.schedule).toEqual([]);

    const moved = await s.call(
      'vat.moveProducts',
      {
        productIds: [oil.id, honeyKg.id],
        vatCode: 'EX',
        vatExemption: 'artisanal-olive-oil',
        validFrom: '2027-02-01',
      },
      token,
    );
    expect(moved.ok, moved.code).toBe(true);
    expect(moved.result).toHaveLength(2);
    for (const p of moved.result)
      expect(p.schedule).toEqual([
        {
          productId: p.productId,
          vatCode: 'EX',
          vatExemption: 'artisanal-olive-oil',
          validFrom: '2027-02-01',
        },
      ]);
  });

  it('refuses an exempt code without its wording, and a wording on a taxed code', async () => {
    const token = await manager();
    const productId = s.products.oil.id;
    const noWording = await s.call(
      'vat.schedule',
      { productId, vatCode: 'EX', validFrom: '2027-05-01' },
      token,
    );
    expect(noWording.code).toBe('VALIDATION');
    const taxed = await s.call(
      'vat.schedule',
      { productId, vatCode: 'S20', vatExemption: 'packaged-dates', validFrom: '2027-05-01' },
      token,
    );
    expect(taxed.code).toBe('VALIDATION');
    expect(
      (await s.call('vat.schedule', { productId: 999_999, vatCode: 'S20', validFrom: '2027-05-01' }, token))
        .code,
    ).toBe('NOT_FOUND');
    expect((await s.call('vat.product', { productId }, token)).result.schedule).toHaveLength(1);
  });
});

describe("a finance law's new rate for a code", () => {
  it("is the admin's, refused when it overlaps a dated rate or a day already sold, and taken by later sales", async () => {
    const body = {
      code: 'R10',
      rateBp: 1100,
      validFrom: '2027-04-01',
      source: 'Loi de finances 2027, art. 7',
    };
    expect((await s.call('vat.addRate', body, await manager())).code).toBe('FORBIDDEN');
    const token = await admin();
    // R10 was sold on 1 January.
    const backdated = await s.call('vat.addRate', { ...body, validFrom: '2027-01-01' }, token);
    expect(backdated.code).toBe('VAT_CHANGE_BACKDATED');
    expect((await s.call('vat.addRate', { ...body, source: '  ' }, token)).code).toBe('VALIDATION');

    const added = await s.call('vat.addRate', body, token);
    expect(added.ok, added.code).toBe(true);
    const r10 = added.result.find((c: { code: string }) => c.code === 'R10');
    expect(r10.rates).toEqual([
      expect.objectContaining({ rateBp: 1000, validFrom: '2000-01-01', validTo: '2027-03-31' }),
      {
        code: 'R10',
        rateBp: 1100,
        validFrom: '2027-04-01',
        validTo: null,
        source: 'Loi de finances 2027, art. 7',
      },
    ]);
    for (const validFrom of ['2027-04-01', '2027-03-15']) {
      const overlap = await s.call('vat.addRate', { ...body, validFrom }, token);
      expect(overlap.code, validFrom).toBe('VAT_RATE_OVERLAP');
      expect(overlap.status).toBe(409);
    }

    clock = Date.UTC(2027, 2, 31, 12, 0);
    const march = await sellAmlou();
    expect(march.lines[0]).toMatchObject({ vatCode: 'R10', vatRateBp: 1000 });
    clock = Date.UTC(2027, 3, 1, 12, 0);
    const april = await sellAmlou();
    expect(april.lines[0]).toMatchObject({ vatCode: 'R10', vatRateBp: 1100 });
    const back = await s.call('sales.get', { id: march.id }, await manager());
    expect(back.result.lines[0].vatRateBp).toBe(1000);
  });
});
