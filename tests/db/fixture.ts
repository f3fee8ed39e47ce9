import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open';
import { ensureTill } from '../../db/services/settings';
import { createCooperative } from '../../db/services/cooperatives';
import { createProduct, type ProductInput } from '../../db/services/products';
import { createUser } from '../../db/services/users';
import { openSession } from '../../db/services/cash';
import { receiveDelivery } from '../../db/services/stock';
import { Store, type Actor } from '../../db/store';

/** A real SQLite file in a temp dir, with a till, users, two cooperatives and a few products. */
export function makeFixture(options: { withStock?: boolean; openSession?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'souk-db-'));
  const file = join(dir, 'souk.db');
  const db = openDatabase(file);
  let clock = Date.UTC(2026, 10, 2, 9, 0, 0);
  const store = new Store(db, { tillId: 'T1', now: () => clock });
  ensureTill(store, 'T1', 'Caisse 1');
  const admin = createUser(store, null, { name: 'Admin', role: 'admin', pin: '9999' });
  const manager = createUser(store, null, { name: 'Samira', role: 'manager', pin: '2468' });
  const cashier = createUser(store, null, { name: 'Youssef', role: 'cashier', pin: '1357' });
  const asCashier: Actor = { userId: cashier.id, role: 'cashier' };
  const asManager: Actor = { userId: manager.id, role: 'manager' };
  const argan = createCooperative(store, null, {
    nameFr: 'Coopérative Tighanimine',
    nameAr: 'تعاونية تيغانيمين',
    registrationNo: '2005/12',
    ice: '001234567000089',
    region: 'Souss-Massa',
    womens: true,
    contactName: 'Fatima',
    phone: '+212600000001',
    email: null,
    bankName: 'Crédit Agricole',
    bankAccount: '225 810 0001234567890123 45',
    commissionBp: 2500,
  });
  const honey = createCooperative(store, null, {
    nameFr: 'Coopérative Miel Atlas',
    nameAr: 'تعاونية عسل الأطلس',
    registrationNo: null,
    ice: null,
    region: 'Béni Mellal-Khénifra',
    womens: false,
    contactName: null,
    phone: null,
    email: null,
    bankName: null,
    bankAccount: null,
    commissionBp: 3000,
  });
  const base: Omit<ProductInput, 'sku' | 'nameFr' | 'nameAr' | 'cooperativeId' | 'barcodes'> = {
    unit: 'piece',
    vatCode: 'S20',
    retailPrice: 12000,
    semiPrice: 10800,
    wholesalePrice: 9600,
    semiMinQty: 6000,
    wholesaleMinQty: 24000,
    qualityLabels: ['organic'],
    scaleRef: null,
    terms: null,
  };
  const oil = createProduct(store, null, {
    ...base,
    sku: 'ARG-250',
    nameFr: "Huile d'argan alimentaire 250 ml",
    nameAr: 'زيت الأركان الغذائي 250 مل',
    cooperativeId: argan.id,
    barcodes: ['6111234567895'],
  });
  const amlou = createProduct(store, null, {
    ...base,
    sku: 'AML-300',
    nameFr: 'Amlou aux amandes 300 g',
    nameAr: 'أملو باللوز 300 غ',
    cooperativeId: argan.id,
    retailPrice: 6550,
    semiPrice: 5900,
    wholesalePrice: 5200,
    vatCode: 'R7',
    barcodes: [],
    internalBarcode: true,
  });
  const honeyKg = createProduct(store, null, {
    ...base,
    sku: 'MIEL-THYM',
    nameFr: 'Miel de thym (vrac)',
    nameAr: 'عسل الزعتر',
    cooperativeId: honey.id,
    unit: 'kg',
    vatCode: 'EX',
    retailPrice: 25000,
    semiPrice: 23000,
    wholesalePrice: 21000,
    semiMinQty: 2000,
    wholesaleMinQty: 10000,
    scaleRef: '00042',
    terms: { kind: 'fixed', payoutPerUnit: 18000 },
    barcodes: [],
  });
  if (options.withStock !== false) {
    receiveDelivery(store, asManager, {
      clientId: 'fixture-d1',
      cooperativeId: argan.id,
      noteRef: 'BL-001',
      lines: [
        { productId: oil.id, quantity: 50_000, lot: 'L1', bestBefore: '2027-06-30' },
        { productId: amlou.id, quantity: 30_000, lot: 'A1', bestBefore: '2027-01-31' },
      ],
    });
    receiveDelivery(store, asManager, {
      clientId: 'fixture-d2',
      cooperativeId: honey.id,
      noteRef: 'BL-002',
      lines: [{ productId: honeyKg.id, quantity: 20_000, lot: 'M1', bestBefore: null }],
    });
  }
  if (options.openSession !== false) openSession(store, asCashier, { openingFloat: 50_000 });
  return {
    dir,
    file,
    db,
    store,
    users: { admin, manager, cashier },
    asCashier,
    asManager,
    asAdmin: { userId: admin.id, role: 'admin' } as Actor,
    coops: { argan, honey },
    products: { oil, amlou, honeyKg },
    tick(ms: number) {
      clock += ms;
    },
    setClock(at: number) {
      clock = at;
    },
    now: () => clock,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Fixture = ReturnType<typeof makeFixture>;

let seq = 0;
export const uid = (prefix = 'c'): string => `${prefix}-${process.pid}-${++seq}`;
