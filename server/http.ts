import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';
import type { ErrorCode } from '../core/errors';
import { dispatch } from '../api/dispatcher';
import { HTTP_STATUS } from '../api/error-status';
import { MAX_RESULT_HEADER, RESULT_HEADER, acceptsType, documentOf, withBase64 } from '../api/document-body';
import type { ApiContext } from '../api/handlers';
import { isLoopback, tillCookie, type DeviceGate, type HostAllowList } from './access';
import { BodyBudget, DEFAULT_LIMITS, readBody, type BodyRefusal, type HttpLimits } from './body';
import { fileInside, mimeType } from './static-files';
import { streamStockCsv } from './stock-export';

// The UI is served from the same origin; a strict CSP keeps it to its own scripts.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Methods that only the station's own machine may call: whoever sets the station up becomes its admin. */
const LOCAL_ONLY_METHODS = new Set(['system.setup']);
/** The one method an unpaired (or revoked) device may call: trading a pairing code for its token. */
const PAIRING_METHOD = 'tills.pair';

const REFUSED: Record<Exclude<BodyRefusal, 'gone'>, [ErrorCode, string]> = {
  'too-large': ['REQUEST_TOO_LARGE', 'The request is too large.'],
  busy: ['STATION_BUSY', 'The station is busy receiving other requests: try again in a moment.'],
  timeout: ['REQUEST_TIMEOUT', 'The request body arrived too slowly.'],
};

interface Ctx {
  api: ApiContext;
  limits: HttpLimits;
  budget: BodyBudget;
  hosts: HostAllowList | null;
  device: DeviceGate | null;
  files: StaticFiles;
}

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Reads and drops the rest of a body nobody will use, so that the answer does not race the client's
 * upload; `done(true)` when it ended, `done(false)` past lingerMs / lingerBytes (then the caller closes).
 */
function dropBody(ctx: Ctx, req: IncomingMessage, done: (ended: boolean) => void): void {
  let drained = 0;
  let finished = false;
  const finish = (ended: boolean) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    done(ended);
  };
  const onData = (c: Buffer) => {
    drained += c.length;
    if (drained > ctx.limits.lingerBytes) finish(false);
  };
  const onEnd = () => finish(true);
  const onClose = () => finish(req.complete);
  const timer = setTimeout(() => finish(false), ctx.limits.lingerMs);
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  req.resume();
}

/**
 * Answers with a JSON body. A body the answer does not need is dropped first when it is small enough
 * to wait for, and the connection stays usable. One too big is answered at once with the connection
 * closed after it, and what still arrives meanwhile is dropped: closing on unread data makes the kernel
 * reset the connection, and a reset can throw the answer away before the client reads it.
 */
function send(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  /**
   * `rest`: what to do with a body still arriving. 'drop' (the default) reads it through as above;
   * 'pause' answers at once and stops reading, so a station turning work away spends neither memory
   * nor time on it, and closes lingerMs later (the client has read the answer by then);
   * 'close' answers and closes at once (a client too slow to wait for).
   */
  options: { rest?: 'drop' | 'pause' | 'close'; headers?: Record<string, string> } = {},
): void {
  const text = JSON.stringify(body);
  const head = (close: boolean) =>
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...(close ? { connection: 'close' } : {}),
      ...options.headers,
    });
  if (req.complete || !hasBody(req)) {
    head(false);
    res.end(text);
    return;
  }
  // Refused as too slow, or the body was already given up on by the caller: no more waiting for it.
  if (options.rest === 'close' || res.getHeader('connection') === 'close') {
    head(true);
    res.end(text);
    return;
  }
  if (options.rest === 'pause') {
    head(true);
    res.write(text);
    req.pause();
    setTimeout(() => res.end(), ctx.limits.lingerMs).unref();
    return;
  }
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > ctx.limits.lingerBytes) {
    head(true);
    res.write(text);
    dropBody(ctx, req, () => res.end());
    return;
  }
  dropBody(ctx, req, (ended) => {
    head(!ended);
    res.end(text);
  });
}

const envelope = (code: ErrorCode, message: string, details: Record<string, unknown> = {}) => ({
  ok: false,
  error: { code, message, details },
});

/** `application/json`, any case, with optional parameters; a charset, if named, must be UTF-8. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';');
  if (type?.trim().toLowerCase() !== 'application/json') return false;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}

function decode(s: string): string | null {
  try {
    const d = decodeURIComponent(s);
    return d.includes('\0') ? null : d;
  } catch {
    return null;
  }
}

/**
 * Routes that answer with a stream rather than an envelope: the request is the API call named here, checked
 * and authorised by the dispatcher like any other, and only an answer of ok starts the stream.
 */
const STREAMED: Record<string, { method: string; stream: typeof streamStockCsv }> = {
  '/export/stock.csv': { method: 'stock.export', stream: streamStockCsv },
};

async function handleApi(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  stream?: typeof streamStockCsv,
): Promise<void> {
  if (req.method !== 'POST') return send(ctx, req, res, 405, envelope('VALIDATION', 'Use POST.'));
  const local = isLoopback(req.socket.remoteAddress);
  if (!local && LOCAL_ONLY_METHODS.has(method)) {
    return send(
      ctx,
      req,
      res,
      403,
      envelope('LOCAL_ONLY', `${method} is done on the station itself, not from another device.`, { method }),
    );
  }
  const admission = ctx.device
    ? ctx.device.admit(req, local)
    : local
      ? ({ ok: true, till: null } as const)
      : ({ ok: false, code: 'DEVICE_NOT_PAIRED', message: 'This station admits no other device.' } as const);
  if (!admission.ok && method !== PAIRING_METHOD) {
    return send(ctx, req, res, HTTP_STATUS[admission.code], envelope(admission.code, admission.message));
  }
  // Requiring JSON forces a CORS preflight, which this server never grants: other web pages cannot call the API.
  if (!isJsonContentType(req.headers['content-type'])) {
    return send(ctx, req, res, 415, envelope('VALIDATION', 'Send application/json.'));
  }
  const body = await readBody(req, ctx.limits, ctx.budget);
  try {
    if (!body.ok) {
      if (body.reason === 'gone') return;
      const [code, message] = REFUSED[body.reason];
      return send(ctx, req, res, HTTP_STATUS[code], envelope(code, message), {
        rest: body.reason === 'timeout' ? 'close' : body.reason === 'busy' ? 'pause' : 'drop',
        ...(body.reason === 'busy' ? { headers: { 'retry-after': '1' } } : {}),
      });
    }
    let input: unknown;
    try {
      input = body.text.trim() === '' ? {} : JSON.parse(body.text);
    } catch {
      return send(ctx, req, res, 400, envelope('VALIDATION', 'The body is not valid JSON.'));
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const till = admission.ok ? admission.till : null;
    const response = await dispatch(ctx.api, method, input, token, {
      // A paired tablet acts for no till; no token (the station's machine) is the station's own till.
      ...(till ? { tillId: till.kind === 'backoffice' ? null : till.id, deviceId: till.id } : {}),
      peer: req.socket.remoteAddress ?? '',
    });
    if (res.destroyed) return;
    if (stream && response.ok) return await stream(ctx.api, input, response.result, SECURITY_HEADERS, res);
    if (response.ok && sendDocument(req, res, response.result)) return;
    // A browser keeps its till token as an HttpOnly cookie, out of reach of the page's scripts.
    const paired =
      method === PAIRING_METHOD && response.ok ? (response.result as { token?: unknown }).token : undefined;
    const answer = response.ok ? { ...response, result: withBase64(response.result) } : response;
    send(ctx, req, res, response.ok ? 200 : HTTP_STATUS[response.error.code], answer, {
      ...(typeof paired === 'string'
        ? { headers: { 'set-cookie': tillCookie(paired, 'encrypted' in req.socket) } }
        : {}),
    });
  } finally {
    body.release();
  }
}

/**
 * A document (api/document-body.ts) as the body itself, for a client that accepts its type: the bytes a
 * worker handed over go to the socket as they are, and the rest of the result rides in a header. False
 * when the answer has no document, the client asked for JSON, or the rest is too long for a header.
 */
function sendDocument(req: IncomingMessage, res: ServerResponse, result: unknown): boolean {
  const doc = documentOf(result);
  if (!doc || !acceptsType(req.headers.accept, doc.type)) return false;
  const rest = encodeURIComponent(JSON.stringify(doc.rest));
  if (rest.length > MAX_RESULT_HEADER) return false;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': doc.type,
    'content-length': String(doc.bytes.byteLength),
    [RESULT_HEADER]: rest,
    ...(doc.fileName
      ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}` }
      : {}),
  });
  res.end(doc.bytes);
  return true;
}

function fileStat(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // ENAMETOOLONG, ENOTDIR, EACCES: not a file we serve
  }
}

/**
 * The renderer's files, kept in memory once read: a kiosk or tablet asks for the same few files on every
 * load, and a single-page app answers every route with index.html. A file whose size or mtime changed
 * (a rebuilt renderer) is read again; big files are streamed and not kept.
 */
class StaticFiles {
  private readonly files = new Map<string, { mtimeMs: number; body: Buffer }>();
  private bytes = 0;
  constructor(
    private readonly maxFile = 1024 * 1024,
    private readonly maxTotal = 32 * 1024 * 1024,
  ) {}

  get(file: string, stat: Stats): Buffer | null {
    const hit = this.files.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.body.length === stat.size) return hit.body;
    if (stat.size > this.maxFile) return null;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return null; // gone since the stat: the stream path reports it
    }
    if (hit) this.bytes -= hit.body.length;
    if (this.bytes + body.length > this.maxTotal) return body;
    this.files.set(file, { mtimeMs: stat.mtimeMs, body });
    this.bytes += body.length;
    return body;
  }
}

function serveStatic(
  root: string,
  files: StaticFiles,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let file = fileInside(root, normalize(path));
  if (file === null) return false;
  let stat = fileStat(file);
  if (!stat?.isFile()) {
    file = join(root, 'index.html'); // single-page app routes
    stat = fileStat(file);
  }
  if (!stat?.isFile()) return false;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': mimeType(file),
    'content-length': String(stat.size),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const body = files.get(file, stat);
  if (body && body.length === stat.size) {
    res.end(body);
    return true;
  }
  const stream = createReadStream(file);
  // A file removed or unreadable after the stat: cut the response rather than let the error go unhandled.
  stream.on('error', () => res.destroy());
  stream.pipe(res);
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
  limits?: Partial<HttpLimits>;
  /** Host headers accepted; null accepts any (only for a caller that does its own check). */
  hosts?: HostAllowList | null;
  /** Paired tills and tablets (server/access.ts TillGate); null admits only the station's own machine. */
  device?: DeviceGate | null;
}

function route(ctx: Ctx, staticDir: string | null, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  // Origin-form only: '*' and absolute URLs (proxy requests) are not for this server.
  const q = url.search(/[?#]/);
  const rawPath = q < 0 ? url : url.slice(0, q);
  const path = rawPath.startsWith('/') ? decode(rawPath) : null;
  if (path === null) {
    return send(ctx, req, res, 400, envelope('VALIDATION', 'Malformed request URL.'));
  }
  if (ctx.hosts && !ctx.hosts.allows(req)) {
    return send(
      ctx,
      req,
      res,
      403,
      envelope('HOST_NOT_ALLOWED', 'This station does not answer to that host name.', {
        host: String(req.headers.host ?? '').slice(0, 100),
      }),
    );
  }
  if (rawPath.startsWith('/api/')) {
    handleApi(ctx, req, res, path.slice(5)).catch((err: unknown) => {
      console.error('[station] request failed', err);
      if (!res.headersSent) send(ctx, req, res, 500, envelope('INTERNAL', 'Unexpected server error.'));
      else res.destroy();
    });
    return;
  }
  const streamed = Object.prototype.hasOwnProperty.call(STREAMED, path) ? STREAMED[path] : undefined;
  if (streamed) {
    handleApi(ctx, req, res, streamed.method, streamed.stream).catch((err: unknown) => {
      console.error('[station] request failed', err);
      if (!res.headersSent) send(ctx, req, res, 500, envelope('INTERNAL', 'Unexpected server error.'));
      else res.destroy();
    });
    return;
  }
  // Nothing below reads a body: drop one first, and close after the answer if it would not end.
  if (!req.complete && hasBody(req)) {
    return dropBody(ctx, req, (ended) => {
      if (!ended) res.setHeader('connection', 'close');
      serveOther(ctx, staticDir, path, req, res);
    });
  }
  serveOther(ctx, staticDir, path, req, res);
}

function serveOther(
  ctx: Ctx,
  staticDir: string | null,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (path === '/health') return send(ctx, req, res, 200, { ok: true });
  if (staticDir && serveStatic(staticDir, ctx.files, path, req, res)) return;
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(LANDING)),
    });
    res.end(req.method === 'HEAD' ? undefined : LANDING);
    return;
  }
  send(ctx, req, res, 404, envelope('NOT_FOUND', 'Not found.'));
}

export function createStationServer(options: StationServerOptions): Server {
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const ctx: Ctx = {
    api: options.ctx,
    limits,
    budget: new BodyBudget(limits.maxInflightBodyBytes),
    hosts: options.hosts ?? null,
    device: options.device ?? null,
    files: new StaticFiles(),
  };
  const staticDir = options.staticDir ?? null;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
      // Node checks both timeouts on this tick (30 s by default), which would stretch a short headers timeout.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      try {
        route(ctx, staticDir, req, res);
      } catch (err) {
        // Defence in depth: route() is written not to throw; if it does, this request fails, not the station.
        console.error('[station] request failed', err);
        if (!res.headersSent) send(ctx, req, res, 500, envelope('INTERNAL', 'Unexpected server error.'));
        else res.destroy();
      }
    },
  );
  return server;
}
