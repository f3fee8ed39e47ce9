import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ErrorCode } from '../core/errors';
import { dispatch } from '../api/dispatcher';
import { HTTP_STATUS } from '../api/error-status';
import type { ApiContext } from '../api/handlers';

const MAX_BODY = 12 * 1024 * 1024;

// Every code's status lives in api/error-status.ts (complete over ErrorCode); entries below only repeat it.
const STATUS: Partial<Record<ErrorCode, number>> = {
  ...HTTP_STATUS,
  VALIDATION: 400,
  CSV_INVALID: 400,
  UNAUTHENTICATED: 401,
  BAD_PIN: 401,
  FORBIDDEN: 403,
  APPROVAL_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED_OUT: 429,
  INTERNAL: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
};

// The UI is served from the same origin; a strict CSP keeps it to its own scripts.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  if (req.method !== 'POST')
    return send(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST.', details: {} } });
  // Requiring JSON forces a CORS preflight, which this server never grants: other web pages cannot call the API.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return send(res, 415, {
      ok: false,
      error: { code: 'VALIDATION', message: 'Send application/json.', details: {} },
    });
  }
  let input: unknown;
  try {
    const body = await readBody(req);
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch (err) {
    const tooLarge = err instanceof Error && err.message === 'too large';
    return send(res, tooLarge ? 413 : 400, {
      ok: false,
      error: {
        code: 'VALIDATION',
        message: tooLarge ? 'The request is too large.' : 'The body is not valid JSON.',
        details: {},
      },
    });
  }
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  const response = await dispatch(ctx, decodeURIComponent(method), input, token);
  send(res, response.ok ? 200 : (STATUS[response.error.code] ?? 422), response);
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://station');
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
  const base = resolve(root);
  let file = resolve(join(base, rel));
  // Inside the folder, not merely sharing its name's prefix (dist/renderer-private would pass a bare startsWith).
  if (file !== base && !file.startsWith(base + sep)) return false;
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html'); // single-page app routes
  if (!existsSync(file)) return false;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

const LANDING = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Souk POS</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>Souk POS — station</h1><p>La station répond. API : <code>POST /api/&lt;méthode&gt;</code> (voir docs/api.md).</p>
<p dir="rtl" lang="ar">المحطة تعمل.</p></body></html>`;

export interface StationServerOptions {
  ctx: ApiContext;
  /** Folder of the built renderer, served at /. */
  staticDir?: string | null;
}

export function createStationServer(options: StationServerOptions): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      handleApi(options.ctx, req, res, path.slice(5)).catch((err: unknown) => {
        console.error('[station] request failed', err);
        if (!res.headersSent)
          send(res, 500, {
            ok: false,
            error: { code: 'INTERNAL', message: 'Unexpected server error.', details: {} },
          });
      });
      return;
    }
    if (path === '/health') return send(res, 200, { ok: true });
    if (options.staticDir && serveStatic(options.staticDir, req, res)) return;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
      res.end(LANDING);
      return;
    }
    send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'Not found.', details: {} } });
  });
}
