/**
 * HQ staff's list of chain statements (/hq/dashboard/statements): each with its cooperative, period,
 * payout and payment, the PDF and CSV, and the short texts (French and Arabic) to paste into an SMS or a
 * WhatsApp message to the cooperative (core/statement-text.ts).
 */
import { formatMoneyText } from '../core/number-format';
import { smsSize, statementSummaryText } from '../core/statement-text';
import { formatLocalDate, zoneOffsetMinutes } from '../core/time';
import { hqT, type HqMessageKey, type HqParams } from './i18n';
import { esc, type PageContext } from './portal-pages';
import type { ChainCoop, ChainStatementSummary } from './settlement';

const day = (at: number) => formatLocalDate(at, zoneOffsetMinutes(at));

export function summaryTexts(s: ChainStatementSummary): Record<'fr' | 'ar', string> {
  return { fr: statementSummaryText(s, 'fr'), ar: statementSummaryText(s, 'ar') };
}

export function statementsBody(
  ctx: PageContext,
  list: readonly ChainStatementSummary[],
  coops: readonly ChainCoop[],
): string {
  const t = (k: HqMessageKey, p?: HqParams) => esc(hqT(ctx.lang, k, p));
  const coopName = new Map(coops.map((c) => [c.id, ctx.lang === 'ar' && c.nameAr ? c.nameAr : c.nameFr]));
  const nav = `<p><a class="button secondary" href="/hq/dashboard?lang=${ctx.lang}">${t('dashboard.title')}</a></p>`;
  if (list.length === 0) return `${nav}<p>${t('portal.statements.empty')}</p>`;
  const items = list.map((s) => {
    const texts = summaryTexts(s);
    const sms = (['fr', 'ar'] as const)
      .map((l) => {
        const size = smsSize(texts[l]);
        return `<p class="sms" lang="${l}" dir="${l === 'ar' ? 'rtl' : 'ltr'}" data-sms="${l}">${esc(texts[l])}</p>
<small>${t('dashboard.smsParts', { count: size.segments })}</small>`;
      })
      .join('\n');
    const paid =
      s.paidAt === null
        ? t('portal.statements.unpaid')
        : `${t('portal.statements.paid', { date: day(s.paidAt) })} ${s.paymentReference ? t('portal.statements.reference', { reference: s.paymentReference }) : ''}`;
    return `<li data-statement="${s.id}"><b>${esc(s.number)} · ${esc(coopName.get(s.coopId) ?? String(s.coopId))}</b>
<span>${t('portal.statements.period', { from: day(s.periodStart), to: day(s.periodEnd - 1) })}</span>
<span class="qty">${t('portal.statements.payout')} ${esc(formatMoneyText(s.payout, ctx.lang))}</span>
<span>${paid}</span>
<p><a class="button" href="/hq/dashboard/statements/${s.id}/pdf" download>PDF</a>
<a class="button secondary" href="/hq/dashboard/statements/${s.id}/csv" download>CSV</a></p>
<h3>${t('portal.statements.sms')}</h3>${sms}</li>`;
  });
  return `${nav}<ul class="items">${items.join('\n')}</ul>`;
}
