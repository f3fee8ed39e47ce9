import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { startDemoDevices, type DemoDevices } from '../../hardware/virtual/demo-devices';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { makeFixture } from '../db/fixture';

let station: Station;
let devices: DemoDevices;
let fx: ReturnType<typeof makeFixture>;
let token: string;

async function call(method: string, input: unknown) {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await res.json()) as {
    ok: boolean;
    result?: any;
    error?: { code: string; message: string; details: any };
  };
}

beforeAll(async () => {
  fx = makeFixture();
  fx.db.close();
  station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
  devices = await startDemoDevices({ grams: 1234 });
  const login = await fetch(`${station.url}/api/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: fx.users.admin.id, pin: '9999' }),
  });
  token = ((await login.json()) as { result: { token: string } }).result.token;
  const configured = await call('devices.configure', {
    printer: {
      name: 'Comptoir',
      transport: {
        kind: 'tcp',
        host: '127.0.0.1',
        port: devices.printerPort,
        connectTimeoutMs: 2000,
        writeTimeoutMs: 2000,
      },
      paper: '80mm',
      commandSet: 'epson',
      autoPrint: true,
    },
    scale: devices.scalePath ? { path: devices.scalePath, protocol: 'toledo-8217' } : null,
  });
  expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
});

afterAll(async () => {
  await station.close();
  await devices.close();
});

/** The device side of a pty, open before the till's side sends anything (nothing is lost in between). */
async function openDeviceEnd(path: string) {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

/** Waits for the station to report the device connected (it opens in the background). */
async function connected(kind: 'scale' | 'display' | 'scanner') {
  await expect
    .poll(async () => (await call('devices.status', {})).result?.[kind]?.status, { timeout: 15_000 })
    .toBe('connected');
}

async function sell(clientId: string) {
  const sale = await call('sales.checkout', {
    clientId,
    lines: [
      { productId: fx.products.oil.id, quantity: 2000 },
      { productId: fx.products.amlou.id, quantity: 1000 },
    ],
    payments: [{ method: 'cash', amount: 24000 + 6550, tendered: 40000 }],
  });
  expect(sale.ok, JSON.stringify(sale.error)).toBe(true);
  return sale.result as { id: number; receiptNo: number };
}

describe('devices through the API', () => {
  it('prints the receipt the customer reads, and kicks the drawer for cash', async () => {
    const sale = await sell('dev-sale-000001');
    const before = devices.printer.jobs().length;
    const printed = await call('devices.printReceipt', { saleId: sale.id, openDrawer: true });
    expect(printed.ok, JSON.stringify(printed.error)).toBe(true);
    const [job] = (await devices.printer.waitForJobs(before + 1)).slice(-1);
    const paper = decodeEscPos(job ?? Buffer.alloc(0));
    const text = paper.lines.join('\n');
    expect(text).toContain("Huile d'argan alimentaire 250 ml");
    expect(text).toContain('305,50'); // total 240.00 + 65.50
    expect(text).toMatch(/Rendu.*94,50/);
    expect(paper.drawerKicks.length).toBe(1);
    expect(paper.cuts).toBeGreaterThanOrEqual(1);
    expect(paper.images.length).toBeGreaterThan(0); // Arabic names are rasterised
  });

  it('keeps the sale and queues the receipt when the printer is off, then reprints it', async () => {
    const sale = await sell('dev-sale-000002');
    await devices.printer.setMode('refuse');
    const failed = await call('devices.printReceipt', { saleId: sale.id });
    expect(failed.ok).toBe(false);
    expect(failed.error?.code).toBe('PRINTER_OFFLINE');
    expect(failed.error?.details.printer).toBe('Comptoir');
    const stored = await call('sales.get', { id: sale.id });
    expect(stored.result.receiptNo).toBe(sale.receiptNo);
    const queue = await call('devices.printQueue', {});
    expect(queue.result).toHaveLength(1);
    await devices.printer.setMode('online');
    const before = devices.printer.jobs().length;
    const retried = await call('devices.retryQueue', {});
    expect(retried.result).toMatchObject({ printed: 1, failed: 0, pending: 0 });
    const [job] = (await devices.printer.waitForJobs(before + 1)).slice(-1);
    const lines = decodeEscPos(job ?? Buffer.alloc(0)).lines.join('\n');
    expect(lines).toContain(String(sale.receiptNo));
  });

  it('reads a stable weight from the scale and refuses a moving one', async (ctx) => {
    if (!devices.scalePath || !devices.scale) {
      console.log('socat not installed: scale over pty not tested');
      ctx.skip();
      return;
    }
    const read = await call('devices.readScale', { timeoutMs: 3000 });
    expect(read.result).toEqual({ grams: 1234 });
    const again = await call('devices.readScale', { timeoutMs: 3000 });
    expect(again.result).toEqual({ grams: 1234 });
    devices.scale.set({ motion: true });
    // Long enough for a moving answer to arrive on a loaded machine (no answer at all would be SCALE_TIMEOUT).
    const moving = await call('devices.readScale', { timeoutMs: 3000 });
    expect(moving.error?.code).toBe('SCALE_MOTION');
    devices.scale.set({ motion: false, grams: 500 });
    expect((await call('devices.readScale', { timeoutMs: 3000 })).result).toEqual({ grams: 500 });
  });

  it('previews a receipt as text and HTML', async () => {
    const sale = await sell('dev-sale-000003');
    const r = await call('sales.receipt', { saleId: sale.id, columns: 42 });
    expect(r.result.text).toContain('Amlou aux amandes 300 g');
    expect(r.result.html).toContain('أملو باللوز');
  });
});

describe('customer display', () => {
  it('shows the scanned item and the change on a pole display over a pty', async (ctx) => {
    const { openPtyPair } = await import('../../hardware/virtual/pty-pair');
    const { VirtualDisplay } = await import('../../hardware/display/display-decoder');
    let pair;
    try {
      pair = await openPtyPair();
    } catch {
      console.log('socat not installed: pole display over pty not tested');
      ctx.skip();
      return;
    }
    const device = await openDeviceEnd(pair.b);
    const screen = new VirtualDisplay();
    device.on('data', (d: Buffer) => screen.write(d));
    try {
      const cfg = await call('devices.get', {});
      await call('devices.configure', { ...cfg.result, display: { path: pair.a, baudRate: 9600 } });
      await connected('display');
      const item = await call('devices.display', {
        screen: 'item',
        nameFr: 'Amlou aux amandes',
        quantityText: '2 x 65,50',
        amount: 13100,
      });
      expect(item.ok, JSON.stringify(item.error)).toBe(true);
      expect(item.result.shown).toBe(true);
      await expect.poll(() => screen.lines()[0], { timeout: 15_000 }).toContain('Amlou aux amandes');
      expect(screen.lines()[1]).toMatch(/2 x 65,50\s+131,00/);
      await call('devices.display', { screen: 'payment', total: 30550, tendered: 40000, change: 9450 });
      await expect.poll(() => screen.lines()[1], { timeout: 15_000 }).toContain('94,50');
    } finally {
      const cfg = await call('devices.get', {});
      await call('devices.configure', { ...cfg.result, display: null });
      await new Promise((r) => device.close(() => r(undefined)));
      await pair.close();
    }
  });
});

describe('serial scanner', () => {
  it('delivers codes read on a serial port to the till once each, through a long poll', async (ctx) => {
    const { openPtyPair } = await import('../../hardware/virtual/pty-pair');
    let pair;
    try {
      pair = await openPtyPair();
    } catch {
      console.log('socat not installed: serial scanner over pty not tested');
      ctx.skip();
      return;
    }
    const device = await openDeviceEnd(pair.b);
    try {
      const before = await call('devices.scans', { after: 0, waitMs: 0 });
      expect(before.result.enabled).toBe(false);
      const cfg = await call('devices.get', {});
      const set = await call('devices.configure', { ...cfg.result, scanner: { path: pair.a, suffix: 'CR' } });
      expect(set.ok, JSON.stringify(set.error)).toBe(true);
      await connected('scanner');
      const start = await call('devices.scans', { after: 0, waitMs: 0 });
      expect(start.result.enabled).toBe(true);
      const waiting = call('devices.scans', { after: start.result.last, waitMs: 10_000 });
      device.write('6111234567895\r');
      const first = await waiting;
      expect(first.result.scans.map((s: { code: string }) => s.code)).toEqual(['6111234567895']);
      device.write('\x01\x02\r2112345012346\r');
      await expect
        .poll(
          async () =>
            (await call('devices.scans', { after: first.result.last, waitMs: 0 })).result.scans.length,
          { timeout: 15_000 },
        )
        .toBe(1);
      const next = await call('devices.scans', { after: first.result.last, waitMs: 0 });
      expect(next.result.scans[0].code).toBe('2112345012346');
      const nothing = await call('devices.scans', { after: next.result.last, waitMs: 200 });
      expect(nothing.result.scans).toEqual([]);
      const garbage = await call('devices.scans', { after: -1 });
      expect(garbage.error?.code).toBe('VALIDATION');
    } finally {
      const cfg = await call('devices.get', {});
      await call('devices.configure', { ...cfg.result, scanner: null });
      await new Promise((r) => device.close(() => r(undefined)));
      await pair.close();
    }
  });
});
