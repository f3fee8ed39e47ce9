/**
 * A barcode scanner on a serial port (RS-232, or a USB scanner in virtual-COM mode). Emits each code
 * once; frames that cannot be codes are dropped and counted by reason. When the port goes away (cable
 * pulled, USB adapter re-enumerated) it keeps trying to reopen the same path.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { DropReason, FramerEvent, ScanSuffix } from './scan-framer';
import { ScanFramer } from './scan-framer';

export type ScannerStatus = 'opening' | 'open' | 'disconnected' | 'stopped';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  suffix?: ScanSuffix;
  /** Silence that ends a code when suffix is 'none'. */
  idleMs?: number;
  staleMs?: number;
  maxLength?: number;
  /** Wait between attempts to reopen a lost port. */
  reconnectMs?: number;
}

export interface SerialScannerEvents {
  code: [code: string];
  dropped: [reason: DropReason, raw: Uint8Array];
  status: [status: ScannerStatus, error?: Error];
}

export interface ScannerStats {
  codes: number;
  dropped: Record<DropReason, number>;
  reconnects: number;
}

export class SerialScanner extends EventEmitter<SerialScannerEvents> {
  private readonly options: SerialScannerOptions;
  private readonly framer: ScanFramer;
  private port: SerialPort | null = null;
  private status: ScannerStatus = 'stopped';
  private stopped = true;
  private reconnects = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(options: SerialScannerOptions) {
    super();
    this.options = options;
    this.framer = new ScanFramer({
      suffix: options.suffix ?? 'CR',
      idleMs: options.idleMs,
      staleMs: options.staleMs,
      maxLength: options.maxLength,
    });
  }

  get currentStatus(): ScannerStatus {
    return this.status;
  }

  stats(): ScannerStats {
    return { codes: this.framer.codes, dropped: { ...this.framer.dropped }, reconnects: this.reconnects };
  }

  /** Opens the port; resolves once it is open the first time (retries go on in the background). */
  start(): Promise<void> {
    this.stopped = false;
    return new Promise((resolve) => {
      const onStatus = (s: ScannerStatus): void => {
        if (s === 'open' || s === 'stopped') {
          this.off('status', onStatus);
          resolve();
        }
      };
      this.on('status', onStatus);
      this.open();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.deliver(this.framer.close());
    this.setStatus('stopped');
  }

  private open(): void {
    if (this.stopped) return;
    this.setStatus('opening');
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 9600,
      autoOpen: false,
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('close', (err: Error | null) => this.onLost(port, err ?? undefined));
    port.on('error', (err: Error) => this.onLost(port, err));
    port.open((err) => {
      if (err) return this.onLost(port, err);
      if (this.stopped || this.port !== port) {
        port.close();
        return;
      }
      this.setStatus('open');
    });
  }

  private onData(chunk: Buffer): void {
    this.deliver(this.framer.push(chunk, Date.now()));
    this.armFlush();
  }

  private armFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const deadline = this.framer.deadline();
    if (deadline === null) return;
    this.flushTimer = setTimeout(
      () => {
        this.flushTimer = null;
        this.deliver(this.framer.flush(Date.now()));
        this.armFlush();
      },
      Math.max(0, deadline - Date.now() + 1),
    );
  }

  private onLost(port: SerialPort, err?: Error): void {
    if (this.stopped) return;
    // 'error' and 'close' both arrive for one unplug; only the first one for the live port counts.
    if (this.port !== port) return;
    this.port = null;
    port.removeAllListeners('data');
    if (port.isOpen) port.close();
    this.deliver(this.framer.close());
    this.setStatus('disconnected', err);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconnects++;
      this.open();
    }, this.options.reconnectMs ?? 1000);
  }

  private deliver(events: FramerEvent[]): void {
    for (const e of events) {
      if (e.kind === 'code') this.emit('code', e.code);
      else this.emit('dropped', e.reason, e.raw);
    }
  }

  private setStatus(status: ScannerStatus, error?: Error): void {
    this.status = status;
    this.emit('status', status, error);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.retryTimer = null;
    this.flushTimer = null;
  }
}
