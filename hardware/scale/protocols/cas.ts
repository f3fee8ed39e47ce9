import type { DeviceState, ScaleCodec, ScaleFrame } from '../types';
import {
  ACK,
  CR,
  DC1,
  ENQ,
  EOT,
  ETX,
  LF,
  STX,
  ascii,
  concatBytes,
  createFramer,
  decimalToGrams,
  formatKg,
  unitFromText,
} from './common';

const SOH = 0x01;

/**
 * CAS PD-II style ECR protocol (also AP-1 and OEM clones). Host: ENQ, scale: ACK; host: DC1, scale:
 *   SOH STX <STA> <SIGN> <W6> <U2> <BCC> ETX EOT
 * STA 'S' stable / 'U' unstable / 'F' overload or not zeroed; SIGN ' ' or '-'; W6 e.g. "01.234";
 * U2 "kg" or "lb"; BCC = XOR of STA..U2. We send ENQ and DC1 back to back and skip the ACK, which
 * saves a round trip; scales that insist on waiting can be served by a handshake frame later.
 */

function decodePd2(body: string): ScaleFrame | null {
  if (body.length !== 12 || body.charCodeAt(0) !== STX) return null;
  const sta = body[1];
  const sign = body[2];
  if ((sta !== 'S' && sta !== 'U' && sta !== 'F') || (sign !== ' ' && sign !== '-')) return null;
  const unit = unitFromText(body.slice(9, 11));
  if (!unit) return null;
  let bcc = 0;
  for (let i = 1; i <= 10; i++) bcc ^= body.charCodeAt(i);
  if (bcc !== body.charCodeAt(11)) return { kind: 'error', detail: 'CAS PD-II frame with a wrong BCC' };
  if (sta === 'F') {
    return { kind: 'status', stable: true, overload: true, underZero: false, detail: 'CAS PD-II overload' };
  }
  const field = body.slice(3, 9);
  const grams = decimalToGrams(field, unit);
  if (grams === null) {
    // Unstable weights may be blank-filled: motion without a number.
    if (sta === 'U' && field.trim() === '') {
      return { kind: 'status', stable: false, overload: false, underZero: false, detail: 'CAS PD-II motion' };
    }
    return null;
  }
  const signed = sign === '-' ? -grams : grams;
  return { kind: 'weight', grams: signed, stable: sta === 'S', overload: false, underZero: signed < 0 };
}

export function encodeCasPd2(state: DeviceState): Uint8Array {
  const under = state.underZero || state.grams < 0;
  const sta = state.overload ? 'F' : state.motion ? 'U' : 'S';
  const data = ascii(`${sta}${under ? '-' : ' '}${formatKg(Math.abs(state.grams), 2).slice(-6)}kg`);
  let bcc = 0;
  for (const b of data) bcc ^= b;
  return concatBytes([SOH, STX], data, [bcc, ETX, EOT]);
}

export const casPd2: ScaleCodec = {
  id: 'cas-pd2',
  name: 'CAS PD-II (ENQ/DC1)',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  request: () => Uint8Array.of(ENQ, DC1),
  createParser: () => createFramer({ start: SOH, end: [ETX, EOT], maxFrame: 15, decode: decodePd2 }),
  encodeDeviceFrame: encodeCasPd2,
  createDevice: () => ({
    respond(hostBytes, state) {
      const out: Uint8Array[] = [];
      for (const b of hostBytes) {
        if (b === ENQ) out.push(Uint8Array.of(ACK));
        else if (b === DC1) out.push(encodeCasPd2(state.take()));
      }
      return out;
    },
  }),
};

/**
 * CAS indicators (CI, NT, PDI, DB series) in continuous mode, the "AND 18 bytes" and "CAS 22 bytes" lines:
 *   ST,GS,+  1.234kg CR LF            (header1 ST/US/OL, header2 GS/NT, 8-char signed weight, unit)
 *   ST,GS,<id><lamp>,+001.234 kg CR LF
 * Matched against the end of the line so leading noise is ignored.
 */
const CAS_LINE = /(ST|US|OL),(GS|NT),(?:[^\r\n]{2},)?([^\r\n]{8}) ?(kg|lb|g|t)$/;

function decodeCasLine(line: string): ScaleFrame | null {
  const m = CAS_LINE.exec(line);
  if (!m?.[1] || !m[3] || !m[4]) return null;
  const unit = unitFromText(m[4]);
  const grams = unit ? decimalToGrams(m[3], unit) : null;
  if (m[1] === 'OL') {
    return {
      kind: 'status',
      stable: true,
      overload: true,
      underZero: false,
      detail: 'CAS indicator overload',
    };
  }
  if (grams === null) return null;
  return { kind: 'weight', grams, stable: m[1] === 'ST', overload: false, underZero: grams < 0 };
}

export function encodeCasContinuous(state: DeviceState): Uint8Array {
  const under = state.underZero || state.grams < 0;
  const header = state.overload ? 'OL' : state.motion ? 'US' : 'ST';
  const data = `${under ? '-' : '+'}${formatKg(Math.abs(state.grams), 1).padStart(7, ' ').slice(-7)}`;
  return concatBytes(ascii(`${header},GS,${data}kg`), [CR, LF]);
}

export const casContinuous: ScaleCodec = {
  id: 'cas-continuous',
  name: 'CAS indicator, continuous output',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  request: () => null,
  createParser: () => createFramer({ start: null, end: [CR, LF], maxFrame: 40, decode: decodeCasLine }),
  encodeDeviceFrame: encodeCasContinuous,
  createDevice: () => ({ respond: () => [] }),
};
