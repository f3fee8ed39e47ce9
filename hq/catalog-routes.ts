import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../core/errors';
import {
  HQ_CATALOG_CHANGES_PATH,
  HQ_CATALOG_PATH,
  HQ_TRANSFERS_INCOMING_PATH,
  HQ_TRANSFERS_TRANSIT_PATH,
} from '../core/hq-catalog-wire';
import { HQ_SHOP_HEADER } from '../core/hq-wire';
import {
  catalogChanges,
  fullCatalog,
  importCatalog,
  putCatalogCoop,
  putCatalogProduct,
  setAllowance,
} from './catalog';
import {
  allowanceSchema,
  catalogCoopSchema,
  catalogImportSchema,
  catalogProductSchema,
} from './catalog-schema';
import { bearer, readJson, sendJson, type HqContext } from './http';
import { authenticateShop } from './shops';
import { inTransit, incomingTransfers } from './transfers';

function requireStaff(req: IncomingMessage, adminKey: string): void {
  const given = Buffer.from(bearer(req), 'utf8');
  const want = Buffer.from(adminKey, 'utf8');
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new AppError('UNAUTHENTICATED', 'Wrong HQ key');
  }
}

async function requireShop(req: IncomingMessage, ctx: HqContext): Promise<string> {
  const shopId = String(req.headers[HQ_SHOP_HEADER] ?? '');
  await authenticateShop(ctx.pool, shopId, bearer(req));
  return shopId;
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,15}$/.test(raw))
    throw new AppError('VALIDATION', `${name} must be a whole number`, { [name]: raw });
  return Number(raw);
}

/**
 * The chain catalogue and transfers (hq/catalog.ts, hq/transfers.ts): shops pull changes and their incoming
 * transfers with their push key; HQ staff write the catalogue and read what is in transit with the HQ key.
 */
export async function catalogRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  const path = url.pathname;
  if (path === HQ_CATALOG_CHANGES_PATH && req.method === 'GET') {
    const shopId = await requireShop(req, ctx);
    sendJson(
      res,
      200,
      await catalogChanges(ctx.pool, shopId, intParam(url, 'since', 0), intParam(url, 'limit', 100)),
    );
    return true;
  }
  if (path === HQ_TRANSFERS_INCOMING_PATH && req.method === 'GET') {
    const shopId = await requireShop(req, ctx);
    sendJson(res, 200, { transfers: await incomingTransfers(ctx.pool, shopId) });
    return true;
  }
  if (path === HQ_TRANSFERS_TRANSIT_PATH && req.method === 'GET') {
    requireStaff(req, ctx.adminKey);
    sendJson(res, 200, { lines: await inTransit(ctx.pool, url.searchParams.get('coop') ?? undefined) });
    return true;
  }
  if (path !== HQ_CATALOG_PATH && !path.startsWith(`${HQ_CATALOG_PATH}/`)) return false;
  requireStaff(req, ctx.adminKey);
  const sub = path.slice(HQ_CATALOG_PATH.length);
  if (sub === '' && req.method === 'GET') {
    sendJson(res, 200, await fullCatalog(ctx.pool));
    return true;
  }
  if (req.method !== 'POST') return false;
  if (sub === '/coops') {
    sendJson(res, 200, { version: await putCatalogCoop(ctx.pool, await readJson(req, catalogCoopSchema)) });
    return true;
  }
  if (sub === '/products') {
    sendJson(res, 200, {
      version: await putCatalogProduct(ctx.pool, await readJson(req, catalogProductSchema)),
    });
    return true;
  }
  if (sub === '/allowances') {
    const { shopId, ...allowance } = await readJson(req, allowanceSchema);
    sendJson(res, 200, { version: await setAllowance(ctx.pool, shopId, allowance) });
    return true;
  }
  if (sub === '/import') {
    sendJson(res, 200, await importCatalog(ctx.pool, await readJson(req, catalogImportSchema)));
    return true;
  }
  return false;
}
