import type { ScaleCodec } from '../types';
import { casContinuous, casPd2 } from './cas';
import { dibal } from './dibal';
import { mtSics } from './mt-sics';
import { nci } from './nci';
import { toledo8217 } from './toledo-8217';

/** Protocol id (as stored in the till's configuration) -> codec. */
export const SCALE_PROTOCOLS = {
  'toledo-8217': toledo8217,
  nci,
  'cas-pd2': casPd2,
  'cas-continuous': casContinuous,
  dibal,
  'mt-sics': mtSics,
} as const satisfies Record<string, ScaleCodec>;

export type ScaleProtocolId = keyof typeof SCALE_PROTOCOLS;

export const SCALE_PROTOCOL_IDS = Object.keys(SCALE_PROTOCOLS) as ScaleProtocolId[];

export function isScaleProtocolId(id: string): id is ScaleProtocolId {
  return Object.hasOwn(SCALE_PROTOCOLS, id);
}

export function getScaleCodec(id: ScaleProtocolId): ScaleCodec {
  return SCALE_PROTOCOLS[id];
}
