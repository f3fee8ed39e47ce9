import { SEARCH_INDEX_VERSION, searchIndexText } from '../core/search-text';
import type { Db } from './open';

export interface SearchTextSource {
  name_fr: string;
  name_ar: string;
  sku: string;
  codes: string | null;
  coop_name: string;
}

/** The text products_fts holds for a product: its names, SKU, barcodes and cooperative, folded. */
export function productSearchText(
  r: SearchTextSource,
  fold: (text: string) => string = searchIndexText,
): string {
  return [fold(r.name_fr), fold(r.name_ar), r.sku.toLowerCase(), r.codes ?? '', fold(r.coop_name)].join(' ');
}

/** Folding is the slow part of a rebuild, and cooperative names (and many product names) repeat. */
function memoFold(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let f = seen.get(text);
    if (f === undefined) {
      f = searchIndexText(text);
      seen.set(text, f);
    }
    return f;
  };
}

/**
 * Rebuilds products_fts when it was written by an older searchIndexText (the folding lives in the
 * application, so an SQL migration cannot redo it; migration 004 marks the index stale). One
 * transaction: a crash leaves the old index. Returns the number of products reindexed (0 when current).
 */
export function ensureSearchIndex(db: Db): number {
  const state = db.prepare('SELECT version FROM search_index_state WHERE id = 1').get() as
    { version: number } | undefined;
  if (state?.version === SEARCH_INDEX_VERSION) return 0;
  return db.transaction(() => {
    db.prepare('DELETE FROM products_fts').run();
    const insert = db.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)');
    const fold = memoFold();
    let n = 0;
    for (const r of db
      .prepare(
        `SELECT p.id, p.name_fr, p.name_ar, p.sku, c.name_fr AS coop_name,
           (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes
         FROM products p JOIN cooperatives c ON c.id = p.cooperative_id`,
      )
      .all() as (SearchTextSource & { id: number })[]) {
      insert.run(r.id, productSearchText(r, fold));
      n++;
    }
    db.prepare('INSERT OR REPLACE INTO search_index_state (id, version) VALUES (1, ?)').run(
      SEARCH_INDEX_VERSION,
    );
    return n;
  })();
}
