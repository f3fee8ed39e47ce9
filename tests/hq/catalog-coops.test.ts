import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_CATALOG_PATH } from '../../core/hq-catalog-wire';
import { checkout } from '../../db/services/checkout';
import { createCooperative } from '../../db/services/cooperatives';
import { HqCatalogPuller } from '../../db/services/hq-catalog-pull';
import { postBatch, readPushBatch } from '../../db/services/hq-push';
import { createProduct, getProduct } from '../../db/services/products';
import { receiveDelivery } from '../../db/services/stock';
import { portalSalesByShop } from '../../hq/portal-data';
import { startHq, type Hq } from '../../hq/service';
import { draftChainStatement, getChainStatement, issueChainStatement } from '../../hq/settlement';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { headSeq } from './chain-helpers';

const STAFF = 'hq-staff-key-for-the-coop-codes-test';
const SHOPS = [
  { id: 'rabat', key: 'key-rabat-0123456789abcdef' },
  { id: 'fes', key: 'key-fes-0123456789abcdef01' },
  { id: 'agadir', key: 'key-agadir-0123456789abcd' },
];

describePg(
  "a shop's own cooperative and the chain catalogue's are one chain cooperative (real PostgreSQL, real HQ)",
  () => {
    const pg = usePostgres();
    let hq: Hq;
    const shops = new Map<string, Fixture>();

    async function staff<T>(path: string, body: unknown): Promise<T> {
      const res = await fetch(`${hq.url}${HQ_CATALOG_PATH}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    }

    /** The shop's whole journal through HQ's real ingest, then HQ's projection of it. */
    async function push(id: string): Promise<void> {
      const f = shops.get(id)!;
      const key = SHOPS.find((s) => s.id === id)!.key;
      let after = 0;
      for (;;) {
        const batch = await readPushBatch(f.store, after, 50, 25, 0);
        if (batch.entries.length === 0) break;
        after = (await postBatch({ url: hq.url, shopId: id, key }, batch, 30_000)).lastSeq;
      }
      await expect
        .poll(
          async () =>
            (
              await hq.pool.query<{ projected_seq: number }>(
                'SELECT projected_seq FROM hq_projection_state WHERE shop_id = $1',
                [id],
              )
            ).rows[0]?.projected_seq ?? 0,
          { timeout: 60_000 },
        )
        .toBe(headSeq(f.store));
      const errors = await hq.pool.query('SELECT * FROM hq_projection_errors');
      expect(errors.rows).toEqual([]);
    }

    function sell(f: Fixture, productId: number, quantity: number): number {
      f.tick(60_000);
      const amount = Math.round((getProduct(f.store, productId).retailPrice * quantity) / 1000);
      checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId, quantity }],
        payments: [{ method: 'card', amount }],
      });
      return amount;
    }

    /** The chain cooperative a shop's cooperative is filed under. */
    const chainCoopOf = async (shopId: string, localId: number) =>
      (
        await hq.pool.query<{ id: number; code: string; name_fr: string; registration_no: string | null }>(
          `SELECT c.id, c.code, c.name_fr, c.registration_no FROM hq_shop_coops sc JOIN hq_coops c ON c.id = sc.coop_id
           WHERE sc.shop_id = $1 AND sc.local_id = $2`,
          [shopId, localId],
        )
      ).rows[0];

    beforeAll(async () => {
      hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: SHOPS });
      for (const s of SHOPS) shops.set(s.id, makeFixture());
    }, 120_000);
    afterAll(async () => {
      for (const f of shops.values()) f.close();
      await hq?.close();
    });

    it('a cooperative HQ codes hq:… and a shop entered by name only is one cooperative in the statement and the portal', async () => {
      const rabat = shops.get('rabat')!;
      const fes = shops.get('fes')!;
      // HQ's catalogue knows the honey cooperative under its own code, with a registration number the shops lack.
      await staff('/coops', {
        code: 'hq:MIEL-ATLAS',
        nameFr: 'Coopérative Miel Atlas',
        nameAr: 'تعاونية عسل الأطلس',
        registrationNo: '2011/7',
        region: 'Béni Mellal-Khénifra',
        commissionBp: 3_000,
      });
      await staff('/products', {
        sku: 'HQ-MIEL-500',
        nameFr: "Miel d'euphorbe 500 g",
        coopCode: 'hq:MIEL-ATLAS',
        unit: 'piece',
        vatCode: 'EX',
        retailPrice: 9_000,
        semiPrice: 9_000,
        wholesalePrice: 9_000,
      });
      // Rabat pulls the catalogue; Fes never does, and keeps its cooperative as it entered it.
      const puller = new HqCatalogPuller(rabat.store, { url: hq.url, shopId: 'rabat', key: SHOPS[0]!.key });
      await puller.pullAll();
      const honey = rabat.coops.honey.id;
      // Linked, not duplicated: Rabat's own honey cooperative is the catalogue's.
      expect(
        rabat.store.all('SELECT id, hq_code FROM cooperatives WHERE hq_code IS NOT NULL ORDER BY id'),
      ).toEqual([{ id: honey, hq_code: 'hq:MIEL-ATLAS' }]);
      const euphorbe = rabat.store.get<{ id: number; cooperative_id: number }>(
        "SELECT id, cooperative_id FROM products WHERE sku = 'HQ-MIEL-500'",
      )!;
      expect(euphorbe.cooperative_id).toBe(honey);
      receiveDelivery(rabat.store, rabat.asManager, {
        clientId: uid(),
        cooperativeId: honey,
        noteRef: 'BL-HQ-1',
        lines: [{ productId: euphorbe.id, quantity: 10_000, lot: 'E1', bestBefore: null }],
      });
      const sold =
        sell(rabat, euphorbe.id, 2_000) +
        sell(rabat, rabat.products.honeyKg.id, 1_500) +
        sell(fes, fes.products.honeyKg.id, 1_000);
      expect(sold).toBe(18_000 + 37_500 + 25_000);

      await push('fes');
      await push('rabat');
      const inRabat = await chainCoopOf('rabat', honey);
      const inFes = await chainCoopOf('fes', fes.coops.honey.id);
      expect(inRabat).toEqual({
        id: inFes!.id,
        code: 'hq:MIEL-ATLAS',
        name_fr: 'Coopérative Miel Atlas',
        registration_no: '2011/7',
      });
      const { rows: honeyRows } = await hq.pool.query(
        `SELECT id FROM hq_coops WHERE code IN ('hq:MIEL-ATLAS', 'name:cooperative miel atlas', 'reg:20117')`,
      );
      expect(honeyRows).toHaveLength(1);

      const periodEnd = Math.max(rabat.now(), fes.now()) + 1;
      const draft = await draftChainStatement(hq.pool, { coopId: inRabat!.id, periodEnd });
      expect(draft.totals.netSales).toBe(sold);
      expect(draft.totals.netSales).toBe(draft.totals.payout + draft.totals.commission);
      expect([...new Set(draft.lines.map((l) => l.shopId))].sort()).toEqual(['fes', 'rabat']);
      const byShop = await portalSalesByShop(hq.pool, inRabat!.id);
      expect(byShop.map((s) => [s.key, s.netSales])).toEqual([
        ['rabat', 18_000 + 37_500],
        ['fes', 25_000],
      ]);
    });

    it('a catalogue cooperative written after the shops pushed takes in their rows: unclaimed lines move, an issued statement stays', async () => {
      const rabat = shops.get('rabat')!;
      const fes = shops.get('fes')!;
      // Fes also entered the argan cooperative a second time, with its ICE only: two chain rows until HQ decides.
      const again = createCooperative(fes.store, fes.asManager, {
        nameFr: 'Tighanimine (savons)',
        nameAr: '',
        registrationNo: null,
        ice: '001234567000089',
        region: 'Souss-Massa',
        womens: true,
        contactName: null,
        phone: null,
        email: null,
        bankName: null,
        bankAccount: null,
        commissionBp: 2_500,
      });
      const soap = createProduct(fes.store, fes.asManager, {
        sku: 'SAV-ARG',
        nameFr: "Savon à l'argan",
        nameAr: '',
        cooperativeId: again.id,
        unit: 'piece',
        vatCode: 'S20',
        retailPrice: 3_000,
        semiPrice: 3_000,
        wholesalePrice: 3_000,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [],
      });
      receiveDelivery(fes.store, fes.asManager, {
        clientId: uid(),
        cooperativeId: again.id,
        noteRef: 'BL-SAV',
        lines: [{ productId: soap.id, quantity: 10_000, lot: 'S1', bestBefore: null }],
      });
      const early = sell(rabat, rabat.products.oil.id, 1_000);
      await push('rabat');
      const argan = await chainCoopOf('rabat', rabat.coops.argan.id);
      expect(argan!.code).toBe('reg:200512');
      // The argan cooperative is paid for Rabat's first sale before HQ's catalogue knows it.
      const paid = await issueChainStatement(hq.pool, {
        coopId: argan!.id,
        periodEnd: rabat.now() + 1,
        issuedBy: 'amina',
      });
      expect(paid.totals.netSales).toBe(early);

      const late = sell(rabat, rabat.products.oil.id, 2_000) + sell(fes, fes.products.oil.id, 1_000);
      const soapSold = sell(fes, soap.id, 3_000);
      await push('rabat');
      await push('fes');
      expect((await chainCoopOf('fes', again.id))!.code).toBe('ice:001234567000089');

      await staff('/coops', {
        code: 'hq:TIGHANIMINE',
        nameFr: 'Coopérative Tighanimine',
        nameAr: 'تعاونية تيغانيمين',
        registrationNo: '2005/12',
        ice: '001234567000089',
        region: 'Souss-Massa',
        womens: true,
        commissionBp: 2_500,
      });
      const chain = await chainCoopOf('rabat', rabat.coops.argan.id);
      expect(chain).toMatchObject({
        id: argan!.id,
        code: 'hq:TIGHANIMINE',
        name_fr: 'Coopérative Tighanimine',
      });
      for (const [shop, local] of [
        ['fes', fes.coops.argan.id],
        ['fes', again.id],
      ] as const)
        expect((await chainCoopOf(shop, local))!.id).toBe(argan!.id);
      const draft = await draftChainStatement(hq.pool, {
        coopId: argan!.id,
        periodEnd: Math.max(rabat.now(), fes.now()) + 1,
      });
      // Every unclaimed line of both rows, once; the line already paid is not paid again.
      expect(draft.totals.netSales).toBe(late + soapSold);
      const issued = await getChainStatement(hq.pool, paid.id!);
      expect(issued.totals).toEqual(paid.totals);
      expect(issued.coop.id).toBe(argan!.id);
    });

    it("a shop's cooperative linked by its pull after its sales reached HQ: its chain row becomes the catalogue's, paid lines stay paid", async () => {
      const agadir = shops.get('agadir')!;
      const own = createCooperative(agadir.store, agadir.asManager, {
        nameFr: 'Coopérative Aït Baha',
        nameAr: '',
        registrationNo: '2009/44',
        ice: '002233445000066',
        region: 'Souss-Massa',
        womens: false,
        contactName: null,
        phone: null,
        email: null,
        bankName: null,
        bankAccount: null,
        commissionBp: 2_000,
      });
      const oil = createProduct(agadir.store, agadir.asManager, {
        sku: 'ARG-BAHA-1L',
        nameFr: "Huile d'argan cosmétique 1 l",
        nameAr: '',
        cooperativeId: own.id,
        unit: 'piece',
        vatCode: 'S20',
        retailPrice: 40_000,
        semiPrice: 40_000,
        wholesalePrice: 40_000,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [],
      });
      receiveDelivery(agadir.store, agadir.asManager, {
        clientId: uid(),
        cooperativeId: own.id,
        noteRef: 'BL-BAHA',
        lines: [{ productId: oil.id, quantity: 10_000, lot: 'B1', bestBefore: null }],
      });
      sell(agadir, oil.id, 1_000);
      await push('agadir');
      const before = (await chainCoopOf('agadir', own.id))!;
      expect(before.code).toBe('reg:200944');
      const paid = await issueChainStatement(hq.pool, {
        coopId: before.id,
        periodEnd: agadir.now() + 1,
        issuedBy: 'amina',
      });
      const second = sell(agadir, oil.id, 2_000);
      await push('agadir');

      // HQ's catalogue has it under its ICE only, by another name: nothing at HQ can tell they are one...
      await staff('/coops', {
        code: 'ice:002233445000066',
        nameFr: 'Coopérative Argan Aït Baha',
        commissionBp: 2_000,
      });
      expect((await chainCoopOf('agadir', own.id))!.id).toBe(before.id);
      // ...until the shop's pull links its cooperative by that ICE (coop.link in its journal).
      await new HqCatalogPuller(agadir.store, {
        url: hq.url,
        shopId: 'agadir',
        key: SHOPS[2]!.key,
      }).pullAll();
      expect(agadir.store.get('SELECT hq_code FROM cooperatives WHERE id = ?', own.id)).toEqual({
        hq_code: 'ice:002233445000066',
      });
      const third = sell(agadir, oil.id, 1_000);
      await push('agadir');

      // The pull also gave the shop's cooperative HQ's name, so HQ now sees its chain row as the catalogue's: the
      // row takes the catalogue's code and name, with its history.
      const after = (await chainCoopOf('agadir', own.id))!;
      expect(after).toEqual({
        id: before.id,
        code: 'ice:002233445000066',
        name_fr: 'Coopérative Argan Aït Baha',
        registration_no: null,
      });
      const periodEnd = agadir.now() + 1;
      // What was paid is not paid again; the later sales are due, once.
      expect((await draftChainStatement(hq.pool, { coopId: after.id, periodEnd })).totals.netSales).toBe(
        second + third,
      );
      expect((await getChainStatement(hq.pool, paid.id!)).totals).toEqual(paid.totals);
    });
  },
);
