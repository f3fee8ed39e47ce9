import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { HTTP_STATUS } from '../api/error-status';
import { fileInside, mimeType } from '../server/static-files';
import type { Envelope, TillHost } from './till-host';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const MAX_BODY = 2 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: Envelope): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(size === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function serveStatic(root: string, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  let file = fileInside(root, path);
  if (file === null) return false;
  let stat = statOrNull(file);
  if (!stat?.isFile()) {
    file = join(root, 'index.html'); // single-page app routes
    stat = statOrNull(file);
  }
  if (!stat?.isFile()) return false;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': mimeType(file),
    'content-length': String(stat.size),
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

/**
 * The till host's loopback server: the built renderer and the /api/<method> envelope, the same contract the
 * station serves, answered by the TillHost (forwarded to the station, or answered locally while it is
 * unreachable). Only the till's own machine reaches it, so it takes no device key.
 */
export function createTillServer(host: TillHost, staticDir: string | null): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://till.local');
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'POST only.', details: {} } });
        return;
      }
      const method = path.slice('/api/'.length);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
      const failed = (code: 'VALIDATION' | 'INTERNAL', what: string) => (err: unknown) =>
        sendJson(res, HTTP_STATUS[code], {
          ok: false,
          error: {
            code,
            message: `${what}: ${err instanceof Error ? err.message : String(err)}`,
            details: {},
          },
        });
      readJson(req).then(
        (input) =>
          host
            .call(method, input, token)
            .then(
              (answer) => sendJson(res, answer.ok ? 200 : (HTTP_STATUS[answer.error.code] ?? 500), answer),
              failed('INTERNAL', `Unexpected error in ${method.slice(0, 60)}`),
            ),
        failed('VALIDATION', 'Unreadable request'),
      );
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/health') {
        sendJson(res, 200, { ok: true, result: host.status() });
        return;
      }
      if (staticDir && serveStatic(staticDir, path, req, res)) return;
    }
    sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'Not found.', details: {} } });
  });
}
