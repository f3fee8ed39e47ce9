import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { VirtualPrinter } from '../../hardware/printer/virtual-printer';
import { makeFixture } from '../db/fixture';
import { postApi } from '../helpers/api-call';

/** This file's calls name the station they go to. */
const post = (station: Station, method: string, input: unknown, token?: string) =>
  postApi(station.url, method, input, token);

describe('first-run setup', () => {
  let station: Station;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-setup-'));
    station = await startStation({
      dbFile: join(dir, 'empty.db'),
      port: 0,
      staticDir: null,
      validateOutput: true,
    });
  });
  afterAll(() => station.close());

  it('creates the first admin once, then refuses', async () => {
    expect((await post(station, 'auth.users', {})).result).toEqual([]);
    const setup = await post(station, 'system.setup', {
      adminName: 'Nadia',
      pin: '4826',
      shopName: 'Boutique Tadamoun',
    });
    expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
    expect(setup.result.user).toMatchObject({ name: 'Nadia', role: 'admin' });
    expect((await post(station, 'system.info', {})).result.shopName).toBe('Boutique Tadamoun');
    const again = await post(station, 'system.setup', { adminName: 'Intrus', pin: '1111', shopName: 'X' });
    expect(again.error?.code).toBe('CONFLICT');
    expect((await post(station, 'auth.users', {})).result).toHaveLength(1);
  });
});

describe('labels', () => {
  let station: Station;
  let printer: VirtualPrinter;
  let token: string;
  let fx: ReturnType<typeof makeFixture>;
  beforeAll(async () => {
    fx = makeFixture();
    fx.db.close();
    station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
    printer = new VirtualPrinter();
    await printer.start(0);
    token = (await post(station, 'auth.login', { userId: fx.users.admin.id, pin: '9999' })).result.token;
    await post(
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
      token,
    );
  });
  afterAll(async () => {
    await station.close();
    await printer.close();
  });

  it('makes an A4 sheet, giving a product without barcode an internal EAN-13 first', async () => {
    const before = await post(station, 'products.get', { id: fx.products.honeyKg.id }, token);
    expect(before.result.barcodes).toEqual([]);
    const sheet = await post(
      station,
      'labels.sheet',
      {
        items: [
          { productId: fx.products.honeyKg.id, copies: 30, bestBefore: '2027-03-31' },
          { productId: fx.products.oil.id, copies: 2 },
        ],
        layout: '3x8',
      },
      token,
    );
    expect(sheet.ok, JSON.stringify(sheet.error)).toBe(true);
    expect(sheet.result).toMatchObject({ labels: 32, pages: 2 });
    const pdf = Buffer.from(sheet.result.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const after = await post(station, 'products.get', { id: fx.products.honeyKg.id }, token);
    expect(after.result.barcodes).toHaveLength(1);
    expect(after.result.barcodes[0]).toMatch(/^20\d{11}$/);
    const scanned = await post(station, 'products.scan', { code: after.result.barcodes[0] }, token);
    expect(scanned.result.product.id).toBe(fx.products.honeyKg.id);
  });

  it('prints labels on the receipt printer', async () => {
    const r = await post(station, 'labels.print', { productId: fx.products.amlou.id, copies: 2 }, token);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const [job] = await printer.waitForJobs(1);
    const decoded = decodeEscPos(job ?? Buffer.alloc(0));
    expect(decoded.lines.join('\n')).toContain('Amlou aux amandes 300 g');
    expect(decoded.cuts).toBe(2);
  });
});

describe('documents', () => {
  let station: Station;
  let printer: VirtualPrinter;
  let token: string;
  let fx: ReturnType<typeof makeFixture>;
  beforeAll(async () => {
    fx = makeFixture();
    fx.db.close();
    station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
    printer = new VirtualPrinter();
    await printer.start(0);
    token = (await post(station, 'auth.login', { userId: fx.users.manager.id, pin: '2468' })).result.token;
    const admin = (await post(station, 'auth.login', { userId: fx.users.admin.id, pin: '9999' })).result
      .token;
    await post(
      station,
      'devices.configure',
      {
        printer: {
          name: 'Comptoir',
          transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
          paper: '80mm',
          commandSet: 'epson',
          autoPrint: true,
        },
        scale: null,
      },
      admin,
    );
  });
  afterAll(async () => {
    await station.close();
    await printer.close();
  });

  it('exports an issued statement as PDF and CSV whose totals match', async () => {
    const sale = await post(
      station,
      'sales.checkout',
      {
        clientId: 'doc-sale-00001',
        lines: [{ productId: fx.products.oil.id, quantity: 3000 }],
        payments: [{ method: 'card', amount: 36000 }],
      },
      token,
    );
    expect(sale.ok, JSON.stringify(sale.error)).toBe(true);
    const issued = await post(
      station,
      'settlements.issue',
      { cooperativeId: fx.coops.argan.id, periodEnd: Date.now() },
      token,
    );
    expect(issued.ok, JSON.stringify(issued.error)).toBe(true);
    expect(issued.result.totals).toMatchObject({ netSales: 36000, commission: 9000, payout: 27000 });
    const pdf = await post(station, 'settlements.pdf', { id: issued.result.id }, token);
    expect(Buffer.from(pdf.result.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.result.fileName).toMatch(/^releve-RG-\d{4}-0001-cooperative-tighanimine\.pdf$/);
    const csv = await post(station, 'settlements.csv', { id: issued.result.id }, token);
    expect(csv.result.csv).toContain('270,00');
    const none = await post(station, 'settlements.pdf', {}, token);
    expect(none.error?.code).toBe('VALIDATION');
  });

  it('prints a return note and the X report with French accents', async () => {
    const back = await post(
      station,
      'stock.returnToCooperative',
      {
        clientId: 'doc-return-0001',
        cooperativeId: fx.coops.argan.id,
        reason: 'DLUO proche',
        lines: [{ productId: fx.products.amlou.id, quantity: 2000, lot: 'A1' }],
      },
      token,
    );
    const note = await post(station, 'stock.returnNotePdf', { returnId: back.result.returnId }, token);
    expect(Buffer.from(note.result.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const x = await post(station, 'cash.printReport', {}, token);
    expect(x.ok, JSON.stringify(x.error)).toBe(true);
    const [job] = await printer.waitForJobs(1);
    const text = decodeEscPos(job ?? Buffer.alloc(0)).lines.join('\n');
    expect(text).toContain('RAPPORT X');
    expect(text).toMatch(/Espèces|Fond de caisse/);
  });
});
