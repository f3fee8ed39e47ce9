import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WedgeEvent, WedgeKey, WedgeOptions } from '../../core/scan/wedge-detector';
import { WedgeDetector } from '../../core/scan/wedge-detector';

/** One comparable token per scan, per human character and per named human key. */
type Token = string;

function tokens(events: readonly WedgeEvent[]): Token[] {
  const out: Token[] = [];
  for (const e of events) {
    if (e.kind === 'scan') out.push(`scan:${e.code}`);
    else if (e.kind === 'keys') for (const ch of e.text) out.push(`char:${ch}`);
    else out.push(`key:${e.key}`);
  }
  return out;
}

function feed(detector: WedgeDetector, keys: readonly WedgeKey[], endFlushAt?: number): WedgeEvent[] {
  const out: WedgeEvent[] = [];
  for (const k of keys) out.push(...detector.push(k));
  const last = keys[keys.length - 1]?.timeStamp ?? 0;
  out.push(...detector.flush(endFlushAt ?? last + 10_000));
  return out;
}

/** Keys typed at a steady pace starting at t0. */
function burst(text: string, t0: number, gap: number, suffix: string | null = 'Enter'): WedgeKey[] {
  const keys = [...text].map((key, i) => ({ key, timeStamp: t0 + i * gap }));
  if (suffix !== null) keys.push({ key: suffix, timeStamp: t0 + text.length * gap });
  return keys;
}

describe('WedgeDetector examples', () => {
  it('reports a fast burst ended by Enter as one scan', () => {
    const events = feed(new WedgeDetector(), burst('6111234567890', 0, 4));
    expect(events).toEqual([{ kind: 'scan', code: '6111234567890' }]);
  });

  it('passes slow typing through, including the Enter that submits a search', () => {
    const events = feed(new WedgeDetector(), burst('argan', 0, 120));
    expect(tokens(events)).toEqual(['char:a', 'char:r', 'char:g', 'char:a', 'char:n', 'key:Enter']);
  });

  it('keeps two scans sent back to back apart', () => {
    const keys = [...burst('6111111111116', 0, 3), ...burst('6112222222229', 40, 3)];
    keys[14] = { key: '6', timeStamp: 39 }; // second scan starts 0 ms after the first Enter
    const events = feed(new WedgeDetector(), keys);
    expect(events.filter((e) => e.kind === 'scan')).toHaveLength(2);
    expect(events).toEqual([
      { kind: 'scan', code: '6111111111116' },
      { kind: 'scan', code: '6112222222229' },
    ]);
  });

  it('separates human typing from a scan that follows it', () => {
    const keys = [...burst('mi', 0, 150, null), ...burst('6111234567890', 200, 5)];
    expect(tokens(feed(new WedgeDetector(), keys))).toEqual(['char:m', 'char:i', 'scan:6111234567890']);
  });

  it('completes a burst without suffix on the timeout flush, once', () => {
    const d = new WedgeDetector({ suffix: null });
    const keys = burst('ABC-12345', 0, 5, null);
    const during: WedgeEvent[] = [];
    for (const k of keys) during.push(...d.push(k));
    expect(during).toEqual([]);
    expect(d.deadline()).toBe(40 + 30);
    expect(d.flush(60)).toEqual([]); // still inside the burst window
    expect(d.flush(71)).toEqual([{ kind: 'scan', code: 'ABC-12345' }]);
    expect(d.flush(500)).toEqual([]);
    expect(d.deadline()).toBeNull();
  });

  it('still reports a scan whose Enter never came (scanner set without suffix), then a late Enter as a key', () => {
    const keys = [...burst('6111234567890', 0, 4, null), { key: 'Enter', timeStamp: 500 }];
    expect(tokens(feed(new WedgeDetector(), keys))).toEqual(['scan:6111234567890', 'key:Enter']);
  });

  it('treats a short fast burst as keys, and ignores Shift inside a scan', () => {
    expect(tokens(feed(new WedgeDetector(), burst('ab', 0, 5)))).toEqual(['char:a', 'char:b', 'key:Enter']);
    const withShift = burst('AB1234', 0, 4).flatMap((k) =>
      k.key === 'A' || k.key === 'B' ? [{ key: 'Shift', timeStamp: k.timeStamp }, k] : [k],
    );
    expect(feed(new WedgeDetector(), withShift)).toEqual([{ kind: 'scan', code: 'AB1234' }]);
  });

  it('in prefix mode only a burst opened by the prefix is a scan', () => {
    const d = new WedgeDetector({ prefix: 'F9' });
    // A person hits "x" 10 ms before the scanner starts: without a prefix it would be glued to the code.
    const keys = [
      { key: 'x', timeStamp: 0 },
      ...burst('123456789', 10, 3).map((k, i) =>
        i === 0 ? { key: 'F9', timeStamp: 10 } : { key: k.key, timeStamp: k.timeStamp },
      ),
    ];
    keys.splice(2, 0, { key: '1', timeStamp: 11 });
    expect(tokens(feed(d, keys))).toEqual(['char:x', 'scan:123456789']);
    const noPrefix = feed(new WedgeDetector({ prefix: 'F9' }), burst('123456789', 0, 3));
    expect(tokens(noPrefix)).toEqual([...'123456789'].map((c) => `char:${c}`).concat('key:Enter'));
  });

  it('passes named keys through in order with the text around them', () => {
    const keys = [
      { key: 'a', timeStamp: 0 },
      { key: 'Backspace', timeStamp: 10 },
      { key: 'b', timeStamp: 200 },
    ];
    expect(tokens(feed(new WedgeDetector(), keys))).toEqual(['char:a', 'key:Backspace', 'char:b']);
  });
});

interface Segment {
  kind: 'scan' | 'human';
  /** Gap before the segment's first key. */
  lead: number;
  keys: { key: string; gap: number }[];
}

const CODE_CHARS = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-'];
const HUMAN_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789 éèàç'];

function segmentArb(maxGap: number, minLength: number, withSuffix: boolean): fc.Arbitrary<Segment> {
  const scan = fc.record({
    kind: fc.constant('scan' as const),
    lead: fc.integer({ min: withSuffix ? 0 : maxGap + 1, max: 2000 }),
    keys: fc.array(
      fc.record({ key: fc.constantFrom(...CODE_CHARS), gap: fc.integer({ min: 0, max: maxGap }) }),
      { minLength, maxLength: 24 },
    ),
  });
  const human = fc.record({
    kind: fc.constant('human' as const),
    lead: fc.integer({ min: maxGap + 1, max: 2000 }),
    keys: fc.array(
      fc.record({
        key: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...HUMAN_CHARS) },
          { weight: 1, arbitrary: fc.constantFrom('Backspace', 'Tab', 'ArrowLeft', 'Enter') },
        ),
        gap: fc.integer({ min: maxGap + 1, max: 600 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  });
  return fc.oneof(scan, human);
}

interface Timed {
  keys: WedgeKey[];
  expected: Token[];
}

function layout(
  segments: readonly Segment[],
  suffix: string | null,
  suffixGaps: readonly number[],
  maxGap: number,
): Timed {
  const keys: WedgeKey[] = [];
  const expected: Token[] = [];
  let t = 1000;
  segments.forEach((seg, si) => {
    // A scan may follow a suffixed scan at once; after human keys a scanner's burst starts after a pause.
    const prev = segments[si - 1];
    t += prev?.kind === 'human' ? Math.max(seg.lead, maxGap + 1) : seg.lead;
    seg.keys.forEach((k, i) => {
      if (i > 0) t += k.gap;
      keys.push({ key: k.key, timeStamp: t });
      if (seg.kind === 'human') expected.push(k.key.length === 1 ? `char:${k.key}` : `key:${k.key}`);
    });
    if (seg.kind === 'scan') {
      if (suffix !== null) {
        t += suffixGaps[si % suffixGaps.length] ?? 0;
        keys.push({ key: suffix, timeStamp: t });
      }
      expected.push(`scan:${seg.keys.map((k) => k.key).join('')}`);
    }
  });
  return { keys, expected };
}

describe('WedgeDetector properties', () => {
  const cases: { name: string; options: WedgeOptions; suffix: string | null }[] = [
    { name: 'Enter suffix', options: {}, suffix: 'Enter' },
    {
      name: 'Tab suffix, 20 ms gap, min 4',
      options: { suffix: 'Tab', maxGapMs: 20, minLength: 4 },
      suffix: 'Tab',
    },
    { name: 'no suffix', options: { suffix: null }, suffix: null },
  ];
  for (const c of cases) {
    it(`emits exactly the scans sent, in order, and every human key (${c.name})`, () => {
      const maxGap = c.options.maxGapMs ?? 30;
      const minLength = c.options.minLength ?? 6;
      fc.assert(
        fc.property(
          fc.array(segmentArb(maxGap, minLength, c.suffix !== null), { minLength: 1, maxLength: 12 }),
          fc.array(fc.integer({ min: 0, max: maxGap }), { minLength: 1, maxLength: 5 }),
          // Where a renderer timer calls flush between two keys: a fraction of the gap, or none.
          fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), {
            minLength: 1,
            maxLength: 50,
          }),
          (segments, suffixGaps, flushPoints) => {
            const scenario = layout(segments, c.suffix, suffixGaps, maxGap);
            const d = new WedgeDetector(c.options);
            const out: WedgeEvent[] = [];
            scenario.keys.forEach((k, i) => {
              const prev = scenario.keys[i - 1];
              const f = flushPoints[i % flushPoints.length];
              if (prev && f !== undefined)
                out.push(...d.flush(prev.timeStamp + f * (k.timeStamp - prev.timeStamp)));
              out.push(...d.push(k));
            });
            const last = scenario.keys[scenario.keys.length - 1]?.timeStamp ?? 0;
            out.push(...d.flush(last + maxGap + 1));
            expect(tokens(out)).toEqual(scenario.expected);
            expect(d.deadline()).toBeNull();
          },
        ),
        { numRuns: 400 },
      );
    });
  }
});
