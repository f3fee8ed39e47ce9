import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WedgeEvent, WedgeKey, WedgeOptions } from '../../core/scan/wedge-detector';
import { gs1CheckDigit } from '../../core/barcode';
import { WedgeDetector } from '../../core/scan/wedge-detector';

/** One comparable token per scan, per human character and per named human key. */
type Token = string;

function tokens(events: readonly WedgeEvent[]): Token[] {
  const out: Token[] = [];
  for (const e of events) {
    if (e.kind === 'scan') out.push(`scan:${e.code}`);
    else if (e.kind === 'keys') for (const ch of e.text) out.push(`char:${ch}`);
    else if (e.kind === 'key') out.push(`key:${e.key}`);
    else if (e.kind === 'fragment') out.push(`fragment:${e.text}`);
    else {
      // What the renderer does with a retract: the last characters it typed are taken out again.
      for (const ch of [...e.text].reverse()) {
        const last = out.pop();
        if (last !== `char:${ch}`) throw new Error(`retract of "${e.text}" does not match ${String(last)}`);
      }
    }
  }
  return out;
}

/** Valid EAN-13 codes (check digit computed), as printed on Moroccan goods (611 prefix). */
const ean13 = (first12: string) => `${first12}${gs1CheckDigit(first12)}`;
const EAN_A = ean13('611123456789');
const EAN_B = ean13('611222222222');

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

  it('reports a burst whose terminator never came as a fragment, even with a valid check digit', () => {
    // Only the terminator completes a scan: the first 8 digits of an EAN-13 may well be a valid EAN-8.
    const ean8 = `6111234${gs1CheckDigit('6111234')}`;
    const keys = [...burst(`${ean8}56789`, 0, 4, null), { key: 'Enter', timeStamp: 800 }];
    const cut = [...keys.slice(0, 8), { key: 'Enter', timeStamp: 800 }];
    expect(tokens(feed(new WedgeDetector(), cut))).toEqual([`fragment:${ean8}`, 'key:Enter']);
  });

  it('treats a short burst as keys when it is slower than a scanner, as a fragment when a fast Enter ends it', () => {
    // "ab" then Enter within 10 ms: no person types that; it is the tail of a cut read, so never text.
    // Its Enter is the scanner's, swallowed: as a person's Enter it would open the payment dialog.
    expect(tokens(feed(new WedgeDetector(), burst('ab', 0, 5)))).toEqual(['fragment:ab']);
    expect(tokens(feed(new WedgeDetector(), burst('ab', 0, 5, null)))).toEqual(['char:a', 'char:b']);
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

/**
 * A busy page: the keys keep the timestamps of when they were pressed, but the handler gets them late
 * and in bunches, and the renderer's flush timer runs in between while later keys are still queued.
 * `deliveries[i]` is the wall time the handler gets key i; `flushAt` lists timer runs (wall times).
 */
function deliverLate(
  detector: WedgeDetector,
  keys: readonly WedgeKey[],
  deliveries: readonly number[],
  flushAt: readonly number[],
): WedgeEvent[] {
  const out: WedgeEvent[] = [];
  const timers = [...flushAt].sort((a, b) => a - b);
  keys.forEach((k, i) => {
    const at = deliveries[i] ?? k.timeStamp;
    while (timers.length > 0 && (timers[0] ?? 0) < at) out.push(...detector.flush(timers.shift() ?? 0));
    out.push(...detector.push({ ...k, receivedAt: at }));
  });
  for (const w of timers) out.push(...detector.flush(w));
  out.push(...detector.flush((deliveries.at(-1) ?? 0) + 10_000));
  return out;
}

describe('WedgeDetector on a busy page (handler time far from key time)', () => {
  it('keeps a scan whole when its keys reach the handler in late bunches with timer runs in between', () => {
    const keys = burst(EAN_A, 0, 4); // pressed at 0, 4, ... 48, Enter at 52
    // Handled at 200 (first 5 keys), 900 (next 5), 1300 (the rest): 700 ms and 400 ms late.
    const deliveries = keys.map((_, i) => (i < 5 ? 200 : i < 10 ? 900 : 1300));
    // The timer runs 60, 300 and 450 ms after each bunch while the next bunch is still queued.
    const flushAt = [260, 500, 650, 960, 1200, 1299];
    const events = deliverLate(new WedgeDetector(), keys, deliveries, flushAt);
    expect(events).toEqual([{ kind: 'scan', code: EAN_A }]);
  });

  it('takes back a first key the timer gave out as typing when the queued rest shows it began a scan', () => {
    const keys = burst(EAN_A, 0, 4);
    // Only the first key is handled before the page stalls; the timer then resolves it as a person's key.
    const deliveries = keys.map((_, i) => (i === 0 ? 10 : 400));
    const events = deliverLate(new WedgeDetector(), keys, deliveries, [60, 200]);
    expect(events).toEqual([
      { kind: 'keys', text: EAN_A.slice(0, 1) },
      { kind: 'retract', text: EAN_A.slice(0, 1), of: 'keys' },
      { kind: 'scan', code: EAN_A },
    ]);
    expect(tokens(events)).toEqual([`scan:${EAN_A}`]);
  });

  it('takes back a fragment the timer reported when the rest of the burst was only stuck behind the page', () => {
    const keys = burst(EAN_A, 0, 4);
    // Handled on time up to the 6th key, then the page stalls 3 s: longer than any hold.
    const deliveries = keys.map((k, i) => (i < 6 ? k.timeStamp : 3000));
    const events = deliverLate(new WedgeDetector(), keys, deliveries, [1000, 2000]);
    expect(events).toEqual([
      { kind: 'fragment', text: EAN_A.slice(0, 6) },
      { kind: 'retract', text: EAN_A.slice(0, 6), of: 'fragment' },
      { kind: 'scan', code: EAN_A },
    ]);
  });

  it('holds a burst longer while the page runs behind', () => {
    const d = new WedgeDetector();
    // Pressed at 0..20 but handled 2 s late: the next key may be as late again.
    for (const k of burst('611123', 0, 4, null)) d.push({ ...k, receivedAt: k.timeStamp + 2000 });
    expect(d.deadline()).toBe(2020 + 500 + 2000);
    expect(d.flush(4000)).toEqual([]);
    expect(d.flush(4521)).toEqual([{ kind: 'fragment', text: '611123' }]);
  });

  it('keeps a name typed at 60 ms a key as typing even when all its keys are handled at the same instant', () => {
    const keys = burst('argan', 0, 60);
    const events = deliverLate(
      new WedgeDetector(),
      keys,
      keys.map(() => 1000),
      [1100],
    );
    expect(tokens(events)).toEqual(['char:a', 'char:r', 'char:g', 'char:a', 'char:n', 'key:Enter']);
    // Digits typed by hand at 60 ms are typing too (the Sell screen looks them up on Enter itself).
    const digits = burst('6111234', 0, 60);
    const out = deliverLate(
      new WedgeDetector(),
      digits,
      digits.map(() => 500),
      [],
    );
    expect(tokens(out)).toEqual([...'6111234'].map((c) => `char:${c}`).concat('key:Enter'));
  });

  it('with handler time only (the old way) the same late delivery glues typing into a scan', () => {
    // Why the timestamps must be the keys' own: handled at once, "argan" looks like a 0 ms burst.
    const keys = burst('argan01', 0, 60);
    const byHandlerTime = keys.map((k) => ({ key: k.key, timeStamp: 1000 }));
    expect(tokens(feed(new WedgeDetector(), byHandlerTime))).toEqual(['scan:argan01']);
    expect(tokens(feed(new WedgeDetector(), keys))).not.toContain('scan:argan01');
  });

  it('joins a scan across a 40 ms pause in the middle of the code', () => {
    const head = burst(EAN_A.slice(0, 7), 0, 4, null); // last key at 24
    const tail = burst(EAN_A.slice(7), 64, 4); // 40 ms later
    expect(feed(new WedgeDetector(), [...head, ...tail])).toEqual([{ kind: 'scan', code: EAN_A }]);
    // A code without check digit (a receipt number, a CODE128 label) too, when both parts are scanner-fast.
    const code = 'RT-000123';
    const keys = [...burst(code.slice(0, 4), 0, 3, null), ...burst(code.slice(4), 49, 3)];
    expect(feed(new WedgeDetector(), keys)).toEqual([{ kind: 'scan', code }]);
    // And an Enter 60 ms after the last digit still ends the scan.
    const lateEnter = burst(EAN_B, 0, 4, null).concat({ key: 'Enter', timeStamp: 48 + 60 });
    expect(feed(new WedgeDetector(), lateEnter)).toEqual([{ kind: 'scan', code: EAN_B }]);
  });

  it('never turns the pieces of a read cut by a long pause into typing or a wrong scan', () => {
    // 300 ms between the halves: two pieces; neither is text (the tail would become a quantity with "*").
    const head = burst(EAN_A.slice(0, 9), 0, 4, null);
    const tail = burst(EAN_A.slice(9), 332, 4);
    expect(tokens(feed(new WedgeDetector(), [...head, ...tail]))).toEqual([
      `fragment:${EAN_A.slice(0, 9)}`,
      `fragment:${EAN_A.slice(9)}`,
    ]);
    // The same cut with a 13-digit head that fails its check digit: a fragment, not a scan.
    const bad = `${EAN_A.slice(0, 12)}${(Number(EAN_A[12]) + 1) % 10}`;
    expect(tokens(feed(new WedgeDetector(), burst(bad, 0, 4, null)))).toEqual([`fragment:${bad}`]);
    // A 40 ms pause that splits an EAN-13 into parts of 11 and 2 digits with a bad check digit is not one scan.
    const split = [...burst(bad.slice(0, 11), 0, 4, null), ...burst(bad.slice(11), 80, 4)];
    expect(tokens(feed(new WedgeDetector(), split))).toEqual([`fragment:${bad}`]);
  });

  it('ends a scan with Tab as well as Enter', () => {
    expect(feed(new WedgeDetector(), burst(EAN_A, 0, 3, 'Tab'))).toEqual([{ kind: 'scan', code: EAN_A }]);
    expect(tokens(feed(new WedgeDetector(), burst('ab', 0, 200, 'Tab')))).toEqual([
      'char:a',
      'char:b',
      'key:Tab',
    ]);
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

  for (const c of cases.filter((k) => k.suffix !== null)) {
    it(`gives the same scans and typing when the handler gets the keys up to 400 ms late, in bunches (${c.name})`, () => {
      const maxGap = c.options.maxGapMs ?? 30;
      const minLength = c.options.minLength ?? 6;
      fc.assert(
        fc.property(
          fc.array(segmentArb(maxGap, minLength, true), { minLength: 1, maxLength: 10 }),
          fc.array(fc.integer({ min: 0, max: maxGap }), { minLength: 1, maxLength: 5 }),
          // Mostly on time, sometimes stuck behind a long task.
          fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })), {
            minLength: 1,
            maxLength: 40,
          }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 60 }),
          (segments, suffixGaps, delays, flushFractions) => {
            const scenario = layout(segments, c.suffix, suffixGaps, maxGap);
            const deliveries: number[] = [];
            scenario.keys.forEach((k, i) => {
              const late = k.timeStamp + (delays[i % delays.length] ?? 0);
              deliveries.push(Math.max(deliveries[i - 1] ?? 0, late));
            });
            const first = scenario.keys[0]?.timeStamp ?? 0;
            const span = (deliveries.at(-1) ?? 0) + 600 - first;
            const flushAt = flushFractions.map((f) => first + f * span);
            const out = deliverLate(new WedgeDetector(c.options), scenario.keys, deliveries, flushAt);
            expect(tokens(out)).toEqual(scenario.expected);
            expect(out.some((e) => e.kind === 'fragment')).toBe(false);
          },
        ),
        { numRuns: 400 },
      );
    });
  }
});
