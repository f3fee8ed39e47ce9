/**
 * Writes pole-display screens to a serial port. The display shows whatever arrived last, so a screen
 * is one write: a lost screen is replaced by the next one rather than retried.
 */
import { SerialPort } from 'serialport';
import type { DisplayLines, DisplayOptions } from './pole-display';
import { initBytes, screenBytes } from './pole-display';

export interface SerialDisplayOptions extends DisplayOptions {
  path: string;
  baudRate?: number;
}

export class DisplayError extends Error {
  readonly code = 'DISPLAY_UNAVAILABLE';
}

export class SerialPoleDisplay {
  private readonly options: SerialDisplayOptions;
  private port: SerialPort | null = null;

  constructor(options: SerialDisplayOptions) {
    this.options = options;
  }

  async open(): Promise<void> {
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 9600,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err
          ? reject(new DisplayError(`cannot open display ${this.options.path}: ${err.message}`))
          : resolve(),
      ),
    );
    // An unplugged display must not crash the till; the next open() starts over.
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.port = port;
    await this.send(initBytes(this.options));
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  show(lines: DisplayLines): Promise<void> {
    return this.send(screenBytes(lines, this.options));
  }

  send(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new DisplayError(`display ${this.options.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(new DisplayError(`display write failed: ${err.message}`));
        port.drain((e) => (e ? reject(new DisplayError(`display write failed: ${e.message}`)) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
