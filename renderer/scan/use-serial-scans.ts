import { useEffect, useRef } from 'react';
import { call } from '../api/client';

/** How often a till without a serial scanner checks whether one was configured. */
const IDLE_CHECK_MS = 30_000;

/**
 * Delivers codes from a serial scanner (held by the station) to the screen that is selling, through a
 * long poll. The first answer only sets the position, so codes scanned before this screen opened are
 * not replayed into a new cart. The pending poll is aborted when the screen stops listening: a browser
 * has only six connections per host, and abandoned polls would make every other call wait.
 */
export function useSerialScans(onScan: (code: string) => void, enabled: boolean): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        abort.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    let after = -1;
    const loop = async () => {
      while (!abort.signal.aborted) {
        try {
          const first = after < 0;
          const r = await call(
            'devices.scans',
            { after: Math.max(after, 0), waitMs: first ? 0 : 20_000 },
            { signal: abort.signal },
          );
          if (abort.signal.aborted) return;
          if (!first) for (const s of r.scans) handler.current(s.code);
          after = r.last;
          if (!r.enabled) await pause(IDLE_CHECK_MS);
        } catch {
          // Station unreachable, logged out, or aborted: wait rather than spin.
          await pause(2000);
        }
      }
    };
    void loop();
    return () => abort.abort();
  }, [enabled]);
}
