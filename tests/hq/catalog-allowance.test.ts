import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HQ_CATALOG_PATH, type CatalogProduct } from '../../core/hq-catalog-wire';
import { startHq, type Hq } from '../../hq/service';
import { describePg, usePostgres } from '../helpers/postgres';
import { startTestStation, type TestStation } from '../helpers/station';

const STAFF = 'hq-staff-key-for-the-allowance-test';
const SHOP = { id: 'souss', key: 'key-souss-0123456789abcdef' };

/** An API answer with the error's details, which the refusals below are about. */
async function api(s: TestStation, token: string, method: string, input: unknown) {
  const res = await fetch(`${s.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as {
    ok: boolean;
    result?: any;
    error?: { code: string; message: string; details?: Record<string, unknown> };
  };
  return { status: res.status, ...body };
}

const NEW_PRODUCT = {
  sku: 'LOCAL-SAVON',
  nameFr: 'Savon beldi de la boutique',
  cooperativeId: 0,
  unit: 'piece',
  vatCode: 'S20',
  retailPrice: 2500,
  semiPrice: 2500,
  wholesalePrice: 2500,
};

const CSV_NEW = 'sku;name_fr;unit;vat;retail_price\nLOCAL-CSV-1;Savon au ghassoul;pce;20;25,00\n';

describePg(
  'what HQ allows a shop, enforced by its products.* methods (real PostgreSQL, real station)',
  () => {
    const pg = usePostgres();
    let hq: Hq;
    let s: TestStation;
    let token = '';
    let firstVersion = 0;

    async function staff<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${hq.url}${HQ_CATALOG_PATH}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    }

    const HQ_OIL: CatalogProduct = {
      sku: 'ARG-250',
      nameFr: "Huile d'argan alimentaire 250 ml",
      nameAr: 'زيت الأركان الغذائي 250 مل',
      coopCode: 'reg:200512',
      unit: 'piece',
      vatCode: 'S20',
      retailPrice: 13_000,
      semiPrice: 11_700,
      wholesalePrice: 10_400,
      semiMinQty: 6_000,
      wholesaleMinQty: 24_000,
      qualityLabels: ['organic'],
      scaleRef: null,
      terms: null,
      barcodes: ['6111234567895'],
      active: true,
    };

    /** The station pulls now and has reached HQ's catalogue version `atLeast`. */
    async function pulled(atLeast: number) {
      s.station.ctx.hqCatalog?.kick();
      await expect
        .poll(async () => (await api(s, token, 'hq.catalog', {})).result?.version, { timeout: 60_000 })
        .toBeGreaterThanOrEqual(atLeast);
    }
    const oil = async () => (await api(s, token, 'products.get', { id: s.products.oil.id })).result;

    beforeAll(async () => {
      hq = await startHq({ db: pg.current.url, port: 0, adminKey: STAFF, shops: [SHOP] });
      await staff('/coops', {
        code: 'reg:200512',
        nameFr: 'Coopérative Tighanimine',
        nameAr: 'تعاونية تيغانيمين',
        registrationNo: '2005/12',
        ice: '001234567000089',
        region: 'Souss-Massa',
        womens: true,
        contactName: 'Fatima',
        phone: '+212600000001',
        bankName: 'Crédit Agricole',
        bankAccount: '225 810 0001234567890123 45',
        commissionBp: 2_500,
      });
      await staff('/products', HQ_OIL);
      const { version } = await staff<{ version: number }>('/allowances', {
        shopId: SHOP.id,
        localProducts: false,
        localPrices: false,
      });
      s = await startTestStation({
        station: { hq: { url: hq.url, shopId: SHOP.id, key: SHOP.key } },
      });
      token = await s.login(s.users.manager.id, '2468');
      firstVersion = version;
    }, 180_000);
    afterAll(async () => {
      await s?.close();
      await hq?.close();
    });

    it("refuses a change to what HQ decides on an HQ product, and keeps the shop's own alert editable", async () => {
      // The station pulls by itself as it starts.
      await pulled(firstVersion);
      const before = await oil();
      expect(before).toMatchObject({ origin: 'hq', retailPrice: 13_000, semiPrice: 11_700 });
      expect((await api(s, token, 'hq.catalog', {})).result.allowance).toEqual({
        localProducts: false,
        localPrices: false,
      });
      const id = s.products.oil.id;
      const refusals: [Record<string, unknown>, string, string][] = [
        [{ nameFr: 'Huile d’argan 250 ml (boutique)' }, 'HQ_FIELD_READ_ONLY', 'nameFr'],
        [{ nameAr: 'زيت' }, 'HQ_FIELD_READ_ONLY', 'nameAr'],
        [{ vatCode: 'R10' }, 'HQ_FIELD_READ_ONLY', 'vatCode'],
        [{ cooperativeId: s.coops.honey.id }, 'HQ_FIELD_READ_ONLY', 'cooperativeId'],
        [{ barcodes: ['6111234567901'] }, 'HQ_FIELD_READ_ONLY', 'barcodes'],
        [{ removeBarcodes: ['6111234567895'] }, 'HQ_FIELD_READ_ONLY', 'barcodes'],
        [{ retailPrice: 12_500 }, 'HQ_LOCAL_PRICES_NOT_ALLOWED', 'retailPrice'],
        [{ semiMinQty: 3_000 }, 'HQ_LOCAL_PRICES_NOT_ALLOWED', 'semiMinQty'],
      ];
      for (const [patch, code, field] of refusals) {
        const r = await api(s, token, 'products.update', { id, ...patch });
        expect([r.status, r.error?.code, r.error?.details?.field], JSON.stringify(patch)).toEqual([
          409,
          code,
          field,
        ]);
      }
      // A dated VAT move is a change of HQ's code too, one product or several at once.
      for (const [method, input] of [
        ['vat.schedule', { productId: id }],
        ['vat.moveProducts', { productIds: [s.products.amlou.id, id] }],
      ] as const) {
        const move = await api(s, token, method, { ...input, vatCode: 'R10', validFrom: '2027-01-01' });
        expect([move.status, move.error?.code, move.error?.details?.field], method).toEqual([
          409,
          'HQ_FIELD_READ_ONLY',
          'vatCode',
        ]);
      }
      const schedule = await api(s, token, 'vat.product', { productId: id });
      expect(schedule.result.schedule).toEqual([]);
      // Refused means unchanged.
      expect(await oil()).toEqual(before);

      // The editor sends every field back: HQ's values unchanged pass, the shop's own low-stock alert is written.
      const saved = await api(s, token, 'products.update', {
        id,
        nameFr: before.nameFr,
        nameAr: before.nameAr,
        cooperativeId: before.cooperativeId,
        vatCode: before.vatCode,
        retailPrice: before.retailPrice,
        semiPrice: before.semiPrice,
        wholesalePrice: before.wholesalePrice,
        semiMinQty: before.semiMinQty,
        wholesaleMinQty: before.wholesaleMinQty,
        qualityLabels: before.qualityLabels,
        scaleRef: before.scaleRef,
        active: before.active,
        barcodes: [],
        removeBarcodes: [],
        lowStockAlert: 5_000,
      });
      expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
      expect(saved.result).toEqual({ ...before, lowStockAlert: 5_000 });
      // A label's shop-made code is the shop's own: HQ's barcodes stay, the label scans.
      const label = await api(s, token, 'products.update', { id, internalBarcode: true });
      expect(label.ok, JSON.stringify(label.error)).toBe(true);
      expect(label.result.barcodes).toHaveLength(2);

      // A product HQ does not name is the shop's: its price is the shop's to change.
      const amlou = await api(s, token, 'products.update', { id: s.products.amlou.id, retailPrice: 6_800 });
      expect(amlou.ok, JSON.stringify(amlou.error)).toBe(true);
      expect(amlou.result).toMatchObject({ origin: 'local', retailPrice: 6_800 });
    });

    it('refuses a product of its own, by hand or by a CSV import (at the dry run already)', async () => {
      const count = async () => (await api(s, token, 'products.list', {})).result.total as number;
      const n = await count();
      const created = await api(s, token, 'products.create', {
        ...NEW_PRODUCT,
        cooperativeId: s.coops.argan.id,
      });
      expect([created.status, created.error?.code, created.error?.details?.sku]).toEqual([
        409,
        'HQ_LOCAL_PRODUCTS_NOT_ALLOWED',
        'LOCAL-SAVON',
      ]);
      for (const dryRun of [true, false]) {
        const r = await api(s, token, 'products.importCsv', {
          cooperativeId: s.coops.argan.id,
          csv: CSV_NEW,
          dryRun,
        });
        expect([r.error?.code, r.error?.details?.sku, r.error?.details?.line]).toEqual([
          'HQ_LOCAL_PRODUCTS_NOT_ALLOWED',
          'LOCAL-CSV-1',
          2,
        ]);
      }
      // A file that renames an HQ product is refused as the editor would be.
      const rename = await api(s, token, 'products.importCsv', {
        cooperativeId: s.coops.argan.id,
        csv: 'sku;name_fr;unit;vat;retail_price\nARG-250;Huile renommée;pce;20;130,00\n',
        dryRun: true,
      });
      expect([rename.error?.code, rename.error?.details?.field]).toEqual(['HQ_FIELD_READ_ONLY', 'nameFr']);
      expect(await count()).toBe(n);
    });

    it('an allowed local price survives the next pull, and HQ withdrawing the allowance brings HQ’s back', async () => {
      let v = (
        await staff<{ version: number }>('/allowances', {
          shopId: SHOP.id,
          localProducts: true,
          localPrices: true,
        })
      ).version;
      await pulled(v);
      expect((await api(s, token, 'hq.catalog', {})).result.allowance).toEqual({
        localProducts: true,
        localPrices: true,
      });
      const priced = await api(s, token, 'products.update', { id: s.products.oil.id, retailPrice: 12_500 });
      expect(priced.ok, JSON.stringify(priced.error)).toBe(true);
      const own = await api(s, token, 'products.create', { ...NEW_PRODUCT, cooperativeId: s.coops.argan.id });
      expect(own.ok, JSON.stringify(own.error)).toBe(true);
      expect(own.result.origin).toBe('local');

      // HQ renames the product: the name arrives, the shop's price stays.
      v = (await staff<{ version: number }>('/products', { ...HQ_OIL, nameFr: 'Huile d’argan 250 ml' }))
        .version;
      await pulled(v);
      expect(await oil()).toMatchObject({
        nameFr: 'Huile d’argan 250 ml',
        retailPrice: 12_500,
        origin: 'hq',
      });

      v = (
        await staff<{ version: number }>('/allowances', {
          shopId: SHOP.id,
          localProducts: true,
          localPrices: false,
        })
      ).version;
      await pulled(v);
      expect(await oil()).toMatchObject({ retailPrice: 13_000, semiPrice: 11_700, wholesalePrice: 10_400 });
      const again = await api(s, token, 'products.update', { id: s.products.oil.id, retailPrice: 12_500 });
      expect(again.error?.code).toBe('HQ_LOCAL_PRICES_NOT_ALLOWED');
      // The shop's own product is still its own, price included.
      const mine = await api(s, token, 'products.update', {
        id: own.result.id,
        retailPrice: 2_700,
        semiPrice: 2_700,
        wholesalePrice: 2_700,
      });
      expect(mine.result).toMatchObject({ origin: 'local', retailPrice: 2_700 });
    });
  },
);

describe('a shop that never connected to HQ keeps every freedom (the demo without PostgreSQL)', () => {
  let s: TestStation;
  let token = '';
  beforeAll(async () => {
    s = await startTestStation();
    token = await s.login(s.users.manager.id, '2468');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('creates its own products, changes any price and name, imports new rows', async () => {
    expect((await api(s, token, 'hq.catalog', {})).result).toMatchObject({
      version: 0,
      pulledAt: null,
      allowance: { localProducts: true, localPrices: true },
    });
    const created = await api(s, token, 'products.create', {
      ...NEW_PRODUCT,
      cooperativeId: s.coops.argan.id,
    });
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    const changed = await api(s, token, 'products.update', {
      id: s.products.oil.id,
      retailPrice: 12_500,
      nameFr: 'Huile d’argan 250 ml',
      vatCode: 'R10',
    });
    expect(changed.ok, JSON.stringify(changed.error)).toBe(true);
    expect(changed.result).toMatchObject({ origin: 'local', retailPrice: 12_500, vatCode: 'R10' });
    const imported = await api(s, token, 'products.importCsv', {
      cooperativeId: s.coops.argan.id,
      csv: CSV_NEW,
    });
    expect(imported.result).toMatchObject({ created: 1 });
  });
});
