/**
 * A barcode scanner on a serial port (RS-232, or a USB scanner in virtual-COM mode). Emits each code
 * once; frames that cannot be codes are dropped and counted by reason. When the port is missing or
 * goes away (cable pulled, USB adapter re-enumerated) it keeps trying to reopen the same path in the
 * background; nothing ever waits for it.
 */
import { EventEmitter } from 'node:events';
import { SerialLink, type LinkState, type LinkStatus } from '../serial/serial-link';
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
  /** First wait before reopening a missing or lost port (it backs off up to reconnectMaxMs). */
  reconnectMs?: number;
  reconnectMaxMs?: number;
  /** Deadline of one attempt to open the port. */
  openTimeoutMs?: number;
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

const LINK_TO_SCANNER: Record<LinkStatus, ScannerStatus> = {
  connecting: 'opening',
  connected: 'open',
  not_connected: 'disconnected',
  stopped: 'stopped',
};

export class SerialScanner extends EventEmitter<SerialScannerEvents> {
  private readonly framer: ScanFramer;
  private readonly link: SerialLink;
  private status: ScannerStatus = 'stopped';
  private reconnects = 0;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(options: SerialScannerOptions) {
    super();
    this.framer = new ScanFramer({
      suffix: options.suffix ?? 'CR',
      idleMs: options.idleMs,
      staleMs: options.staleMs,
      maxLength: options.maxLength,
    });
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      openTimeoutMs: options.openTimeoutMs,
      retryFirstMs: options.reconnectMs,
      retryMaxMs:
        options.reconnectMaxMs ?? (options.reconnectMs === undefined ? undefined : options.reconnectMs * 8),
    });
    this.link.on('data', (chunk) => this.onData(chunk));
    this.link.on('lost', () => {
      // A half-sent code must not be glued to what comes after the reconnection.
      this.clearFlush();
      this.deliver(this.framer.close());
    });
    this.link.on('status', (state) => {
      this.reconnects = Math.max(0, state.attempts - 1);
      this.setStatus(LINK_TO_SCANNER[state.status], state.error ? new Error(state.error) : undefined);
    });
  }

  get currentStatus(): ScannerStatus {
    return this.status;
  }

  /** Where the port is: connected, or not and why, and when the next attempt is. */
  get linkState(): LinkState {
    return this.link.state;
  }

  stats(): ScannerStats {
    return { codes: this.framer.codes, dropped: { ...this.framer.dropped }, reconnects: this.reconnects };
  }

  /**
   * Starts listening. Resolves once the first attempt to open has settled (open, failed, or past its
   * deadline), never later: a missing scanner is retried in the background.
   */
  start(): Promise<void> {
    return this.link.start();
  }

  async stop(): Promise<void> {
    this.clearFlush();
    await this.link.stop();
    this.deliver(this.framer.close());
  }

  private onData(chunk: Buffer): void {
    this.deliver(this.framer.push(chunk, Date.now()));
    this.armFlush();
  }

  private armFlush(): void {
    this.clearFlush();
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

  private clearFlush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }
}
