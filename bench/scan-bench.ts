import { lineAmount } from '../core/money';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../core/nomenclature';
import { priceLine } from '../core/pricing';
import { Prng } from '../db/demo/prng';
import { openDatabase } from '../db/open';
import { lookupBarcode } from '../db/services/products';
import { Store } from '../db/store';
import { catalogDatabase } from './data/catalog-db';
import { row, timeMs, type BenchRow } from './types';

/** Scan -> priced line on the 300,000-product catalog: GS1 and shop codes, plus scale labels. */
export function scanBench(n = 5000): BenchRow[] {
  const { file } = catalogDatabase();
  const db = openDatabase(file);
  try {
    const store = new Store(db);
    const rng = new Prng(5000);
    const maxId = (db.prepare('SELECT MAX(rowid) FROM products').pluck().get() as number) ?? 1;
    const codeOf = db.prepare('SELECT code FROM barcodes WHERE product_id = ?').pluck();
    const scaled = db
      .prepare('SELECT scale_ref, retail_price FROM products WHERE scale_ref IS NOT NULL LIMIT 2000')
      .all() as {
      scale_ref: string;
      retail_price: number;
    }[];
    const priceRule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');
    const weightRule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'weight');
    if (!priceRule || !weightRule) throw new Error('default nomenclature lacks scale rules');
    const codes: string[] = [];
    while (codes.length < n) {
      if (rng.chance(0.1) && scaled.length > 0) {
        const p = rng.pick(scaled);
        // A price label holds at most 999.99 MAD (5 digits), so heavy expensive items get weight labels.
        const grams = Math.min(rng.int(100, 2000), Math.floor((99_999 * 1000) / Math.max(1, p.retail_price)));
        codes.push(
          rng.chance(0.5)
            ? makeEmbeddedCode(weightRule, p.scale_ref, grams)
            : makeEmbeddedCode(priceRule, p.scale_ref, lineAmount(p.retail_price, grams)),
        );
      } else {
        const code = codeOf.get(rng.int(1, maxId)) as string | undefined;
        if (code) codes.push(code);
      }
    }
    for (const code of codes.slice(0, 200)) lookupBarcode(store, code); // warm the page cache
    const samples = codes.map((code) =>
      timeMs(() => {
        const scan = lookupBarcode(store, code);
        priceLine(scan.product, scan.quantity ?? 1000);
      }),
    );
    return [row('scan -> priced line (300k products)', samples, 'ms')];
  } finally {
    db.close();
  }
}
