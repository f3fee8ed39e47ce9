import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { PrinterStatus } from './status';
import { STATUS_OK, statusReplyByte } from './status';

/**
 * A network receipt printer for tests and the demo: captures every byte of every connection and can
 * misbehave the ways real printers do.
 *   online     answers DLE EOT with the configured status and keeps what it receives
 *   refuse     stops listening (connection refused), like a printer that is switched off
 *   reset      accepts and hangs up at once, like a printer rebooting
 *   hang       accepts and never reads nor answers, like a jammed firmware
 */
export type VirtualPrinterMode = 'online' | 'refuse' | 'reset' | 'hang';

export interface CapturedConnection {
  bytes: Buffer;
  ended: boolean;
}

export class VirtualPrinter extends EventEmitter {
  readonly connections: CapturedConnection[] = [];
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: VirtualPrinterMode = 'online';
  private boundPort = 0;
  status: PrinterStatus = { ...STATUS_OK };

  get port(): number {
    return this.boundPort;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as net.AddressInfo).port;
  }

  /** Switches behaviour; 'refuse' closes the listener and any other mode reopens it on the same port. */
  async setMode(mode: VirtualPrinterMode): Promise<void> {
    const was = this.mode;
    this.mode = mode;
    if (mode === 'refuse' && was !== 'refuse') await this.stopListening();
    if (mode !== 'refuse' && was === 'refuse') await this.start(this.boundPort);
  }

  setStatus(status: Partial<PrinterStatus>): void {
    this.status = { ...STATUS_OK, ...status };
  }

  /** Resolves with the bytes of the next connection that ends after sending data other than status queries. */
  nextJob(): Promise<Buffer> {
    return new Promise((resolve) => {
      const onJob = (bytes: Buffer): void => {
        this.off('job', onJob);
        resolve(bytes);
      };
      this.on('job', onJob);
    });
  }

  /** Resolves once `count` jobs have completed (the client's last byte can arrive after its own write returned). */
  async waitForJobs(count: number): Promise<Buffer[]> {
    while (this.jobs().length < count)
      await new Promise<void>((resolve) => this.once('job', () => resolve()));
    return this.jobs();
  }

  /** Every completed job so far. */
  jobs(): Buffer[] {
    return this.connections.filter((c) => c.ended && isJob(c.bytes)).map((c) => c.bytes);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await this.stopListening();
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.mode === 'reset') {
      socket.resetAndDestroy();
      return;
    }
    if (this.mode === 'hang') {
      socket.pause();
      return;
    }
    const captured: CapturedConnection = { bytes: Buffer.alloc(0), ended: false };
    this.connections.push(captured);
    let tail = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      captured.bytes = Buffer.concat([captured.bytes, chunk]);
      // Answer DLE EOT n as a printer does, even mid-stream; keep 2 bytes for a query split across chunks.
      const scan = Buffer.concat([tail, chunk]);
      const replies: number[] = [];
      for (let i = 0; i + 2 < scan.length; i++) {
        if (scan[i] === 0x10 && scan[i + 1] === 0x04) {
          replies.push(statusReplyByte(this.status, scan[i + 2] ?? 0));
          i += 2;
        }
      }
      tail = scan.subarray(Math.max(0, scan.length - 2));
      if (replies.length > 0 && this.mode === 'online') socket.write(Buffer.from(replies));
    });
    socket.on('end', () => {
      captured.ended = true;
      socket.end();
      if (isJob(captured.bytes)) this.emit('job', captured.bytes);
    });
  }
}

function isJob(bytes: Buffer): boolean {
  // A connection that only asked for status (and was then abandoned) is not a print job.
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) {
      i += 2;
      continue;
    }
    return true;
  }
  return false;
}
