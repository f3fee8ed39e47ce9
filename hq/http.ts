import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HTTP_STATUS } from '../api/error-status';
import { AppError, knownErrorCode } from '../core/errors';
import { HQ_PUSH_PATH, HQ_SHOP_HEADER, HQ_SHOPS_PATH } from '../core/hq-wire';
import type { Pool } from './db';
import { clearShopFlags, listShopFlags } from './flags';
import { ingestBatch } from './ingest';
import { pushBatchSchema, registerShopSchema } from './push-schema';
import { authenticateShop, listShops, registerShop } from './shops';
import { verifyShopChain } from './verify';

const clearFlagsSchema = z.object({ by: z.string().min(1).max(100), reason: z.string().min(3).max(1000) });

/** A batch of 200 entries with their rows is well under a megabyte; a shop's first push of years is chunked. */
const MAX_BODY = 32 * 1024 * 1024;

/**
 * A route another HQ module mounts (portal, dashboard, settlement): answers and returns true when the
 * request is its own, false to let the next one look.
 */
export type HqRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
) => Promise<boolean>;

export interface HqContext {
  pool: Pool;
  /** Bearer key of HQ staff for the chain's own endpoints (shop list, registration). */
  adminKey: string;
  /** Started after a push added entries (projections); the shop's answer does not wait for them. */
  afterIngest?: ((pool: Pool, shopId: string) => Promise<unknown>)[];
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const code = err instanceof AppError ? err.code : knownErrorCode((err as { code?: unknown })?.code);
  if (code && err instanceof Error) {
    sendJson(res, HTTP_STATUS[code], {
      error: { code, message: err.message, details: err instanceof AppError ? err.details : {} },
    });
    return;
  }
  console.error('[hq] internal error:', err);
  sendJson(res, 500, { error: { code: 'INTERNAL', message: 'Internal error', details: {} } });
}

export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AppError('REQUEST_TOO_LARGE', `Body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', 'Body is not JSON');
  }
  const r = schema.safeParse(parsed);
  if (!r.success) {
    throw new AppError('VALIDATION', 'Body does not match the contract', {
      issues: r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return r.data;
}

export function bearer(req: IncomingMessage): string {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m?.[1]) throw new AppError('UNAUTHENTICATED', 'Missing bearer key');
  return m[1];
}

function requireAdmin(req: IncomingMessage, adminKey: string): void {
  const given = Buffer.from(bearer(req), 'utf8');
  const want = Buffer.from(adminKey, 'utf8');
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new AppError('UNAUTHENTICATED', 'Wrong HQ key');
  }
}

async function coreRoutes(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  if (url.pathname === '/hq/v1/health' && req.method === 'GET') {
    await ctx.pool.query('SELECT 1');
    sendJson(res, 200, { ok: true });
    return true;
  }
  if (url.pathname === HQ_PUSH_PATH && req.method === 'POST') {
    const shopId = String(req.headers[HQ_SHOP_HEADER] ?? '');
    await authenticateShop(ctx.pool, shopId, bearer(req));
    const batch = await readJson(req, pushBatchSchema);
    const { ack, refusal } = await ingestBatch(ctx.pool, shopId, batch);
    if (refusal) {
      // The shop needs HQ's position even when refused, to resume from it.
      sendJson(res, HTTP_STATUS[refusal.code], {
        error: { code: refusal.code, message: refusal.message, details: { ...refusal.details, ack } },
      });
    } else sendJson(res, 200, ack);
    if (ack.accepted > 0) {
      for (const task of ctx.afterIngest ?? []) {
        task(ctx.pool, shopId).catch((err: unknown) =>
          console.error(`[hq] after the push of ${shopId}:`, err),
        );
      }
    }
    return true;
  }
  // HQ staff re-walk a shop's chain as HQ holds it: every hash recomputed from the stored entries.
  const verify = new RegExp(`^${HQ_SHOPS_PATH}/([A-Za-z0-9._-]{1,64})/verify$`).exec(url.pathname);
  if (verify && req.method === 'GET') {
    requireAdmin(req, ctx.adminKey);
    const known = await ctx.pool.query('SELECT 1 FROM hq_shops WHERE id = $1', [verify[1]]);
    if (known.rowCount === 0) throw new AppError('NOT_FOUND', `No shop ${verify[1]}`);
    sendJson(res, 200, await verifyShopChain(ctx.pool, verify[1]!));
    return true;
  }
  // HQ staff look at a shop's findings (HQ's entry against the shop's) and clear them with a reason.
  const flags = new RegExp(`^${HQ_SHOPS_PATH}/([A-Za-z0-9._-]{1,64})/flags(/clear)?$`).exec(url.pathname);
  if (flags && req.method === (flags[2] ? 'POST' : 'GET')) {
    requireAdmin(req, ctx.adminKey);
    const shopId = flags[1]!;
    if (flags[2]) {
      const body = await readJson(req, clearFlagsSchema);
      sendJson(res, 200, { clearance: await clearShopFlags(ctx.pool, shopId, body) });
      return true;
    }
    const [shop] = await listShopFlags(ctx.pool, shopId);
    if (!shop) throw new AppError('NOT_FOUND', `No shop ${shopId}`);
    sendJson(res, 200, shop);
    return true;
  }
  if (url.pathname === HQ_SHOPS_PATH) {
    requireAdmin(req, ctx.adminKey);
    if (req.method === 'GET') {
      sendJson(res, 200, { shops: await listShops(ctx.pool) });
      return true;
    }
    if (req.method === 'POST') {
      const shop = await readJson(req, registerShopSchema);
      await registerShop(ctx.pool, shop);
      sendJson(res, 200, { ok: true, id: shop.id });
      return true;
    }
  }
  return false;
}

/** HQ's certificate and key (PEM): HTTPS for the shops and staff; without, plain HTTP (loopback only: hq/main.ts). */
export interface HqTls {
  key: string;
  cert: string;
}

export function createHqServer(ctx: HqContext, routes: HqRoute[] = [], tls: HqTls | null = null): Server {
  const all: HqRoute[] = [coreRoutes, ...routes];
  const handle: RequestListener = (req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://hq.invalid');
        for (const route of all) if (await route(req, res, url, ctx)) return;
        throw new AppError('NOT_FOUND', `No such HQ endpoint: ${req.method} ${url.pathname}`);
      } catch (err) {
        if (!res.headersSent) sendError(res, err);
        else res.destroy();
      }
    })();
  };
  // An https.Server is an http.Server's kin (the same request handling and timeouts), typed as one here.
  const server: Server = tls
    ? (createHttpsServer(
        { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' },
        handle,
      ) as unknown as Server)
    : createServer(handle);
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  return server;
}
