import { SerialPort } from 'serialport';
import { getScaleCodec, type ScaleProtocolId } from './protocols/index';
import type { DeviceState, ScaleCodec, ScaleDevice, SerialSettings } from './types';

export interface ScaleSimulatorOptions {
  /** The device end of a serial link (one end of a pty pair, or a null-modem port). */
  path: string;
  protocol: ScaleProtocolId;
  serial?: Partial<SerialSettings>;
  /** Frame period of continuous protocols. */
  intervalMs?: number;
  /** Weight already on the pan when the simulator starts. */
  initial?: Partial<DeviceState>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A scale that answers in its protocol on a real serial port (a pty in tests and in the demo).
 * Faults are scripted per frame: garbage before the next frame, the next frame cut in half followed
 * by the port closing (cable pulled), answers delayed, motion for the next n answers.
 */
export class ScaleSimulator {
  /** Frames sent (answers, handshakes, streamed frames); tests await it instead of sleeping. */
  answers = 0;

  private readonly codec: ScaleCodec;
  private readonly settings: SerialSettings;
  private state: DeviceState;
  private device: ScaleDevice;
  private port: SerialPort | null = null;
  private motionLeft = 0;
  private delayMs = 0;
  private garbage: Uint8Array[] = [];
  private cut: (() => void) | null = null;
  private sending: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private listeners: (() => void)[] = [];

  private constructor(private readonly options: ScaleSimulatorOptions) {
    this.codec = getScaleCodec(options.protocol);
    this.settings = { ...this.codec.serial, ...options.serial };
    this.state = { grams: 0, motion: false, overload: false, underZero: false, ...options.initial };
    this.device = this.codec.createDevice();
  }

  static async open(options: ScaleSimulatorOptions): Promise<ScaleSimulator> {
    const sim = new ScaleSimulator(options);
    await sim.reopen();
    return sim;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  set(state: Partial<DeviceState>): void {
    this.state = { ...this.state, ...state };
  }

  /** The next n weight answers report motion, then the pan settles. */
  motionFor(n: number): void {
    this.motionLeft = n;
  }

  /** Motion answers still to give before the pan settles. */
  get pendingMotion(): number {
    return this.motionLeft;
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Bytes sent just before the next frame. */
  injectGarbage(bytes: Uint8Array): void {
    this.garbage.push(bytes);
  }

  /** The next frame stops half-way and the port closes; resolves once it is closed. */
  cutNextFrame(): Promise<void> {
    return new Promise((resolve) => {
      this.cut = resolve;
    });
  }

  /** Resolves when `answers` reaches n (awaiting device progress without sleeping). */
  waitForAnswers(n: number): Promise<void> {
    if (this.answers >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.answers < n) return;
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  /** Opens (or re-opens, after a cut) the device end of the link. */
  async reopen(): Promise<void> {
    if (this.port?.isOpen) return;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.settings.baudRate,
      dataBits: this.settings.dataBits,
      parity: this.settings.parity,
      stopBits: this.settings.stopBits,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.device = this.codec.createDevice();
    port.on('data', (chunk: Buffer) => {
      const source = { take: () => this.take(), peek: () => this.current() };
      for (const response of this.device.respond(chunk, source)) this.enqueue(port, response);
    });
    port.on('error', () => undefined);
    this.port = port;
    if (this.codec.request() === null) {
      this.timer = setInterval(() => {
        if (port.isOpen) this.enqueue(port, this.codec.encodeDeviceFrame(this.take()));
      }, this.options.intervalMs ?? 50);
    }
  }

  async close(): Promise<void> {
    await this.closePort();
    await this.sending;
  }

  private current(): DeviceState {
    return this.motionLeft > 0 ? { ...this.state, motion: true } : { ...this.state };
  }

  private take(): DeviceState {
    const state = this.current();
    if (this.motionLeft > 0) this.motionLeft -= 1;
    return state;
  }

  private enqueue(port: SerialPort, frame: Uint8Array): void {
    this.sending = this.sending.then(() => this.send(port, frame)).catch(() => undefined);
  }

  private async send(port: SerialPort, frame: Uint8Array): Promise<void> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (!port.isOpen || port !== this.port) return;
    for (const g of this.garbage.splice(0)) await this.write(port, g);
    const cut = this.cut;
    // One-byte handshakes (ACK) are not what a pulled cable interrupts; cut the next real frame.
    if (cut && frame.length > 1) {
      this.cut = null;
      await this.write(port, frame.subarray(0, Math.max(1, Math.floor(frame.length / 2))));
      await this.closePort();
      cut();
      return;
    }
    await this.write(port, frame);
    this.answers += 1;
    for (const listener of [...this.listeners]) listener();
  }

  private write(port: SerialPort, bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      port.write(Buffer.from(bytes));
      port.drain(() => resolve());
    });
  }

  private async closePort(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
