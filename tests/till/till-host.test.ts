import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../db/journal';
import { openDatabase } from '../../db/open';
import { Store } from '../../db/store';
import { startStation, type Station } from '../../server/station';
import { startTill, type RunningTill } from '../../till/main';
import { expectGaplessNumbers, expectStockConserved } from '../db/db-helpers';
import { makeFixture } from '../db/fixture';
import { postApi as call } from '../helpers/api-call';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const f = makeFixture();
  const ids = { ...f.products, coops: f.coops, cashier: f.users.cashier };
  const managerId = f.users.manager.id;
  const file = f.file;
  f.db.close();
  let station: Station | null = await startStation({
    dbFile: file,
    port: 0,
    staticDir: null,
    reportWorkers: 0,
  });
  const port = Number(new URL(station.url).port);
  const dir = mkdtempSync(join(tmpdir(), 'souk-till-host-'));
  const till: RunningTill = await startTill({
    dir,
    stationUrl: station.url,
    staticDir: null,
    // Generous: on a loaded machine a slow answer would make the sale an offline one, which this test does not expect.
    onlineTimeoutMs: 15_000,
    replayTimeoutMs: 5000,
  });
  cleanups.push(async () => {
    await till.close();
    await station?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(file, '..'), { recursive: true, force: true });
  });
  return {
    ids,
    managerId,
    file,
    till,
    async stopStation() {
      await station!.close();
      station = null;
    },
    async startStation() {
      station = await startStation({ dbFile: file, port, staticDir: null, reportWorkers: 0 });
    },
  };
}

describe('till host (issue 11)', () => {
  it('sells online through the station, goes on selling offline from its own series, and drains in order when the station is back', async () => {
    const s = await setup();
    const login = await call(s.till.url, 'auth.login', { userId: s.ids.cashier.id, pin: '1357' });
    expect(login.ok).toBe(true);
    const token = login.result.token as string;
    await expect.poll(() => s.till.host.status().catalogProducts, { timeout: 20_000 }).toBe(3);

    const sale = (n: number) => ({
      clientId: `till-host-sale-${n}`,
      lines: [{ productId: s.ids.oil.id, quantity: 1000 }],
      payments: [{ method: 'cash', amount: 12000, tendered: 20000 }],
    });
    const online = await call(s.till.url, 'sales.checkout', sale(1), token);
    expect(online.result).toMatchObject({ receiptNo: 1, total: 12000, change: 8000 });
    expect(online.result.id).toBeLessThan(2 ** 40);
    expect(s.till.host.status()).toMatchObject({ online: true, queued: 0 });

    await s.stopStation();
    const offline = await call(s.till.url, 'sales.checkout', sale(2), token);
    expect(offline.result).toMatchObject({ receiptNo: 2, total: 12000, change: 8000 });
    expect(offline.result.id).toBeGreaterThanOrEqual(2 ** 40);
    const scan = await call(s.till.url, 'products.scan', { code: '6111234567895' }, token);
    expect(scan.result.product.id).toBe(s.ids.oil.id);
    const search = await call(s.till.url, 'products.search', { query: 'amlou' }, token);
    expect(search.result[0].id).toBe(s.ids.amlou.id);
    // A weighed line (1.25 kg of honey) and a split payment, priced on the till alone.
    const quote = await call(
      s.till.url,
      'sales.quote',
      { lines: [{ productId: s.ids.honeyKg.id, quantity: 1250 }] },
      token,
    );
    expect(quote.result.total).toBe(31250);
    const weighed = await call(
      s.till.url,
      'sales.checkout',
      {
        clientId: 'till-host-sale-3',
        lines: [{ productId: s.ids.honeyKg.id, quantity: 1250 }],
        payments: [
          { method: 'cash', amount: 11250, tendered: 20000 },
          { method: 'card', amount: 20000 },
        ],
      },
      token,
    );
    expect(weighed.result).toMatchObject({ receiptNo: 3, total: 31250, change: 8750 });
    const receipt = await call(s.till.url, 'sales.receipt', { saleId: weighed.result.id }, token);
    expect(receipt.result.text).toContain('312');
    const x = await call(s.till.url, 'cash.xReport', {}, token);
    expect(x.error?.code).toBe('STATION_UNREACHABLE');
    const z = await call(s.till.url, 'cash.close', { counts: { '200': 1 } }, token);
    expect(z.error).toMatchObject({ code: 'SALES_NOT_SENT', details: { count: 2 } });
    expect(s.till.host.status()).toMatchObject({ online: false, queued: 2 });
    // A new login needs the station (PINs are checked there).
    expect(
      (await call(s.till.url, 'auth.login', { userId: s.ids.cashier.id, pin: '1357' })).error?.code,
    ).toBe('STATION_UNREACHABLE');

    await s.startStation();
    // The station's sessions were in its memory: the cashier logs in again, and the queue drains.
    let again: string | null = null;
    await expect
      .poll(
        async () => {
          const r = await call(s.till.url, 'auth.login', { userId: s.ids.cashier.id, pin: '1357' });
          again = r.ok ? (r.result.token as string) : null;
          return again !== null;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect.poll(() => s.till.host.status().queued, { timeout: 30_000 }).toBe(0);
    const db = openDatabase(s.file, { readonly: true, migrate: false });
    try {
      const rows = db.prepare('SELECT client_id, receipt_no, total FROM sales ORDER BY receipt_no').all();
      expect(rows).toEqual([
        { client_id: 'till-host-sale-1', receipt_no: 1, total: 12000 },
        { client_id: 'till-host-sale-2', receipt_no: 2, total: 12000 },
        { client_id: 'till-host-sale-3', receipt_no: 3, total: 31250 },
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM offline_sales').get()).toEqual({ n: 2 });
      expectGaplessNumbers(db);
      expectStockConserved(db);
      expect(verifyJournal(new Store(db)).ok).toBe(true);
    } finally {
      db.close();
    }
    // The screen's offline id still finds the receipt, now the station's.
    const later = await call(s.till.url, 'sales.receipt', { saleId: weighed.result.id }, again);
    expect(later.result.text).toContain('312');
  });
});

describe('till host and a manager’s approval (issue 11)', () => {
  it('sends a discounted sale to the station for its PIN check, numbered in the till’s series; offline it refuses it plainly', async () => {
    const s = await setup();
    const token = (await call(s.till.url, 'auth.login', { userId: s.ids.cashier.id, pin: '1357' })).result
      .token as string;
    await expect.poll(() => s.till.host.status().catalogProducts, { timeout: 20_000 }).toBe(3);
    const discounted = (clientId: string) => ({
      clientId,
      lines: [{ productId: s.ids.oil.id, quantity: 1000, discount: { kind: 'percent', bp: 1000 } }],
      payments: [{ method: 'card', amount: 10800 }],
      approval: { managerId: s.managerId, pin: '2468' },
    });
    const approved = await call(s.till.url, 'sales.checkout', discounted('approval-sale-1'), token);
    expect(approved.result).toMatchObject({ receiptNo: 1, total: 10800, discountTotal: 1200 });
    const wrongPin = await call(
      s.till.url,
      'sales.checkout',
      { ...discounted('approval-sale-2'), approval: { managerId: s.managerId, pin: '0000' } },
      token,
    );
    expect(wrongPin.error?.code).toBe('BAD_PIN');
    // Bad input is refused by the till host with the station's own validation, before anything is written.
    const bad = await call(s.till.url, 'sales.checkout', { clientId: 'x', lines: [], payments: [] }, token);
    expect(bad.error?.code).toBe('VALIDATION');

    await s.stopStation();
    const offline = await call(s.till.url, 'sales.checkout', discounted('approval-sale-3'), token);
    expect(offline.error?.code).toBe('STATION_UNREACHABLE');
    const plain = await call(
      s.till.url,
      'sales.checkout',
      {
        clientId: 'approval-sale-4',
        lines: [{ productId: s.ids.oil.id, quantity: 1000 }],
        payments: [{ method: 'card', amount: 12000 }],
      },
      token,
    );
    expect(plain.result).toMatchObject({ receiptNo: 2 });
    expect(s.till.host.status().queued).toBe(1);
  });
});
