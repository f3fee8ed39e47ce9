/**
 * Issue 7: a scanner, scale or display that is absent, unplugged or wrong never blocks start-up or a
 * call. Every wait here is on an event or a status the station reports; the only clocks are upper
 * bounds far above what a loaded two-core machine needs, and far below "never answers".
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualDisplay } from '../../hardware/display/display-decoder';
import { ScaleSimulator } from '../../hardware/scale/simulator';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { openPtyPair, type PtyPair } from '../helpers/pty';
import { stuckDriver } from '../helpers/stuck-driver';

/** A call that has not answered by then never will (the bug this file is about). */
const ANSWER_BOUND_MS = 8000;
/** A device that appears is picked up by the link's watcher at once, at worst by its 2 s backoff. */
const APPEAR_BOUND_MS = 15_000;

let fx: ReturnType<typeof makeFixture>;
let dir: string;
let station: Station | null = null;
let token = '';
let sales = 0;
const cleanups: (() => Promise<unknown> | void)[] = [];

interface Reply {
  ok: boolean;
  result?: any;
  error?: { code: string; message: string; details: any };
}

async function call(method: string, input: unknown): Promise<Reply & { ms: number }> {
  if (!station) throw new Error('no station');
  const started = Date.now();
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
    // A hung call fails the test with a clear message instead of running into the test timeout.
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  }).catch((err: unknown) => {
    throw new Error(`${method} did not answer within ${ANSWER_BOUND_MS} ms (${String(err)})`);
  });
  return { ...((await res.json()) as Reply), ms: Date.now() - started };
}

async function boot(): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`station did not start within ${ANSWER_BOUND_MS} ms`)),
      ANSWER_BOUND_MS,
    );
  });
  try {
    station = await Promise.race([
      startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true }),
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - started;
  const login = await call('auth.login', { userId: fx.users.admin.id, pin: '9999' });
  expect(login.ok, JSON.stringify(login.error)).toBe(true);
  token = (login.result as { token: string }).token;
  return ms;
}

async function sell(): Promise<{ id: number; receiptNo: number }> {
  sales += 1;
  const sale = await call('sales.checkout', {
    clientId: `missing-dev-${String(sales).padStart(6, '0')}`,
    lines: [{ productId: fx.products.amlou.id, quantity: 1000 }],
    payments: [{ method: 'cash', amount: 6550, tendered: 10000 }],
  });
  expect(sale.ok, JSON.stringify(sale.error)).toBe(true);
  return sale.result as { id: number; receiptNo: number };
}

async function status(): Promise<Record<'scale' | 'display' | 'scanner', any>> {
  const s = await call('devices.status', {});
  expect(s.ok, JSON.stringify(s.error)).toBe(true);
  return s.result;
}

function paths() {
  return {
    scale: join(dir, 'scale'),
    display: join(dir, 'display'),
    scanner: join(dir, 'scanner'),
  };
}

/** Every serial device at `p`, and a receipt printer on a TCP port nobody listens on. */
function allDevices(p: { scale: string; display: string; scanner: string }) {
  return {
    printer: {
      name: 'Comptoir',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 1, connectTimeoutMs: 2000, writeTimeoutMs: 2000 },
      paper: '80mm',
      commandSet: 'epson',
      autoPrint: true,
    },
    scale: { path: p.scale, protocol: 'toledo-8217' },
    display: { path: p.display, baudRate: 9600 },
    scanner: { path: p.scanner, suffix: 'CR' },
  };
}

async function openPeer(path: string, baudRate = 9600): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  cleanups.push(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  );
  return port;
}

/** A serial cable whose device end is not plugged in yet: `pair.b` is the device's side. */
async function cable(): Promise<PtyPair> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

/**
 * Plugs it in: the till's end appears at the configured path as a symlink, as udev makes /dev/serial/by-id.
 * Unplugging removes the link, as udev does: a link left dangling could name a pty that another test
 * (or process) gets next with the same /dev/pts number.
 */
function plug(path: string, pair: PtyPair): void {
  rmSync(path, { force: true });
  symlinkSync(pair.a, path);
  cleanups.push(() => unplug(path));
}

function unplug(path: string): void {
  rmSync(path, { force: true });
}

beforeAll(() => {
  fx = makeFixture();
  fx.db.close();
  dir = mkdtempSync(join(tmpdir(), 'souk-missing-'));
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

afterAll(async () => {
  await station?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(fx.dir, { recursive: true, force: true });
});

describe('devices that are not there', () => {
  it('configure answers at once with every device missing, and the status says not connected', async () => {
    await boot();
    const configured = await call('devices.configure', allDevices(paths()));
    expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
    // A missing path fails to open in milliseconds; configure waits at most 1 s for a stuck one.
    expect(configured.ms).toBeLessThan(3000);
    const s = await status();
    for (const kind of ['scale', 'display', 'scanner'] as const) {
      expect(s[kind], kind).toMatchObject({ path: paths()[kind], status: 'not_connected' });
      expect(s[kind].error, kind).toMatch(/No such file or directory/);
      // Retried in the background: a next attempt is scheduled.
      expect(s[kind].nextAttemptAt, kind).toBeGreaterThan(0);
    }

    // Every call that touches a missing device answers with a clear error, and the till sells.
    const weight = await call('devices.readScale', { timeoutMs: 500 });
    expect(weight.error?.code).toBe('SCALE_OFFLINE');
    const shown = await call('devices.display', { screen: 'total', total: 6550 });
    expect(shown.ok).toBe(false);
    expect(shown.error?.message).toMatch(/display/i);
    const scans = await call('devices.scans', { after: 0, waitMs: 0 });
    expect(scans.result).toMatchObject({ enabled: true, scans: [] });
    const sale = await sell();
    const printed = await call('devices.printReceipt', { saleId: sale.id });
    expect(printed.error?.code).toBe('PRINTER_OFFLINE');
    expect((await call('sales.get', { id: sale.id })).result.receiptNo).toBe(sale.receiptNo);
  });

  it('the station starts again with that configuration, sells, and still reports them missing', async () => {
    await station?.close();
    station = null;
    const ms = await boot();
    expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    await sell();
    const s = await status();
    expect(s.scale.status).not.toBe('connected');
    expect(s.display.status).not.toBe('connected');
    expect(s.scanner.status).not.toBe('connected');
  });

  it('each device connects by itself once it appears at its path, and works', async () => {
    const p = paths();
    // The display was asked for a screen while missing: it must show it when it is plugged in.
    await call('devices.display', {
      screen: 'item',
      nameFr: 'Amlou aux amandes',
      quantityText: '1 x 65,50',
      amount: 6550,
    });

    const scaleLine = await cable();
    const sim = await ScaleSimulator.open({
      path: scaleLine.b,
      protocol: 'toledo-8217',
      initial: { grams: 1250 },
    });
    cleanups.push(() => sim.close());
    const displayLine = await cable();
    const screen = new VirtualDisplay();
    (await openPeer(displayLine.b)).on('data', (d: Buffer) => screen.write(d));
    const scannerLine = await cable();
    const scanner = await openPeer(scannerLine.b);
    expect(Object.values(await status()).map((d) => d.status)).toEqual([
      'not_connected',
      'not_connected',
      'not_connected',
    ]);
    plug(p.scale, scaleLine);
    plug(p.display, displayLine);
    plug(p.scanner, scannerLine);

    await expect
      .poll(async () => Object.values(await status()).map((d) => d.status), {
        timeout: APPEAR_BOUND_MS,
        interval: 50,
      })
      .toEqual(['connected', 'connected', 'connected']);

    expect((await call('devices.readScale', { timeoutMs: 5000 })).result).toEqual({ grams: 1250 });
    await expect.poll(() => screen.lines()[0], { timeout: APPEAR_BOUND_MS }).toContain('Amlou aux amandes');
    const shown = await call('devices.display', {
      screen: 'payment',
      total: 6550,
      tendered: 10000,
      change: 3450,
    });
    expect(shown.ok, JSON.stringify(shown.error)).toBe(true);
    await expect.poll(() => screen.lines()[1], { timeout: APPEAR_BOUND_MS }).toContain('34,50');

    const before = await call('devices.scans', { after: 0, waitMs: 0 });
    const waiting = call('devices.scans', { after: before.result.last, waitMs: 5000 });
    scanner.write('6111234567895\r');
    expect((await waiting).result.scans.map((c: { code: string }) => c.code)).toEqual(['6111234567895']);
  });

  it('a device pulled out shows as not connected, and comes back by itself', async () => {
    const p = paths();
    const line = await cable();
    const sim = await ScaleSimulator.open({ path: line.b, protocol: 'toledo-8217', initial: { grams: 700 } });
    cleanups.push(() => sim.close());
    plug(p.scale, line);
    await expect
      .poll(async () => (await status()).scale.status, { timeout: APPEAR_BOUND_MS })
      .toBe('connected');
    expect((await call('devices.readScale', { timeoutMs: 5000 })).result).toEqual({ grams: 700 });

    unplug(p.scale);
    await sim.close();
    await line.close();
    // The link sees its path go (a read would also notice the silence of a vanished pty).
    const gone = await call('devices.readScale', { timeoutMs: 2000 });
    expect(gone.error?.code).toMatch(/SCALE_OFFLINE|SCALE_TIMEOUT/);
    await expect
      .poll(async () => (await status()).scale.status, { timeout: APPEAR_BOUND_MS })
      .toBe('not_connected');

    const again = await cable();
    const sim2 = await ScaleSimulator.open({
      path: again.b,
      protocol: 'toledo-8217',
      initial: { grams: 900 },
    });
    cleanups.push(() => sim2.close());
    plug(p.scale, again);
    await expect
      .poll(async () => (await status()).scale.status, { timeout: APPEAR_BOUND_MS })
      .toBe('connected');
    expect((await call('devices.readScale', { timeoutMs: 5000 })).result).toEqual({ grams: 900 });
  });
});

describe('device paths that exist but are not serial ports', () => {
  for (const [what, make] of [
    [
      'a regular file',
      () => {
        const file = join(dir, 'not-a-tty');
        writeFileSync(file, 'hello');
        return file;
      },
    ],
    ['/dev/null', () => '/dev/null'],
  ] as const) {
    it(`${what}: configure answers, status says why, calls fail clearly, the till sells`, async () => {
      const path = make();
      const configured = await call(
        'devices.configure',
        allDevices({ scale: path, display: path, scanner: path }),
      );
      expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
      const s = await status();
      for (const kind of ['scale', 'display', 'scanner'] as const) {
        expect(s[kind], kind).toMatchObject({ path, status: 'not_connected' });
        // One path for three devices: two opens at once can also meet the other's lock on it, which
        // is the same answer (not connected, with the reason) as a port another program holds.
        expect(s[kind].error, kind).toMatch(/Inappropriate ioctl|Cannot lock port/);
      }
      expect((await call('devices.readScale', { timeoutMs: 500 })).error?.code).toBe('SCALE_OFFLINE');
      expect((await call('devices.display', { screen: 'welcome' })).ok).toBe(false);
      await sell();
    });
  }
});

describe('a device whose driver hangs on open', () => {
  it('configure and reads answer within their bounds, the till sells, and the device connects once the driver answers', async () => {
    const line = await cable();
    const sim = await ScaleSimulator.open({
      path: line.b,
      protocol: 'toledo-8217',
      initial: { grams: 2500 },
    });
    cleanups.push(() => sim.close());
    const displayLine = await cable();
    const driver = await stuckDriver();
    cleanups.push(() => driver.release());
    const config = allDevices(paths());
    const configured = await call('devices.configure', {
      ...config,
      scale: { path: line.a, protocol: 'toledo-8217', openTimeoutMs: 500 },
      // A long deadline: the screens sent meanwhile must still answer in about a second.
      display: { path: displayLine.a, openTimeoutMs: 10_000 },
      scanner: null,
    });
    expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
    expect(configured.ms).toBeLessThan(3000);
    expect((await status()).scale.status).not.toBe('connected');
    const weight = await call('devices.readScale', { timeoutMs: 800 });
    expect(weight.error?.code).toBe('SCALE_OFFLINE');
    const shown = await call('devices.display', { screen: 'total', total: 6550 });
    expect(shown.ok).toBe(false);
    expect(shown.ms).toBeLessThan(4000);
    await sell();
    // Past its 500 ms deadline the attempt is given up, said so, and retried.
    await expect
      .poll(async () => (await status()).scale.error ?? '', { timeout: APPEAR_BOUND_MS, interval: 100 })
      .toMatch(/did not finish within 500 ms/);
    await driver.release();
    await expect
      .poll(async () => Object.values(await status()).map((d) => d?.status ?? null), {
        timeout: APPEAR_BOUND_MS,
      })
      .toEqual(['connected', 'connected', null]);
    expect((await call('devices.readScale', { timeoutMs: 5000 })).result).toEqual({ grams: 2500 });
  });
});
