import { open as openFile } from 'node:fs/promises';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { TransportClosedError, TransportTimeoutError } from './errors';

/**
 * Thin byte pipes to a receipt printer. Every step has a deadline: a printer that hangs must cost the
 * cashier a few seconds and a queued reprint, never a frozen till.
 */

export interface PrinterConnection {
  write(data: Uint8Array): Promise<void>;
  /** Resolves with exactly `count` bytes, or rejects on timeout / hang-up. */
  read(count: number, timeoutMs: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface PrinterTransport {
  readonly description: string;
  /** Whether the printer can answer (DLE EOT status); the USB lp device file is treated as write-only. */
  readonly bidirectional: boolean;
  connect(): Promise<PrinterConnection>;
}

export type TransportConfig =
  | { kind: 'tcp'; host: string; port?: number; connectTimeoutMs?: number; writeTimeoutMs?: number }
  | { kind: 'usb'; path: string; timeoutMs?: number }
  | {
      kind: 'serial';
      path: string;
      baudRate: number;
      dataBits?: 5 | 6 | 7 | 8;
      parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
      stopBits?: 1 | 1.5 | 2;
      rtscts?: boolean;
      timeoutMs?: number;
    };

const DEFAULT_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new TransportTimeoutError(what, ms));
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Collects bytes from a stream so `read` can wait for an exact count. */
class ReadBuffer {
  private chunks: Buffer[] = [];
  private length = 0;
  private waiter: (() => void) | null = null;
  private ended: Error | null = null;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.waiter?.();
  }

  end(err: Error): void {
    this.ended ??= err;
    this.waiter?.();
  }

  async read(count: number, timeoutMs: number, what: string): Promise<Buffer> {
    const ready = new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.length >= count) {
          this.waiter = null;
          resolve();
        } else if (this.ended) {
          this.waiter = null;
          reject(this.ended);
        }
      };
      this.waiter = check;
      check();
    });
    await withTimeout(ready, timeoutMs, what, () => {
      this.waiter = null;
    });
    const all = Buffer.concat(this.chunks);
    this.chunks = [all.subarray(count)];
    this.length = all.length - count;
    return all.subarray(0, count);
  }
}

export function tcpTransport(config: Extract<TransportConfig, { kind: 'tcp' }>): PrinterTransport {
  const port = config.port ?? 9100;
  const connectTimeout = config.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const writeTimeout = config.writeTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    description: `tcp://${config.host}:${port}`,
    bidirectional: true,
    async connect() {
      const socket = net.connect({ host: config.host, port });
      const incoming = new ReadBuffer();
      let failure: Error | null = null;
      socket.on('data', (chunk: Buffer) => incoming.push(chunk));
      socket.on('error', (err) => {
        failure ??= err;
        incoming.end(err);
      });
      socket.on('close', () =>
        incoming.end(failure ?? new TransportClosedError('printer closed the connection')),
      );
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        }),
        connectTimeout,
        `connect to ${config.host}:${port}`,
        () => socket.destroy(),
      );
      return {
        write: (data) =>
          withTimeout(
            new Promise<void>((resolve, reject) => {
              if (failure) return reject(failure);
              socket.write(data, (err) => (err ? reject(err) : resolve()));
            }),
            writeTimeout,
            `write to ${config.host}:${port}`,
            () => socket.destroy(),
          ),
        read: (count, timeoutMs) =>
          incoming.read(count, timeoutMs, `status from ${config.host}:${port}`).catch((err: unknown) => {
            socket.destroy();
            throw err;
          }),
        // Resolves once every byte has left for the printer and our FIN is sent; a printer that stopped
        // reading keeps the socket's buffer full, which the deadline turns into a timeout.
        close: () =>
          withTimeout(
            new Promise<void>((resolve, reject) => {
              if (socket.destroyed) return failure ? reject(failure) : resolve();
              socket.end(() => resolve());
              socket.once('error', reject);
            }),
            writeTimeout,
            `flush to ${config.host}:${port}`,
            () => socket.destroy(),
          ).finally(() => socket.destroy()),
      };
    },
  };
}

/** /dev/usb/lpN (the Linux usblp driver): open, write, close, each under the deadline. */
export function usbLpTransport(config: Extract<TransportConfig, { kind: 'usb' }>): PrinterTransport {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    description: `usb:${config.path}`,
    bidirectional: false,
    async connect() {
      const handlePromise = openFile(config.path, 'a');
      // If open() outlives its deadline, close the handle whenever it finally arrives.
      const handle = await withTimeout(handlePromise, timeout, `open ${config.path}`, () => {
        handlePromise.then((h) => h.close()).catch(() => undefined);
      });
      return {
        write: async (data) => {
          await withTimeout(handle.write(data), timeout, `write ${config.path}`);
        },
        read: () => Promise.reject(new Error(`${config.path} is write-only`)),
        close: () => withTimeout(handle.close(), timeout, `close ${config.path}`),
      };
    },
  };
}

export function serialTransport(config: Extract<TransportConfig, { kind: 'serial' }>): PrinterTransport {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    description: `serial:${config.path}@${config.baudRate}`,
    bidirectional: true,
    async connect() {
      const port = new SerialPort({
        path: config.path,
        baudRate: config.baudRate,
        dataBits: config.dataBits ?? 8,
        parity: config.parity ?? 'none',
        stopBits: config.stopBits ?? 1,
        rtscts: config.rtscts ?? false,
        autoOpen: false,
      });
      const incoming = new ReadBuffer();
      port.on('data', (chunk: Buffer) => incoming.push(chunk));
      port.on('error', (err) => incoming.end(err));
      port.on('close', () => incoming.end(new TransportClosedError('serial port closed')));
      await withTimeout(
        new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve()))),
        timeout,
        `open ${config.path}`,
      );
      const closePort = (): Promise<void> =>
        new Promise<void>((resolve) => {
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        });
      return {
        write: (data) =>
          withTimeout(
            new Promise<void>((resolve, reject) => {
              port.write(Buffer.from(data), (err) => {
                if (err) return reject(err);
                // drain waits until the OS has handed the bytes to the line: with RTS/CTS a
                // printer whose buffer is full holds us here, which the deadline turns into a timeout.
                port.drain((e) => (e ? reject(e) : resolve()));
              });
            }),
            timeout,
            `write ${config.path}`,
          ),
        read: (count, timeoutMs) => incoming.read(count, timeoutMs, `status from ${config.path}`),
        close: () => withTimeout(closePort(), timeout, `close ${config.path}`),
      };
    },
  };
}

export function createTransport(config: TransportConfig): PrinterTransport {
  switch (config.kind) {
    case 'tcp':
      return tcpTransport(config);
    case 'usb':
      return usbLpTransport(config);
    case 'serial':
      return serialTransport(config);
  }
}
