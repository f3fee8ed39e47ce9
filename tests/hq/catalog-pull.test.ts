import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_CATALOG_PATH, type CatalogCoop, type CatalogProduct } from '../../core/hq-catalog-wire';
import { verifyJournal } from '../../db/journal';
import { checkout } from '../../db/services/checkout';
import { catalogueForHq, HqCatalogPuller } from '../../db/services/hq-catalog-pull';
import { createProduct, getProduct, updateProduct } from '../../db/services/products';
import { startHq, type Hq } from '../../hq/service';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { Link } from './push-link';

const STAFF = 'hq-staff-key-for-the-catalogue-test';
const SHOPS = [
  { id: 'rabat', key: 'key-rabat-0123456789abcdef' },
  { id: 'fes', key: 'key-fes-0123456789abcdef01' },
];

describePg(
  'the chain catalogue pulled down by two shops (real PostgreSQL, real HQ over HTTP, real SQLite)',
  () => {
    const pg = usePostgres();
    let hq: Hq;
    let port = 0;
    const shops: { f: Fixture; puller: HqCatalogPuller }[] = [];

    const startHqOnce = async () => {
      hq = await startHq({ db: pg.current.url, port, adminKey: STAFF, shops: SHOPS });
      port = Number(new URL(hq.url).port);
    };

    async function staff<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${hq.url}${HQ_CATALOG_PATH}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as T & { error?: { code: string } };
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    }

    const hqProduct = async (sku: string) =>
      (await staff<{ products: CatalogProduct[] }>('')).products.find((p) => p.sku === sku)!;
    const hqCoop = async (code: string) =>
      (await staff<{ coops: CatalogCoop[] }>('')).coops.find((c) => c.code === code)!;

    function sellOne(f: Fixture, productId: number) {
      f.tick(60_000);
      const price = getProduct(f.store, productId).retailPrice;
      return checkout(f.store, f.asCashier, {
        clientId: uid(),
        lines: [{ productId, quantity: 1_000 }],
        payments: [{ method: 'card', amount: price }],
      });
    }

    beforeAll(async () => {
      await startHqOnce();
      for (const s of SHOPS) {
        const f = makeFixture();
        shops.push({
          f,
          puller: new HqCatalogPuller(f.store, {
            url: hq.url,
            shopId: s.id,
            key: s.key,
            pageSize: 2,
            pollMs: 60_000,
            minBackoffMs: 50,
            maxBackoffMs: 400,
          }),
        });
      }
    }, 120_000);
    afterAll(async () => {
      for (const s of shops) {
        await s.puller.stop();
        s.f.close();
      }
      await hq?.close();
    });

    it('seeds HQ from one shop, and both shops link their own rows to it by SKU and cooperative code', async () => {
      const [rabat, fes] = shops as [(typeof shops)[0], (typeof shops)[0]];
      // Fes has a product of its own, which HQ never names.
      const local = createProduct(fes.f.store, fes.f.asManager, {
        sku: 'FES-LOCAL-1',
        nameFr: 'Savon beldi de Fès',
        nameAr: 'صابون بلدي',
        cooperativeId: fes.f.coops.honey.id,
        unit: 'piece',
        vatCode: 'S20',
        retailPrice: 2500,
        semiPrice: 2500,
        wholesalePrice: 2500,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [],
      });
      const seeded = await staff<{ version: number }>('/import', catalogueForHq(rabat.f.store));
      expect(seeded.version).toBe(2 + 3); // two cooperatives, three products, one version each
      await staff('/allowances', { shopId: 'fes', localProducts: true, localPrices: true });

      const coopsBefore = fes.f.store.all('SELECT id FROM cooperatives ORDER BY id');
      for (const s of shops) await s.puller.pullAll();
      // Fes also holds its allowance's version (6); Rabat has none, so it stops at the products' (5).
      for (const [i, s] of shops.entries()) {
        expect(s.puller.status()).toMatchObject({ version: i === 0 ? 5 : 6, lastError: null });
        const rows = s.f.store.all<{ sku: string; origin: string }>(
          'SELECT sku, origin FROM products ORDER BY sku',
        );
        expect(rows.filter((r) => r.origin === 'hq').map((r) => r.sku)).toEqual([
          'AML-300',
          'ARG-250',
          'MIEL-THYM',
        ]);
      }
      // Linked, not duplicated: the same cooperatives, now carrying their chain codes.
      expect(fes.f.store.all('SELECT id FROM cooperatives ORDER BY id')).toEqual(coopsBefore);
      expect(
        fes.f.store
          .all<{ hq_code: string }>('SELECT hq_code FROM cooperatives ORDER BY id')
          .map((r) => r.hq_code),
      ).toEqual(['reg:200512', 'name:cooperative miel atlas']);
      expect(fes.f.store.get('SELECT origin FROM products WHERE id = ?', local.id)).toEqual({
        origin: 'local',
      });
      expect(rabat.puller.status().allowance).toEqual({ localProducts: false, localPrices: false });
      expect(fes.puller.status().allowance).toEqual({ localProducts: true, localPrices: true });
    });

    it('a price and a consignment term changed at HQ reach both shops; a sale before keeps the old, one after has the new', async () => {
      const [rabat, fes] = shops as [(typeof shops)[0], (typeof shops)[0]];
      const before = shops.map((s) => sellOne(s.f, s.f.products.oil.id));
      for (const sale of before) expect(sale.lines[0]).toMatchObject({ amount: 12_000, payout: 9_000 });

      const oil = await hqProduct('ARG-250');
      await staff('/products', { ...oil, retailPrice: 13_000, semiPrice: 11_500 });
      const argan = await hqCoop('reg:200512');
      await staff('/coops', { ...argan, commissionBp: 2_000 });
      for (const s of shops) await s.puller.pullAll();

      for (const [i, s] of shops.entries()) {
        expect(getProduct(s.f.store, s.f.products.oil.id)).toMatchObject({
          retailPrice: 13_000,
          semiPrice: 11_500,
        });
        const after = sellOne(s.f, s.f.products.oil.id);
        // 130.00 less 20 % commission = 104.00 to the cooperative.
        expect(after.lines[0]).toMatchObject({ amount: 13_000, payout: 10_400, commission: 2_600 });
        // The earlier sale's line is as it was sold: nothing a shop sold is rewritten.
        const old = s.f.store.get<{ unit_price: number; payout: number; name_fr: string }>(
          'SELECT unit_price, payout, name_fr FROM sale_lines WHERE sale_id = ?',
          before[i]!.id,
        );
        expect(old).toEqual({
          unit_price: 12_000,
          payout: 9_000,
          name_fr: "Huile d'argan alimentaire 250 ml",
        });
        // Applied through the shop's services: journaled, and the journal still verifies.
        const kinds = s.f.store
          .all<{ kind: string }>('SELECT kind FROM journal WHERE user_id = 0 ORDER BY seq')
          .map((r) => r.kind);
        expect(kinds).toEqual(expect.arrayContaining(['product.update', 'coop.update']));
        expect(verifyJournal(s.f.store).ok).toBe(true);
      }
      expect(
        rabat.f.store.get('SELECT commission_bp FROM cooperatives WHERE hq_code = ?', 'reg:200512'),
      ).toEqual({
        commission_bp: 2_000,
      });
      expect(fes.f.store.get("SELECT origin FROM products WHERE sku = 'FES-LOCAL-1'")).toEqual({
        origin: 'local',
      });
    });

    it("a shop allowed local prices keeps its own over HQ's changes, and gets HQ's back when HQ withdraws it", async () => {
      const [rabat, fes] = shops as [(typeof shops)[0], (typeof shops)[0]];
      const amlou = (s: (typeof shops)[0]) => getProduct(s.f.store, s.f.products.amlou.id);
      // Rabat may not price locally: its manager's change is refused, and changes nothing.
      expect(() =>
        updateProduct(rabat.f.store, rabat.f.asManager, rabat.f.products.amlou.id, { retailPrice: 7_000 }),
      ).toThrow(expect.objectContaining({ code: 'HQ_LOCAL_PRICES_NOT_ALLOWED' }));
      expect(amlou(rabat).retailPrice).not.toBe(7_000);
      updateProduct(fes.f.store, fes.f.asManager, fes.f.products.amlou.id, { retailPrice: 7_000 });

      const hqAmlou = await hqProduct('AML-300');
      await staff('/products', { ...hqAmlou, retailPrice: 6_800, nameFr: 'Amlou aux amandes 300 g (bocal)' });
      for (const s of shops) await s.puller.pullAll();
      // Rabat may not price locally: HQ's price wins. Fes may: its 70.00 stays; HQ's other fields arrive.
      expect(amlou(rabat)).toMatchObject({ retailPrice: 6_800, nameFr: 'Amlou aux amandes 300 g (bocal)' });
      expect(amlou(fes)).toMatchObject({ retailPrice: 7_000, nameFr: 'Amlou aux amandes 300 g (bocal)' });

      await staff('/allowances', { shopId: 'fes', localProducts: true, localPrices: false });
      await fes.puller.pullAll();
      expect(amlou(fes).retailPrice).toBe(6_800);
      expect(fes.puller.status().allowance).toEqual({ localProducts: true, localPrices: false });
      // The shop's own product is still its own, untouched.
      expect(
        getProduct(
          fes.f.store,
          fes.f.store.get<{ id: number }>("SELECT id FROM products WHERE sku = 'FES-LOCAL-1'")!.id,
        ),
      ).toMatchObject({
        retailPrice: 2_500,
        nameFr: 'Savon beldi de Fès',
      });
    });

    it('HQ down in the middle of a pull: the shop keeps its place, backs off, and resumes where it stopped', async () => {
      const rabat = shops[0]!;
      // The shop reaches HQ through a real TCP link, so HQ can be stopped while the shop's second page is asked.
      const link = new Link(() => port);
      await link.open();
      const puller = new HqCatalogPuller(rabat.f.store, {
        url: `http://127.0.0.1:${link.port}`,
        shopId: 'rabat',
        key: SHOPS[0]!.key,
        pageSize: 2,
        pollMs: 60_000,
        minBackoffMs: 50,
        maxBackoffMs: 400,
      });
      const oil = await hqProduct('ARG-250');
      // Twelve new products: six pages of two (a row changed many times is one row at its last version).
      const versions: number[] = [];
      for (let i = 1; i <= 12; i++) {
        const sku = `ARG-NEW-${String(i).padStart(2, '0')}`;
        versions.push(
          (
            await staff<{ version: number }>('/products', {
              ...oil,
              sku,
              barcodes: [],
              retailPrice: 13_000 + i * 10,
            })
          ).version,
        );
      }
      const skus = () =>
        rabat.f.store
          .all<{ sku: string }>("SELECT sku FROM products WHERE sku LIKE 'ARG-NEW-%' ORDER BY sku")
          .map((r) => r.sku);

      let stopped: Promise<void> | null = null;
      link.whenNextRequest(() => link.whenNextRequest(() => (stopped = hq.close())));
      puller.start();
      try {
        await expect.poll(() => puller.status().lastError?.code, { timeout: 30_000 }).toBe('HQ_UNREACHABLE');
        await stopped;
        // The first page is applied whole, the second not at all.
        expect(puller.status().version).toBe(versions[1]);
        expect(skus()).toEqual(['ARG-NEW-01', 'ARG-NEW-02']);

        await startHqOnce();
        puller.kick();
        await expect.poll(() => puller.status().version, { timeout: 30_000 }).toBe(versions[11]);
        expect(puller.status().lastError).toBeNull();
        expect(skus()).toHaveLength(12);
        const last = rabat.f.store.get<{ id: number }>("SELECT id FROM products WHERE sku = 'ARG-NEW-12'")!;
        expect(getProduct(rabat.f.store, last.id)).toMatchObject({
          retailPrice: 13_120,
          cooperativeId: rabat.f.coops.argan.id,
        });
        // Each product created once: no page was applied twice.
        const creates = rabat.f.store.get<{ n: number }>(
          "SELECT count(*) n FROM journal WHERE kind = 'product.create' AND user_id = 0",
        )!.n;
        expect(creates).toBe(12);
        expect(verifyJournal(rabat.f.store).ok).toBe(true);
      } finally {
        await puller.stop();
        await link.close();
      }
    }, 60_000);
  },
);
