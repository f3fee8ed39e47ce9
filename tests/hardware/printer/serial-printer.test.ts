import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../hardware/printer/escpos-decoder';
import { buildReceiptEscPos } from '../../../hardware/printer/escpos-receipt';
import { MemoryPrintQueue } from '../../../hardware/printer/print-queue';
import type { PrinterConfig } from '../../../hardware/printer/print-service';
import { printReceipt } from '../../../hardware/printer/print-service';
import type { PrinterStatus } from '../../../hardware/printer/status';
import { STATUS_OK, statusReplyByte } from '../../../hardware/printer/status';
import { openPtyPair, type PtyPair } from '../../helpers/pty';
import { latinReceipt, sampleReceipt } from './fixtures';

/** The printer's end of the cable: keeps what it receives and answers DLE EOT n with `status`. */
class SerialPrinterPeer {
  received = Buffer.alloc(0);
  status: PrinterStatus = { ...STATUS_OK };
  private waiters: (() => void)[] = [];
  constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => {
      const start = Math.max(0, this.received.length - 2);
      this.received = Buffer.concat([this.received, chunk]);
      const replies: number[] = [];
      for (let i = start; i + 2 < this.received.length; i++) {
        if (this.received[i] === 0x10 && this.received[i + 1] === 0x04) {
          replies.push(statusReplyByte(this.status, this.received[i + 2]!));
          i += 2;
        }
      }
      if (replies.length) port.write(Buffer.from(replies));
      for (const w of this.waiters) w();
    });
  }

  async waitFor(length: number): Promise<Buffer> {
    while (this.received.length < length) await new Promise<void>((r) => this.waiters.push(r));
    return this.received;
  }
}

let pty: PtyPair;
let peer: SerialPrinterPeer;

beforeEach(async () => {
  pty = await openPtyPair();
  const port = new SerialPort({ path: pty.b, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  peer = new SerialPrinterPeer(port);
});

afterEach(async () => {
  await new Promise<void>((resolve) => (peer.port.isOpen ? peer.port.close(() => resolve()) : resolve()));
  await pty.close();
});

const config = (): PrinterConfig => ({
  name: 'Caisse 1',
  paper: '58mm',
  commandSet: 'epson',
  checkStatus: true,
  statusTimeoutMs: 5000,
  transport: { kind: 'serial', path: pty.a, baudRate: 115200, parity: 'none', timeoutMs: 10_000 },
});

describe('serial receipt printer', () => {
  it('checks status then sends the whole receipt', async () => {
    const doc = sampleReceipt();
    const expected = buildReceiptEscPos(doc, { paper: '58mm', commandSet: 'epson', drawer: null });
    const outcome = await printReceipt(doc, config(), new MemoryPrintQueue());
    expect(outcome.status?.online).toBe(true);
    const received = await peer.waitFor(9 + expected.length);
    expect(received.subarray(9).equals(expected)).toBe(true);
    expect(decodeEscPos(received).images).toHaveLength(1);
  });

  it('maps a paper-out answer to PAPER_OUT and queues the receipt', async () => {
    peer.status = { ...STATUS_OK, paperOut: true };
    const queue = new MemoryPrintQueue();
    const doc = latinReceipt();
    const err = await printReceipt(doc, config(), queue).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PAPER_OUT', printer: 'Caisse 1' });
    expect(JSON.parse(queue.list()[0]!.payload).doc).toEqual(doc);
  });

  it('maps a missing serial device to PRINTER_OFFLINE', async () => {
    const queue = new MemoryPrintQueue();
    const cfg = config();
    cfg.transport = { kind: 'serial', path: '/dev/nonexistent-souk-printer', baudRate: 9600 };
    const err = await printReceipt(latinReceipt(), cfg, queue).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRINTER_OFFLINE' });
    expect(queue.list()).toHaveLength(1);
  });
});
