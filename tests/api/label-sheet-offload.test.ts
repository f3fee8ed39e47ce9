import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../../db/services/products';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { postApi } from '../helpers/api-call';

/** This file's calls name the station they go to. */
const post = (station: Station, method: string, input: unknown, token?: string) =>
  postApi(station.url, method, input, token);

const PRODUCTS = 40;
const COPIES = 15;

/**
 * labels.sheet draws its PDF on a report worker (issue 10). The station runs in this test's own process,
 * so the event loop's delay while the sheet is pending is how long a till's call would have waited: with
 * the sheet drawn on the main thread it was the whole drawing, and no scan was answered meanwhile.
 */
describe('a large label sheet does not hold the tills', () => {
  let fx: ReturnType<typeof makeFixture>;
  let ids: number[];
  const stations: Station[] = [];

  beforeAll(() => {
    fx = makeFixture();
    // Products without a barcode: the sheet gives each an internal EAN-13 first, on the main thread.
    ids = fx.store.tx(() =>
      Array.from(
        { length: PRODUCTS },
        (_, i) =>
          createProduct(fx.store, null, {
            sku: `LBL-${i}`,
            nameFr: `Savon beldi n°${i} à l'eucalyptus`,
            nameAr: `صابون بلدي رقم ${i}`,
            cooperativeId: fx.coops.argan.id,
            unit: 'piece',
            vatCode: 'S20',
            retailPrice: 2500 + i * 10,
            semiPrice: 2300,
            wholesalePrice: 2100,
            semiMinQty: 6000,
            wholesaleMinQty: 24000,
            qualityLabels: ['organic'],
            scaleRef: null,
            terms: null,
            barcodes: [],
          }).id,
      ),
    );
    fx.db.close();
  });
  afterAll(async () => {
    for (const s of stations) await s.close();
  });

  const sheet = { items: [] as { productId: number; copies: number }[], layout: '3x8' as const };

  it(
    'answers a till’s scans while the sheet is drawn, and the sheet is whole',
    { timeout: 240_000 },
    async () => {
      const station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
      stations.push(station);
      expect(station.ctx.reports, 'this test needs the report workers').toBeTruthy();
      const manager = (await post(station, 'auth.login', { userId: fx.users.manager.id, pin: '2468' })).result
        .token as string;
      const cashier = (await post(station, 'auth.login', { userId: fx.users.cashier.id, pin: '1357' })).result
        .token as string;
      sheet.items = ids.map((productId) => ({ productId, copies: COPIES }));

      let pending = true;
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const started = performance.now();
      let took = 0;
      const sheetCall = post(station, 'labels.sheet', sheet, manager).finally(() => {
        pending = false;
        took = performance.now() - started;
        loop.disable();
      });
      // A manager's report asked once the sheet is with the workers is not queued behind it either:
      // documents have a worker of their own.
      await expect
        .poll(() => station.ctx.reports?.stats.offloaded, { timeout: 60_000 })
        .toBeGreaterThanOrEqual(1);
      const dashboard = post(
        station,
        'dashboard.summary',
        { from: 0, to: Date.now() + 86_400_000 },
        manager,
      ).then((r) => ({ ...r, whileSheetPending: pending }));
      const latencies: number[] = [];
      while (pending) {
        const t = performance.now();
        const scan = await post(station, 'products.scan', { code: '6111234567895' }, cashier);
        expect(scan.ok, JSON.stringify(scan.error)).toBe(true);
        if (pending) latencies.push(performance.now() - t);
      }
      const done = await sheetCall;
      const heldMs = loop.max / 1e6;
      const report = await dashboard;
      expect(report.ok, JSON.stringify(report.error)).toBe(true);
      expect(report.whileSheetPending, 'the dashboard waited for the label sheet').toBe(true);
      expect(done.ok, JSON.stringify(done.error)).toBe(true);
      expect(done.result.labels).toBe(PRODUCTS * COPIES);
      expect(done.result.pages).toBe(Math.ceil((PRODUCTS * COPIES) / 24));
      const pdf = Buffer.from(done.result.pdfBase64 as string, 'base64');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
      // Drawn on the main thread, the loop was held for the whole sheet and no scan came back meanwhile.
      expect(heldMs, `event loop held ${heldMs.toFixed(0)} ms of a ${took.toFixed(0)} ms sheet`).toBeLessThan(
        took * 0.4,
      );
      expect(latencies.length).toBeGreaterThanOrEqual(20);
      expect(station.ctx.reports?.stats.offloaded).toBeGreaterThanOrEqual(2);

      // The documents worker ends once idle (its heap held the whole sheet), and the next sheet starts another.
      await expect.poll(() => station.ctx.reports?.stats.workers, { timeout: 60_000 }).toBe(1);
      const again = await post(
        station,
        'labels.sheet',
        { items: sheet.items.slice(0, 2), layout: '4x10' },
        manager,
      );
      expect(again.ok, JSON.stringify(again.error)).toBe(true);
      expect(again.result.labels).toBe(2 * COPIES);
      expect(station.ctx.reports?.stats.workers).toBe(2);

      // Every product was given its internal EAN-13, on the writer, before the drawing.
      for (const id of ids) {
        const p = await post(station, 'products.get', { id }, manager);
        expect(p.ok, JSON.stringify(p.error)).toBe(true);
        expect((p.result.barcodes as string[]).some((c) => c.length === 13)).toBe(true);
      }
    },
  );

  it('draws the same sheet in-process when there are no workers', { timeout: 120_000 }, async () => {
    const station = await startStation({
      dbFile: fx.file,
      port: 0,
      staticDir: null,
      validateOutput: true,
      reportWorkers: 0,
    });
    stations.push(station);
    const manager = (await post(station, 'auth.login', { userId: fx.users.manager.id, pin: '2468' })).result
      .token as string;
    const small = { items: ids.slice(0, 5).map((productId) => ({ productId, copies: 3 })), layout: '4x10' };
    const done = await post(station, 'labels.sheet', { ...small, startAt: 38 }, manager);
    expect(done.ok, JSON.stringify(done.error)).toBe(true);
    expect(done.result).toMatchObject({ labels: 15, pages: 2 });
    expect(
      Buffer.from(done.result.pdfBase64 as string, 'base64')
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  });
});
