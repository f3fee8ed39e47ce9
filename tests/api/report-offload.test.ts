import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_TODAY, shopHistory } from '../../bench/shop-history';
import { gtinFor } from '../../bench/data/catalog-db';
import { contract } from '../../api/contract';
import { reportHandlers } from '../../api/report-handlers';
import { REPORT_THREAD_NICE, startReportWorkers } from '../../api/report-workers';
import { openDatabase } from '../../db/open';
import { createUser } from '../../db/services/users';
import { Store } from '../../db/store';
import { startStation, type Station } from '../../server/station';
import { pdfPages } from '../documents/pdf-text';

const DAY = 86_400_000;

interface Envelope {
  ok: boolean;
  result?: any;
  error?: { code: string; message: string };
}

async function call(station: Station, method: string, input: unknown, token: string): Promise<Envelope> {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await res.json()) as Envelope;
}

async function login(station: Station, userId: number, pin: string): Promise<string> {
  const res = await fetch(`${station.url}/api/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, pin }),
  });
  const body = (await res.json()) as Envelope;
  expect(body.ok).toBe(true);
  return body.result.token as string;
}

describe('read-only reports run off the till’s thread', () => {
  let dir: string;
  let file: string;
  let ids: { manager: number; cashier: number };

  beforeAll(() => {
    // 11,000 sales over three years (bench/shop-history.ts at 2 %), copied: the station writes to its file.
    const history = shopHistory(0.02);
    dir = mkdtempSync(join(tmpdir(), 'souk-offload-'));
    file = join(dir, 'shop.db');
    copyFileSync(history.file, file);
    const db = openDatabase(file);
    const store = new Store(db);
    ids = {
      manager: createUser(store, null, { name: 'Nadia', role: 'manager', pin: '2468' }).id,
      cashier: createUser(store, null, { name: 'Omar', role: 'cashier', pin: '1357' }).id,
    };
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('offloads exactly the methods the report workers can answer', () => {
    const offloaded = Object.entries(contract)
      .filter(([, spec]) => 'offload' in spec && spec.offload === true)
      .map(([name]) => name)
      .sort();
    expect(offloaded).toEqual(Object.keys(reportHandlers).sort());
    // A report worker holds a read-only connection: nothing that writes may be offloaded.
    for (const name of offloaded) expect(name).not.toMatch(/\.(issue|create|update|close|open|print)/);
  });

  it('answers a till’s scans while a manager’s reports keep the worker busy, with the same figures', async () => {
    const station = await startStation({ dbFile: file, port: 0, staticDir: null, validateOutput: true });
    try {
      const reports = station.ctx.reports;
      expect(reports?.stats.workers).toBeGreaterThan(0);
      const manager = await login(station, ids.manager, '2468');
      const cashier = await login(station, ids.cashier, '1357');
      const end = SHOP_TODAY + DAY;

      // The worker's answer is the main thread's, to the centime.
      const year = await call(station, 'dashboard.summary', { from: end - 365 * DAY, to: end }, manager);
      expect(year.ok).toBe(true);
      const { dashboard } = await import('../../db/services/dashboard');
      expect(year.result).toEqual(dashboard(station.ctx.store, end - 365 * DAY, end));
      const x = await call(station, 'cash.xReport', {}, cashier);
      expect(x.ok).toBe(true);
      expect(x.result.salesCount).toBeGreaterThan(0);
      // The statement PDF, read on the worker's connection and printed by Chromium, says what the main
      // thread's does (the bytes differ by their creation time only).
      const pdfInput = { cooperativeId: 5, periodEnd: end };
      const pdf = await call(station, 'settlements.pdf', pdfInput, manager);
      expect(pdf.ok).toBe(true);
      const { settlementPdfFile } = await import('../../api/documents');
      const here = await settlementPdfFile(station.ctx.store, pdfInput);
      expect(pdf.result.fileName).toBe(here.fileName);
      expect(Buffer.from(pdf.result.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(Buffer.from(pdf.result.pdfBase64, 'base64'))).toEqual(
        pdfPages(Buffer.from(here.pdfBase64)), // in-process: the bytes themselves
      );
      const offloadedBefore = reports?.stats.offloaded ?? 0;

      // A back office's worth of heavy reports, queued on the worker(s)...
      let reportsDone = 0;
      let lastReportAt = 0;
      const heavy = Array.from({ length: 24 }, (_, i) =>
        call(
          station,
          i % 3 === 0 ? 'stock.onHand' : i % 3 === 1 ? 'dashboard.summary' : 'settlements.draft',
          i % 3 === 0
            ? { includeEmpty: true }
            : i % 3 === 1
              ? { from: 0, to: end + 17 * 3_600_000 + 12_345 }
              : { cooperativeId: 1 + i, periodEnd: end },
          manager,
        ).then((r) => {
          expect(r.ok).toBe(true);
          reportsDone++;
          lastReportAt = performance.now();
        }),
      );
      // ...while the till scans: each scan is answered by the main thread meanwhile.
      const started = performance.now();
      const scans: number[] = [];
      for (let i = 1; i <= 5; i++) {
        const t = performance.now();
        const scan = await call(station, 'products.scan', { code: gtinFor(i * 97) }, cashier);
        expect(scan.ok).toBe(true);
        expect(scan.result.product.id).toBe(i * 97);
        scans.push(performance.now() - t);
      }
      const scansDoneAt = performance.now();
      const doneWhenScansWere = reportsDone;
      await Promise.all(heavy);
      expect(reports?.stats.offloaded).toBe(offloadedBefore + heavy.length);
      // The scans did not wait for the reports: they were all answered while reports were still queued.
      expect(doneWhenScansWere).toBeLessThan(heavy.length);
      expect(scansDoneAt).toBeLessThan(lastReportAt);
      // A loose bound for a loaded two-core machine; on the main thread they would wait for the whole queue.
      expect(Math.max(...scans)).toBeLessThan(Math.max(2000, (lastReportAt - started) / 2));
    } finally {
      await station.close();
    }
  }, 120_000);

  it('runs reports in-process, and says so, when workers cannot start', async () => {
    const logs: string[] = [];
    const none = await startReportWorkers({
      dbFile: join(dir, 'missing', 'nowhere.db'),
      tillId: 'T1',
      log: (m) => logs.push(m),
    });
    expect(none).toBeNull();
    expect(logs.join('\n')).toMatch(/report worker threads could not start .*reports run on the main thread/);

    const station = await startStation({
      dbFile: file,
      port: 0,
      staticDir: null,
      validateOutput: true,
      reportWorkers: 0,
    });
    try {
      expect(station.ctx.reports).toBeNull();
      const manager = await login(station, ids.manager, '2468');
      const r = await call(station, 'dashboard.summary', { from: 0, to: SHOP_TODAY + DAY }, manager);
      expect(r.ok).toBe(true);
      expect(r.result.salesCount).toBeGreaterThan(10_000);
    } finally {
      await station.close();
    }
  });

  it('keeps typed errors across the thread: an unknown session is NOT_FOUND', async () => {
    const station = await startStation({ dbFile: file, port: 0, staticDir: null, validateOutput: true });
    try {
      expect(station.ctx.reports?.stats.workers).toBeGreaterThan(0);
      const cashier = await login(station, ids.cashier, '1357');
      const r = await call(station, 'cash.xReport', { sessionId: 9_999_999 }, cashier);
      expect(r.error?.code).toBe('NOT_FOUND');
      if (process.platform === 'linux') {
        // The report thread yields the CPU to the tills' thread: its nice value is its own, not the process's.
        const nice = (task: string) =>
          Number(
            readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
              .replace(/^.*\) /s, '')
              .split(' ')[16],
          );
        const tasks = readdirSync('/proc/self/task');
        expect(tasks.map(nice)).toContain(REPORT_THREAD_NICE);
        expect(nice(String(process.pid))).toBe(0);
      }
    } finally {
      await station.close();
    }
  });
});
