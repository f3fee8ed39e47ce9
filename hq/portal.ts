/**
 * The cooperative portal's HTTP routes under /portal (mounted in hq/routes.ts). Read-only: the only
 * writes are signing in and out. The cooperative whose figures a page shows is always the session's;
 * no URL or parameter names a cooperative, and another cooperative's statement id answers exactly as an
 * id that does not exist (404), so ids cannot be probed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../core/errors';
import { isLanguage, type Language } from '../core/languages';
import { localDayKey, zoneOffsetMinutes } from '../core/time';
import type { HqContext } from './http';
import { getChainCoop, getChainStatement, listChainStatements } from './settlement';
import { chainStatementPdf } from './settlement-documents';
import { portalLogin, portalLogout, portalSession, type PortalSession } from './portal-auth';
import {
  portalReturnedToCoop,
  portalReturnsDue,
  portalSalesByShop,
  portalSalesByWeek,
  portalStock,
} from './portal-data';
import {
  PORTAL_CSS,
  homePage,
  loginPage,
  notFoundPage,
  returnsPage,
  salesPage,
  statementPage,
  statementsPage,
  stockPage,
  type PageContext,
} from './portal-pages';

const DAY_MS = 86_400_000;
const SESSION_COOKIE = 'souk_portal';
const LANG_COOKIE = 'souk_portal_lang';
const MAX_FORM = 4096;

/** No script, no frames, no inline styles; forms post only here. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

function cookie(name: string, value: string, maxAgeS: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/portal; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}`;
}

function send(
  res: ServerResponse,
  status: number,
  html: string,
  extra: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extra });
  res.end(html);
}

function redirect(res: ServerResponse, location: string, setCookie: string[] = []): void {
  res.writeHead(303, {
    location,
    ...SECURITY_HEADERS,
    ...(setCookie.length ? { 'set-cookie': setCookie } : {}),
  });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM) throw new AppError('REQUEST_TOO_LARGE', `Form over ${MAX_FORM} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** ?lang= chosen now (and remembered), else the remembered choice, else the account's, else French. */
function languageOf(url: URL, jar: Map<string, string>, session: PortalSession | null): Language {
  const asked = url.searchParams.get('lang');
  if (isLanguage(asked)) return asked;
  const kept = jar.get(LANG_COOKIE);
  if (isLanguage(kept)) return kept;
  return session?.language ?? 'fr';
}

export async function portalRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  const path = url.pathname;
  if (path !== '/portal' && !path.startsWith('/portal/')) return false;
  if (path === '/portal/style.css') {
    res.writeHead(200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'max-age=3600',
      'x-content-type-options': 'nosniff',
    });
    res.end(PORTAL_CSS);
    return true;
  }
  const jar = cookies(req);
  const token = jar.get(SESSION_COOKIE) ?? null;
  const now = Date.now();
  const session = await portalSession(ctx.pool, token, now);
  const lang = languageOf(url, jar, session);
  const langCookie = isLanguage(url.searchParams.get('lang'))
    ? [cookie(LANG_COOKIE, lang, 365 * 86_400)]
    : [];
  const pageCtx: PageContext = { lang, path };
  const html = (status: number, body: string) =>
    send(res, status, body, langCookie.length ? { 'set-cookie': langCookie } : {});

  if (path === '/portal/login') {
    if (req.method === 'POST') {
      const form = await readForm(req);
      const opened = await portalLogin(ctx.pool, form.get('login') ?? '', form.get('password') ?? '', now);
      if (opened === 'bad' || opened === 'locked') {
        html(opened === 'locked' ? 429 : 401, loginPage(pageCtx, opened));
        return true;
      }
      redirect(res, '/portal', [cookie(SESSION_COOKIE, opened.token, 7 * 86_400)]);
      return true;
    }
    if (session) redirect(res, '/portal', langCookie);
    else html(200, loginPage(pageCtx, null));
    return true;
  }
  if (path === '/portal/logout' && req.method === 'POST') {
    await portalLogout(ctx.pool, token);
    redirect(res, '/portal/login', [cookie(SESSION_COOKIE, '', 0)]);
    return true;
  }
  if (!session) {
    redirect(res, '/portal/login', langCookie);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    html(405, notFoundPage(pageCtx, true));
    return true;
  }
  const coopId = session.coopId;
  const coop = await getChainCoop(ctx.pool, coopId);
  pageCtx.coopName = lang === 'ar' && coop.nameAr ? coop.nameAr : coop.nameFr;
  const today = localDayKey(now, zoneOffsetMinutes(now));

  if (path === '/portal' || path === '/portal/') {
    const [stock, weeks, statements] = await Promise.all([
      portalStock(ctx.pool, coopId),
      portalSalesByWeek(ctx.pool, coopId, now, 4),
      listChainStatements(ctx.pool, coopId),
    ]);
    html(
      200,
      homePage(pageCtx, {
        stock,
        sold4w: weeks.reduce((s, w) => s + w.netSales, 0),
        unpaid: statements
          .filter((s) => s.paidAt === null && s.kind === 'statement')
          .reduce((sum, s) => sum + s.payout, 0),
        lastPaid: statements.find((s) => s.paidAt !== null) ?? null,
      }),
    );
    return true;
  }
  if (path === '/portal/stock') {
    html(200, stockPage(pageCtx, await portalStock(ctx.pool, coopId), now));
    return true;
  }
  if (path === '/portal/sales') {
    const [weeks, shops] = await Promise.all([
      portalSalesByWeek(ctx.pool, coopId, now, 12),
      portalSalesByShop(ctx.pool, coopId, 0),
    ]);
    html(200, salesPage(pageCtx, weeks, shops));
    return true;
  }
  if (path === '/portal/statements') {
    html(200, statementsPage(pageCtx, await listChainStatements(ctx.pool, coopId)));
    return true;
  }
  if (path === '/portal/returns') {
    const [due, done] = await Promise.all([
      portalReturnsDue(ctx.pool, coopId, today),
      portalReturnedToCoop(ctx.pool, coopId, now - 90 * DAY_MS),
    ]);
    html(200, returnsPage(pageCtx, due, done, today));
    return true;
  }
  const m = /^\/portal\/statements\/(\d{1,9})(\/pdf)?$/.exec(path);
  if (m) {
    // Scoped by the session's cooperative: another cooperative's statement is "not found", like no statement.
    const statement = await getChainStatement(ctx.pool, Number(m[1]), coopId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!statement) {
      html(404, notFoundPage(pageCtx, true));
    } else if (m[2]) {
      const pdf = await chainStatementPdf(statement);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${statement.number ?? 'releve'}.pdf"`,
      });
      res.end(pdf);
    } else {
      html(200, statementPage(pageCtx, statement));
    }
    return true;
  }
  html(404, notFoundPage(pageCtx, true));
  return true;
}
