import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../db/services/cash';
import { createTill, pairTill } from '../../db/services/tills';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { VirtualPrinter } from '../../hardware/printer/virtual-printer';
import { ScaleSimulator } from '../../hardware/scale/simulator';
import { startStation, type Station } from '../../server/station';
import { startTill, type RunningTill } from '../../till/main';
import { TillDb } from '../../till/till-db';
import { makeFixture } from '../db/fixture';
import { openPtyPair, type PtyPair } from '../helpers/pty';
import { api } from './processes';

interface TillUnderTest {
  id: string;
  till: RunningTill;
  printer: VirtualPrinter;
  pty: PtyPair;
  scale: ScaleSimulator;
  token: string;
}

let station: Station | null = null;
let fx: ReturnType<typeof makeFixture>;
const tills: TillUnderTest[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  fx = makeFixture({ openSession: false });
  const tokens: Record<string, string> = {};
  for (const id of ['T2', 'T3']) {
    const { pairing } = createTill(
      fx.store,
      fx.asManager,
      { id, name: `Caisse ${id}` },
      { addresses: [], fingerprint: null },
    );
    tokens[id] = pairTill(fx.store, pairing.code).token;
    openSession(fx.store, { ...fx.asCashier, tillId: id }, { openingFloat: 10_000 });
  }
  fx.db.close();
  const started = await startStation({ dbFile: fx.file, port: 0, staticDir: null, reportWorkers: 0 });
  station = started;
  for (const [i, id] of ['T2', 'T3'].entries()) {
    const dir = mkdtempSync(join(tmpdir(), `souk-till-devices-${id}-`));
    dirs.push(dir);
    const tdb = new TillDb(join(dir, 'till.db'));
    tdb.set('tillId', id);
    tdb.set('tillToken', tokens[id]!);
    tdb.close();
    const printer = new VirtualPrinter();
    await printer.start();
    const pty = await openPtyPair();
    const scale = await ScaleSimulator.open({
      path: pty.b,
      protocol: 'toledo-8217',
      initial: { grams: 700 + 550 * i },
    });
    const till = await startTill({ dir, stationUrl: station!.url, staticDir: null });
    const manager = await api(till.url, 'auth.login', { userId: fx.users.manager.id, pin: '2468' });
    const configured = await api(
      till.url,
      'devices.configure',
      {
        printer: {
          name: `Imprimante ${id}`,
          transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
          paper: '80mm',
          commandSet: 'epson',
          autoPrint: true,
        },
        scale: { path: pty.a, protocol: 'toledo-8217' },
      },
      manager.result.token,
    );
    expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
    const cashier = await api(till.url, 'auth.login', { userId: fx.users.cashier.id, pin: '1357' });
    tills.push({ id, till, printer, pty, scale, token: cashier.result.token });
  }
}, 60_000);

afterAll(async () => {
  for (const t of tills) {
    await t.till.close();
    await t.scale.close();
    await t.printer.close();
    await t.pty.close();
  }
  await station?.close();
  for (const d of [...dirs, fx.dir]) rmSync(d, { recursive: true, force: true });
});

describe('two tills, each with its own devices (issue 11)', () => {
  it('weighs on its own scale and prints on its own printer, online and offline', async () => {
    for (const t of tills) {
      await expect
        .poll(async () => (await api(t.till.url, 'devices.status', {}, t.token)).result?.scale?.status, {
          timeout: 15_000,
        })
        .toBe('connected');
    }
    const [a, b] = tills as [TillUnderTest, TillUnderTest];
    const weights = await Promise.all(
      tills.map(async (t) => (await api(t.till.url, 'devices.readScale', {}, t.token)).result),
    );
    expect(weights).toEqual([{ grams: 700 }, { grams: 1250 }]);

    await expect.poll(() => b.till.host.status().catalogProducts, { timeout: 20_000 }).toBe(3);
    const sell = async (t: TillUnderTest, clientId: string, grams: number) => {
      const total = Math.round((25000 * grams) / 1000);
      const r = await api(
        t.till.url,
        'sales.checkout',
        {
          clientId,
          lines: [{ productId: fx.products.honeyKg.id, quantity: grams }],
          payments: [{ method: 'cash', amount: total, tendered: total }],
        },
        t.token,
      );
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      return r.result as { id: number; receiptNo: number; total: number };
    };
    const onA = await sell(a, 'devices-sale-a-1', 700);
    const beforeA = a.printer.jobs().length;
    const beforeB = b.printer.jobs().length;
    expect((await api(a.till.url, 'devices.printReceipt', { saleId: onA.id }, a.token)).ok).toBe(true);
    const [jobA] = (await a.printer.waitForJobs(beforeA + 1)).slice(-1);
    const textA = decodeEscPos(jobA ?? Buffer.alloc(0)).lines.join('\n');
    expect(textA).toContain('175,00');
    expect(b.printer.jobs().length).toBe(beforeB);

    // Till B loses the station: it still weighs, sells from its own series and prints on its own printer.
    await station!.close();
    station = null;
    const weighed = (await api(b.till.url, 'devices.readScale', {}, b.token)).result as { grams: number };
    const onB = await sell(b, 'devices-sale-b-1', weighed.grams);
    expect(onB).toMatchObject({ receiptNo: 1, total: 31250 });
    expect((await api(b.till.url, 'devices.printReceipt', { saleId: onB.id }, b.token)).ok).toBe(true);
    const [jobB] = (await b.printer.waitForJobs(beforeB + 1)).slice(-1);
    const textB = decodeEscPos(jobB ?? Buffer.alloc(0)).lines.join('\n');
    expect(textB).toContain('312,50');
    expect(textB).toContain('T3');
    expect(a.printer.jobs().length).toBe(beforeA + 1);
  });
});
