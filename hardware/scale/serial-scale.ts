import { SerialLink, type LinkState } from '../serial/serial-link';
import { getScaleCodec, type ScaleProtocolId } from './protocols/index';
import { frameToReading } from './reading';
import type {
  ReadStableOptions,
  Scale,
  ScaleFrame,
  ScaleParser,
  ScaleReading,
  SerialSettings,
} from './types';

export interface SerialScaleOptions {
  /** Device path, e.g. /dev/ttyUSB0, /dev/serial/by-id/..., COM3. */
  path: string;
  protocol: ScaleProtocolId;
  /** Overrides of the protocol's default serial settings (scales are often reconfigured in the field). */
  serial?: Partial<SerialSettings>;
  /** How long one read waits for a frame. */
  readTimeoutMs?: number;
  /** Deadline of one attempt to open the port (a driver that never answers). */
  openTimeoutMs?: number;
  /** First wait before a background attempt to reopen a missing port (backs off up to retryMaxMs). */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/** A Scale on a serial port, which the station can watch and connect ahead of the first read. */
export interface SerialScale extends Scale {
  /**
   * Starts opening the port in the background (and keeps retrying while it is missing). The promise is
   * the first attempt, which always settles within the open deadline; nobody has to wait for it.
   */
  connect(): Promise<void>;
  readonly linkState: LinkState;
}

const DEFAULT_READ_TIMEOUT_MS = 1500;
/** Pause before asking again after a corrupt or refused reply, so a confused device is not flooded. */
const RETRY_AFTER_BAD_FRAME_MS = 30;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles when `task` does or after `ms`, whichever is first. */
function within(task: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    void task.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A Scale on a serial port. The port opens on `connect()` or the first read, is retried in the
 * background while missing, and again on any read after it was lost, so unplugging and replugging
 * the scale needs no action from the cashier. No read waits longer than its own deadline for the port.
 */
export function openSerialScale(options: SerialScaleOptions): SerialScale {
  const codec = getScaleCodec(options.protocol);
  const settings: SerialSettings = { ...codec.serial, ...options.serial };
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;

  const link = new SerialLink({
    path: options.path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits,
    parity: settings.parity,
    stopBits: settings.stopBits,
    openTimeoutMs: options.openTimeoutMs,
    retryFirstMs: options.retryFirstMs,
    retryMaxMs: options.retryMaxMs,
  });
  let parser: ScaleParser = codec.createParser();
  let onFrame: ((frame: ScaleFrame) => void) | null = null;
  let onLost: ((detail: string) => void) | null = null;
  let bytesThisRead = 0;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  link.on('open', () => {
    parser = codec.createParser();
  });
  link.on('data', (chunk) => {
    bytesThisRead += chunk.length;
    for (const frame of parser.push(chunk)) onFrame?.(frame);
  });
  // A pty or USB adapter that vanishes reports EIO as a plain error, not a close: either way the
  // link drops the port, the read in progress ends, and the link reopens it when it is back.
  link.on('lost', (detail) => onLost?.(detail));

  // One conversation at a time: two overlapping requests would steal each other's replies.
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function ensureOpen(timeoutMs: number): Promise<string | null> {
    if (link.port) return null;
    await within(link.started ? link.attempt() : link.start(), timeoutMs);
    if (link.port) return null;
    return link.state.status === 'connecting'
      ? `${options.path} is still opening after ${timeoutMs} ms`
      : (link.state.error ?? `cannot open ${options.path}`);
  }

  function write(bytes: Uint8Array): void {
    link.port?.write(Buffer.from(bytes), () => undefined);
  }

  async function readWithin(timeoutMs: number): Promise<ScaleReading> {
    if (closed) return { ok: false, reason: 'not_connected', detail: 'scale was closed' };
    const openError = await ensureOpen(timeoutMs);
    if (openError) return { ok: false, reason: 'not_connected', detail: openError };
    const request = codec.request();
    // Bytes left from an earlier, abandoned exchange must not be taken for this answer.
    if (request) parser = codec.createParser();
    bytesThisRead = 0;

    return new Promise<ScaleReading>((resolve) => {
      let badDetail: string | null = null;
      let handshakes = 0;
      let retry: ReturnType<typeof setTimeout> | null = null;
      const finish = (reading: ScaleReading) => {
        clearTimeout(timer);
        if (retry) clearTimeout(retry);
        onFrame = null;
        onLost = null;
        resolve(reading);
      };
      const timer = setTimeout(() => {
        if (badDetail) finish({ ok: false, reason: 'bad_frame', detail: badDetail });
        else if (parser.buffered() > 0) {
          finish({
            ok: false,
            reason: 'timeout',
            detail: `${codec.name}: frame cut off after ${parser.buffered()} bytes, then silence (cable pulled?)`,
          });
        } else if (bytesThisRead > 0 && handshakes === 0) {
          finish({
            ok: false,
            reason: 'bad_frame',
            detail: `${codec.name}: ${bytesThisRead} bytes received but no valid frame (wrong protocol or serial settings?)`,
          });
        } else {
          // Total silence: a pty whose other side vanished can stay "open" without any event, so
          // drop the port and let the next read reopen it (and say not_connected if it is gone).
          const what = handshakes > 0 ? 'no complete answer after the handshake' : 'no reply';
          finish({ ok: false, reason: 'timeout', detail: `${codec.name}: ${what} within ${timeoutMs} ms` });
          link.drop(`silent (${what} within ${timeoutMs} ms)`);
        }
      }, timeoutMs);
      onLost = (detail) => finish({ ok: false, reason: 'not_connected', detail });
      onFrame = (frame) => {
        if (frame.kind === 'reply') {
          handshakes += 1;
          write(frame.bytes);
          return;
        }
        if (frame.kind === 'error') {
          badDetail = frame.detail;
          if (request && !retry) {
            retry = setTimeout(() => {
              retry = null;
              write(request);
            }, RETRY_AFTER_BAD_FRAME_MS);
          }
          return;
        }
        finish(frameToReading(frame, codec.name));
      };
      if (request) write(request);
    });
  }

  return {
    connect() {
      return closed ? Promise.resolve() : link.start();
    },

    get linkState() {
      return link.state;
    },

    read: () => exclusive(() => readWithin(readTimeoutMs)),

    async readStable({ timeoutMs, pollMs = 100 }: ReadStableOptions): Promise<ScaleReading> {
      const deadline = Date.now() + timeoutMs;
      let last: Extract<ScaleReading, { ok: false }> = {
        ok: false,
        reason: 'timeout',
        detail: `no reading within ${timeoutMs} ms`,
      };
      /** The device has answered something meaningful (motion, overload, ...) during this call. */
      let answered = false;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        const allotted = Math.min(readTimeoutMs, remaining);
        const reading = await exclusive(() => readWithin(allotted));
        if (reading.ok) return reading;
        // A last poll cut short by the deadline says less than the device's previous answer: it may
        // have caught half a reply, which looks like a bad frame (seen on a loaded machine), or none.
        const cutShort = allotted < readTimeoutMs && answered;
        if (!cutShort && !(reading.reason === 'timeout' && last.reason !== 'timeout')) last = reading;
        if (reading.reason !== 'timeout' && reading.reason !== 'not_connected') answered = true;
        if (reading.reason === 'not_connected' && closed) return reading;
        const pause = Math.min(pollMs, deadline - Date.now());
        if (pause <= 0) break;
        await sleep(pause);
      }
      return { ...last, detail: `${last.detail} (no stable weight within ${timeoutMs} ms)` };
    },

    async close(): Promise<void> {
      closed = true;
      await exclusive(() => link.stop());
    },
  };
}
