import type { ReceiptDocument } from '../../core/receipt/document';
import type { PrinterErrorCode } from './errors';
import { PrinterError, statusToError, toPrinterError } from './errors';
import type { DrawerKick, EscPosOptions } from './escpos-receipt';
import { buildReceiptEscPos } from './escpos-receipt';
import type { PrintJob, PrintQueueStore } from '../../core/print-jobs';
import type { PrinterStatus } from './status';
import { parseStatus, STATUS_QUERY, STATUS_REPLY_LENGTH } from './status';
import type { PrinterTransport, TransportConfig } from './transports';
import { createTransport } from './transports';

export interface PrinterConfig extends Omit<EscPosOptions, 'drawer'> {
  /** Shown to the cashier and stored with queued jobs: "Caisse 1", "Comptoir". */
  name: string;
  transport: TransportConfig;
  /** Ask DLE EOT status before printing (TCP and serial only). */
  checkStatus?: boolean;
  statusTimeoutMs?: number;
  drawer?: DrawerKick;
}

export interface PrintRequestOptions {
  /** Kick the drawer (cash sales). Uses the printer's drawer settings, or pin 2, 100/100 ms. */
  openDrawer?: boolean;
}

export interface PrintOutcome {
  printer: string;
  bytes: number;
  /** The status read before printing (paper near end is a warning, not a failure). */
  status: PrinterStatus | null;
}

export interface RetryOutcome {
  printed: number[];
  failed: { id: number; code: PrinterErrorCode }[];
}

interface ReceiptPayload {
  doc: ReceiptDocument;
  options: PrintRequestOptions;
}

const DEFAULT_DRAWER: DrawerKick = { pin: 0, onMs: 100, offMs: 100 };

export interface PrintServiceDeps {
  queue: PrintQueueStore;
  now?: () => number;
  /** Tests and the demo may swap in their own transports. */
  transportFor?: (config: PrinterConfig) => PrinterTransport;
}

/** Sends bytes with an optional status check first; throws PrinterError on any failure. */
async function deliver(
  config: PrinterConfig,
  transport: PrinterTransport,
  bytes: Buffer,
): Promise<PrinterStatus | null> {
  let status: PrinterStatus | null = null;
  let conn;
  try {
    conn = await transport.connect();
  } catch (err) {
    throw toPrinterError(config.name, err);
  }
  try {
    if (config.checkStatus && transport.bidirectional) {
      await conn.write(STATUS_QUERY);
      const reply = await conn.read(STATUS_REPLY_LENGTH, config.statusTimeoutMs ?? 3000);
      status = parseStatus(reply);
      if (!status)
        throw new PrinterError('PRINTER_ERROR', config.name, `bad status reply ${reply.toString('hex')}`);
      const bad = statusToError(config.name, status);
      if (bad) throw bad;
    }
    await conn.write(bytes);
    await conn.close();
    return status;
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw toPrinterError(config.name, err);
  }
}

export interface PrintService {
  /**
   * Prints a receipt. On any failure the receipt is queued for reprint and a PrinterError
   * ({code, printer, cause, jobId}) is thrown; the sale itself is never touched by printing.
   */
  printReceipt(
    doc: ReceiptDocument,
    config: PrinterConfig,
    options?: PrintRequestOptions,
  ): Promise<PrintOutcome>;
  /**
   * Reprints pending jobs oldest first. A printer that fails keeps its later jobs queued (so receipts
   * never come out of order); other printers go on.
   */
  retryQueued(configFor: (printer: string) => PrinterConfig | undefined): Promise<RetryOutcome>;
  pending(): PrintJob[];
}

export function createPrintService(deps: PrintServiceDeps): PrintService {
  const now = deps.now ?? Date.now;
  const transportFor = deps.transportFor ?? ((c: PrinterConfig) => createTransport(c.transport));

  const render = (doc: ReceiptDocument, config: PrinterConfig, options: PrintRequestOptions): Buffer =>
    buildReceiptEscPos(doc, {
      ...config,
      drawer: options.openDrawer ? (config.drawer ?? DEFAULT_DRAWER) : null,
    });

  const attempt = async (
    doc: ReceiptDocument,
    config: PrinterConfig,
    options: PrintRequestOptions,
  ): Promise<PrintOutcome> => {
    let bytes: Buffer;
    try {
      bytes = render(doc, config, options);
    } catch (err) {
      throw new PrinterError('PRINTER_ERROR', config.name, err instanceof Error ? err.message : String(err));
    }
    const status = await deliver(config, transportFor(config), bytes);
    return { printer: config.name, bytes: bytes.length, status };
  };

  return {
    async printReceipt(doc, config, options = {}) {
      try {
        return await attempt(doc, config, options);
      } catch (err) {
        const failure = toPrinterError(config.name, err);
        const payload: ReceiptPayload = { doc, options: { ...options, openDrawer: false } };
        const id = deps.queue.enqueue({
          createdAt: now(),
          printer: config.name,
          kind: 'receipt',
          payload: JSON.stringify(payload),
        });
        deps.queue.markFailed(id, `${failure.code}: ${failure.cause}`);
        failure.jobId = id;
        throw failure;
      }
    },

    async retryQueued(configFor) {
      const outcome: RetryOutcome = { printed: [], failed: [] };
      const blocked = new Set<string>();
      for (const job of deps.queue.list()) {
        if (blocked.has(job.printer)) continue;
        const config = configFor(job.printer);
        if (!config) {
          deps.queue.markFailed(job.id, `PRINTER_ERROR: no printer named ${job.printer}`);
          outcome.failed.push({ id: job.id, code: 'PRINTER_ERROR' });
          blocked.add(job.printer);
          continue;
        }
        try {
          // The drawer was already handled when the sale happened; a reprint never opens it.
          const payload = JSON.parse(job.payload) as ReceiptPayload;
          await attempt(payload.doc, config, { openDrawer: false });
          deps.queue.markDone(job.id);
          outcome.printed.push(job.id);
        } catch (err) {
          const failure = toPrinterError(job.printer, err);
          deps.queue.markFailed(job.id, `${failure.code}: ${failure.cause}`);
          outcome.failed.push({ id: job.id, code: failure.code });
          blocked.add(job.printer);
        }
      }
      return outcome;
    },

    pending: () => deps.queue.list(),
  };
}

/** One-shot form of `createPrintService(...).printReceipt`. */
export function printReceipt(
  doc: ReceiptDocument,
  config: PrinterConfig,
  queue: PrintQueueStore,
  options: PrintRequestOptions = {},
): Promise<PrintOutcome> {
  return createPrintService({ queue }).printReceipt(doc, config, options);
}
