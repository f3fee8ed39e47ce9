import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** One parsed HTTP/1.1 response off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Parses as many complete responses as `buf` holds, from `offset`. Bodies are framed by
 * content-length or chunked; a response with neither ends at the close (`final`).
 */
export function parseResponses(buf: Buffer, final: boolean): { responses: RawResponse[]; consumed: number } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const head = buf.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let bodyStart = end + 4;
    let body: Buffer;
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      let p = bodyStart;
      let done = false;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', p);
        if (lineEnd < 0) break;
        const size = parseInt(buf.subarray(p, lineEnd).toString('latin1'), 16);
        if (size === 0) {
          if (buf.length < lineEnd + 4) break;
          p = lineEnd + 4;
          done = true;
          break;
        }
        if (buf.length < lineEnd + 2 + size + 2) break;
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        p = lineEnd + 2 + size + 2;
      }
      if (!done) break;
      body = Buffer.concat(parts);
      bodyStart = p;
      at = p;
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (buf.length < bodyStart + length) break;
      body = buf.subarray(bodyStart, bodyStart + length);
      at = bodyStart + length;
    } else if (status === 304 || status === 204 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
      at = bodyStart;
    } else {
      if (!final) break;
      body = buf.subarray(bodyStart);
      at = buf.length;
    }
    responses.push({ status, headers, body });
  }
  return { responses, consumed: at };
}

export interface Exchange {
  responses: RawResponse[];
  /** Milliseconds from the first byte written to the socket closing (or to the timeout). */
  elapsedMs: number;
  closed: boolean;
  /** The socket ended with a reset (ECONNRESET / EPIPE) instead of a clean close. */
  reset: boolean;
}

/**
 * Writes `chunks` to a fresh TCP (or TLS, for an https: url) connection (`gapMs` apart) and collects every response until the
 * server closes, `expect` responses have arrived, or `timeoutMs` passes. Raw, so that malformed
 * request lines and headers reach the server exactly as written.
 */
export function exchange(
  url: string,
  chunks: (string | Buffer)[],
  options: { timeoutMs?: number; gapMs?: number; expect?: number } = {},
): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    // https: a station open to the LAN (self-signed: the test trusts it; tills pin it, server/pinned-fetch.ts).
    const tls = url.startsWith('https:');
    const socket: Socket = tls
      ? tlsConnect({ host, port: Number(port), rejectUnauthorized: false })
      : connect({ host, port: Number(port) });
    const received: Buffer[] = [];
    const started = Date.now();
    let reset = false;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const { responses } = parseResponses(Buffer.concat(received), closed);
      socket.destroy();
      resolve({ responses, elapsedMs: Date.now() - started, closed, reset });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 5000);
    socket.on('data', (c: Buffer) => {
      received.push(c);
      if (options.expect !== undefined) {
        const { responses } = parseResponses(Buffer.concat(received), false);
        if (responses.length >= options.expect) finish(false);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') reset = true;
      finish(true);
    });
    socket.on('close', () => finish(true));
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (settled || socket.destroyed) return;
          socket.write(chunk);
          if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        }
      })();
    });
  });
}

/** A minimal JSON POST as raw bytes. */
export function post(path: string, body: string, headers: Record<string, string> = {}): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'host: 127.0.0.1',
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export function get(path: string, headers: Record<string, string> = {}): string {
  const lines = [
    `GET ${path} HTTP/1.1`,
    'host: 127.0.0.1',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function json(r: RawResponse | undefined): { ok: boolean; error?: { code: string } } {
  return JSON.parse(r?.body.toString('utf8') ?? 'null') as { ok: boolean; error?: { code: string } };
}
