import { SerialPort } from 'serialport';
import { AppError, fail, type ErrorCode } from '../core/errors';
import type { ReceiptDocument } from '../core/receipt/document';
import { returnReceipt, saleReceipt } from '../db/services/receipts';
import { getDeviceSettings, getSettings, saveDeviceSettings } from '../db/services/settings';
import type { Store } from '../db/store';
import { PrinterError, toPrinterError } from '../hardware/printer/errors';
import { drawerKickBytes } from '../hardware/printer/escpos-receipt';
import { createPrintService, type PrinterConfig, type PrintService } from '../hardware/printer/print-service';
import { SqlitePrintQueue } from '../db/services/print-queue';
import { textDocumentEscPos } from '../hardware/printer/text-document';
import { createTransport } from '../hardware/printer/transports';
import { itemLines, paymentLines, totalLines, welcomeLines } from '../hardware/display/pole-display';
import { SerialPoleDisplay } from '../hardware/display/serial-display';
import { SerialScanner } from '../hardware/scanner/serial-scanner';
import { ScanFeed } from './scan-feed';
import type { ScaleProtocolId } from '../hardware/scale/protocols/index';
import { openSerialScale, type SerialScale } from '../hardware/scale/serial-scale';
import type { ScaleFailureReason, SerialSettings } from '../hardware/scale/types';
import type { LinkState } from '../hardware/serial/serial-link';

export interface ScaleConfig {
  path: string;
  protocol: ScaleProtocolId;
  serial?: Partial<SerialSettings>;
  readTimeoutMs?: number;
  openTimeoutMs?: number;
}

export interface DisplayConfig {
  path: string;
  baudRate?: number;
  codePage?: 'pc850' | 'wpc1252';
  openTimeoutMs?: number;
}

export interface ScannerConfig {
  path: string;
  baudRate?: number;
  suffix: 'CR' | 'LF' | 'CRLF' | 'none';
  idleMs?: number;
  openTimeoutMs?: number;
}

export interface DevicesConfig {
  printer: (PrinterConfig & { autoPrint: boolean }) | null;
  scale: ScaleConfig | null;
  display?: DisplayConfig | null;
  scanner?: ScannerConfig | null;
}

/** Where a serial device is: connected, or not and why; a missing device is retried in the background. */
export interface DeviceLinkStatus {
  path: string;
  status: 'connected' | 'connecting' | 'not_connected';
  error: string | null;
  attempts: number;
  nextAttemptAt: number | null;
}

export interface DevicesStatus {
  scale: DeviceLinkStatus | null;
  display: DeviceLinkStatus | null;
  scanner: DeviceLinkStatus | null;
}

/**
 * How long `devices.configure` waits for the devices it (re)starts: a device that is there opens in
 * milliseconds and is ready when the call answers; one that is missing or stuck answers
 * `not_connected` / `connecting` in the status and keeps being retried in the background.
 */
const CONFIGURE_WAIT_MS = 1000;

function linkStatus(state: LinkState): DeviceLinkStatus {
  return {
    path: state.path,
    // A stopped link belongs to a device being replaced: for the manager it is simply not connected.
    status: state.status === 'stopped' ? 'not_connected' : state.status,
    error: state.error,
    attempts: state.attempts,
    nextAttemptAt: state.nextAttemptAt,
  };
}

/** Settles when `task` does or after `ms`, whichever is first. */
function within(task: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void task
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

export type DisplayScreen =
  | { screen: 'welcome' }
  | { screen: 'item'; nameFr: string; quantityText: string; amount: number }
  | { screen: 'total'; total: number }
  | { screen: 'payment'; total: number; tendered: number; change: number };

const SCALE_ERRORS: Record<ScaleFailureReason, ErrorCode> = {
  motion: 'SCALE_MOTION',
  over_capacity: 'SCALE_OVERLOAD',
  under_zero: 'SCALE_UNDER_ZERO',
  not_connected: 'SCALE_OFFLINE',
  timeout: 'SCALE_TIMEOUT',
  bad_frame: 'SCALE_TIMEOUT',
};

function printerFailure(err: unknown): never {
  if (err instanceof PrinterError) {
    throw new AppError(
      err.code,
      // Only queued receipts can be promised a reprint; labels, reports and the drawer are simply retried.
      err.jobId === undefined
        ? `${err.message}. Nothing was printed; try again once the printer is ready.`
        : `${err.message}. The sale is kept; the receipt waits in the reprint queue.`,
      {
        printer: err.printer,
        cause: err.cause,
        jobId: err.jobId ?? null,
      },
    );
  }
  throw err;
}

/**
 * The station's devices, owned by the process that hosts the API (the Electron main process or the
 * station server), never by the renderer. Printing can fail; the sale it prints never does.
 */
export class DeviceHub {
  private readonly printing: PrintService;
  private scale: SerialScale | null = null;
  private scaleKey = '';
  private display: SerialPoleDisplay | null = null;
  private displayKey = '';
  private scanner: SerialScanner | null = null;
  readonly scans = new ScanFeed();

  constructor(private readonly store: Store) {
    this.printing = createPrintService({ queue: new SqlitePrintQueue(store.db), now: store.now });
  }

  config(): DevicesConfig {
    const saved = getDeviceSettings(this.store) as DevicesConfig | null;
    return saved ?? { printer: null, scale: null, display: null };
  }

  async configure(config: DevicesConfig): Promise<DevicesConfig> {
    saveDeviceSettings(this.store, config);
    await this.closeScale();
    await this.closeDisplay();
    await within(Promise.all(this.connectAll()), CONFIGURE_WAIT_MS);
    return this.config();
  }

  /**
   * Starts every configured serial device in the background, at station start-up. Never waits: the
   * shop must be able to open and sell with every device missing; each one connects when it appears.
   */
  start(): void {
    void Promise.all(this.connectAll());
  }

  /** The first attempt to open each configured serial device (each bounded by its open deadline). */
  private connectAll(): Promise<void>[] {
    const config = this.config();
    return [
      config.scale ? this.scaleFor(config.scale).connect() : Promise.resolve(),
      config.display ? this.displayFor(config.display).connect() : Promise.resolve(),
      this.startScanner(),
    ];
  }

  /** Each configured serial device: connected, or not and why (the printer has no standing connection). */
  status(): DevicesStatus {
    const config = this.config();
    return {
      scale: config.scale ? linkStatus(this.scaleFor(config.scale).linkState) : null,
      display: config.display ? linkStatus(this.displayFor(config.display).linkState) : null,
      scanner: config.scanner && this.scanner ? linkStatus(this.scanner.linkState) : null,
    };
  }

  /** Scans after `after`, waiting only when a serial scanner is configured (otherwise there is nothing to wait for). */
  async pollScans(after: number, waitMs: number) {
    const enabled = Boolean(this.config().scanner);
    const r = await this.scans.after(after, enabled ? waitMs : 0);
    return { enabled, ...r };
  }

  /** Resolves once the scanner's first attempt to open has settled (bounded); retries go on in the background. */
  private async startScanner(): Promise<void> {
    const old = this.scanner;
    this.scanner = null;
    await old?.stop().catch(() => undefined);
    const config = this.config().scanner;
    if (!config) return;
    const scanner = new SerialScanner({
      path: config.path,
      baudRate: config.baudRate ?? 9600,
      suffix: config.suffix,
      idleMs: config.idleMs,
      openTimeoutMs: config.openTimeoutMs,
    });
    scanner.on('code', (code) => this.scans.push(code, this.store.now()));
    this.scanner = scanner;
    await scanner.start();
  }

  private scaleFor(config: ScaleConfig): SerialScale {
    const key = JSON.stringify(config);
    if (!this.scale || key !== this.scaleKey) {
      const old = this.scale;
      if (old) void old.close().catch(() => undefined);
      this.scale = openSerialScale(config);
      this.scaleKey = key;
      void this.scale.connect();
    }
    return this.scale;
  }

  private displayFor(config: DisplayConfig): SerialPoleDisplay {
    const key = JSON.stringify(config);
    if (!this.display || key !== this.displayKey) {
      const old = this.display;
      if (old) void old.close().catch(() => undefined);
      this.display = new SerialPoleDisplay({
        path: config.path,
        baudRate: config.baudRate ?? 9600,
        codePage: config.codePage ?? 'pc850',
        openTimeoutMs: config.openTimeoutMs,
      });
      this.displayKey = key;
      void this.display.connect();
    }
    return this.display;
  }

  private async closeDisplay(): Promise<void> {
    const d = this.display;
    this.display = null;
    this.displayKey = '';
    if (d) await d.close().catch(() => undefined);
  }

  /**
   * The customer's pole display. It only ever shows the latest screen, so a failure is reported
   * (the display is unplugged) but nothing is retried or queued.
   */
  async showOnDisplay(screen: DisplayScreen): Promise<{ shown: boolean; lines: [string, string] }> {
    const config = this.config().display;
    const options = { codePage: config?.codePage ?? 'pc850', currency: 'DH' } as const;
    const lines: readonly [string, string] =
      screen.screen === 'welcome'
        ? welcomeLines(getSettings(this.store).shop.name, 'Bienvenue', options)
        : screen.screen === 'item'
          ? itemLines(
              { nameFr: screen.nameFr, quantityText: screen.quantityText, amount: screen.amount },
              options,
            )
          : screen.screen === 'total'
            ? totalLines(screen.total, options)
            : paymentLines(screen, options);
    if (!config) return { shown: false, lines: [lines[0], lines[1]] };
    try {
      // At most one attempt to open a missing display (bounded); it keeps being retried in the
      // background and shows the latest screen once it is plugged in.
      await this.displayFor(config).show(lines);
    } catch (err) {
      fail(
        'DEVICE_ERROR',
        `Customer display on ${config.path}: ${err instanceof Error ? err.message : String(err)}`,
        {},
      );
    }
    return { shown: true, lines: [lines[0], lines[1]] };
  }

  private printer(): PrinterConfig & { autoPrint: boolean } {
    const p = this.config().printer;
    if (!p) fail('NO_PRINTER', 'No receipt printer is configured for this till.', {});
    return p;
  }

  async printSale(saleId: number, options: { copy?: boolean; openDrawer?: boolean } = {}) {
    const printer = this.printer();
    const doc = saleReceipt(this.store, saleId, { copy: options.copy === true });
    try {
      const outcome = await this.printing.printReceipt(doc, printer, {
        openDrawer: options.openDrawer === true,
      });
      return { printer: outcome.printer, bytes: outcome.bytes };
    } catch (err) {
      return printerFailure(err);
    }
  }

  /** The refund slip of a customer return; a failure queues it for reprint like a receipt. */
  async printReturn(returnId: number) {
    const printer = this.printer();
    const doc = returnReceipt(this.store, returnId);
    try {
      const outcome = await this.printing.printReceipt(doc, printer, { openDrawer: false });
      return { printer: outcome.printer, bytes: outcome.bytes };
    } catch (err) {
      return printerFailure(err);
    }
  }

  async testPrint() {
    const printer = this.printer();
    const { shop } = getSettings(this.store);
    const doc: ReceiptDocument = {
      shop: {
        name: shop.name,
        address: shop.address,
        phone: shop.phone,
        ice: shop.ice,
        if: shop.if,
        rc: shop.rc,
      },
      tillId: this.store.tillId,
      receiptNumber: 0,
      saleId: 'test',
      cashier: 'Test',
      timestamp: this.store.now(),
      language: 'fr',
      lines: [
        {
          nameFr: 'Test imprimante — éàçù',
          nameAr: 'تجربة الطابعة',
          tier: 'retail',
          unit: 'piece',
          quantity: 1000,
          unitPrice: 0,
          discount: 0,
          amount: 0,
          vatCode: 'EX',
        },
      ],
      totals: { total: 0, discountTotal: 0, itemCount: 1 },
      vat: [],
      payments: [],
      footer: shop.receiptFooter,
      flags: { isCopy: true, isRefund: false },
    };
    try {
      const outcome = await this.printing.printReceipt(doc, printer, {});
      return { printer: outcome.printer, bytes: outcome.bytes };
    } catch (err) {
      return printerFailure(err);
    }
  }

  async openDrawer() {
    const printer = this.printer();
    await this.printRaw(
      drawerKickBytes(printer.commandSet, printer.drawer ?? { pin: 0, onMs: 100, offMs: 100 }),
    );
    return { ok: true as const };
  }

  /** Raw ESC/POS bytes (labels) straight to the receipt printer; not queued: the manager sees the error and retries. */
  async printRaw(bytes: Buffer) {
    const printer = this.printer();
    try {
      const conn = await createTransport(printer.transport).connect();
      try {
        await conn.write(bytes);
      } finally {
        await conn.close().catch(() => undefined);
      }
    } catch (err) {
      return printerFailure(toPrinterError(printer.name, err));
    }
    return { printer: printer.name, bytes: bytes.length };
  }

  async printLines(lines: readonly string[]) {
    const printer = this.printer();
    return this.printRaw(
      textDocumentEscPos(lines, {
        commandSet: printer.commandSet,
        characterSet: printer.characterSet ?? 'PC858_EURO',
      }),
    );
  }

  paperDots(): number {
    return this.printer().paper === '58mm' ? 384 : 576;
  }

  printQueue() {
    return this.printing.pending().map((j) => ({
      id: j.id,
      createdAt: j.createdAt,
      printer: j.printer,
      attempts: j.attempts,
      lastError: j.lastError,
    }));
  }

  async retryQueue() {
    const printer = this.config().printer;
    const outcome = await this.printing.retryQueued((name) =>
      printer && printer.name === name ? printer : undefined,
    );
    return {
      printed: outcome.printed.length,
      failed: outcome.failed.length,
      pending: this.printing.pending().length,
    };
  }

  private async closeScale(): Promise<void> {
    const s = this.scale;
    this.scale = null;
    this.scaleKey = '';
    if (s) await s.close().catch(() => undefined);
  }

  async readScale(timeoutMs: number): Promise<{ grams: number }> {
    const config = this.config().scale;
    if (!config) fail('NO_SCALE', 'No scale is configured for this till.', {});
    const reading = await this.scaleFor(config).readStable({ timeoutMs, pollMs: 100 });
    if (!reading.ok) {
      fail(SCALE_ERRORS[reading.reason], `Scale: ${reading.detail}`, { reason: reading.reason });
    }
    return { grams: reading.grams };
  }

  async listPorts(): Promise<{ path: string; manufacturer: string | null }[]> {
    const ports = await SerialPort.list().catch(() => []);
    return ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null }));
  }

  async close(): Promise<void> {
    this.scans.close();
    const scanner = this.scanner;
    this.scanner = null;
    await scanner?.stop().catch(() => undefined);
    await this.closeScale();
    await this.closeDisplay();
  }
}
