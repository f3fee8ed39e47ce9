import { Prng } from '../db/demo/prng';
import { openDatabase } from '../db/open';
import { searchProducts } from '../db/services/products';
import { Store } from '../db/store';
import { catalogDatabase } from './data/catalog-db';
import { SEARCH_QUERIES } from './data/vocabulary';
import { percentile, row, timeMs, type BenchRow } from './types';

/** Search as you type over 300,000 products: one row per kind of query and the overall p99. */
export function searchBench(perKind = 200): BenchRow[] {
  const { file } = catalogDatabase();
  const db = openDatabase(file);
  try {
    const store = new Store(db);
    const rng = new Prng(15);
    const maxId = db.prepare('SELECT MAX(rowid) FROM products').pluck().get() as number;
    const sample = (sql: string): string[] =>
      Array.from({ length: 8 }, () => db.prepare(sql).pluck().get(rng.int(1, maxId)) as string);
    const kinds: Record<string, readonly string[]> = {
      ...SEARCH_QUERIES,
      sku: sample('SELECT sku FROM products WHERE id = ?'),
      barcode: sample('SELECT code FROM barcodes WHERE product_id >= ? LIMIT 1'),
    };
    const all: number[] = [];
    const rows: BenchRow[] = [];
    for (const [kind, queries] of Object.entries(kinds)) {
      for (const q of queries) searchProducts(store, q); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < perKind; i++) {
        const q = queries[i % queries.length] as string;
        samples.push(timeMs(() => searchProducts(store, q)));
      }
      all.push(...samples);
      rows.push(row(`  search: ${kind}`, samples, 'ms'));
    }
    const overall = row('search (300k products, all kinds)', all, 'ms', { on: 'p99', max: 15 });
    overall.p99 = percentile(all, 99);
    return [overall, ...rows];
  } finally {
    db.close();
  }
}
