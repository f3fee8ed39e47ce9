import type { ScaleFrame, ScaleReading } from './types';

/**
 * The single rule for turning a device frame into what the till may use: a weight is accepted only
 * when it is stable, in range and not negative. Equal consecutive weights are NOT suppressed.
 */
export function frameToReading(
  frame: Exclude<ScaleFrame, { kind: 'reply' }>,
  protocol: string,
): ScaleReading {
  if (frame.kind === 'error') return { ok: false, reason: 'bad_frame', detail: frame.detail };
  if (frame.overload) {
    return { ok: false, reason: 'over_capacity', detail: `${protocol}: weight over the scale's capacity` };
  }
  if (frame.kind === 'weight' && frame.grams < 0) {
    return {
      ok: false,
      reason: 'under_zero',
      detail: `${protocol}: negative weight ${frame.grams} g (re-zero the scale)`,
    };
  }
  if (frame.underZero) return { ok: false, reason: 'under_zero', detail: `${protocol}: weight under zero` };
  if (!frame.stable) return { ok: false, reason: 'motion', detail: `${protocol}: weight not stable yet` };
  if (frame.kind === 'status') {
    return {
      ok: false,
      reason: 'bad_frame',
      detail: `${protocol}: status without a weight (${frame.detail})`,
    };
  }
  return { ok: true, grams: frame.grams, stable: true, unit: 'g' };
}
