import { describe, expect, it } from 'vitest';
import { RetryLoop } from '../../db/services/retry-loop';

/** The one loop lifecycle of the shop's links to HQ (push and pull), on real timers. */
describe('RetryLoop', () => {
  it('backs off doubling up to its cap while steps fail; kick() ends a wait at once', async () => {
    const at: number[] = [];
    let failures = 5;
    const loop = new RetryLoop({
      name: 'test',
      minBackoffMs: 40,
      maxBackoffMs: 150,
      step: async () => {
        at.push(performance.now());
        if (failures-- > 0) throw new Error('HQ down');
        return 60_000;
      },
    });
    loop.start();
    await expect.poll(() => at.length, { timeout: 20_000 }).toBe(6);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // 40, 80, 150 (capped), 150, 150: never shorter than the backoff asked for.
    [40, 80, 150, 150, 150].forEach((min, i) => expect(gaps[i]!).toBeGreaterThanOrEqual(min - 2));
    // The success asked for a minute's wait: kick() ends it now.
    loop.kick();
    await expect.poll(() => at.length, { timeout: 20_000 }).toBe(7);
    await loop.stop();
  });

  it('goes again at once when the failure says so, calls onError only while running, and stop() aborts the step', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    let aborted = false;
    const loop = new RetryLoop({
      name: 'test',
      minBackoffMs: 60_000,
      maxBackoffMs: 60_000,
      step: (signal) => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('gap: resend now'));
        // A request that never answers, until stop() aborts it.
        return new Promise<number>((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          }),
        );
      },
      onError: (err) => {
        errors.push(err);
        return true;
      },
    });
    loop.start();
    loop.start();
    // The one-minute backoff was skipped: the second step ran at once.
    await expect.poll(() => calls, { timeout: 10_000 }).toBe(2);
    const t = performance.now();
    await loop.stop();
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(aborted).toBe(true);
    // The abort after stop() is not reported as a failure; a stopped loop does not start again.
    expect(errors).toHaveLength(1);
    expect(loop.active).toBe(false);
    loop.start();
    expect(loop.active).toBe(false);
    expect(calls).toBe(2);
  });
});
