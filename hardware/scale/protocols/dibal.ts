import type { DeviceState, ScaleCodec, ScaleFrame, ScaleParser } from '../types';
import {
  ACK,
  ENQ,
  EOT,
  ESC,
  ETX,
  NAK,
  STX,
  ascii,
  concatBytes,
  createFramer,
  decimalToGrams,
} from './common';

/**
 * Dibal "Dialog 06" ECR protocol (Dibal DPOS400, Cely PI100 manuals; the same Dialog 06 family that
 * Mettler and Bizerba POS scales speak). The exchange for one weight:
 *   host:  EOT STX "01" ESC <price 6> ESC ETX          (we send price 000000: the till prices)
 *   scale: ACK (or NAK)
 *   host:  EOT ENQ
 *   scale: STX "02" ESC <u> ESC <weight 5> ESC <price 6> ESC <amount 6> ETX   or NAK
 *     u = '3' kg (weight in grams, i.e. 3 implied decimals), '1'/'2' lb with 2 implied decimals,
 *     '0' lb:oz (not supported here); a blank-filled weight means motion.
 * After a NAK the host asks why:
 *   host:  EOT STX "08" ETX      scale: STX "09" ESC <s1 s0> ETX
 *     20 in motion, 21 no motion since the last weighing, 30 below minimum weight,
 *     31 under zero, 32 overload, others = device errors.
 * The parser turns ACK and NAK into handshake frames telling the transport what to send next.
 */

export const DIBAL_PRICE_REQUEST = concatBytes([EOT, STX], ascii('01'), [ESC], ascii('000000'), [ESC, ETX]);
export const DIBAL_WEIGHT_REQUEST = Uint8Array.of(EOT, ENQ);
export const DIBAL_STATUS_REQUEST = concatBytes([EOT, STX], ascii('08'), [ETX]);

function decodeRecord02(fields: string[]): ScaleFrame | null {
  if (fields.length !== 5) return null;
  const [, u = '', w = '', price = '', amount = ''] = fields;
  if (!/^\d{6}$/.test(price) || !/^\d{6}$/.test(amount) || w.length !== 5) return null;
  if (w.trim() === '') {
    return {
      kind: 'status',
      stable: false,
      overload: false,
      underZero: false,
      detail: 'Dibal weight blank (motion)',
    };
  }
  const m = /^(-?)(\d{4,5})$/.exec(w.replace(/ /g, ''));
  if (!m?.[2]) return null;
  const digits = m[2];
  let grams: number | null;
  if (u === '3') grams = decimalToGrams(`${digits.slice(0, -3)}.${digits.slice(-3)}`, 'kg');
  else if (u === '1' || u === '2') grams = decimalToGrams(`${digits.slice(0, -2)}.${digits.slice(-2)}`, 'lb');
  else if (u === '0')
    return { kind: 'error', detail: 'Dibal scale set to lb:oz, which Souk POS does not read' };
  else return null;
  if (grams === null) return null;
  const signed = m[1] === '-' ? -grams : grams;
  return { kind: 'weight', grams: signed, stable: true, overload: false, underZero: signed < 0 };
}

const STATUS_TEXT: Record<string, string> = {
  '01': 'general error',
  '02': 'parity error or buffer overflow',
  '10': 'invalid record number',
  '11': 'invalid unit price',
  '12': 'invalid tare',
  '13': 'invalid text',
  '21': 'no motion since the last weighing (lift and replace the item)',
  '22': 'measurement not finished',
  '30': 'weight below the minimum weight',
};

function decodeRecord09(fields: string[]): ScaleFrame | null {
  if (fields.length !== 2 || !/^\d\d$/.test(fields[1] ?? '')) return null;
  const code = fields[1] ?? '';
  const detail = `Dibal status ${code}`;
  if (code === '20') return { kind: 'status', stable: false, overload: false, underZero: false, detail };
  if (code === '31') return { kind: 'status', stable: true, overload: false, underZero: true, detail };
  if (code === '32') return { kind: 'status', stable: true, overload: true, underZero: false, detail };
  return { kind: 'error', detail: `${detail}: ${STATUS_TEXT[code] ?? 'unknown'}` };
}

function decodeRecord(body: string): ScaleFrame | null {
  const fields = body.split(String.fromCharCode(ESC));
  if (fields[0] === '02') return decodeRecord02(fields);
  if (fields[0] === '09') return decodeRecord09(fields);
  return null;
}

function createDibalParser(): ScaleParser {
  const framer = createFramer({ start: STX, end: [ETX], maxFrame: 32, decode: decodeRecord });
  return {
    push(bytes) {
      const out: ScaleFrame[] = [];
      let from = 0;
      // ACK/NAK never occur inside a record, so they are handshake steps wherever they appear.
      for (let i = 0; i <= bytes.length; i++) {
        const b = bytes[i];
        if (i < bytes.length && b !== ACK && b !== NAK) continue;
        if (i > from) out.push(...framer.push(bytes.subarray(from, i)));
        if (b === ACK) out.push({ kind: 'reply', bytes: DIBAL_WEIGHT_REQUEST });
        if (b === NAK) out.push({ kind: 'reply', bytes: DIBAL_STATUS_REQUEST });
        from = i + 1;
      }
      return out;
    },
    buffered: () => framer.buffered(),
  };
}

function statusCode(state: DeviceState): string | null {
  if (state.overload) return '32';
  if (state.underZero || state.grams < 0) return '31';
  if (state.motion) return '20';
  return null;
}

export function encodeDibal(state: DeviceState): Uint8Array {
  if (statusCode(state) !== null || state.grams > 99_999) return Uint8Array.of(NAK);
  const e = String.fromCharCode(ESC);
  const body = `02${e}3${e}${String(state.grams).padStart(5, '0')}${e}000000${e}000000`;
  return concatBytes([STX], ascii(body), [ETX]);
}

export const dibal: ScaleCodec = {
  id: 'dibal',
  name: 'Dibal (Dialog 06)',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  request: () => DIBAL_PRICE_REQUEST,
  createParser: createDibalParser,
  encodeDeviceFrame: encodeDibal,
  createDevice: () => {
    let buf = '';
    // The status query explains the last NAK, so it reports the state that NAK was sent for.
    let nakState: DeviceState | null = null;
    return {
      respond(hostBytes, state) {
        const out: Uint8Array[] = [];
        for (const b of hostBytes) buf += String.fromCharCode(b);
        for (;;) {
          const i = buf.indexOf('\x04');
          if (i < 0 || buf.length - i < 2) {
            buf = i < 0 ? '' : buf.slice(i);
            break;
          }
          buf = buf.slice(i);
          if (buf[1] === '\x05') {
            const answered = state.take();
            const frame = encodeDibal(answered);
            nakState = frame[0] === NAK ? answered : null;
            out.push(frame);
            buf = buf.slice(2);
          } else if (buf[1] === '\x02') {
            const e = buf.indexOf('\x03');
            if (e < 0) break;
            const record = buf.slice(2, 4);
            if (record === '08') {
              const code = statusCode(nakState ?? state.peek()) ?? '00';
              out.push(concatBytes([STX], ascii(`09\x1b${code}`), [ETX]));
            } else out.push(Uint8Array.of(ACK));
            buf = buf.slice(e + 1);
          } else buf = buf.slice(1);
        }
        if (buf.length > 64) buf = '';
        return out;
      },
    };
  },
};
