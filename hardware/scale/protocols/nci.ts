import type { DeviceState, ScaleCodec, ScaleFrame } from '../types';
import {
  CR,
  ETX,
  LF,
  ascii,
  concatBytes,
  createFramer,
  decimalToGrams,
  formatKg,
  unitFromText,
} from './common';

/**
 * NCI general serial protocol (SCP-01), spoken by NCI, Weigh-Tronix, Avery Berkel, Brecknell bench scales.
 * Host sends "W" CR. Reply: LF <weight><unit> CR LF <status bytes> CR ETX, or only LF <status> CR ETX
 * (some models, when the weight cannot be shown). Status bytes always have bits 4 and 5 set:
 *   byte 1: bit 0 motion, bit 1 at zero, bit 2 RAM error, bit 3 EEPROM error
 *   byte 2: bit 0 under capacity, bit 1 over capacity, bit 2 ROM error, bit 3 faulty calibration,
 *           bit 6 another status byte follows (byte 3: range / net-gross, ignored here).
 * Some models prefix the status with 'S'.
 */

const WEIGHT = /^ *(- *[\d.]+|[\d.]+) *([a-zA-Z]{1,2}) *$/;

interface NciStatus {
  motion: boolean;
  under: boolean;
  over: boolean;
  fault: string | null;
}

function decodeStatus(text: string): NciStatus | null {
  const s = text.startsWith('S') ? text.slice(1) : text;
  if (s.length < 2 || s.length > 3) return null;
  const codes = Array.from(s, (c) => c.charCodeAt(0) & 0x7f);
  if (codes.some((c) => (c & 0x30) !== 0x30)) return null;
  const [b1 = 0, b2 = 0] = codes;
  if ((b1 & 0x40) !== 0) return null;
  if (s.length === 3 && (b2 & 0x40) === 0) return null;
  const faults: string[] = [];
  if (b1 & 0x04) faults.push('RAM error');
  if (b1 & 0x08) faults.push('EEPROM error');
  if (b2 & 0x04) faults.push('ROM error');
  if (b2 & 0x08) faults.push('faulty calibration');
  return {
    motion: (b1 & 0x01) !== 0,
    under: (b2 & 0x01) !== 0,
    over: (b2 & 0x02) !== 0,
    fault: faults.length > 0 ? `NCI scale reports ${faults.join(', ')}` : null,
  };
}

function decode(body: string): ScaleFrame | null {
  const parts = body.split('\r\n');
  if (parts.length > 2 || parts.some((p) => /[\r\n]/.test(p))) return null;
  const status = decodeStatus(parts[parts.length - 1] ?? '');
  if (!status) return null;
  if (status.fault) return { kind: 'error', detail: status.fault };
  if (parts.length === 2) {
    const m = WEIGHT.exec(parts[0] ?? '');
    const unit = m?.[2] ? unitFromText(m[2]) : null;
    const grams = m?.[1] && unit ? decimalToGrams(m[1].replace(/ /g, ''), unit) : null;
    if (grams !== null) {
      return {
        kind: 'weight',
        grams,
        stable: !status.motion,
        overload: status.over,
        underZero: status.under || grams < 0,
      };
    }
    // Out-of-range display characters (dashes, carets) in the weight field: the status says why.
    if (!/^[ \-^_=.0-9a-zA-Z]*$/.test(parts[0] ?? '')) return null;
  }
  return {
    kind: 'status',
    stable: !status.motion,
    overload: status.over,
    underZero: status.under,
    detail: `NCI status ${JSON.stringify(parts[parts.length - 1])}`,
  };
}

export function encodeNci(state: DeviceState): Uint8Array {
  const under = state.underZero || state.grams < 0;
  const s1 = 0x30 | (state.motion ? 1 : 0) | (state.grams === 0 ? 2 : 0);
  const s2 = 0x30 | (under ? 1 : 0) | (state.overload ? 2 : 0);
  if (state.overload) return concatBytes([LF, s1, s2, CR, ETX]);
  const sign = under ? '-' : '';
  const weight = `${sign}${formatKg(Math.abs(state.grams), 1)}`.padStart(8, ' ');
  return concatBytes([LF], ascii(`${weight}kg`), [CR, LF, s1, s2, CR, ETX]);
}

export const nci: ScaleCodec = {
  id: 'nci',
  name: 'NCI / Weigh-Tronix / Avery Berkel',
  serial: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  request: () => ascii('W\r'),
  createParser: () => createFramer({ start: LF, end: [CR, ETX], maxFrame: 40, decode }),
  encodeDeviceFrame: encodeNci,
  createDevice: () => {
    let pending = '';
    return {
      respond(hostBytes, state) {
        const out: Uint8Array[] = [];
        for (const b of hostBytes) {
          if (b === CR) {
            if (pending.endsWith('W')) out.push(encodeNci(state.take()));
            pending = '';
          } else pending = (pending + String.fromCharCode(b)).slice(-8);
        }
        return out;
      },
    };
  },
};
