import type { DeviceState, ScaleCodec, ScaleFrame } from '../types';
import { CR, LF, ascii, concatBytes, createFramer, decimalToGrams, formatKg, unitFromText } from './common';

/**
 * Mettler Toledo Standard Interface Command Set (MT-SICS), level 0, 9600 8N1, lines end CR LF.
 * We send "SI" (weight immediately) so motion is reported rather than waited out by the balance:
 *   "S S     1.234 kg"  stable       "S D     1.230 kg"  dynamic (motion)
 *   "S I" busy / not executable      "S +" overload      "S -" underload
 *   "ES" syntax error, "ET" transmission error, "EL" logical error.
 * The reply is matched against the end of the line so noise before it is ignored.
 */

const WEIGHT = /S ([SD]) +(-?\d+(?:\.\d+)?) ([a-zA-Z]{1,3})$/;
const STATUS = /S ([I+-])$/;
const ERROR = /(ES|ET|EL)$/;

const ERROR_TEXT: Record<string, string> = {
  ES: 'syntax error (command not understood)',
  ET: 'transmission error',
  EL: 'logical error (command cannot be executed)',
};

function decode(line: string): ScaleFrame | null {
  const w = WEIGHT.exec(line);
  if (w?.[1] && w[2] && w[3]) {
    const unit = unitFromText(w[3]);
    const grams = unit ? decimalToGrams(w[2], unit) : null;
    if (grams === null) return null;
    return { kind: 'weight', grams, stable: w[1] === 'S', overload: false, underZero: grams < 0 };
  }
  const s = STATUS.exec(line);
  if (s?.[1] === '+')
    return { kind: 'status', stable: true, overload: true, underZero: false, detail: 'MT-SICS S +' };
  if (s?.[1] === '-')
    return { kind: 'status', stable: true, overload: false, underZero: true, detail: 'MT-SICS S -' };
  if (s?.[1] === 'I') return { kind: 'error', detail: 'MT-SICS S I: balance busy, command not executable' };
  const e = ERROR.exec(line);
  if (e?.[1]) return { kind: 'error', detail: `MT-SICS ${e[1]}: ${ERROR_TEXT[e[1]] ?? ''}` };
  return null;
}

export function encodeMtSics(state: DeviceState): Uint8Array {
  let line: string;
  if (state.overload) line = 'S +';
  else if (state.underZero) line = 'S -';
  else {
    const value = `${state.grams < 0 ? '-' : ''}${formatKg(Math.abs(state.grams), 1)}`;
    line = `S ${state.motion ? 'D' : 'S'} ${value.padStart(10, ' ')} kg`;
  }
  return concatBytes(ascii(line), [CR, LF]);
}

export const mtSics: ScaleCodec = {
  id: 'mt-sics',
  name: 'Mettler Toledo MT-SICS',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  request: () => ascii('SI\r\n'),
  createParser: () => createFramer({ start: null, end: [CR, LF], maxFrame: 48, decode }),
  encodeDeviceFrame: encodeMtSics,
  createDevice: () => {
    let line = '';
    return {
      respond(hostBytes, state) {
        const out: Uint8Array[] = [];
        for (const b of hostBytes) {
          if (b === LF) {
            const cmd = line.replace(/\r$/, '').trim();
            if (cmd === 'S' || cmd === 'SI') out.push(encodeMtSics(state.take()));
            else if (cmd !== '') out.push(concatBytes(ascii('ES'), [CR, LF]));
            line = '';
          } else line = (line + String.fromCharCode(b)).slice(-16);
        }
        return out;
      },
    };
  },
};
