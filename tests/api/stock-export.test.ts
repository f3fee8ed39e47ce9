import { rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { performance as nodePerformance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/csv';
import { createUser } from '../../db/services/users';
import { openDatabase } from '../../db/open';
import { Store } from '../../db/store';
import { startStation, type Station } from '../../server/station';
import { makeStockCatalog } from '../helpers/stock-catalog';

let station: Station;
let made: ReturnType<typeof makeStockCatalog>;
let manager: string;
let cashier: string;

async function call(method: string, input: unknown, token?: string) {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; result?: any; error?: any } };
}

async function login(userId: number, pin: string): Promise<string> {
  const r = await call('auth.login', { userId, pin });
  expect(r.body.ok).toBe(true);
  return r.body.result.token as string;
}

function exportRequest(body: unknown, token: string | null, init: { method?: string; type?: string } = {}) {
  return fetch(`${station.url}/export/stock.csv`, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': init.type ?? 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(init.method === 'GET' ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * Reads an export as it arrives, keeping only the first lines and counts: the test holds no more of the
 * file than the station should. Samples the process RSS (the station runs in this process) on every chunk.
 */
async function readExport(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let head = '';
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  let peakRss = process.memoryUsage().rss;
  let firstChunkAt = 0;
  const t0 = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (chunks++ === 0) firstChunkAt = performance.now() - t0;
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    if (head.length < 20_000) head += text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (chunks % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  return { head, bytes, lines, chunks, peakRss, firstChunkAt, totalMs: performance.now() - t0 };
}

beforeAll(async () => {
  made = makeStockCatalog(100_000);
  const db = openDatabase(made.file);
  const cashierUser = createUser(new Store(db), null, { name: 'Youssef', role: 'cashier', pin: '1357' });
  db.close();
  station = await startStation({ dbFile: made.file, port: 0, staticDir: null, validateOutput: true });
  manager = await login(made.managerId, '2468');
  cashier = await login(cashierUser.id, '1357');
}, 240_000);
afterAll(async () => {
  await station?.close();
  rmSync(made.dir, { recursive: true, force: true });
});

describe('POST /export/stock.csv on a 100,000-product station', () => {
  it('streams the whole filtered list as Excel-clean CSV, in chunks, with memory bounded', async () => {
    const page = await call('stock.page', { limit: 20 }, manager);
    expect(page.body.ok).toBe(true);
    const total: number = page.body.result.total;
    expect(total).toBeGreaterThan(80_000);
    // A first, empty export starts the documents worker (once per station): what is measured below is
    // what an export of 88,000 rows adds, not the thread that reads it.
    await readExport(await exportRequest({ search: 'aucun produit ne porte ce nom' }, manager));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const res = await exportRequest({}, manager);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="stock-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // Streamed: no length announced up front, chunked transfer.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const got = await readExport(res);
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `[stock-export] ${total} rows, ${(got.bytes / 1e6).toFixed(1)} MB in ${got.chunks} chunks: first chunk after ` +
        `${got.firstChunkAt.toFixed(0)} ms, whole file ${got.totalMs.toFixed(0)} ms; RSS ${(rssBefore / 1e6).toFixed(0)} MB ` +
        `before, peak ${(got.peakRss / 1e6).toFixed(0)} MB, ${(rssAfter / 1e6).toFixed(0)} MB after`,
    );
    expect(got.lines).toBe(total + 1);
    expect(got.chunks).toBeGreaterThan(10);
    // Loose: the file is tens of MB; a station building it (or the list) in memory grows by several times that.
    expect(got.bytes).toBeGreaterThan(8_000_000);
    expect(got.peakRss - rssBefore).toBeLessThan(100_000_000);
    // Rows go out as they are read: the first chunk long before the last (a built file comes all at the end).
    expect(got.firstChunkAt).toBeLessThan(got.totalMs / 4);
    // The first rows are page 1 of the same filter and sort, in French Excel's form.
    expect(got.head.charCodeAt(0)).toBe(0xfeff);
    const table = parseCsv(got.head.slice(0, got.head.lastIndexOf('\r\n')));
    expect(table.header).toEqual([
      'réf.',
      'produit',
      'produit (arabe)',
      'coopérative',
      'coopérative (arabe)',
      'unité',
      'en stock',
      'valeur détail (mad)',
      'valeur demi-gros (mad)',
      'valeur gros (mad)',
      'âge (jours)',
      'dluo la plus proche',
      'jours restants',
      'vendu 30 j',
    ]);
    const rows = page.body.result.rows as any[];
    for (const [i, r] of rows.entries()) {
      const cells = table.rows[i]!.cells;
      expect(cells[0]).toBe(r.sku);
      expect(cells[1]).toBe(r.nameFr);
      expect(cells[2]).toBe(r.nameAr);
      expect(cells[7]).toBe(
        `${Math.floor(r.value.retail / 100)},${String(r.value.retail % 100).padStart(2, '0')}`,
      );
      expect(cells[11]).toBe(r.nearestBestBefore ? r.nearestBestBefore.split('-').reverse().join('/') : '');
      expect(cells[12]).toBe(r.bestBeforeDaysLeft === null ? '' : String(r.bestBeforeDaysLeft));
    }
  }, 120_000);

  it('exports exactly what the filter selects, in its sort', async () => {
    const filter = { cooperativeId: 3, expiringWithinDays: 60, sort: 'bestBefore', dir: 'asc' };
    const page = await call('stock.page', { ...filter, limit: 500 }, manager);
    const check = await call('stock.export', filter, manager);
    expect(check.body.result.rows).toBe(page.body.result.total);
    const got = await readExport(await exportRequest(filter, manager));
    expect(got.lines).toBe(page.body.result.total + 1);
    const table = parseCsv(got.head.slice(0, got.head.lastIndexOf('\r\n')));
    expect(table.rows.map((r) => r.cells[0])).toEqual(
      (page.body.result.rows as any[]).slice(0, table.rows.length).map((r) => r.sku),
    );
  }, 60_000);

  it('keeps answering the tills while an export is held open by a client that does not read', async () => {
    // node:http, not fetch: nothing is read after the headers, so the station's writes back up.
    const body = JSON.stringify({});
    const held = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        `${station.url}/export/stock.csv`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(held.statusCode).toBe(200);
    held.pause();
    const t0 = performance.now();
    const info = await call('system.info', {});
    expect(info.body.ok).toBe(true);
    const page = await call('stock.page', { search: 'safran', limit: 5 }, manager);
    expect(page.body.ok, JSON.stringify(page.body.error)).toBe(true);
    expect(page.body.result.rows).toHaveLength(5);
    console.log(`[stock-export] API calls during a held export: ${(performance.now() - t0).toFixed(0)} ms`);
    held.destroy();
  }, 60_000);

  it('reads and formats the rows on a worker, not on the tills’ thread', async () => {
    // The station runs in this process: the main thread's utilisation during the export is what the
    // tills' calls compete with. The client below only counts bytes, so it costs next to nothing.
    const offloaded = station.ctx.reports?.stats.offloaded ?? 0;
    const before = nodePerformance.eventLoopUtilization();
    const bytes = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${station.url}/export/stock.csv`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
        },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    const used = nodePerformance.eventLoopUtilization(before);
    console.log(
      `[stock-export] main thread busy ${(used.utilization * 100).toFixed(0)} % of a ${used.active.toFixed(0)} + ${used.idle.toFixed(0)} ms export`,
    );
    expect(bytes).toBeGreaterThan(8_000_000);
    expect(station.ctx.reports?.stats.offloaded).toBeGreaterThan(offloaded);
    // Formatting 100,000 rows here kept the thread busy nearly all the export long.
    expect(used.utilization).toBeLessThan(0.5);
  }, 120_000);

  it('is the API call stock.export: token, role, input and method checked like any other', async () => {
    const anonymous = await exportRequest({}, null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe('UNAUTHENTICATED');
    const asCashier = await exportRequest({}, cashier);
    expect(asCashier.status).toBe(403);
    expect(((await asCashier.json()) as any).error.code).toBe('FORBIDDEN');
    const bad = await exportRequest({ expiringWithinDays: -1 }, manager);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('VALIDATION');
    const unknown = await exportRequest({ offset: 10 }, manager);
    expect(unknown.status).toBe(400);
    // A form post from another page (no preflight) is refused as on /api.
    expect((await exportRequest({}, manager, { type: 'text/plain' })).status).toBe(415);
    expect((await exportRequest({}, manager, { method: 'GET' })).status).toBe(405);
  });
});
