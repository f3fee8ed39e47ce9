import type { DeviceState, ScaleCodec, ScaleFrame } from '../types';
import {
  CR,
  STX,
  ascii,
  concatBytes,
  createFramer,
  decimalToGrams,
  formatKg,
  type WeightUnit,
} from './common';

/**
 * Mettler Toledo 8217 (the scanner-scale protocol also spoken by Magellan, Brecknell, Rice Lake, ...).
 * Host sends 'W'. Stable, in-range weight: STX "WW.WWW" CR (kg, 3 decimals); "WW.WW" is pounds and
 * a bare "0XXXXX" is grams on scales configured that way; a trailing 'N' marks a net weight.
 * Otherwise STX '?' <status> CR, status bits: 0 motion, 1 over capacity, 2 under zero,
 * 3 outside zero capture range, 4 centre of zero, 5 net / always 1, 6 always 1 (7 = parity, 7E1).
 */

const WEIGHT = /^(\d{1,4}\.\d{2,3}|\d{5,6})N?$/;

function decodeWeight(body: string): ScaleFrame | null {
  const m = WEIGHT.exec(body);
  if (!m?.[1]) return null;
  const digits = m[1];
  const dot = digits.indexOf('.');
  const unit: WeightUnit = dot < 0 ? 'g' : digits.length - dot - 1 === 3 ? 'kg' : 'lb';
  const grams = decimalToGrams(digits, unit);
  return grams === null ? null : { kind: 'weight', grams, stable: true, overload: false, underZero: false };
}

function decodeStatus(body: string): ScaleFrame | null {
  if (body.length !== 2 || body[0] !== '?') return null;
  const status = body.charCodeAt(1) & 0x7f;
  if ((status & 0x40) === 0) return null;
  const motion = (status & 0x01) !== 0;
  const overload = (status & 0x02) !== 0;
  const underZero = (status & 0x04) !== 0;
  const zeroError = (status & 0x08) !== 0;
  const detail = `Toledo 8217 status 0x${status.toString(16)}${zeroError ? ' (outside zero capture range)' : ''}`;
  return { kind: 'status', stable: !motion, overload, underZero, detail };
}

export function encodeToledo8217(state: DeviceState): Uint8Array {
  if (state.motion || state.overload || state.underZero || state.grams < 0 || state.grams > 99_999) {
    const over = state.overload || state.grams > 99_999;
    const under = state.underZero || state.grams < 0;
    const status = 0x60 | (state.motion ? 1 : 0) | (over ? 2 : 0) | (under ? 4 : 0);
    return concatBytes([STX], ascii('?'), [status, CR]);
  }
  return concatBytes([STX], ascii(formatKg(state.grams, 2)), [CR]);
}

export const toledo8217: ScaleCodec = {
  id: 'toledo-8217',
  name: 'Mettler Toledo 8217',
  serial: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  request: () => ascii('W'),
  createParser: () =>
    createFramer({
      start: STX,
      end: [CR],
      maxFrame: 10,
      decode: (body) => decodeStatus(body) ?? decodeWeight(body),
    }),
  encodeDeviceFrame: encodeToledo8217,
  createDevice: () => ({
    respond(hostBytes, state) {
      const out: Uint8Array[] = [];
      for (const b of hostBytes) if (b === 0x57) out.push(encodeToledo8217(state.take()));
      return out;
    },
  }),
};
