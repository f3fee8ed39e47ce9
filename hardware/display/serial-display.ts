/**
 * Writes pole-display screens to a serial port. The display shows whatever arrived last, so a screen
 * is one write: a lost screen is replaced by the next one rather than retried. A display that is not
 * there is retried in the background and, once it appears, shows the latest screen by itself.
 */
import { SerialLink, type LinkState } from '../serial/serial-link';
import type { DisplayLines, DisplayOptions } from './pole-display';
import { initBytes, screenBytes } from './pole-display';

export interface SerialDisplayOptions extends DisplayOptions {
  path: string;
  baudRate?: number;
  /** Deadline of one attempt to open the port. */
  openTimeoutMs?: number;
  /** First wait before a new attempt when the display is missing (backs off up to retryMaxMs). */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/**
 * How long a screen waits for a display that is not connected to open. The till fires screens and
 * forgets them, but a stuck driver must not pile up calls for the whole open deadline each.
 */
const SHOW_WAIT_MS = 1000;

export class DisplayError extends Error {
  readonly code = 'DISPLAY_UNAVAILABLE';
}

export class SerialPoleDisplay {
  private readonly options: SerialDisplayOptions;
  private readonly link: SerialLink;
  private latest: DisplayLines | null = null;
  private closed = false;
  /** The init sequence and the latest screen, written each time the port (re)opens. */
  private ready: Promise<void> = Promise.resolve();

  constructor(options: SerialDisplayOptions) {
    this.options = options;
    this.link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      openTimeoutMs: options.openTimeoutMs,
      retryFirstMs: options.retryFirstMs,
      retryMaxMs: options.retryMaxMs,
    });
    this.link.on('open', () => {
      const latest = this.latest;
      this.ready = this.send(initBytes(this.options)).then(() =>
        latest ? this.send(screenBytes(latest, this.options)) : undefined,
      );
      // Nobody may be waiting for a background reconnection; its failure shows in the link state.
      this.ready.catch(() => undefined);
    });
  }

  /** Starts trying to open in the background; the promise is the first attempt, which always settles. */
  connect(): Promise<void> {
    return this.closed ? Promise.resolve() : this.link.start();
  }

  /** Opens now; rejects with the reason if the display is not there (it is still retried in the background). */
  async open(): Promise<void> {
    if (this.closed) throw new DisplayError(`display ${this.options.path} was closed`);
    await this.link.start();
    if (!this.link.port)
      throw new DisplayError(`cannot open display: ${this.link.state.error ?? 'not connected'}`);
    await this.ready;
  }

  get isOpen(): boolean {
    return this.link.port !== null;
  }

  get linkState(): LinkState {
    return this.link.state;
  }

  /**
   * Shows a screen. When the display is not connected this waits at most SHOW_WAIT_MS for it to open,
   * then rejects; the screen is kept and shown when the display comes back.
   */
  async show(lines: DisplayLines): Promise<void> {
    if (this.closed) throw new DisplayError(`display ${this.options.path} was closed`);
    this.latest = lines;
    if (this.link.port) {
      try {
        await this.send(screenBytes(lines, this.options));
        return;
      } catch {
        // Unplugged and plugged back in: one fresh connection before giving up.
        this.link.drop('failed to write');
      }
    }
    if (!this.link.started) {
      await this.open();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SHOW_WAIT_MS);
      void this.link.attempt().finally(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (!this.link.port) {
      throw new DisplayError(`display not connected: ${this.link.state.error ?? this.options.path}`);
    }
    // The reconnection writes the init sequence and this (latest) screen itself.
    await this.ready;
  }

  send(bytes: Uint8Array): Promise<void> {
    const port = this.link.port;
    if (!port) return Promise.reject(new DisplayError(`display ${this.options.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(new DisplayError(`display write failed: ${err.message}`));
        port.drain((e) => (e ? reject(new DisplayError(`display write failed: ${e.message}`)) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.link.stop();
  }
}
