/**
 * A serial port the station keeps trying to hold open. A device that is absent, unplugged, the wrong
 * kind of file or stuck in its driver must never block start-up or a call: every attempt to open has
 * a deadline, the link reports `not_connected` with the reason, and it tries again in the background
 * with a capped backoff, so a scanner, scale or display plugged in later is picked up by itself.
 */
import { EventEmitter } from 'node:events';
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { SerialPort } from 'serialport';

export type LinkStatus = 'connecting' | 'connected' | 'not_connected' | 'stopped';

export interface LinkState {
  path: string;
  status: LinkStatus;
  /** Why the last attempt failed or the port was lost (English, for the manager and the logs). */
  error: string | null;
  /** Attempts to open since the link was started. */
  attempts: number;
  /** Epoch ms of the next background attempt while not connected; null otherwise. */
  nextAttemptAt: number | null;
}

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  /** Deadline of one attempt to open; a driver that never answers costs this long, then a retry. */
  openTimeoutMs?: number;
  /** First pause after a failed attempt; it doubles up to `retryMaxMs`. */
  retryFirstMs?: number;
  retryMaxMs?: number;
}

export interface SerialLinkEvents {
  status: [state: LinkState];
  open: [port: SerialPort];
  data: [chunk: Buffer];
  lost: [why: string];
}

/**
 * 3 s is far above a real open (a few ms) even on a loaded two-core till, and short enough that a
 * stuck driver does not hold up a configure call for long.
 */
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;
const DEFAULT_RETRY_FIRST_MS = 250;
/** Caps the backoff so a device plugged in later is picked up within a couple of seconds. */
const DEFAULT_RETRY_MAX_MS = 2000;
/**
 * While connected, how often the path is checked to still name the device that was opened: a pty
 * (or some USB adapters) can vanish without any error on the open port, so without this check a
 * scanner would wait forever on a dead port.
 */
const PRESENCE_CHECK_MS = 1000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class SerialLink extends EventEmitter<SerialLinkEvents> {
  private readonly options: SerialLinkOptions;
  private current: SerialPort | null = null;
  private opening: Promise<void> | null = null;
  private status: LinkStatus = 'stopped';
  private error: string | null = null;
  private attempts = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private nextAttemptAt: number | null = null;
  private watcher: FSWatcher | null = null;
  /** The device node the path named when it was opened (POSIX paths only; COM3 has none). */
  private identity: { ino: number; rdev: number } | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(options: SerialLinkOptions) {
    super();
    this.options = options;
  }

  get path(): string {
    return this.options.path;
  }

  /** The open port, or null. */
  get port(): SerialPort | null {
    return this.current?.isOpen ? this.current : null;
  }

  get state(): LinkState {
    return {
      path: this.options.path,
      status: this.status,
      error: this.error,
      attempts: this.attempts,
      nextAttemptAt: this.nextAttemptAt,
    };
  }

  get started(): boolean {
    return this.status !== 'stopped';
  }

  /** Starts trying in the background; never waits. Returns the first attempt, which always settles. */
  start(): Promise<void> {
    if (this.status === 'stopped') {
      this.status = 'not_connected';
      this.watchPath();
    }
    return this.attempt();
  }

  /**
   * One attempt now unless connected or one is under way (a read on a scale that is not connected
   * should not wait for the backoff). Settles within the open deadline.
   */
  attempt(): Promise<void> {
    if (this.status === 'stopped' || this.port) return Promise.resolve();
    if (!this.opening) {
      this.clearRetry();
      this.opening = this.openOnce().finally(() => {
        this.opening = null;
      });
    }
    return this.opening;
  }

  /** The user of the port decided it is dead (e.g. total silence): close it and reconnect. */
  drop(why: string): void {
    const port = this.current;
    if (port) this.lose(port, why);
  }

  async stop(): Promise<void> {
    this.clearRetry();
    this.stopPresenceCheck();
    this.watcher?.close();
    this.watcher = null;
    const port = this.current;
    this.current = null;
    this.setStatus('stopped', this.error);
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async openOnce(): Promise<void> {
    this.attempts += 1;
    // A device already known to be missing stays "not connected" through its background retries
    // rather than flickering to "connecting" and back on the manager's screen.
    this.setStatus(
      this.status === 'not_connected' && this.attempts > 1 ? 'not_connected' : 'connecting',
      this.error,
    );
    const timeoutMs = this.options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      dataBits: this.options.dataBits ?? 8,
      parity: this.options.parity ?? 'none',
      stopBits: this.options.stopBits ?? 1,
      autoOpen: false,
    });
    // Without a listener an 'error' on a port nobody holds any more would crash the station.
    port.on('error', (err: Error) => this.lose(port, `failed: ${err.message}`));
    const outcome = await new Promise<string | null>((resolve) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        resolve(`opening did not finish within ${timeoutMs} ms (device or driver not answering)`);
      }, timeoutMs);
      port.open((err) => {
        if (late) {
          // The attempt was given up: a port that opens now belongs to nobody.
          if (!err) port.close(() => undefined);
          return;
        }
        clearTimeout(timer);
        resolve(err ? message(err) : null);
      });
    });
    if (this.status === 'stopped') {
      if (port.isOpen) port.close(() => undefined);
      return;
    }
    if (outcome !== null) {
      this.failed(`cannot open ${this.options.path}: ${outcome}`);
      return;
    }
    this.current = port;
    this.failures = 0;
    this.identity = this.nodeOfPath();
    if (this.identity) {
      this.presenceTimer = setInterval(() => this.checkPresent(), PRESENCE_CHECK_MS);
      this.presenceTimer.unref();
    }
    port.on('data', (chunk: Buffer) => {
      if (this.current === port) this.emit('data', chunk);
    });
    port.on('close', () => this.lose(port, 'closed'));
    this.setStatus('connected', null);
    this.emit('open', port);
  }

  private lose(port: SerialPort, why: string): void {
    // 'error' and 'close' both arrive for one unplug; only the first one for the live port counts.
    if (this.current !== port) return;
    this.current = null;
    this.stopPresenceCheck();
    port.removeAllListeners('data');
    if (port.isOpen) port.close(() => undefined);
    const detail = `serial port ${this.options.path} ${why} (cable or USB adapter unplugged?)`;
    this.emit('lost', detail);
    if (this.status === 'stopped') return;
    this.failures = 0;
    this.failed(detail);
  }

  private failed(error: string): void {
    const first = this.options.retryFirstMs ?? DEFAULT_RETRY_FIRST_MS;
    const max = Math.max(first, this.options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS);
    const wait = Math.min(max, first * 2 ** Math.min(this.failures, 16));
    this.failures += 1;
    this.clearRetry();
    this.nextAttemptAt = Date.now() + wait;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.nextAttemptAt = null;
      void this.attempt();
    }, wait);
    // Background retries must not keep a process alive that has nothing else to do.
    this.retryTimer.unref();
    this.setStatus('not_connected', error);
  }

  /**
   * A device path appearing (udev creating /dev/ttyUSB0 or a by-id symlink) triggers an attempt at
   * once instead of at the end of the backoff. Best effort: the backoff alone also gets there.
   */
  private watchPath(): void {
    // COM3 and the like have no directory to watch; the backoff alone picks them up.
    if (!this.options.path.startsWith('/')) return;
    try {
      const name = basename(this.options.path);
      this.watcher = watch(dirname(this.options.path), { persistent: false }, (_event, file) => {
        if (file !== name || this.status === 'stopped') return;
        if (this.port) {
          this.checkPresent();
          return;
        }
        this.failures = 0;
        void this.attempt();
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null;
    }
  }

  private nodeOfPath(): { ino: number; rdev: number } | null {
    if (!this.options.path.startsWith('/')) return null;
    try {
      const st = statSync(this.options.path);
      return { ino: st.ino, rdev: st.rdev };
    } catch {
      return null;
    }
  }

  /** Drops the port when its path is gone or now names another device (unplugged, replugged). */
  private checkPresent(): void {
    const opened = this.identity;
    if (!opened || !this.current) return;
    const now = this.nodeOfPath();
    if (!now) this.drop('is gone');
    else if (now.ino !== opened.ino || now.rdev !== opened.rdev) this.drop('now names another device');
  }

  private stopPresenceCheck(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    this.identity = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextAttemptAt = null;
  }

  private setStatus(status: LinkStatus, error: string | null): void {
    this.status = status;
    this.error = error;
    this.emit('status', this.state);
  }
}
