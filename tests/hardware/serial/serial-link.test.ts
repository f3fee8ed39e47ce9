/**
 * The serial link under every station device: it never blocks, says why it is not connected, backs
 * off, and picks the device up when it appears. Waits are on the link's events; clocks are upper bounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialScale } from '../../../hardware/scale/serial-scale';
import { ScaleSimulator } from '../../../hardware/scale/simulator';
import { SerialLink, type LinkState, type LinkStatus } from '../../../hardware/serial/serial-link';
import { SerialScanner } from '../../../hardware/scanner/serial-scanner';
import { openPtyPair } from '../../helpers/pty';
import { stuckDriver as stuck } from '../../helpers/stuck-driver';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souk-link-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function link(path: string, extra: Partial<ConstructorParameters<typeof SerialLink>[0]> = {}): SerialLink {
  const l = new SerialLink({ path, baudRate: 9600, ...extra });
  cleanups.push(() => l.stop());
  return l;
}

function reached(l: SerialLink, wanted: LinkStatus, where: (s: LinkState) => boolean = () => true) {
  return new Promise<LinkState>((resolve) => {
    const on = (s: LinkState): void => {
      if (s.status === wanted && where(s)) {
        l.off('status', on);
        resolve(s);
      }
    };
    l.on('status', on);
  });
}

async function timed<T>(task: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await task;
  return { value, ms: Date.now() - started };
}

async function stuckDriver() {
  const driver = await stuck();
  cleanups.push(() => driver.release());
  return driver;
}

async function cable() {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

describe('SerialLink', () => {
  it('a missing path: start settles at once, says why, and retries with a capped backoff', async () => {
    const dir = tempDir();
    const l = link(join(dir, 'ttyUSB0'), { retryFirstMs: 20, retryMaxMs: 80 });
    const waits: number[] = [];
    const enough = new Promise<void>((resolve) => {
      l.on('status', (s) => {
        if (s.status !== 'not_connected' || s.nextAttemptAt === null) return;
        waits.push(s.nextAttemptAt - Date.now());
        if (waits.length === 6) resolve();
      });
    });
    const { ms } = await timed(l.start());
    expect(ms).toBeLessThan(2000);
    expect(l.state).toMatchObject({ status: 'not_connected', attempts: 1 });
    expect(l.state.error).toMatch(/No such file or directory/);
    await enough;
    // Doubling from 20 ms, never above the 80 ms cap; the status stays "not connected" meanwhile.
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual((waits[i - 1] ?? 0) - 5);
    expect(Math.max(...waits)).toBeLessThanOrEqual(80);
    expect(waits[waits.length - 1]).toBeGreaterThan(40);
    expect(l.state.attempts).toBeGreaterThanOrEqual(6);
  });

  it('connects by itself when a symlink appears at the path, long before the backoff would', async () => {
    const dir = tempDir();
    const path = join(dir, 'scanner');
    // A backoff this long proves that the path appearing, not the timer, triggers the attempt.
    const l = link(path, { retryFirstMs: 60_000, retryMaxMs: 60_000 });
    await l.start();
    expect(l.state.status).toBe('not_connected');
    const pair = await cable();
    const opened = reached(l, 'connected');
    symlinkSync(pair.a, path);
    await opened;
    const peer = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => peer.open((e) => (e ? reject(e) : resolve())));
    cleanups.push(() => new Promise<void>((resolve) => peer.close(() => resolve())));
    const got = new Promise<Buffer>((resolve) => l.once('data', resolve));
    peer.write('hello');
    expect((await got).toString()).toBe('hello');
  });

  it('drops a port whose path is gone even when the port itself reports nothing, and takes it back', async () => {
    const dir = tempDir();
    const path = join(dir, 'ttyUSB0');
    const pair = await cable();
    symlinkSync(pair.a, path);
    const l = link(path, { retryFirstMs: 50, retryMaxMs: 200 });
    await l.start();
    expect(l.state.status).toBe('connected');
    // The pty stays alive, so the open port never errors: only the path tells that the device left.
    const gone = reached(l, 'not_connected');
    rmSync(path);
    expect((await gone).error).toMatch(/is gone/);
    const back = reached(l, 'connected');
    symlinkSync(pair.a, path);
    await back;
    expect(l.port?.isOpen).toBe(true);
  });

  it('a path that is not a serial device (regular file, /dev/null) fails fast with the reason', async () => {
    const dir = tempDir();
    const file = join(dir, 'plain');
    execFileSync('sh', ['-c', `echo hi > ${file}`]);
    for (const path of [file, '/dev/null', dir]) {
      const l = link(path);
      const { ms } = await timed(l.start());
      expect(ms, path).toBeLessThan(2000);
      expect(l.state.status, path).toBe('not_connected');
      expect(l.state.error, path).toMatch(/Inappropriate ioctl|Is a directory/);
    }
  });

  it('an open that hangs in the driver gives up at its deadline, and connects once the driver answers', async () => {
    const pair = await cable();
    const l = link(pair.a, { openTimeoutMs: 300, retryFirstMs: 50, retryMaxMs: 200 });
    const stuck = await stuckDriver();
    const { ms } = await timed(l.start());
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5000);
    expect(l.state.status).toBe('not_connected');
    expect(l.state.error).toMatch(/did not finish within 300 ms/);
    expect(l.port).toBeNull();
    const opened = reached(l, 'connected');
    await stuck.release();
    await opened;
    expect(l.port?.isOpen).toBe(true);
  });

  it('stop() during a hanging open leaves nothing open and no retry running', async () => {
    const pair = await cable();
    const l = link(pair.a, { openTimeoutMs: 300, retryFirstMs: 20 });
    const stuck = await stuckDriver();
    const first = l.start();
    await l.stop();
    await first;
    await stuck.release();
    expect(l.state.status).toBe('stopped');
    // The port is locked while open: once the late open has been closed, anyone can take it again.
    const canTake = async (): Promise<boolean> => {
      const other = new SerialPort({ path: pair.a, baudRate: 9600, autoOpen: false });
      const ok = await new Promise<boolean>((resolve) => other.open((e) => resolve(!e)));
      if (ok) await new Promise<void>((resolve) => other.close(() => resolve()));
      return ok;
    };
    await expect.poll(canTake, { timeout: 10_000, interval: 50 }).toBe(true);
    expect(l.state.status).toBe('stopped');
    expect(l.state.nextAttemptAt).toBeNull();
  });
});

describe('devices on a link that is not there', () => {
  it('a scale read while the open hangs answers within its own deadline', async () => {
    const pair = await cable();
    const sim = await ScaleSimulator.open({ path: pair.b, protocol: 'toledo-8217', initial: { grams: 420 } });
    cleanups.push(() => sim.close());
    const stuck = await stuckDriver();
    const scale = openSerialScale({
      path: pair.a,
      protocol: 'toledo-8217',
      openTimeoutMs: 10_000,
      readTimeoutMs: 400,
    });
    cleanups.push(() => scale.close());
    const { value, ms } = await timed(scale.read());
    expect(value).toMatchObject({ ok: false, reason: 'not_connected' });
    expect(ms).toBeLessThan(5000);
    await stuck.release();
    expect(await scale.readStable({ timeoutMs: 15_000, pollMs: 20 })).toMatchObject({ ok: true, grams: 420 });
  });

  it('a scanner whose port is missing starts at once and delivers codes once it appears', async () => {
    const dir = tempDir();
    const path = join(dir, 'scanner');
    const s = new SerialScanner({ path, reconnectMs: 50 });
    cleanups.push(() => s.stop());
    const { ms } = await timed(s.start());
    expect(ms).toBeLessThan(2000);
    expect(s.currentStatus).toBe('disconnected');
    expect(s.linkState.error).toMatch(/No such file/);
    const pair = await cable();
    const peer = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => peer.open((e) => (e ? reject(e) : resolve())));
    cleanups.push(() => new Promise<void>((resolve) => peer.close(() => resolve())));
    const open = new Promise<void>((resolve) => s.on('status', (st) => st === 'open' && resolve()));
    symlinkSync(pair.a, path);
    await open;
    const code = new Promise<string>((resolve) => s.once('code', resolve));
    peer.write('6111234567895\r');
    expect(await code).toBe('6111234567895');
  });
});
