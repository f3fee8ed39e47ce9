import { useEffect, useRef } from 'react';
import { call } from '../api/client';

/**
 * Delivers codes from a serial scanner (held by the station) to the screen that is selling, through a
 * long poll. The first answer only sets the position, so codes scanned before this screen opened are
 * not replayed into a new cart.
 */
export function useSerialScans(onScan: (code: string) => void, enabled: boolean): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let after = -1;
    const loop = async () => {
      while (!stopped) {
        try {
          const first = after < 0;
          const r = await call('devices.scans', { after: Math.max(after, 0), waitMs: first ? 0 : 20_000 });
          if (stopped) return;
          if (!first) for (const s of r.scans) handler.current(s.code);
          after = r.last;
        } catch {
          // Station unreachable or logged out: try again shortly rather than spin.
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  }, [enabled]);
}
