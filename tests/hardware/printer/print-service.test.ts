import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../../core/receipt/document';
import { PrinterError } from '../../../hardware/printer/errors';
import { decodeEscPos } from '../../../hardware/printer/escpos-decoder';
import { buildReceiptEscPos } from '../../../hardware/printer/escpos-receipt';
import { MemoryPrintQueue } from '../../../hardware/printer/print-queue';
import type { PrintQueueStore } from '../../../core/print-jobs';
import { openDatabase } from '../../../db/open';
import { SqlitePrintQueue } from '../../../db/services/print-queue';
import type { PrinterConfig } from '../../../hardware/printer/print-service';
import { createPrintService, printReceipt } from '../../../hardware/printer/print-service';
import { VirtualPrinter } from '../../../hardware/printer/virtual-printer';
import { latinReceipt, sampleReceipt } from './fixtures';

let printer: VirtualPrinter;
let dir: string;

beforeEach(async () => {
  printer = new VirtualPrinter();
  await printer.start(0);
  dir = mkdtempSync(join(tmpdir(), 'souk-printer-'));
});

afterEach(async () => {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

function tcpConfig(overrides: Partial<PrinterConfig> = {}): PrinterConfig {
  return {
    name: 'Caisse 1',
    paper: '80mm',
    commandSet: 'epson',
    checkStatus: true,
    // The in-process virtual printer answers in milliseconds; 3 s holds on a loaded machine.
    statusTimeoutMs: 3000,
    transport: {
      kind: 'tcp',
      host: '127.0.0.1',
      port: printer.port,
      connectTimeoutMs: 5000,
      writeTimeoutMs: 5000,
    },
    ...overrides,
  };
}

async function expectFailure(
  promise: Promise<unknown>,
  code: PrinterError['code'],
  queue: PrintQueueStore,
  doc: ReceiptDocument,
): Promise<PrinterError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrinterError);
  const failure = err as PrinterError;
  expect(failure.code).toBe(code);
  expect(failure.printer).toBe('Caisse 1');
  expect(failure.cause).toBeTruthy();
  expect(failure.toJSON()).toMatchObject({ code, printer: 'Caisse 1', jobId: failure.jobId });
  const jobs = queue.list();
  const job = jobs.find((j) => j.id === failure.jobId);
  expect(job).toBeDefined();
  expect(job!.printer).toBe('Caisse 1');
  expect(job!.attempts).toBe(1);
  expect(job!.lastError).toContain(code);
  // The whole sale is in the queue, unchanged.
  expect(JSON.parse(job!.payload).doc).toEqual(doc);
  return failure;
}

describe('printReceipt over TCP', () => {
  it('prints to an online printer after checking its status', async () => {
    const queue = new MemoryPrintQueue();
    const doc = sampleReceipt();
    const job = printer.nextJob();
    const outcome = await printReceipt(doc, tcpConfig(), queue, { openDrawer: true });
    const bytes = await job;
    expect(outcome.status).toMatchObject({ online: true, paperOut: false });
    expect(outcome.bytes).toBe(bytes.length - 9); // the 9 bytes of DLE EOT 1, 2, 4 come first
    const decoded = decodeEscPos(bytes);
    expect(decoded.statusRequests).toEqual([1, 2, 4]);
    expect(decoded.lines.some((l) => l.includes('Coopérative Taswiq Rabat'))).toBe(true);
    expect(decoded.drawerKicks).toEqual([{ pin: 2, onMs: 100, offMs: 100 }]);
    expect(decoded.images).toHaveLength(1);
    expect(decoded.cuts).toBe(1);
    expect(queue.list()).toEqual([]);
  });

  it('reports paper near end as a warning and still prints', async () => {
    printer.setStatus({ paperNearEnd: true });
    const job = printer.nextJob();
    const outcome = await printReceipt(latinReceipt(), tcpConfig(), new MemoryPrintQueue());
    expect(outcome.status?.paperNearEnd).toBe(true);
    expect(decodeEscPos(await job).lines).toContain('Miel de thym à la façon de Tafraout');
  });

  it('maps a refused connection to PRINTER_OFFLINE and queues the receipt', async () => {
    await printer.setMode('refuse');
    const queue = new MemoryPrintQueue();
    const doc = sampleReceipt();
    const failure = await expectFailure(printReceipt(doc, tcpConfig(), queue), 'PRINTER_OFFLINE', queue, doc);
    expect(failure.cause).toContain('ECONNREFUSED');
  });

  it('maps a printer that hangs up to PRINTER_OFFLINE', async () => {
    await printer.setMode('reset');
    const queue = new MemoryPrintQueue();
    const doc = sampleReceipt();
    await expectFailure(printReceipt(doc, tcpConfig(), queue), 'PRINTER_OFFLINE', queue, doc);
  });

  it('maps a printer that never answers to PRINTER_TIMEOUT', async () => {
    await printer.setMode('hang');
    const queue = new MemoryPrintQueue();
    const doc = sampleReceipt();
    // Only here a short status deadline: the printer is meant never to answer.
    await expectFailure(
      printReceipt(doc, tcpConfig({ statusTimeoutMs: 500 }), queue),
      'PRINTER_TIMEOUT',
      queue,
      doc,
    );
  });

  it.each([
    [{ paperOut: true }, 'PAPER_OUT'],
    [{ coverOpen: true }, 'COVER_OPEN'],
    [{ online: false }, 'PRINTER_OFFLINE'],
    [{ error: true }, 'PRINTER_ERROR'],
  ] as const)('maps status %o to %s without printing', async (status, code) => {
    printer.setStatus(status);
    const queue = new MemoryPrintQueue();
    const doc = sampleReceipt();
    await expectFailure(printReceipt(doc, tcpConfig(), queue), code, queue, doc);
    expect(printer.jobs()).toEqual([]);
  });

  it('reprints queued receipts in order once the printer is back, without opening the drawer', async () => {
    const queue = new MemoryPrintQueue();
    const service = createPrintService({ queue });
    printer.setStatus({ paperOut: true });
    const first = sampleReceipt({ receiptNumber: 41 });
    const second = latinReceipt({ receiptNumber: 42 });
    await service.printReceipt(first, tcpConfig(), { openDrawer: true }).catch(() => undefined);
    await service.printReceipt(second, tcpConfig()).catch(() => undefined);
    expect(queue.list().map((j) => j.attempts)).toEqual([1, 1]);

    // Still out of paper: nothing printed, attempts counted, the second job not even tried.
    const stillOut = await service.retryQueued(() => tcpConfig());
    expect(stillOut.printed).toEqual([]);
    expect(stillOut.failed).toHaveLength(1);
    expect(queue.list().map((j) => j.attempts)).toEqual([2, 1]);

    printer.setStatus({});
    const outcome = await service.retryQueued((name) => (name === 'Caisse 1' ? tcpConfig() : undefined));
    expect(outcome.printed).toHaveLength(2);
    expect(queue.list()).toEqual([]);
    const jobs = (await printer.waitForJobs(2)).map((b) => decodeEscPos(b));
    expect(jobs).toHaveLength(2);
    expect(jobs.map((d) => d.barcodes[0]?.data)).toEqual(['00000041', '00000042']);
    expect(jobs.every((d) => d.drawerKicks.length === 0)).toBe(true);
  });
});

describe('SQLite print queue', () => {
  it('keeps a failed receipt across a restart and prints it after', async () => {
    const file = join(dir, 'till.db');
    const doc = sampleReceipt({ receiptNumber: 77 });
    await printer.setMode('refuse');
    {
      const db = openDatabase(file);
      const queue = new SqlitePrintQueue(db);
      await expectFailure(printReceipt(doc, tcpConfig(), queue), 'PRINTER_OFFLINE', queue, doc);
      db.close();
    }
    await printer.setMode('online');
    const db = openDatabase(file);
    try {
      const queue = new SqlitePrintQueue(db);
      const [job] = queue.list();
      expect(job).toMatchObject({ printer: 'Caisse 1', kind: 'receipt', attempts: 1, status: 'pending' });
      expect(JSON.parse(job!.payload).doc).toEqual(doc);
      const outcome = await createPrintService({ queue }).retryQueued(() => tcpConfig());
      expect(outcome.printed).toEqual([job!.id]);
      expect(queue.list()).toEqual([]);
      const row = db.prepare('SELECT status, attempts FROM print_jobs WHERE id = ?').get(job!.id);
      expect(row).toEqual({ status: 'done', attempts: 1 });
      const [printed] = await printer.waitForJobs(1);
      expect(decodeEscPos(printed!).barcodes[0]?.data).toBe('00000077');
    } finally {
      db.close();
    }
  });

  it('shares its table between queues on one file and keeps ids increasing', () => {
    const db = openDatabase(join(dir, 'q.db'));
    try {
      const a = new SqlitePrintQueue(db);
      const id1 = a.enqueue({ createdAt: 1, printer: 'P', kind: 'receipt', payload: '{}' });
      const b = new SqlitePrintQueue(db);
      const id2 = b.enqueue({ createdAt: 2, printer: 'P', kind: 'receipt', payload: '{}' });
      expect(id2).toBeGreaterThan(id1);
      b.markFailed(id1, 'PAPER_OUT: x');
      b.markDone(id2);
      expect(a.list()).toEqual([
        {
          id: id1,
          createdAt: 1,
          printer: 'P',
          kind: 'receipt',
          payload: '{}',
          attempts: 1,
          lastError: 'PAPER_OUT: x',
          status: 'pending',
        },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('USB line-printer transport', () => {
  const usbConfig = (path: string): PrinterConfig => ({
    name: 'Caisse 1',
    paper: '58mm',
    commandSet: 'epson',
    checkStatus: true,
    transport: { kind: 'usb', path, timeoutMs: 1000 },
  });

  it('writes the receipt bytes to the device file', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const doc = latinReceipt();
    await printReceipt(doc, usbConfig(path), new MemoryPrintQueue());
    const written = readFileSync(path);
    expect(
      written.equals(buildReceiptEscPos(doc, { paper: '58mm', commandSet: 'epson', drawer: null })),
    ).toBe(true);
  });

  it('maps a missing device to PRINTER_OFFLINE', async () => {
    const queue = new MemoryPrintQueue();
    const doc = latinReceipt();
    const err = await printReceipt(doc, usbConfig(join(dir, 'missing', 'lp0')), queue).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'PRINTER_OFFLINE' });
    expect(queue.list()).toHaveLength(1);
  });

  it('maps a device that blocks on open to PRINTER_TIMEOUT', async () => {
    const fifo = join(dir, 'lp-fifo');
    execFileSync('mkfifo', [fifo]);
    const queue = new MemoryPrintQueue();
    const doc = latinReceipt();
    try {
      const err = await printReceipt(doc, usbConfig(fifo), queue).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PRINTER_TIMEOUT' });
      expect(queue.list()).toHaveLength(1);
    } finally {
      // Release the blocked open() so its worker thread returns.
      const reader = await open(fifo, 'r');
      await reader.close();
    }
  });
});
