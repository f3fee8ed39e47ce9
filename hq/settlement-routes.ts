/**
 * HQ staff's settlement endpoints (JSON, the HQ key as bearer, like /hq/v1/shops): the chain's cooperatives,
 * draft / issue / list / read / pay statements, their PDF and CSV, the SMS summary to copy, and the
 * cooperatives' portal accounts. Mounted in hq/routes.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { LANGUAGES } from '../core/languages';
import { statementSummaryText } from '../core/statement-text';
import { bearer, readJson, sendJson, type HqContext } from './http';
import { createPortalAccount } from './portal-auth';
import {
  draftChainStatement,
  getChainStatement,
  issueChainStatement,
  listChainCoops,
  listChainStatements,
  markChainStatementPaid,
  type ChainStatement,
} from './settlement';
import { chainStatementCsv, chainStatementPdf } from './settlement-documents';

const id = z.number().int().positive();
const periodSchema = z.object({ coopId: id, periodEnd: z.number().int().positive() });
const issueSchema = periodSchema.extend({
  debitNote: z.boolean().optional(),
  issuedBy: z.string().min(1).max(80).optional(),
});
const paidSchema = z.object({
  reference: z.string().min(1).max(100),
  paidBy: z.string().min(1).max(80).optional(),
  paidAt: z.number().int().positive().optional(),
});
const accountSchema = z.object({
  login: z.string().min(1).max(60),
  password: z.string().min(1).max(200),
  coopId: id,
  language: z.enum(LANGUAGES).optional(),
});

function requireStaff(req: IncomingMessage, adminKey: string): void {
  const given = Buffer.from(bearer(req), 'utf8');
  const want = Buffer.from(adminKey, 'utf8');
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new AppError('UNAUTHENTICATED', 'Wrong HQ key');
}

/** The SMS / WhatsApp texts HQ staff copy for the cooperative, in both of its languages. */
export function statementTexts(s: ChainStatement): { fr: string; ar: string } {
  const summary = {
    number: s.number ?? '',
    kind: s.kind,
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    netSales: s.totals.netSales,
    payout: s.totals.payout,
    paidAt: s.paidAt,
    paymentReference: s.paymentReference,
  };
  return { fr: statementSummaryText(summary, 'fr'), ar: statementSummaryText(summary, 'ar') };
}

export async function settlementRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  const path = url.pathname;
  const ours =
    path === '/hq/v1/coops' || path === '/hq/v1/portal-accounts' || path.startsWith('/hq/v1/settlements');
  if (!ours) return false;
  requireStaff(req, ctx.adminKey);
  const pool = ctx.pool;
  if (path === '/hq/v1/coops' && req.method === 'GET') {
    sendJson(res, 200, { coops: await listChainCoops(pool) });
    return true;
  }
  if (path === '/hq/v1/portal-accounts' && req.method === 'POST') {
    sendJson(res, 200, await createPortalAccount(pool, await readJson(req, accountSchema)));
    return true;
  }
  if (path === '/hq/v1/settlements/draft' && req.method === 'POST') {
    sendJson(res, 200, await draftChainStatement(pool, await readJson(req, periodSchema)));
    return true;
  }
  if (path === '/hq/v1/settlements' && req.method === 'POST') {
    const input = await readJson(req, issueSchema);
    const s = await issueChainStatement(pool, { ...input, issuedBy: input.issuedBy ?? 'hq' });
    sendJson(res, 200, { ...s, texts: statementTexts(s) });
    return true;
  }
  if (path === '/hq/v1/settlements' && req.method === 'GET') {
    const coop = url.searchParams.get('coopId');
    sendJson(res, 200, {
      statements: await listChainStatements(pool, coop ? Number(coop) || -1 : undefined),
    });
    return true;
  }
  const m = /^\/hq\/v1\/settlements\/(\d{1,9})(?:\/(pdf|csv|paid))?$/.exec(path);
  if (m) {
    const statementId = Number(m[1]);
    if (m[2] === 'paid' && req.method === 'POST') {
      const input = await readJson(req, paidSchema);
      const s = await markChainStatementPaid(pool, { statementId, ...input, paidBy: input.paidBy ?? 'hq' });
      sendJson(res, 200, { ...s, texts: statementTexts(s) });
      return true;
    }
    if (req.method === 'GET') {
      const s = await getChainStatement(pool, statementId);
      if (m[2] === 'pdf' || m[2] === 'csv') {
        const body = m[2] === 'pdf' ? await chainStatementPdf(s) : chainStatementCsv(s);
        res.writeHead(200, {
          'content-type': m[2] === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${s.number ?? 'releve'}.${m[2]}"`,
          'cache-control': 'no-store',
        });
        res.end(body);
      } else sendJson(res, 200, { ...s, texts: statementTexts(s) });
      return true;
    }
  }
  return false;
}
