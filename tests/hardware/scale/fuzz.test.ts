import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getScaleCodec, SCALE_PROTOCOL_IDS } from '../../../hardware/scale/protocols/index';
import { frameToReading } from '../../../hardware/scale/reading';
import type { DeviceState, ScaleCodec, ScaleFrame, ScaleParser } from '../../../hardware/scale/types';

const deviceState: fc.Arbitrary<DeviceState> = fc.record({
  grams: fc.oneof(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: -9_999, max: 0 })),
  motion: fc.boolean(),
  overload: fc.boolean(),
  underZero: fc.boolean(),
});

/** Splits bytes at random points, as a UART and the OS deliver them. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

function feed(parser: ScaleParser, chunks: Uint8Array[]): ScaleFrame[] {
  return chunks.flatMap((c) => parser.push(c));
}

/** The grams of each frame that the till would accept (stable, in range, not negative). */
function accepted(codec: ScaleCodec, frames: ScaleFrame[]): number[] {
  const out: number[] = [];
  for (const f of frames) {
    if (f.kind === 'reply') continue;
    const r = frameToReading(f, codec.id);
    if (r.ok) out.push(r.grams);
  }
  return out;
}

function acceptedFromFrame(codec: ScaleCodec, frame: Uint8Array): number[] {
  return accepted(codec, codec.createParser().push(frame));
}

const runs = { numRuns: 150 };

describe.each(SCALE_PROTOCOL_IDS)('%s parser under fuzz', (id) => {
  const codec = getScaleCodec(id);

  it('never throws and stays bounded on arbitrary bytes in arbitrary chunks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (bytes, cuts) => {
          const parser = codec.createParser();
          expect(() => feed(parser, chunked(bytes, cuts))).not.toThrow();
          expect(parser.buffered()).toBeLessThanOrEqual(100);
        },
      ),
      runs,
    );
  });

  it('recovers exactly the accepted weights of valid frames separated by noise', () => {
    // Noise may contain frame start bytes (forcing resynchronisation) but no terminator or handshake
    // byte: a terminator in noise could legitimately complete a frame.
    const startBytes = [0x01, 0x02, 0x0a, 0x1b];
    const noiseByte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(...startBytes));
    const noise = fc.array(noiseByte, { maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(noise, deviceState), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (items, cuts) => {
          const parts: number[] = [];
          const expected: number[] = [];
          for (const [junk, state] of items) {
            const frame = codec.encodeDeviceFrame(state);
            parts.push(...junk, ...frame);
            expected.push(...acceptedFromFrame(codec, frame));
          }
          const got = accepted(codec, feed(codec.createParser(), chunked(Uint8Array.from(parts), cuts)));
          expect(got).toEqual(expected);
        },
      ),
      runs,
    );
  });

  it('never accepts a weight that was not in a valid stable frame, whatever bytes surround the frames', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), deviceState, fc.boolean()), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (items, cuts) => {
          const parts: number[] = [];
          const allowed = new Set<number>();
          for (const [junk, state, truncate] of items) {
            const frame = codec.encodeDeviceFrame(state);
            // A truncated frame is what a pulled cable leaves behind.
            const sent = truncate ? frame.subarray(0, frame.length - 1) : frame;
            parts.push(...junk, ...sent);
            for (const g of acceptedFromFrame(codec, frame)) allowed.add(g);
          }
          const got = accepted(codec, feed(codec.createParser(), chunked(Uint8Array.from(parts), cuts)));
          for (const g of got) expect(allowed.has(g)).toBe(true);
        },
      ),
      runs,
    );
  });
});
