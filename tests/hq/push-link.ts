import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A real TCP link between one shop and HQ (the test points the shop at it), so a test can act at the
 * moment a push is on the wire: when the next request starts (to kill HQ or the shop then), cut it after
 * a number of its bytes (HQ gets half a batch), or cut it as HQ's answer comes back (HQ took the batch,
 * the shop never hears so).
 */
export class Link {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private onRequest: (() => void) | null = null;
  private cutRequestAt: number | null = null;
  private cutAnswer = false;
  /** How many times a request or an answer was cut. */
  cuts = 0;

  constructor(private readonly targetPort: () => number) {}

  async open(): Promise<void> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
  }

  /** Calls fn when the next request's first bytes reach the link. */
  whenNextRequest(fn: () => void): void {
    this.onRequest = fn;
  }

  /** Cuts the next request after `bytes` of it have gone through. */
  cutNextRequestAfter(bytes: number): void {
    this.cutRequestAt = bytes;
  }

  /** Cuts the link when the next answer from HQ arrives, before the shop sees any of it. */
  cutNextAnswer(): void {
    this.cutAnswer = true;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort(), '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      const fn = this.onRequest;
      this.onRequest = null;
      fn?.();
      if (this.cutRequestAt !== null) {
        const room = this.cutRequestAt - sent;
        if (room < chunk.length) {
          this.cutRequestAt = null;
          this.cuts++;
          upstream.write(chunk.subarray(0, Math.max(0, room)), drop);
          return;
        }
      }
      sent += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.cutAnswer) {
        this.cutAnswer = false;
        this.cuts++;
        drop();
        return;
      }
      client.write(chunk);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
