import { describe, expect, it } from 'vitest';
import { ascii, decimalToGrams } from '../../../hardware/scale/protocols/common';
import { DIBAL_STATUS_REQUEST, DIBAL_WEIGHT_REQUEST } from '../../../hardware/scale/protocols/dibal';
import {
  getScaleCodec,
  SCALE_PROTOCOL_IDS,
  type ScaleProtocolId,
} from '../../../hardware/scale/protocols/index';
import { frameToReading } from '../../../hardware/scale/reading';
import type { ScaleFrame } from '../../../hardware/scale/types';

function parse(id: ScaleProtocolId, text: string): ScaleFrame[] {
  return getScaleCodec(id).createParser().push(ascii(text));
}

function readingOf(id: ScaleProtocolId, text: string) {
  const frames = parse(id, text).filter(
    (f): f is Exclude<ScaleFrame, { kind: 'reply' }> => f.kind !== 'reply',
  );
  expect(frames).toHaveLength(1);
  return frameToReading(frames[0]!, id);
}

const stable = (grams: number) => ({ ok: true, grams, stable: true, unit: 'g' });

describe('decimalToGrams', () => {
  it('reads decimals as integers, never floats', () => {
    expect(decimalToGrams('01.234', 'kg')).toBe(1234);
    expect(decimalToGrams('+  1.234', 'kg')).toBe(1234);
    expect(decimalToGrams('0.1', 'kg')).toBe(100);
    expect(decimalToGrams('000013.5', 'kg')).toBe(13500);
    expect(decimalToGrams('-0.500', 'kg')).toBe(-500);
    expect(decimalToGrams('250', 'g')).toBe(250);
    expect(decimalToGrams('12.5', 'g')).toBe(13);
  });
  it('converts pounds and ounces exactly, rounding once to the gram', () => {
    expect(decimalToGrams('1.00', 'lb')).toBe(454); // 453.59237
    expect(decimalToGrams('2.50', 'lb')).toBe(1134); // 1133.98
    expect(decimalToGrams('16.0', 'oz')).toBe(454);
  });
  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', ' ', '.', '1.2.3', '1e3', 'abc', '--1', '1,5', '1234567890123']) {
      expect(decimalToGrams(bad, 'kg')).toBeNull();
    }
  });
});

describe('Toledo 8217', () => {
  it('reads the manual frames', () => {
    expect(readingOf('toledo-8217', '\x0201.234\r')).toEqual(stable(1234));
    expect(readingOf('toledo-8217', '\x0201.234N\r')).toEqual(stable(1234));
    expect(readingOf('toledo-8217', '\x0203.50\r')).toEqual(stable(1588)); // lb
    expect(readingOf('toledo-8217', '\x02012345\r')).toEqual(stable(12345)); // grams
  });
  it('decodes the status byte', () => {
    expect(readingOf('toledo-8217', '\x02?\x61\r')).toMatchObject({ ok: false, reason: 'motion' });
    expect(readingOf('toledo-8217', '\x02?\x62\r')).toMatchObject({ ok: false, reason: 'over_capacity' });
    expect(readingOf('toledo-8217', '\x02?\x64\r')).toMatchObject({ ok: false, reason: 'under_zero' });
    // 7E1 parity bit left in place by an 8-bit port must not change the meaning.
    expect(readingOf('toledo-8217', '\x02?\xe1\r')).toMatchObject({ ok: false, reason: 'motion' });
    expect(readingOf('toledo-8217', '\x02?\x68\r')).toMatchObject({ ok: false, reason: 'bad_frame' });
  });
  it('asks with W', () => {
    expect(getScaleCodec('toledo-8217').request()).toEqual(ascii('W'));
  });
});

describe('NCI', () => {
  it('reads weight, unit and status', () => {
    expect(readingOf('nci', '\n  1.234kg\r\n00\r\x03')).toEqual(stable(1234));
    expect(readingOf('nci', '\n002.50lb\r\n00\r\x03')).toEqual(stable(1134));
    expect(readingOf('nci', '\n 1234g \r\n00\r\x03')).toEqual(stable(1234));
    expect(readingOf('nci', '\n  1.234KG\r\nS00\r\x03')).toEqual(stable(1234));
    expect(readingOf('nci', '\n  1.230kg\r\n10\r\x03')).toMatchObject({ reason: 'motion' });
    expect(readingOf('nci', '\n -0.500kg\r\n01\r\x03')).toMatchObject({ reason: 'under_zero' });
  });
  it('reads status-only replies and device faults', () => {
    expect(readingOf('nci', '\n02\r\x03')).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('nci', '\n^^^^^^kg\r\n02\r\x03')).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('nci', '\n  1.234kg\r\n48\r\x03')).toMatchObject({ reason: 'bad_frame' });
  });
  it('accepts an optional third status byte only when byte 2 announces it', () => {
    expect(readingOf('nci', '\n  1.234kg\r\n0p0\r\x03')).toEqual(stable(1234));
    expect(parse('nci', '\n  1.234kg\r\n000\r\x03')).toEqual([]);
  });
});

describe('CAS', () => {
  function pd2(sta: string, sign: string, weight: string, unit = 'kg'): string {
    const data = `${sta}${sign}${weight}${unit}`;
    let bcc = 0;
    for (const c of data) bcc ^= c.charCodeAt(0);
    return `\x01\x02${data}${String.fromCharCode(bcc)}\x03\x04`;
  }
  it('PD-II: reads the DC1 data frame and checks its BCC', () => {
    expect(readingOf('cas-pd2', pd2('S', ' ', '01.234'))).toEqual(stable(1234));
    expect(readingOf('cas-pd2', pd2('U', ' ', '01.230'))).toMatchObject({ reason: 'motion' });
    expect(readingOf('cas-pd2', pd2('F', ' ', '99.999'))).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('cas-pd2', pd2('S', '-', '00.500'))).toMatchObject({ reason: 'under_zero' });
    const corrupt = pd2('S', ' ', '01.234').replace('01.234', '01.284');
    expect(readingOf('cas-pd2', corrupt)).toMatchObject({ reason: 'bad_frame' });
    expect(getScaleCodec('cas-pd2').request()).toEqual(Uint8Array.of(0x05, 0x11));
  });
  it('continuous: reads the 18- and 22-byte indicator lines', () => {
    expect(readingOf('cas-continuous', 'ST,GS,+  1.234kg\r\n')).toEqual(stable(1234));
    expect(readingOf('cas-continuous', 'ST,NT,000013.5kg\r\n')).toEqual(stable(13500));
    expect(readingOf('cas-continuous', 'ST,GS,1\xc0,+001.234 kg\r\n')).toEqual(stable(1234));
    expect(readingOf('cas-continuous', 'US,GS,+  1.230kg\r\n')).toMatchObject({ reason: 'motion' });
    expect(readingOf('cas-continuous', 'OL,GS,+  9.999kg\r\n')).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('cas-continuous', 'ST,GS,-  0.500kg\r\n')).toMatchObject({ reason: 'under_zero' });
    expect(getScaleCodec('cas-continuous').request()).toBeNull();
  });
});

describe('Dibal Dialog 06', () => {
  it('reads record 02 and record 09', () => {
    expect(readingOf('dibal', '\x0202\x1b3\x1b01234\x1b000000\x1b000000\x03')).toEqual(stable(1234));
    expect(readingOf('dibal', '\x0202\x1b1\x1b00250\x1b000000\x1b000000\x03')).toEqual(stable(1134)); // 2.50 lb
    expect(readingOf('dibal', '\x0202\x1b3\x1b     \x1b000000\x1b000000\x03')).toMatchObject({
      reason: 'motion',
    });
    expect(readingOf('dibal', '\x0209\x1b20\x03')).toMatchObject({ reason: 'motion' });
    expect(readingOf('dibal', '\x0209\x1b31\x03')).toMatchObject({ reason: 'under_zero' });
    expect(readingOf('dibal', '\x0209\x1b32\x03')).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('dibal', '\x0209\x1b21\x03')).toMatchObject({ reason: 'bad_frame' });
  });
  it('turns ACK and NAK into the next handshake step', () => {
    expect(parse('dibal', '\x06')).toEqual([{ kind: 'reply', bytes: DIBAL_WEIGHT_REQUEST }]);
    expect(parse('dibal', '\x15')).toEqual([{ kind: 'reply', bytes: DIBAL_STATUS_REQUEST }]);
    const req = getScaleCodec('dibal').request();
    expect(req).toEqual(ascii('\x04\x0201\x1b000000\x1b\x03'));
  });
});

describe('MT-SICS', () => {
  it('reads the SI replies', () => {
    expect(readingOf('mt-sics', 'S S      1.234 kg\r\n')).toEqual(stable(1234));
    expect(readingOf('mt-sics', 'S S     100.00 g\r\n')).toEqual(stable(100));
    expect(readingOf('mt-sics', 'S D      1.230 kg\r\n')).toMatchObject({ reason: 'motion' });
    expect(readingOf('mt-sics', 'S +\r\n')).toMatchObject({ reason: 'over_capacity' });
    expect(readingOf('mt-sics', 'S -\r\n')).toMatchObject({ reason: 'under_zero' });
    expect(readingOf('mt-sics', 'S S     -0.500 kg\r\n')).toMatchObject({ reason: 'under_zero' });
    expect(readingOf('mt-sics', 'ES\r\n')).toMatchObject({ reason: 'bad_frame' });
    expect(readingOf('mt-sics', 'S I\r\n')).toMatchObject({ reason: 'bad_frame' });
  });
});

describe('every codec', () => {
  const state = { grams: 2468, motion: false, overload: false, underZero: false };
  it.each(SCALE_PROTOCOL_IDS)('%s: its own device frame parses back, whole or byte by byte', (id) => {
    const codec = getScaleCodec(id);
    const frame = codec.encodeDeviceFrame(state);
    const whole = codec.createParser().push(frame);
    const parser = codec.createParser();
    const bytewise = Array.from(frame).flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(whole).toEqual(bytewise);
    expect(whole).toMatchObject([{ kind: 'weight', grams: 2468, stable: true }]);
    expect(parser.buffered()).toBe(0);
  });
  it.each(SCALE_PROTOCOL_IDS)('%s: finds a frame after garbage that contains its start byte', (id) => {
    const codec = getScaleCodec(id);
    const frame = codec.encodeDeviceFrame(state);
    const junk = Uint8Array.of(0x02, 0x01, 0x0a, 0x53, 0x20, 0x30, 0x2e, 0x31);
    const frames = codec.createParser().push(Uint8Array.of(...junk, ...frame));
    expect(frames.filter((f) => f.kind === 'weight')).toMatchObject([{ grams: 2468, stable: true }]);
  });
  it.each(SCALE_PROTOCOL_IDS)('%s: keeps its buffer bounded on endless noise', (id) => {
    const parser = getScaleCodec(id).createParser();
    const noise = new Uint8Array(10_000).map((_, i) => 0x30 + (i % 10));
    parser.push(noise);
    for (let i = 0; i < 2000; i++) parser.push(Uint8Array.of(0x41));
    expect(parser.buffered()).toBeLessThanOrEqual(100);
  });
});
