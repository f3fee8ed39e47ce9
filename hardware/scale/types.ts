/**
 * The one interface the till sees for every weighing scale, whatever its protocol or transport.
 * `reason` is the stable code the UI translates for the cashier; `detail` is English for developers/logs.
 */

export type ScaleFailureReason =
  'motion' | 'over_capacity' | 'under_zero' | 'not_connected' | 'timeout' | 'bad_frame';

export type ScaleReading =
  | { ok: true; grams: number; stable: true; unit: 'g' }
  | { ok: false; reason: ScaleFailureReason; detail: string };

export interface ReadStableOptions {
  /** Give up after this long and return the last failed reading (so the screen can say why). */
  timeoutMs: number;
  /** Pause between polls while the pan is still moving. */
  pollMs?: number;
}

export interface Scale {
  /** One request/response (or the next frame of a continuous scale); a weight only when stable. */
  read(): Promise<ScaleReading>;
  /** Polls until a stable weight or the deadline. */
  readStable(opts: ReadStableOptions): Promise<ScaleReading>;
  close(): Promise<void>;
}

export interface SerialSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/**
 * What a codec's parser extracts from the byte stream.
 * - weight: a numeric weight with its flags (motion is `!stable`).
 * - status: the device answered with flags only (e.g. Toledo "?" byte while in motion or overloaded).
 * - error: a frame that was recognisably a reply but unusable (device error code, bad checksum, ...).
 * - reply: a handshake step; the transport must write `bytes` and keep waiting (Dibal ACK -> ENQ).
 */
export type ScaleFrame =
  | { kind: 'weight'; grams: number; stable: boolean; overload: boolean; underZero: boolean }
  | { kind: 'status'; stable: boolean; overload: boolean; underZero: boolean; detail: string }
  | { kind: 'error'; detail: string }
  | { kind: 'reply'; bytes: Uint8Array };

export interface ScaleParser {
  /** Never throws; returns the frames completed by these bytes, in order. */
  push(bytes: Uint8Array): ScaleFrame[];
  /** Bytes held waiting for the rest of a frame (bounded by the codec's cap). */
  buffered(): number;
}

/** What the simulator needs to impersonate the device. */
export interface DeviceState {
  grams: number;
  motion: boolean;
  overload: boolean;
  underZero: boolean;
}

export interface ScaleCodec {
  id: string;
  name: string;
  serial: SerialSettings;
  /** Bytes that ask for a weight, or null when the device streams continuously. */
  request(): Uint8Array | null;
  createParser(): ScaleParser;
  /** Device side, used by the simulator: the frame this device sends for a state. */
  encodeDeviceFrame(state: DeviceState): Uint8Array;
  /** Device side, used by the simulator: turns host bytes into the responses the device owes. */
  createDevice(): ScaleDevice;
}

/** `take` consumes one answer from the simulator's script (motion countdown); `peek` does not. */
export interface DeviceStateSource {
  take(): DeviceState;
  peek(): DeviceState;
}

export interface ScaleDevice {
  respond(hostBytes: Uint8Array, state: DeviceStateSource): Uint8Array[];
}
