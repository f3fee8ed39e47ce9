/**
 * HQ staff's flags page (/hq/dashboard/flags): each flagged shop with what HQ found (HQ's entry and hash
 * against what the shop showed), whether its push is held, and a form to clear it with a name and a reason
 * (hq/flags.ts clearShopFlags: journaled, the push resumes after HQ's last entry).
 */
import { formatLocalDateTime, zoneOffsetMinutes } from '../core/time';
import type { ChainPoint, FlagFinding, ShopFlags } from './flags';
import { hqT, type HqMessageKey, type HqParams } from './i18n';
import { esc, type PageContext } from './portal-pages';

export const FLAGS_CSS = `
.flag{background:#fff;border-radius:.6rem;padding:.8rem;margin:.8rem 0;border-inline-start:.4rem solid #b45309}
.flag.held{border-inline-start-color:#b91c1c}
.hash{font-family:"Noto Sans Mono",monospace;overflow-wrap:anywhere;direction:ltr;unicode-bidi:isolate}
form.clear{display:flex;flex-direction:column;gap:.6rem;max-width:32rem}
form.clear label{display:flex;flex-direction:column;gap:.2rem;font-weight:700}
form.clear textarea{font:inherit;padding:.5rem;min-height:5rem;border:2px solid #555;border-radius:.4rem}
.ok{background:#dcfce7;color:#14532d;padding:.6rem;border-radius:.4rem}
`;

const when = (at: number) => formatLocalDateTime(at, zoneOffsetMinutes(at), false);

function findingItem(ctx: PageContext, f: FlagFinding): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const pair = (key: 'flags.expected' | 'flags.received', p: ChainPoint | null, side: string) =>
    p
      ? `<li data-${side}-seq="${p.seq}" data-${side}-hash="${esc(p.hash)}">${t(key, {
          seq: p.seq,
          hash: '\u0000',
        }).replace('\u0000', `<span class="hash">${esc(p.hash)}</span>`)}</li>`
      : '';
  return `<li data-flag="${f.id}" data-kind="${f.kind}"><strong>${t(`flags.kind.${f.kind}` as HqMessageKey)}</strong>
<span>${t('flags.found', { date: when(f.at), seq: f.seq ?? '—' })}</span>
<ul>${pair('flags.expected', f.expected, 'expected')}${pair('flags.received', f.received, 'received')}${
    f.ref ? `<li>${t('flags.record', { ref: f.ref })}</li>` : ''
  }</ul></li>`;
}

function shopSection(ctx: PageContext, s: ShopFlags, invalid: boolean): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const open = s.open.length > 0 || s.heldAt !== null;
  const clearForm = open
    ? `<h3>${t('flags.clear.title')}</h3>
${invalid ? `<p class="error" role="alert">${t('flags.clear.invalid')}</p>` : ''}
<form method="post" class="clear" action="/hq/dashboard/flags/${encodeURIComponent(s.shopId)}/clear?lang=${ctx.lang}">
<label>${t('flags.clear.by')}<input name="by" required maxlength="100" autocomplete="name"></label>
<label>${t('flags.clear.reason')}<textarea name="reason" required minlength="3" maxlength="1000"></textarea></label>
<button type="submit">${t('flags.clear.submit')}</button></form>`
    : '';
  const history =
    s.clearances.length === 0
      ? ''
      : `<h3>${t('flags.history')}</h3><ul class="items">${s.clearances
          .map(
            (k) =>
              `<li data-clearance="${k.id}">${t('flags.clearance', {
                date: when(k.at),
                by: k.by,
                reason: k.reason,
                seq: k.resumeSeq,
                count: k.flags,
              })}</li>`,
          )
          .join('')}</ul>`;
  return `<section class="flag${s.heldAt !== null ? ' held' : ''}" data-shop="${esc(s.shopId)}" data-held="${s.heldAt !== null}">
<h2>${esc(s.name)} <small>(${esc(s.shopId)})</small></h2>
<p>${t('flags.count', { count: s.open.length })}</p>
${open ? `<p${s.heldAt !== null ? ' class="error" role="alert"' : ''}>${s.heldAt !== null ? t('flags.held', { date: when(s.heldAt) }) : t('flags.notHeld')}</p>` : ''}
<ul class="items">${s.open.map((f) => findingItem(ctx, f)).join('\n')}</ul>
<p>${t('flags.position', { seq: s.lastSeq, reported: s.reportedSeq ?? '—' })}</p>
${open ? `<p>${t('flags.resume', { seq: s.lastSeq })}</p>` : ''}
${clearForm}
${history}
</section>`;
}

/** The page's body; `cleared` names the shop just cleared, `invalid` the one whose form was refused. */
export function flagsBody(
  ctx: PageContext,
  shops: readonly ShopFlags[],
  notice: { cleared?: string | null; invalid?: string | null; nothing?: string | null } = {},
): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const nav = `<p><a class="button secondary" href="/hq/dashboard?lang=${ctx.lang}">${t('dashboard.title')}</a></p>`;
  const done = notice.cleared
    ? `<p class="ok" role="status">${t('flags.cleared', { shop: notice.cleared })}</p>`
    : notice.nothing
      ? `<p class="ok" role="status">${t('flags.nothingToClear', { shop: notice.nothing })}</p>`
      : '';
  const withFindings = shops.filter((s) => s.open.length > 0 || s.heldAt !== null || s.clearances.length > 0);
  if (withFindings.length === 0) return `${nav}${done}<h2>${t('flags.title')}</h2><p>${t('flags.none')}</p>`;
  return `${nav}${done}<h2>${t('flags.title')}</h2>
${withFindings.map((s) => shopSection(ctx, s, notice.invalid === s.shopId)).join('\n')}`;
}
