import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { VirtualPrinter } from '../../hardware/printer/virtual-printer';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { postApi } from '../helpers/api-call';
import { pdfLines } from '../documents/pdf-text';

/** This file's calls name the station they go to. */
const post = (station: Station, method: string, input: unknown, token?: string) =>
  postApi(station.url, method, input, token);

describe('deliveries.list / deliveries.get and labels with the lot', () => {
  let station: Station;
  let printer: VirtualPrinter;
  let manager: string;
  let cashier: string;
  let fx: ReturnType<typeof makeFixture>;
  let deliveryId = 0;
  beforeAll(async () => {
    fx = makeFixture({ openSession: false });
    fx.db.close();
    station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
    printer = new VirtualPrinter();
    await printer.start(0);
    manager = (await post(station, 'auth.login', { userId: fx.users.manager.id, pin: '2468' })).result.token;
    cashier = (await post(station, 'auth.login', { userId: fx.users.cashier.id, pin: '1357' })).result.token;
    const configured = await post(
      station,
      'devices.configure',
      {
        printer: {
          name: 'Comptoir',
          transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
          paper: '58mm',
          commandSet: 'epson',
          autoPrint: true,
        },
        scale: null,
      },
      manager,
    );
    expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
    const received = await post(
      station,
      'stock.receive',
      {
        clientId: 'api-deliveries-0001',
        cooperativeId: fx.coops.argan.id,
        noteRef: 'BL-2611',
        lines: [
          { productId: fx.products.oil.id, quantity: 4_000, lot: 'OL-26-11', bestBefore: '2027-09-30' },
          { productId: fx.products.amlou.id, quantity: 3_000, lot: 'AM-26-11' },
        ],
      },
      manager,
    );
    expect(received.ok, JSON.stringify(received.error)).toBe(true);
    deliveryId = received.result.deliveryId;
  });
  afterAll(async () => {
    await station.close();
    await printer.close();
  });

  it('lists the deliveries newest first, by cooperative and period, for managers only', async () => {
    const all = await post(station, 'deliveries.list', {}, manager);
    expect(all.ok, JSON.stringify(all.error)).toBe(true);
    expect(all.result.total).toBe(3);
    expect(all.result.limit).toBe(50);
    expect(all.result.rows[0]).toMatchObject({ id: deliveryId, noteRef: 'BL-2611', lineCount: 2 });
    const honey = await post(station, 'deliveries.list', { cooperativeId: fx.coops.honey.id }, manager);
    expect(honey.result.rows.map((r: { noteRef: string }) => r.noteRef)).toEqual(['BL-002']);
    const paged = await post(station, 'deliveries.list', { offset: 1, limit: 1 }, manager);
    expect(paged.result).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(paged.result.rows).toHaveLength(1);
    const later = await post(
      station,
      'deliveries.list',
      { from: all.result.rows[0].receivedAt + 1 },
      manager,
    );
    expect(later.result.total).toBe(0);
    expect((await post(station, 'deliveries.list', { limit: 0 }, manager)).error?.code).toBe('VALIDATION');
    expect((await post(station, 'deliveries.list', {}, cashier)).error?.code).toBe('FORBIDDEN');
  });

  it('gives a delivery with its lines, lots and which products have their own GS1 code', async () => {
    const d = await post(station, 'deliveries.get', { id: deliveryId }, manager);
    expect(d.ok, JSON.stringify(d.error)).toBe(true);
    expect(d.result.lines).toEqual([
      expect.objectContaining({
        productId: fx.products.oil.id,
        lot: 'OL-26-11',
        bestBefore: '2027-09-30',
        ownGtin: true,
      }),
      expect.objectContaining({
        productId: fx.products.amlou.id,
        lot: 'AM-26-11',
        bestBefore: null,
        ownGtin: false,
      }),
    ]);
    expect((await post(station, 'deliveries.get', { id: 999 }, manager)).error?.code).toBe('NOT_FOUND');
  });

  it('prints the lot on the sheet and on the receipt printer', async () => {
    const sheet = await post(
      station,
      'labels.sheet',
      { items: [{ productId: fx.products.amlou.id, copies: 3, lot: 'AM-26-11' }], layout: '4x10' },
      manager,
    );
    expect(sheet.ok, JSON.stringify(sheet.error)).toBe(true);
    const lines = pdfLines(Buffer.from(sheet.result.pdfBase64, 'base64'));
    expect(lines.filter((t) => t === 'Lot AM-26-11')).toHaveLength(3);

    const printed = await post(
      station,
      'labels.print',
      { productId: fx.products.amlou.id, copies: 1, lot: 'AM-26-11' },
      manager,
    );
    expect(printed.ok, JSON.stringify(printed.error)).toBe(true);
    const [job] = await printer.waitForJobs(1);
    expect(decodeEscPos(job ?? Buffer.alloc(0)).lines).toContain('Lot AM-26-11');
  });
});
