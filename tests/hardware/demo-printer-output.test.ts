import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReceiptEscPos } from '../../hardware/printer/escpos-receipt';
import { startDemoDevices, type DemoDevices } from '../../hardware/virtual/demo-devices';
import { latinReceipt, sampleReceipt } from './printer/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'souk-demo-out-'));
let devices: DemoDevices | null = null;

afterAll(async () => {
  await devices?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends bytes over a real TCP socket, as the station's printer transport does. */
function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('demo virtual printer output', () => {
  it('writes every job it receives as text to the output file, in order', async () => {
    const file = join(dir, 'data', 'printer-output.txt');
    devices = await startDemoDevices({ printerOutput: file });
    expect(devices.printerOutput).toBe(file);
    const first = latinReceipt({ receiptNumber: 41 });
    await send(devices.printerPort, buildReceiptEscPos(first, { paper: '80mm', commandSet: 'epson' }));
    await devices.printer.waitForJobs(1);
    await send(
      devices.printerPort,
      buildReceiptEscPos(sampleReceipt({ receiptNumber: 42 }), { paper: '80mm', commandSet: 'epson' }),
    );
    await devices.printer.waitForJobs(2);
    const text = readFileSync(file, 'utf8');
    expect(text.match(/^===== \d{4}-\d\d-\d\dT.* bytes\) =====$/gm)).toHaveLength(2);
    expect(text).toContain('Miel de thym à la façon de Tafraout');
    expect(text).toMatch(/Total\s+380,00 DH/);
    expect(text).toContain('[barcode CODE128 00000041]');
    expect(text.indexOf('00000041')).toBeLessThan(text.indexOf('00000042'));
    // The Arabic product name is an image on paper: the file says so rather than dropping it silently.
    expect(text).toMatch(/line\(s\) in Arabic, printed as images/);
    expect(text).toContain('[paper cut]');
  });
});
