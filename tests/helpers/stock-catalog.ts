import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchIndexText } from '../../core/search-text';
import { openDatabase } from '../../db/open';
import { ensureTill } from '../../db/services/settings';
import { createUser } from '../../db/services/users';
import { Store } from '../../db/store';

export const CATALOG_NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const DAY = 86_400_000;
const WORDS = [
  'Huile argan',
  'Miel thym',
  'Amlou amandes',
  'Savon beldi',
  'Couscous orge',
  'Safran Taliouine',
];
/** Names as the shops' catalogues hold them, for screens that must fit them (the layout tests). */
const LONG_WORDS = [
  "Huile d'argan alimentaire torréfiée bio pressée à froid",
  'Miel de thym sauvage du Haut Atlas (récolte de printemps)',
  'Amlou aux amandes beldi et huile d’argan pot en verre',
  "Savon noir beldi à l'eucalyptus et à l'huile d'olive",
  "Couscous d'orge roulé à la main aux herbes de montagne",
  'Safran de Taliouine en pistils, qualité supérieure',
];

/**
 * A shop database of `products` products over 20 cooperatives, written with bulk SQL in one transaction:
 * every product received in one to three lots (best-befores spread from expired to a year ahead), some
 * of it sold within the last 30 days, some long ago. Deterministic: product i always gets the same data.
 */
export function makeStockCatalog(
  products: number,
  options: { longNames?: boolean } = {},
): { dir: string; file: string; managerId: number } {
  const dir = mkdtempSync(join(tmpdir(), 'souk-stock-'));
  const file = join(dir, 'souk.db');
  const db = openDatabase(file);
  const store = new Store(db, { now: () => CATALOG_NOW });
  ensureTill(store, 'T1', 'Caisse 1');
  const manager = createUser(store, null, { name: 'Samira', role: 'manager', pin: '2468' });
  db.transaction(() => {
    const coop = db.prepare(
      `INSERT INTO cooperatives (id, name_fr, name_ar, region, womens, commission_bp, created_at) VALUES (?, ?, ?, 'Souss', 0, 2500, ?)`,
    );
    for (let c = 1; c <= 20; c++)
      coop.run(
        c,
        options.longNames ? `Coopérative féminine agricole Tighanimine ${c}` : `Coopérative ${c}`,
        options.longNames ? `التعاونية الفلاحية النسوية تيغانيمين ${c}` : `تعاونية ${c}`,
        CATALOG_NOW - 400 * DAY,
      );
    const product = db.prepare(
      `INSERT INTO products (id, sku, name_fr, name_ar, cooperative_id, unit, vat_code, retail_price, semi_price,
         wholesale_price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'S20', ?, ?, ?, ?, ?)`,
    );
    const fts = db.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)');
    const delivery = db.prepare(
      `INSERT INTO deliveries (id, client_id, cooperative_id, note_ref, received_at, user_id) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const line = db.prepare(
      'INSERT INTO delivery_lines (delivery_id, product_id, qty, lot, best_before) VALUES (?, ?, ?, ?, ?)',
    );
    const move = db.prepare(
      `INSERT INTO stock_movements (product_id, cooperative_id, qty, kind, ref_id, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    db.prepare(
      `INSERT INTO cash_sessions (id, till_id, opened_by, opened_at, opening_float) VALUES (1, 'T1', ?, ?, 0)`,
    ).run(manager.id, CATALOG_NOW - 200 * DAY);
    db.prepare(
      `INSERT INTO sales (id, client_id, till_id, receipt_no, session_id, cashier_id, at, total, discount_total)
       VALUES (1, 'bulk', 'T1', 1, 1, ?, ?, 0, 0)`,
    ).run(manager.id, CATALOG_NOW - DAY);
    const sale = db.prepare(
      `INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, name_fr, name_ar, unit, qty, tier, unit_price,
         gross, discount, amount, vat_code, payout, commission, at) VALUES (1, ?, ?, ?, ?, '', ?, ?, 'retail', ?, 0, 0, 0, 'S20', 0, 0, ?)`,
    );
    // Deliveries: per cooperative, one every 20 days over the last 200 days.
    const deliveryId = (c: number, k: number) => c * 100 + k;
    for (let c = 1; c <= 20; c++)
      for (let k = 0; k < 10; k++)
        delivery.run(
          deliveryId(c, k),
          `d-${c}-${k}`,
          c,
          `BL-${c}-${k}`,
          CATALOG_NOW - (200 - k * 20) * DAY,
          manager.id,
        );
    let saleLine = 0;
    for (let id = 1; id <= products; id++) {
      const c = (id % 20) + 1;
      const unit = id % 7 === 0 ? 'kg' : 'piece';
      const price = 1000 + ((id * 37) % 40_000);
      const name = `${(options.longNames ? LONG_WORDS : WORDS)[id % WORDS.length]} ${id}`;
      const sku = `SKU-${String(id).padStart(6, '0')}`;
      const nameAr = options.longNames
        ? `زيت الأركان الغذائي المحمص العضوي المعصور على البارد ${id}`
        : `منتج ${id}`;
      product.run(id, sku, name, nameAr, c, unit, price, price - 100, price - 200, CATALOG_NOW, CATALOG_NOW);
      fts.run(id, `${searchIndexText(name)} ${sku.toLowerCase()} ${searchIndexText(`Coopérative ${c}`)}`);
      const lots = 1 + (id % 3);
      for (let k = 0; k < lots; k++) {
        const d = deliveryId(c, (id + k * 3) % 10);
        const qty = id % 10 === 1 ? 1000 : (1 + ((id * 7 + k * 5) % 12)) * 1000;
        const bb = new Date(CATALOG_NOW + (((id * 13 + k * 101) % 400) - 30) * DAY)
          .toISOString()
          .slice(0, 10);
        const { lastInsertRowid } = line.run(d, id, qty, `L${id}-${k}`, id % 11 === 0 ? null : bb);
        const at = CATALOG_NOW - (200 - ((id + k * 3) % 10) * 20) * DAY;
        move.run(id, c, qty, 'receipt', Number(lastInsertRowid), at, manager.id);
      }
      // One product in three sold lately, one in five sold long ago, never more than the first lot.
      if (id % 3 === 0 || id % 5 === 0) {
        const qty = 1000;
        const at = id % 3 === 0 ? CATALOG_NOW - ((id % 29) + 1) * DAY : CATALOG_NOW - 90 * DAY;
        const { lastInsertRowid } = sale.run(++saleLine, id, c, name, unit, qty, price, at);
        move.run(id, c, -qty, 'sale', Number(lastInsertRowid), at, manager.id);
      }
    }
    // One product in seven has a low-stock alert, at 12 units (or 12 kg).
    db.prepare('UPDATE products SET low_stock_alert = 12000 WHERE id % 7 = 3').run();
  })();
  db.close();
  return { dir, file, managerId: manager.id };
}
