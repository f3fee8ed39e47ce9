import { gs1CheckDigit } from '../../core/barcode';
import { divRound } from '../../core/money';
import { makeInternalCode } from '../../core/nomenclature';
import { searchIndexText } from '../../core/search-text';
import { Prng } from '../../db/demo/prng';
import type { Db } from '../../db/open';
import { cachedDatabase, type CachedFile } from './cache';
import { ORIGINS, PRODUCT_TYPES, QUALIFIERS, SIZES } from './vocabulary';

export const CATALOG_PRODUCTS = 300_000;
const COOPERATIVES = 200;
const CREATED_AT = Date.UTC(2026, 0, 5, 9, 0, 0);

export function gtinFor(i: number): string {
  const body = `611${String(i).padStart(9, '0')}`;
  return body + String(gs1CheckDigit(body));
}

/**
 * A 300,000-product catalog written with bulk SQL in one transaction: every product has a barcode
 * (GS1 611..., or a shop label for one in ten), one in twenty is sold by weight with a scale reference,
 * and products_fts holds exactly the folded text indexText in db/services/products.ts writes.
 */
function fill(db: Db): void {
  const rng = new Prng(300_000);
  // Names repeat (a few thousand word combinations), and folding is the slow part of generation.
  const folded = new Map<string, string>();
  const fold = (text: string): string => {
    let f = folded.get(text);
    if (f === undefined) {
      f = searchIndexText(text);
      folded.set(text, f);
    }
    return f;
  };
  db.transaction(() => {
    db.prepare("INSERT INTO tills (id, name) VALUES ('T1', 'Caisse 1')").run();
    const coop = db.prepare(
      `INSERT INTO cooperatives (id, name_fr, name_ar, region, womens, commission_bp, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const coopFolded: string[] = [];
    for (let c = 1; c <= COOPERATIVES; c++) {
      const [fr, ar] = rng.pick(ORIGINS);
      const name = `Coopérative ${fr} ${c}`;
      coop.run(c, name, `تعاونية ${ar} ${c}`, fr, c % 3 === 0 ? 1 : 0, rng.int(15, 35) * 100, CREATED_AT);
      coopFolded[c] = searchIndexText(name);
    }
    const product = db.prepare(
      `INSERT INTO products (id, sku, name_fr, name_ar, cooperative_id, unit, vat_code, retail_price, semi_price,
         wholesale_price, semi_min_qty, wholesale_min_qty, quality_labels, scale_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const barcode = db.prepare('INSERT INTO barcodes (code, product_id, kind) VALUES (?, ?, ?)');
    const fts = db.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)');
    const vats = ['S20', 'R10', 'R7', 'EX', 'Z0', 'R14'] as const;
    let internalSeq = 1;
    let scaleRef = 1;
    for (let id = 1; id <= CATALOG_PRODUCTS; id++) {
      const t = rng.pick(PRODUCT_TYPES);
      const q = rng.pick(QUALIFIERS);
      const o = rng.pick(ORIGINS);
      const byWeight = id % 20 === 0 && scaleRef < 100_000;
      const s = byWeight ? null : rng.pick(SIZES);
      const nameFr = `${t[0]} ${q[0]} ${o[0]}${s ? ` ${s[0]}` : ' (vrac)'}`;
      const nameAr = `${t[1]} ${q[1]} ${o[1]}${s ? ` ${s[1]}` : ''}`;
      const sku = `P${String(id).padStart(6, '0')}`;
      const cooperativeId = 1 + (id % COOPERATIVES);
      const retail = rng.int(10, 2000) * 50;
      const semi = divRound(retail * 92, 5000) * 50;
      const wholesale = Math.min(semi, divRound(retail * 85, 5000) * 50);
      const ref = byWeight ? String(scaleRef++).padStart(5, '0') : null;
      product.run(
        id,
        sku,
        nameFr,
        nameAr,
        cooperativeId,
        byWeight ? 'kg' : 'piece',
        rng.pick(vats),
        retail,
        semi,
        wholesale,
        byWeight ? 2000 : 6000,
        byWeight ? 10000 : 24000,
        id % 7 === 0 ? '["organic"]' : '[]',
        ref,
        CREATED_AT,
        CREATED_AT,
      );
      let code = '';
      if (!byWeight) {
        const internal = id % 10 === 0;
        code = internal ? makeInternalCode(internalSeq++) : gtinFor(id);
        barcode.run(code, id, internal ? 'internal' : 'gtin');
      }
      const text = [fold(nameFr), fold(nameAr), sku.toLowerCase(), code, coopFolded[cooperativeId]].join(' ');
      fts.run(id, text);
    }
    db.prepare("INSERT INTO settings (key, value) VALUES ('next_internal_seq', ?)").run(String(internalSeq));
  })();
}

export function catalogDatabase(): CachedFile {
  return cachedDatabase(`catalog-${CATALOG_PRODUCTS}-v2.db`, fill);
}
