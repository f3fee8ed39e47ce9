import { afterAll, beforeAll, expect, it } from 'vitest';
import { transferStatus, type TransferReceipt, type TransferView } from '../../core/transfer';
import { checkout } from '../../db/services/checkout';
import { startHq, type Hq } from '../../hq/service';
import { uid, type Fixture } from '../db/fixture';
import { flatText } from '../documents/pdf-text';
import { describePg, usePostgres } from '../helpers/postgres';
import { startTestStation, type TestStation } from '../helpers/station';

const STAFF = 'hq-staff-key-for-transfer-stations';
const SHOPS = [
  { id: 'fes', name: 'Souk Fès Médina', key: 'key-fes-0123456789abcdef012' },
  { id: 'essaouira', name: 'Souk Essaouira', key: 'key-essaouira-0123456789abc' },
  { id: 'central', name: 'Dépôt central Casablanca', key: 'key-central-0123456789abcde' },
];

describePg('a transfer as two shop managers use it: two stations, HQ on PostgreSQL, HTTP all the way', () => {
  const pg = usePostgres();
  let hq: Hq | null = null;
  let fes: TestStation;
  let essaouira: TestStation;
  let tokA = '';
  let tokB = '';

  beforeAll(async () => {
    hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: SHOPS });
    const hqUrl = hq.url;
    const station = (
      s: (typeof SHOPS)[number],
      fixture: { withStock?: boolean },
      prepare?: (f: Fixture) => void,
    ) =>
      startTestStation({
        fixture,
        ...(prepare ? { prepare } : {}),
        station: {
          reportWorkers: 0,
          hq: { url: hqUrl, shopId: s.id, key: s.key, pollMs: 50, minBackoffMs: 50, maxBackoffMs: 500 },
        },
      });
    // Fès sold two bottles already: its statement has lines a transfer must leave alone.
    fes = await station(SHOPS[0]!, {}, (f) => {
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId: f.products.oil.id, quantity: 2_000 }],
        payments: [{ method: 'card', amount: 24_000 }],
      });
    });
    essaouira = await station(SHOPS[1]!, { withStock: false });
    tokA = await fes.login(fes.users.manager.id, '2468');
    tokB = await essaouira.login(essaouira.users.manager.id, '2468');
  }, 120_000);
  afterAll(async () => {
    await fes?.close();
    await essaouira?.close();
    await hq?.close();
  });

  const ok = async (s: TestStation, method: string, input: unknown, tok: string) => {
    const r = await s.call(method, input, tok);
    expect(r.ok, `${method}: ${r.code}`).toBe(true);
    return r.result;
  };
  const oilLots = (s: TestStation, tok: string) =>
    ok(s, 'stock.lots', { productId: s.products.oil.id, cooperativeId: s.coops.argan.id }, tok);
  const periodEnd = Date.now() + 86_400_000;
  const draft = (s: TestStation, tok: string) =>
    ok(s, 'settlements.draft', { cooperativeId: s.coops.argan.id, periodEnd }, tok);

  it('send from Fès, receive in Essaouira with a shortfall: the lot, its best-before and its age travel; the cooperative owns it throughout', async () => {
    // The chain's shops for the send form: the others, by name, never this one.
    expect(await ok(fes, 'transfers.shops', {}, tokA)).toEqual([
      { id: 'central', name: 'Dépôt central Casablanca' },
      { id: 'essaouira', name: 'Souk Essaouira' },
    ]);
    const [lotAtFes] = (await oilLots(fes, tokA)) as { lot: string; receivedAt: number; onHand: number }[];
    expect(lotAtFes).toMatchObject({ lot: 'L1', onHand: 48_000 });
    const fesDraft = await draft(fes, tokA);
    expect(fesDraft.sales).toHaveLength(1);

    // More than Fès holds of the cooperative's oil is refused whole, saying how much there is.
    const transferId = '5c3e1b7a-2d4f-4a6b-9c8d-7e6f5a4b3c2d';
    const over = await fes.call(
      'transfers.send',
      { transferId, toShop: 'essaouira', lines: [{ productId: fes.products.oil.id, quantity: 60_000 }] },
      tokA,
    );
    expect([over.status, over.code]).toEqual([409, 'OUT_OF_STOCK']);
    expect((await oilLots(fes, tokA))[0].onHand).toBe(48_000);

    const sent = await ok(
      fes,
      'transfers.send',
      {
        transferId,
        toShop: 'essaouira',
        note: 'Saison touristique',
        lines: [{ productId: fes.products.oil.id, quantity: 12_000, lot: 'L1' }],
      },
      tokA,
    );
    expect(sent).toMatchObject({ transferId, replayed: false });

    // The driver's note: both languages, the cooperative, lot, best-before, quantity, the receiver by name.
    const note = await ok(fes, 'transfers.notePdf', { transferId, toShopName: 'Souk Essaouira' }, tokA);
    expect(note.fileName).toBe('bon-de-transfert-TR-5C3E1B7A.pdf');
    const text = flatText(Buffer.from(note.pdfBase64, 'base64'));
    for (const words of [
      'Bon de transfert',
      'وصل تحويل',
      'TR-5C3E1B7A',
      'Souk Essaouira (essaouira)',
      'Coopérative Tighanimine',
      'L1',
      '30/06/2027',
      'Saison touristique',
      'Chauffeur',
    ]) {
      expect(text).toContain(words);
    }

    // In transit: Essaouira sees it coming (once Fès's journal reached HQ); Fès has no receipt yet.
    const incoming = async () =>
      (await ok(essaouira, 'transfers.incoming', {}, tokB)) as {
        transferId: string;
        lines: unknown[];
      }[];
    await expect
      .poll(async () => (await incoming()).map((t) => t.transferId), { timeout: 30_000 })
      .toEqual([transferId]);
    expect((await incoming())[0]!.lines).toEqual([
      expect.objectContaining({ sku: 'ARG-250', quantity: 12_000, lot: 'L1', bestBefore: '2027-06-30' }),
    ]);
    expect(await ok(fes, 'transfers.receipts', {}, tokA)).toEqual([]);

    // Nine of the twelve arrive.
    const got = await ok(
      essaouira,
      'transfers.receive',
      { transferId, received: [9_000], note: 'Carton abîmé' },
      tokB,
    );
    expect(got.shortfall).toBe(3_000);

    // Essaouira's stock lots: the lot with its best-before, aged from when the cooperative delivered it to Fès.
    expect(await oilLots(essaouira, tokB)).toEqual([
      expect.objectContaining({
        source: 'transfer',
        fromShop: 'fes',
        noteRef: transferId,
        lot: 'L1',
        bestBefore: '2027-06-30',
        receivedAt: lotAtFes!.receivedAt,
        received: 9_000,
        onHand: 9_000,
      }),
    ]);
    const row = (
      (await ok(essaouira, 'stock.onHand', {}, tokB)) as {
        productId: number;
        cooperativeId: number;
        nearestBestBefore: string | null;
        onHand: number;
      }[]
    ).find((r) => r.productId === essaouira.products.oil.id)!;
    expect(row).toMatchObject({
      cooperativeId: essaouira.coops.argan.id,
      onHand: 9_000,
      nearestBestBefore: '2027-06-30',
    });

    // Both ledgers under the cooperative: out of Fès, into Essaouira; neither statement changes hands.
    const last = async (s: TestStation, tok: string) =>
      (
        (await ok(
          s,
          'stock.movements',
          { productId: s.products.oil.id, cooperativeId: s.coops.argan.id },
          tok,
        )) as { kind: string; qty: number }[]
      ).at(-1);
    expect(await last(fes, tokA)).toMatchObject({ kind: 'transfer_out', qty: -12_000 });
    expect(await last(essaouira, tokB)).toMatchObject({ kind: 'transfer_in', qty: 9_000 });
    expect(await draft(fes, tokA)).toEqual(fesDraft);
    expect((await draft(essaouira, tokB)).sales).toEqual([]);

    // History: Essaouira's side is a shortfall at once; Fès's becomes one when HQ has Essaouira's receipt.
    const history = async (s: TestStation, tok: string) =>
      (await ok(s, 'transfers.list', {}, tok)) as TransferView[];
    const [received] = await history(essaouira, tokB);
    expect(received).toMatchObject({ direction: 'in', shop: 'fes', note: 'Carton abîmé' });
    expect(transferStatus(received!, null, false)).toBe('shortfall');
    await expect
      .poll(async () => (await ok(fes, 'transfers.receipts', {}, tokA)) as TransferReceipt[], {
        timeout: 30_000,
      })
      .toEqual([{ transferId, receivedAt: expect.any(Number), received: [9_000] }]);
    const [sentView] = await history(fes, tokA);
    const receipts = (await ok(fes, 'transfers.receipts', {}, tokA)) as TransferReceipt[];
    expect(transferStatus(sentView!, receipts[0], true)).toBe('shortfall');
  }, 120_000);

  it('with HQ gone the screen is told plainly, and a send is still recorded and journaled for later', async () => {
    await hq!.close();
    hq = null;
    for (const method of ['transfers.shops', 'transfers.incoming', 'transfers.receipts']) {
      const r = await fes.call(method, {}, tokA);
      expect([method, r.code]).toEqual([method, 'HQ_UNREACHABLE']);
    }
    const transferId = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    await ok(
      fes,
      'transfers.send',
      { transferId, toShop: 'central', lines: [{ productId: fes.products.amlou.id, quantity: 2_000 }] },
      tokA,
    );
    const [mine] = (await ok(fes, 'transfers.list', {}, tokA)) as TransferView[];
    expect(mine).toMatchObject({ transferId, direction: 'out', shop: 'central' });
    expect(transferStatus(mine!, undefined, false)).toBe('unknown');
    // Waiting for HQ: the push's lag counts the send's journal entry.
    const status = await ok(fes, 'hq.status', {}, tokA);
    expect(status.lag).toBeGreaterThan(0);
  }, 60_000);
});
