/**
 * The chain dashboard for HQ staff at /hq/dashboard: server-rendered HTML with SVG charts (no script).
 * Staff sign in with the HQ key through a form; the browser then holds a random session token (kept
 * here as a hash, in memory: an HQ restart signs staff out, which is fine for an office page).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../core/errors';
import { isLanguage, type Language } from '../core/languages';
import { formatMoneyText, formatPercentBp } from '../core/number-format';
import { formatLocalDate, zoneOffsetMinutes } from '../core/time';
import { AGE_LIMITS_DAYS, chainDashboard, type Dashboard } from './dashboard-data';
import { FLAGS_CSS, flagsBody } from './dashboard-flags';
import { statementsBody } from './dashboard-statements';
import { clearShopFlags, listShopFlags } from './flags';
import type { HqContext } from './http';
import { hqT, isRtl, type HqMessageKey, type HqParams } from './i18n';
import { PORTAL_CSS, barChart, esc, type PageContext } from './portal-pages';
import { getChainStatement, listChainCoops, listChainStatements } from './settlement';
import { chainStatementCsv, chainStatementPdf } from './settlement-documents';

const DAY_MS = 86_400_000;
const COOKIE = 'souk_hq_staff';
const SESSION_MS = 12 * 3_600_000;
const sessions = new Map<string, number>();
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

const HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export const DASHBOARD_CSS = `${PORTAL_CSS}
main{max-width:64rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.age{width:100%;height:1.4rem}
.bars .age{grid-column:1 / -1}
.age .a0{fill:#15803d}.age .a1{fill:#84cc16}.age .a2{fill:#f59e0b}.age .a3{fill:#b91c1c}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0}
.legend svg{width:1rem;height:1rem;vertical-align:middle}
form.period{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
form.period label{display:flex;flex-direction:column}
`;

function signedIn(req: IncomingMessage, now: number): boolean {
  const m = /(?:^|;\s*)souk_hq_staff=([A-Za-z0-9_-]{10,100})/.exec(req.headers.cookie ?? '');
  if (!m?.[1]) return false;
  const expires = sessions.get(hash(m[1]));
  return expires !== undefined && expires > now;
}

function keyMatches(given: string, want: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(want, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** yyyy-mm-dd as the shop calendar's midnight (Africa/Casablanca), or null. */
function dayStart(text: string | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const utc = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(utc)) return null;
  return utc - zoneOffsetMinutes(utc) * 60_000;
}

const isoOf = (at: number) => new Date(at + zoneOffsetMinutes(at) * 60_000).toISOString().slice(0, 10);

function layout(ctx: PageContext, body: string): string {
  const t = (k: HqMessageKey) => esc(hqT(ctx.lang, k));
  const langs = (['fr', 'ar', 'en'] as const)
    .filter((l) => l !== ctx.lang)
    .map(
      (l) =>
        `<a class="lang" href="?lang=${l}" lang="${l}">${l === 'ar' ? 'العربية' : l === 'fr' ? 'Français' : 'English'}</a>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${ctx.lang}" dir="${isRtl(ctx.lang) ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('dashboard.title')}</title><link rel="stylesheet" href="/hq/dashboard/style.css"></head>
<body><header><span class="brand">${t('dashboard.title')}</span>${langs}</header>
<main><h1>${t('dashboard.title')}</h1>${body}</main></body></html>`;
}

function loginBody(ctx: PageContext, failed: boolean): string {
  const t = (k: HqMessageKey) => esc(hqT(ctx.lang, k));
  return `${failed ? `<p class="error" role="alert">${t('dashboard.login.failed')}</p>` : ''}
<form method="post" action="/hq/dashboard/login" class="login">
<label>${t('dashboard.login')}<input name="key" type="password" autocomplete="current-password" required></label>
<button type="submit">${t('dashboard.login.submit')}</button></form>`;
}

function ageingChart(ctx: PageContext, d: Dashboard): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const legend = [0, 1, 2, 3]
    .map(
      (i) =>
        `<li><svg viewBox="0 0 1 1" class="age" aria-hidden="true"><rect class="a${i}" width="1" height="1"/></svg> ${t(
          `dashboard.age.${[0, ...AGE_LIMITS_DAYS][i]}` as HqMessageKey,
        )}</li>`,
    )
    .join('');
  const rows = d.ageing
    .map((r) => {
      const total = Math.max(
        1,
        r.buckets.reduce((s, n) => s + n, 0),
      );
      let x = 0;
      const rects = r.buckets
        .map((n, i) => {
          const w = (n / total) * 100;
          const rect = `<rect class="a${i}" x="${isRtl(ctx.lang) ? 100 - x - w : x}" y="0" width="${w}" height="10"><title>${n}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      return `<li data-shop="${esc(r.shopId)}" data-buckets="${r.buckets.join(',')}"><span class="bar-label">${esc(r.shopName)}</span><span class="bar-value">${r.buckets.join(' / ')}</span>
<svg viewBox="0 0 100 10" preserveAspectRatio="none" class="age" aria-hidden="true">${rects}</svg></li>`;
    })
    .join('\n');
  return `<ul class="legend">${legend}</ul><ul class="bars">${rows}</ul>`;
}

export function dashboardBody(ctx: PageContext, d: Dashboard): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const money = (c: number) => esc(formatMoneyText(c, ctx.lang));
  const chart = (figures: Dashboard['byShop'], label = (f: Dashboard['byShop'][number]) => f.label) =>
    figures.length === 0 ? `<p>${t('dashboard.empty')}</p>` : barChart(ctx, figures, label);
  const tierLabel = (f: Dashboard['byTier'][number]) =>
    f.key === 'return' ? hqT(ctx.lang, 'dashboard.returns') : hqT(ctx.lang, `tier.${f.key}` as HqMessageKey);
  return `<p><a class="button secondary" href="/hq/dashboard/statements?lang=${ctx.lang}">${t('dashboard.statements')}</a>
<a class="button secondary" href="/hq/dashboard/flags?lang=${ctx.lang}">${t('dashboard.flags')}</a></p>
${d.unprojected
  .map(
    (u) =>
      `<p class="error" role="alert" data-unprojected="${esc(u.shopId)}">${t('dashboard.unprojected', { count: u.count, shop: u.shopId })}</p>`,
  )
  .join('')}
<form method="get" class="period">
<label>${t('dashboard.from')}<input type="date" name="from" value="${isoOf(d.from)}"></label>
<label>${t('dashboard.to')}<input type="date" name="to" value="${isoOf(d.to - 1)}"></label>
<input type="hidden" name="lang" value="${ctx.lang}"><button type="submit">${t('dashboard.show')}</button></form>
<p>${t('dashboard.period', { from: formatLocalDate(d.from, zoneOffsetMinutes(d.from)), to: formatLocalDate(d.to - 1, zoneOffsetMinutes(d.to - 1)) })} · ${t('dashboard.shops', { count: d.shops })}</p>
<div class="cards">
<div class="card"><span>${t('dashboard.netSales')}</span><strong id="net">${money(d.totals.netSales)}</strong></div>
<div class="card"><span>${t('dashboard.payout')}</span><strong>${money(d.totals.payout)}</strong></div>
<div class="card"><span>${t('dashboard.commission')}</span><strong>${money(d.totals.commission)}</strong></div>
<div class="card"><span>${t('dashboard.womens')}</span><strong id="womens">${esc(formatPercentBp(d.womens.shareBp, ctx.lang))}</strong><small>${t('dashboard.womensShare', { percent: formatPercentBp(d.womens.shareBp, ctx.lang) })}</small></div>
</div>
<div class="grid">
<section id="by-shop"><h2>${t('dashboard.byShop')}</h2>${chart(d.byShop)}</section>
<section id="by-coop"><h2>${t('dashboard.byCoop')}</h2>${chart(d.byCoop.slice(0, 20))}</section>
<section id="by-region"><h2>${t('dashboard.byRegion')}</h2>${chart(d.byRegion, (f) => f.label || hqT(ctx.lang, 'dashboard.unknownRegion'))}</section>
<section id="by-tier"><h2>${t('dashboard.byTier')}</h2>${chart(d.byTier, tierLabel)}</section>
<section id="ageing"><h2>${t('dashboard.ageing')}</h2>${ageingChart(ctx, d)}</section>
</div>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 4096) throw new AppError('REQUEST_TOO_LARGE', 'Form over 4096 bytes');
  }
  return new URLSearchParams(text);
}

export async function dashboardRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HqContext,
): Promise<boolean> {
  const path = url.pathname;
  if (path !== '/hq/dashboard' && !path.startsWith('/hq/dashboard/')) return false;
  if (path === '/hq/dashboard/style.css') {
    res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(DASHBOARD_CSS + FLAGS_CSS);
    return true;
  }
  const asked = url.searchParams.get('lang');
  const lang: Language = isLanguage(asked) ? asked : 'fr';
  const pageCtx: PageContext = { lang, path };
  const html = (status: number, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...HEADERS, ...extra });
    res.end(layout(pageCtx, body));
  };
  const now = Date.now();
  if (path === '/hq/dashboard/login' && req.method === 'POST') {
    const form = await readForm(req);
    if (!keyMatches(form.get('key') ?? '', ctx.adminKey)) {
      html(401, loginBody(pageCtx, true));
      return true;
    }
    const token = randomBytes(32).toString('base64url');
    for (const [k, exp] of sessions) if (exp <= now) sessions.delete(k);
    sessions.set(hash(token), now + SESSION_MS);
    res.writeHead(303, {
      ...HEADERS,
      location: '/hq/dashboard',
      'set-cookie': `${COOKIE}=${token}; Path=/hq/dashboard; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}`,
    });
    res.end();
    return true;
  }
  if (!signedIn(req, now)) {
    html(401, loginBody(pageCtx, false));
    return true;
  }
  // A flag cleared by a signed-in staff member, with their name and reason (hq/flags.ts journals both).
  const clear = /^\/hq\/dashboard\/flags\/([A-Za-z0-9._-]{1,64})\/clear$/.exec(path);
  if (clear && req.method === 'POST') {
    const shopId = clear[1]!;
    const form = await readForm(req);
    try {
      await clearShopFlags(ctx.pool, shopId, { by: form.get('by') ?? '', reason: form.get('reason') ?? '' });
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'VALIDATION' && err.code !== 'NOT_FOUND')) throw err;
      // NOT_FOUND: nothing left to clear (the form sent twice, or cleared by a colleague meanwhile): the
      // page as it now stands says so, rather than a bare error in place of the page.
      const notice = err.code === 'VALIDATION' ? { invalid: shopId } : { nothing: shopId };
      html(err.code === 'VALIDATION' ? 422 : 409, flagsBody(pageCtx, await listShopFlags(ctx.pool), notice));
      return true;
    }
    res.writeHead(303, {
      ...HEADERS,
      location: `/hq/dashboard/flags?lang=${lang}&cleared=${encodeURIComponent(shopId)}`,
    });
    res.end();
    return true;
  }
  if (req.method !== 'GET') return false;
  if (path === '/hq/dashboard/flags') {
    const cleared = url.searchParams.get('cleared');
    html(200, flagsBody(pageCtx, await listShopFlags(ctx.pool), { cleared }));
    return true;
  }
  if (path === '/hq/dashboard/statements') {
    const [list, coops] = await Promise.all([listChainStatements(ctx.pool), listChainCoops(ctx.pool)]);
    html(200, statementsBody(pageCtx, list.slice(0, 200), coops));
    return true;
  }
  const doc = /^\/hq\/dashboard\/statements\/(\d{1,9})\/(pdf|csv)$/.exec(path);
  if (doc) {
    const s = await getChainStatement(ctx.pool, Number(doc[1]));
    const body = doc[2] === 'pdf' ? await chainStatementPdf(s) : chainStatementCsv(s);
    res.writeHead(200, {
      ...HEADERS,
      'content-type': doc[2] === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${s.number ?? 'releve'}.${doc[2]}"`,
    });
    res.end(body);
    return true;
  }
  if (path !== '/hq/dashboard') return false;
  const to = (dayStart(url.searchParams.get('to')) ?? dayStart(isoOf(now))!) + DAY_MS;
  const from = dayStart(url.searchParams.get('from')) ?? to - 365 * DAY_MS;
  html(200, dashboardBody(pageCtx, await chainDashboard(ctx.pool, Math.min(from, to - DAY_MS), to, now)));
  return true;
}
