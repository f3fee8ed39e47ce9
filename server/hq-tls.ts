import { AppError } from '../core/errors';
import { checkHqLink, type HqPushConfig, type HqTransport } from '../db/services/hq-link';
import { PinnedAgent, pinnedFetch } from './pinned-fetch';

/**
 * The shop's link to HQ with HQ's certificate pinned (db/services/hq-link.ts states the rule): the same
 * pinned agent a till uses for its station, here with HQ's fingerprint and HQ's error. One agent per link,
 * so the push and the pull keep their connections; every new connection is checked before it is used.
 */
export function pinHqLink<T extends HqPushConfig>(config: T): T {
  const checked = checkHqLink(config);
  if (!checked.fingerprint || checked.transport || new URL(checked.url).protocol !== 'https:') return checked;
  const fingerprint = checked.fingerprint;
  const agent = new PinnedAgent(fingerprint, {
    mismatch: ({ host, port, seen, pinned }) =>
      new AppError(
        'HQ_CERT_MISMATCH',
        `The server at ${host}:${port} is not HQ: its certificate is ${seen ?? 'missing'}, this shop pins ${pinned}. Nothing was sent.`,
        { expected: pinned, seen },
      ),
  });
  const transport: HqTransport = async (url, init) => {
    // A deadline for the whole exchange, the handshake included (a socket's idle timeout starts after it).
    const deadline = AbortSignal.timeout(init.timeoutMs);
    const res = await pinnedFetch(url, fingerprint, {
      method: init.method,
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      timeoutMs: init.timeoutMs,
      agent,
      signal: init.signal ? AbortSignal.any([deadline, init.signal]) : deadline,
    });
    return { status: res.status, body: res.body };
  };
  return { ...checked, transport };
}
