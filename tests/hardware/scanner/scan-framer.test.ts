import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FramerEvent, ScanSuffix } from '../../../hardware/scanner/scan-framer';
import { ScanFramer } from '../../../hardware/scanner/scan-framer';

const bytes = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const codes = (events: FramerEvent[]): string[] => events.flatMap((e) => (e.kind === 'code' ? [e.code] : []));
const TERMINATOR: Record<Exclude<ScanSuffix, 'none'>, string> = { CR: '\r', LF: '\n', CRLF: '\r\n' };

describe('ScanFramer', () => {
  it('drops empty and non-printable frames and counts why', () => {
    const f = new ScanFramer({ suffix: 'CR' });
    const out = f.push(
      Uint8Array.from([...bytes('6111234567890\r\r'), 0x00, 0xff, 0x41, 0x0d, ...bytes('ABC\r')]),
      0,
    );
    expect(codes(out)).toEqual(['6111234567890', 'ABC']);
    expect(f.dropped).toEqual({ empty: 1, 'non-printable': 1, 'too-long': 0, incomplete: 0 });
    expect(f.codes).toBe(2);
  });

  it('keeps GS1 group separators inside a code', () => {
    const f = new ScanFramer({ suffix: 'LF' });
    expect(codes(f.push(bytes('0106111234567890\x1d10LOT7\n'), 0))).toEqual(['0106111234567890\x1d10LOT7']);
  });

  it('tolerates a CRLF scanner on a CR or LF setting', () => {
    const cr = new ScanFramer({ suffix: 'CR' });
    expect(codes(cr.push(bytes('123456\r\n654321\r\n'), 0))).toEqual(['123456', '654321']);
    expect(cr.dropped.empty).toBe(0);
    const lf = new ScanFramer({ suffix: 'LF' });
    expect(codes(lf.push(bytes('123456\r\n654321\r\n'), 0))).toEqual(['123456', '654321']);
  });

  it('discards an overlong stream up to the next terminator, not just its first part', () => {
    const f = new ScanFramer({ suffix: 'CR', maxLength: 20 });
    const out = f.push(bytes(`${'X'.repeat(50)}\r12345678\r`), 0);
    expect(codes(out)).toEqual(['12345678']);
    expect(f.dropped['too-long']).toBe(1);
  });

  it('ends codes by silence when there is no suffix, and drops stale partial codes otherwise', () => {
    const none = new ScanFramer({ suffix: 'none', idleMs: 50 });
    expect(none.push(bytes('6111'), 0)).toEqual([]);
    expect(none.push(bytes('234567890'), 10)).toEqual([]);
    expect(none.flush(60)).toEqual([]);
    expect(codes(none.flush(61))).toEqual(['6111234567890']);
    expect(none.deadline()).toBeNull();

    const cr = new ScanFramer({ suffix: 'CR', staleMs: 1000 });
    cr.push(bytes('\x15\x15noise'), 0);
    expect(codes(cr.push(bytes('6111234567890\r'), 5000))).toEqual(['6111234567890']);
    expect(cr.dropped.incomplete).toBe(1);
  });

  for (const suffix of ['CR', 'LF', 'CRLF'] as const) {
    it(`reassembles codes split at any byte boundary (${suffix})`, () => {
      const code = fc.stringMatching(/^[0-9A-Z\-./ ]{1,30}$/);
      fc.assert(
        fc.property(
          fc.array(code, { minLength: 1, maxLength: 10 }),
          fc.array(fc.integer({ min: 1, max: 7 })),
          (list, cuts) => {
            const stream = bytes(list.map((c) => c + TERMINATOR[suffix]).join(''));
            const f = new ScanFramer({ suffix });
            const out: FramerEvent[] = [];
            let at = 0;
            let i = 0;
            while (at < stream.length) {
              const n = cuts.length > 0 ? (cuts[i++ % cuts.length] ?? 1) : stream.length;
              out.push(...f.push(stream.subarray(at, at + n), i));
              at += n;
            }
            expect(codes(out)).toEqual(list);
            expect(out.every((e) => e.kind === 'code')).toBe(true);
          },
        ),
      );
    });
  }
});
