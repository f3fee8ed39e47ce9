import { describe, expect, it } from 'vitest';
import { renderRtlText } from '../../../hardware/text/arabic';

/** The longest run of inked pixels on any row: a "missing glyph" box has long top and bottom edges. */
function longestHorizontalRun(raw: {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}): number {
  let best = 0;
  for (let y = 0; y < raw.height; y++) {
    let run = 0;
    for (let x = 0; x < raw.width; x++) {
      const alpha = raw.pixels[(y * raw.width + x) * raw.channels + raw.channels - 1] ?? 0;
      run = alpha > 128 ? run + 1 : 0;
      best = Math.max(best, run);
    }
  }
  return best;
}

describe('Arabic text with Latin punctuation', () => {
  it('draws parentheses as parentheses, not as missing-glyph boxes', () => {
    // An Arabic font has no "(" or ")": without a Latin fallback each would be an empty box whose
    // top edge is a long horizontal stroke.
    const { raw } = renderRtlText('((((', { fontSizePx: 48 });
    expect(raw.width).toBeGreaterThan(0);
    expect(longestHorizontalRun(raw)).toBeLessThan(12);
  });
});
