import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { call } from '../api/client';
import { useT } from '../i18n';

type TillStatus = ApiOutput<'till.status'>;

/** Often enough that the cashier sees the queue shrink; a call to the till's own host, never the station. */
const POLL_MS = 2000;

/**
 * Says plainly, in the top bar, that the till is selling without the station and how many sales wait,
 * then that they are being sent (issue 11). Nothing when the station is reached and nothing waits: a
 * browser on the station itself is always in that state. It takes the top bar's height, not the screen's.
 */
export function OfflineBanner() {
  const t = useT();
  const [status, setStatus] = useState<TillStatus | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = () => {
      call('till.status', {})
        .then((s) => !stopped && setStatus(s))
        // An older host without till.status, or a host gone: the banner says nothing rather than guess.
        .catch(() => !stopped && setStatus(null))
        .finally(() => {
          if (!stopped) timer = window.setTimeout(poll, POLL_MS);
        });
    };
    poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, []);
  if (!status || (status.online && status.queued === 0)) return null;
  const offline = !status.online;
  return (
    <span
      className={offline ? 'till-status till-offline' : 'till-status till-sending'}
      role="status"
      aria-live="polite"
      title={offline ? t('till.offlineHint') : (status.blocked ?? undefined)}
    >
      {offline
        ? `${t('till.offline')} · ${t('till.queued', { count: status.queued })}`
        : t('till.sending', { count: status.queued })}
    </span>
  );
}
