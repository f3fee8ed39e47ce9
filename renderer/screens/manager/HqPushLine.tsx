import { call } from '../../api/client';
import type { MessageKey } from '../../i18n';
import { formatDate, useT } from '../../i18n';
import { useLoad } from './shared';

/**
 * One line on the manager's dashboard: how far this shop's journal has reached HQ (db/services/hq-push.ts).
 * Nothing for a shop outside a chain. A flag from HQ (history rewritten or truncated) reads as an error.
 */
export function HqPushLine() {
  const t = useT();
  const { data } = useLoad(() => call('hq.status', {}), []);
  if (!data?.configured) return null;
  if (data.flagged) {
    return (
      <p className="error" role="alert" data-testid="hq-push">
        {t('error.HQ_SHOP_FLAGGED')}
      </p>
    );
  }
  const parts = [t('mgr.hq.pushed', { seq: data.ackedSeq }), t('mgr.hq.lag', { count: data.lag })];
  if (data.lastError) {
    const reason = t(`error.${data.lastError.code}` as MessageKey);
    parts.push(
      data.lastAttemptAt === null
        ? reason
        : t('mgr.hq.lastAttempt', { time: formatDate(data.lastAttemptAt), reason }),
    );
  }
  return (
    <p className={data.lastError ? 'muted warning' : 'muted'} role="status" data-testid="hq-push">
      {parts.join(' · ')}
    </p>
  );
}
