/**
 * The cooperative portal's pages as server-rendered HTML: phone first (one column, big text and buttons,
 * few words), Arabic right-to-left or French, no script at all. Charts are inline SVG (attributes, not
 * styles, so the page's CSP can forbid inline styles). Every string comes from hq/i18n; every value from
 * the database goes through esc().
 */
import type { Language } from '../core/languages';
import { formatMoneyText } from '../core/number-format';
import { formatQuantity, type Unit } from '../core/quantity';
import { statementSummaryText } from '../core/statement-text';
import { formatLocalDate, zoneOffsetMinutes } from '../core/time';
import { hqT, isRtl, type HqMessageKey, type HqParams } from './i18n';
import type { PortalLot, PortalStockRow, SalesFigure } from './portal-data';
import type { ChainStatement, ChainStatementSummary } from './settlement';

const DAY_MS = 86_400_000;

export function esc(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface PageContext {
  lang: Language;
  /** The current path, for the language links. */
  path: string;
  coopName?: string;
}

const t = (ctx: PageContext, key: HqMessageKey, params?: HqParams) => esc(hqT(ctx.lang, key, params));
const money = (ctx: PageContext, centimes: number) => esc(formatMoneyText(centimes, ctx.lang));
const day = (at: number) => formatLocalDate(at, zoneOffsetMinutes(at));
const isoDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const productName = (ctx: PageContext, p: { nameFr: string; nameAr: string }) =>
  esc(ctx.lang === 'ar' && p.nameAr ? p.nameAr : p.nameFr);

function quantity(ctx: PageContext, unit: string, milli: number): string {
  if (unit === 'piece' && milli % 1000 === 0) return t(ctx, 'portal.stock.pieces', { count: milli / 1000 });
  return esc(formatQuantity((['piece', 'kg', 'l'].includes(unit) ? unit : 'piece') as Unit, milli));
}

function langLinks(ctx: PageContext): string {
  const other: Language = ctx.lang === 'ar' ? 'fr' : 'ar';
  const sep = ctx.path.includes('?') ? '&' : '?';
  return `<a class="lang" href="${esc(`${ctx.path}${sep}lang=${other}`)}" lang="${other}">${t(
    ctx,
    `portal.lang.${other}` as HqMessageKey,
  )}</a>`;
}

export function page(ctx: PageContext, title: string, body: string, signedIn: boolean): string {
  const nav = signedIn
    ? `<nav>
  <a href="/portal">${t(ctx, 'portal.nav.home')}</a>
  <a href="/portal/stock">${t(ctx, 'portal.nav.stock')}</a>
  <a href="/portal/sales">${t(ctx, 'portal.nav.sales')}</a>
  <a href="/portal/statements">${t(ctx, 'portal.nav.statements')}</a>
  <a href="/portal/returns">${t(ctx, 'portal.nav.returns')}</a>
</nav>`
    : '';
  const logout = signedIn
    ? `<form method="post" action="/portal/logout" class="logout"><button type="submit">${t(ctx, 'portal.logout')}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${ctx.lang}" dir="${isRtl(ctx.lang) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - ${t(ctx, 'portal.title')}</title>
<link rel="stylesheet" href="/portal/style.css">
</head>
<body>
<header><span class="brand">${t(ctx, 'portal.title')}</span>${langLinks(ctx)}${logout}</header>
${nav}
<main>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export function loginPage(ctx: PageContext, failed: 'bad' | 'locked' | null): string {
  const error = failed
    ? `<p class="error" role="alert">${t(ctx, failed === 'locked' ? 'portal.login.locked' : 'portal.login.failed')}</p>`
    : '';
  return page(
    ctx,
    hqT(ctx.lang, 'portal.login.title'),
    `${error}<form method="post" action="/portal/login" class="login">
<label>${t(ctx, 'portal.login.login')}<input name="login" autocomplete="username" autocapitalize="none" required></label>
<label>${t(ctx, 'portal.login.password')}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${t(ctx, 'portal.login.submit')}</button>
</form>`,
    false,
  );
}

export function homePage(
  ctx: PageContext,
  data: { stock: PortalStockRow[]; sold4w: number; unpaid: number; lastPaid: ChainStatementSummary | null },
): string {
  const shops = new Set(data.stock.map((s) => s.shopId)).size;
  const last = data.lastPaid
    ? `${money(ctx, data.lastPaid.payout)}<small>${t(ctx, 'portal.statements.paid', { date: day(data.lastPaid.paidAt ?? 0) })}</small>`
    : `<small>${t(ctx, 'portal.home.nothingPaid')}</small>`;
  return page(
    ctx,
    hqT(ctx.lang, 'portal.home.hello', { name: ctx.coopName ?? '' }),
    `<div class="cards">
<a class="card" href="/portal/stock"><span>${t(ctx, 'portal.home.onHand')}</span><strong>${data.stock.length}</strong><small>${t(ctx, 'dashboard.shops', { count: shops })}</small></a>
<a class="card" href="/portal/sales"><span>${t(ctx, 'portal.home.sold4w')}</span><strong>${money(ctx, data.sold4w)}</strong></a>
<a class="card" href="/portal/statements"><span>${t(ctx, 'portal.home.toBePaid')}</span><strong>${money(ctx, data.unpaid)}</strong></a>
<a class="card" href="/portal/statements"><span>${t(ctx, 'portal.home.lastPaid')}</span><strong>${last}</strong></a>
</div>`,
    true,
  );
}

export function stockPage(ctx: PageContext, rows: PortalStockRow[], now: number): string {
  if (rows.length === 0)
    return page(ctx, hqT(ctx.lang, 'portal.stock.title'), `<p>${t(ctx, 'portal.stock.empty')}</p>`, true);
  const byShop = new Map<string, PortalStockRow[]>();
  for (const r of rows) byShop.set(r.shopName, [...(byShop.get(r.shopName) ?? []), r]);
  const sections = [...byShop.entries()].map(
    ([shop, items]) =>
      `<section><h2>${esc(shop)}</h2><ul class="items">${items
        .map((r) => {
          const age = r.oldestAt === null ? null : Math.max(0, Math.floor((now - r.oldestAt) / DAY_MS));
          return `<li data-product="${r.productLocalId}"><b>${productName(ctx, r)}</b>
<span class="qty">${quantity(ctx, r.unit, r.onHand)}</span>
${age === null ? '' : `<span>${t(ctx, 'portal.stock.age', { count: age })}</span>`}
<span>${r.nearestBestBefore ? t(ctx, 'portal.stock.bestBefore', { date: isoDay(r.nearestBestBefore) }) : t(ctx, 'portal.stock.noBestBefore')}</span></li>`;
        })
        .join('\n')}</ul></section>`,
  );
  return page(ctx, hqT(ctx.lang, 'portal.stock.title'), sections.join('\n'), true);
}

/** Horizontal bars as SVG: one row per figure, the bar's length its share of the largest. */
export function barChart<F extends SalesFigure>(
  ctx: PageContext,
  figures: F[],
  label: (f: F) => string,
): string {
  const max = Math.max(1, ...figures.map((f) => Math.abs(f.netSales)));
  const rtl = isRtl(ctx.lang);
  return `<ul class="bars">${figures
    .map((f) => {
      const w = Math.round((Math.max(0, f.netSales) / max) * 100);
      const x = rtl ? 100 - w : 0;
      return `<li><span class="bar-label">${esc(label(f))}</span><span class="bar-value">${money(ctx, f.netSales)}</span>
<svg viewBox="0 0 100 8" preserveAspectRatio="none" class="bar" aria-hidden="true"><rect x="${x}" y="0" width="${w}" height="8"/></svg></li>`;
    })
    .join('\n')}</ul>`;
}

export function salesPage(ctx: PageContext, weeks: SalesFigure[], shops: SalesFigure[]): string {
  const any = weeks.some((w) => w.netSales !== 0) || shops.length > 0;
  const body = any
    ? `<section><h2>${t(ctx, 'portal.sales.byWeek')}</h2>${barChart(ctx, [...weeks].reverse(), (w) =>
        hqT(ctx.lang, 'portal.sales.week', { date: isoDay(w.key) }),
      )}</section>
<section><h2>${t(ctx, 'portal.sales.byShop')}</h2>${barChart(ctx, shops, (s) => s.label)}</section>`
    : `<p>${t(ctx, 'portal.sales.empty')}</p>`;
  return page(ctx, hqT(ctx.lang, 'portal.sales.title'), body, true);
}

function paidLine(
  ctx: PageContext,
  s: { paidAt: number | null; paymentReference: string | null; kind: string },
): string {
  if (s.paidAt === null)
    return s.kind === 'debit_note' ? '' : `<span class="unpaid">${t(ctx, 'portal.statements.unpaid')}</span>`;
  const ref = s.paymentReference
    ? ` <small>${t(ctx, 'portal.statements.reference', { reference: s.paymentReference })}</small>`
    : '';
  return `<span class="paid">${t(ctx, 'portal.statements.paid', { date: day(s.paidAt) })}</span>${ref}`;
}

const period = (ctx: PageContext, s: { periodStart: number; periodEnd: number }) =>
  t(ctx, 'portal.statements.period', { from: day(s.periodStart), to: day(s.periodEnd - 1) });

export function statementsPage(ctx: PageContext, list: ChainStatementSummary[]): string {
  const body =
    list.length === 0
      ? `<p>${t(ctx, 'portal.statements.empty')}</p>`
      : `<ul class="items">${list
          .map(
            (s) => `<li><a href="/portal/statements/${s.id}"><b>${esc(s.number)}</b>
<span>${period(ctx, s)}</span>
<span class="qty">${s.kind === 'debit_note' ? `${t(ctx, 'portal.statements.owed')} ${money(ctx, -s.payout)}` : `${t(ctx, 'portal.statements.payout')} ${money(ctx, s.payout)}`}</span>
${paidLine(ctx, s)}</a></li>`,
          )
          .join('\n')}</ul>`;
  return page(ctx, hqT(ctx.lang, 'portal.statements.title'), body, true);
}

export function statementPage(ctx: PageContext, s: ChainStatement): string {
  const sms = statementSummaryText(
    {
      number: s.number ?? '',
      kind: s.kind,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      netSales: s.totals.netSales,
      payout: s.totals.payout,
      paidAt: s.paidAt,
      paymentReference: s.paymentReference,
    },
    ctx.lang === 'ar' ? 'ar' : 'fr',
  );
  const shops = s.shops
    .map((x) => `<li><b>${esc(x.shopName)}</b><span class="qty">${money(ctx, x.netSales)}</span></li>`)
    .join('\n');
  return page(
    ctx,
    s.number ?? '',
    `<p>${period(ctx, s)}</p>
<dl class="totals">
<dt>${t(ctx, 'portal.statements.netSales')}</dt><dd>${money(ctx, s.totals.netSales)}</dd>
${s.kind === 'debit_note' ? `<dt>${t(ctx, 'portal.statements.owed')}</dt><dd>${money(ctx, -s.totals.payout)}</dd>` : `<dt>${t(ctx, 'portal.statements.payout')}</dt><dd class="big">${money(ctx, s.totals.payout)}</dd>`}
</dl>
<p>${paidLine(ctx, s)}</p>
<p><a class="button" href="/portal/statements/${s.id}/pdf" download>${t(ctx, 'portal.statements.pdf')}</a></p>
<section><h2>${t(ctx, 'portal.statements.shops')}</h2><ul class="items">${shops}</ul></section>
<section><h2>${t(ctx, 'portal.statements.sms')}</h2><p class="sms" id="sms">${esc(sms)}</p></section>
<p><a class="button secondary" href="/portal/statements">${t(ctx, 'portal.back')}</a></p>`,
    true,
  );
}

export function returnsPage(ctx: PageContext, due: PortalLot[], done: PortalLot[], today: string): string {
  const dueList =
    due.length === 0
      ? `<p>${t(ctx, 'portal.returns.empty')}</p>`
      : `<ul class="items">${due
          .map(
            (
              l,
            ) => `<li class="${(l.bestBefore ?? '') < today ? 'expired' : 'soon'}"><b>${productName(ctx, l)}</b>
<span>${esc(l.shopName)}</span><span class="qty">${quantity(ctx, l.unit, l.left)}</span>
<span>${t(ctx, (l.bestBefore ?? '') < today ? 'portal.returns.expired' : 'portal.returns.soon', { date: isoDay(l.bestBefore ?? '') })}</span></li>`,
          )
          .join('\n')}</ul>`;
  const doneList =
    done.length === 0
      ? `<p>${t(ctx, 'portal.returns.doneEmpty')}</p>`
      : `<ul class="items">${done
          .map(
            (l) => `<li><b>${productName(ctx, l)}</b><span>${esc(l.shopName)}</span>
<span class="qty">${quantity(ctx, l.unit, l.left)}</span><span>${t(ctx, 'portal.returns.doneLine', { date: day(l.receivedAt) })}</span></li>`,
          )
          .join('\n')}</ul>`;
  return page(
    ctx,
    hqT(ctx.lang, 'portal.returns.title'),
    `<p>${t(ctx, 'portal.returns.intro')}</p>${dueList}<section><h2>${t(ctx, 'portal.returns.done')}</h2>${doneList}</section>`,
    true,
  );
}

export function notFoundPage(ctx: PageContext, signedIn: boolean): string {
  return page(
    ctx,
    hqT(ctx.lang, 'portal.notFound'),
    `<p><a class="button secondary" href="/portal">${t(ctx, 'portal.back')}</a></p>`,
    signedIn,
  );
}

/** Big text, big targets (48 px), one column; logical properties so Arabic mirrors without a second sheet. */
export const PORTAL_CSS = `
*{box-sizing:border-box}
html{font-size:20px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic",system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#f6f3ee}
header{display:flex;gap:.6rem;align-items:center;padding:.6rem .8rem;background:#14532d;color:#fff;flex-wrap:wrap}
header .brand{font-weight:700;flex:1}
header a,header button{color:#fff;font:inherit;background:none;border:2px solid #fff;border-radius:.4rem;padding:.3rem .7rem;min-height:48px;display:inline-flex;align-items:center;text-decoration:none;cursor:pointer}
.logout{margin:0}
nav{display:flex;flex-wrap:wrap;gap:.4rem;padding:.6rem .8rem;background:#e7efe9}
nav a{flex:1 1 40%;min-height:48px;display:flex;align-items:center;justify-content:center;background:#fff;border:2px solid #14532d;border-radius:.5rem;color:#14532d;font-weight:700;text-decoration:none;text-align:center;padding:.3rem}
main{padding:.8rem;max-width:40rem;margin:0 auto}
h1{font-size:1.4rem;margin:.4rem 0 .8rem}
h2{font-size:1.15rem;margin:1.2rem 0 .5rem}
.cards{display:grid;grid-template-columns:1fr;gap:.6rem}
.card{display:flex;flex-direction:column;background:#fff;border-radius:.6rem;padding:.8rem;color:inherit;text-decoration:none;border-inline-start:.4rem solid #14532d}
.card strong{font-size:1.6rem}
.items{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.5rem}
.items li{background:#fff;border-radius:.5rem;padding:.6rem .8rem;display:flex;flex-direction:column}
.items li a{color:inherit;text-decoration:none;display:flex;flex-direction:column;min-height:48px}
.items li.expired{border-inline-start:.4rem solid #b91c1c}
.items li.soon{border-inline-start:.4rem solid #b45309}
.qty{font-size:1.25rem;font-weight:700}
.paid{color:#14532d;font-weight:700}
.unpaid{color:#b45309;font-weight:700}
.error{background:#fee2e2;color:#7f1d1d;padding:.6rem;border-radius:.4rem}
.login{display:flex;flex-direction:column;gap:.8rem}
.login label{display:flex;flex-direction:column;gap:.2rem;font-weight:700}
input{font:inherit;padding:.5rem;min-height:48px;border:2px solid #555;border-radius:.4rem}
button,.button{font:inherit;font-weight:700;min-height:48px;padding:.5rem 1rem;background:#14532d;color:#fff;border:0;border-radius:.5rem;text-decoration:none;display:inline-flex;align-items:center;justify-content:center;cursor:pointer}
.button.secondary{background:#fff;color:#14532d;border:2px solid #14532d}
.totals{display:grid;grid-template-columns:auto 1fr;gap:.3rem .8rem;background:#fff;padding:.8rem;border-radius:.5rem}
.totals dt{font-weight:700}
.totals dd{margin:0;text-align:end}
.totals .big{font-size:1.5rem;font-weight:700}
.sms{background:#fff;padding:.8rem;border-radius:.5rem;border:2px dashed #14532d;user-select:all;overflow-wrap:anywhere}
.bars{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.5rem}
.bars li{display:grid;grid-template-columns:1fr auto;gap:.1rem .6rem;background:#fff;padding:.5rem .8rem;border-radius:.5rem}
.bar-value{font-weight:700}
.bar{grid-column:1 / -1;width:100%;height:.6rem}
.bar rect{fill:#15803d}
`;
