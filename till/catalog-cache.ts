import { openDatabase, type Db } from '../db/open';
import { productSearchText, type SearchTextSource } from '../db/search-index';
import type { CatalogRows } from '../db/services/catalog-snapshot';
import { Store } from '../db/store';

const PAGE = 2000;

/** The tables a snapshot rewrites, children first (deleting) and parents first (inserting). */
const TABLES = ['stock_levels', 'barcodes', 'products', 'customers', 'cooperatives'] as const;

function insertRows(db: Db, table: string, rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const r of rows) stmt.run(r);
}

/**
 * The till's copy of the catalogue (issue 11): a file with the station's own schema (its migrations), filled
 * with the rows the station's catalog.snapshot sends, so the till prices a cart, reads a barcode and searches
 * with the station's own services (priceCart, lookupBarcode, searchProducts) and finds the same totals.
 * Nothing is ever sold in this file; it can be deleted and fetched again at any time.
 */
export class CatalogCache {
  readonly db: Db;
  private current: Store;

  constructor(
    file: string,
    private readonly tillId: string,
  ) {
    this.db = openDatabase(file);
    this.current = new Store(this.db, { tillId });
  }

  /** A fresh store after each refresh: the settings cache (getSettings) is kept per store. */
  get store(): Store {
    return this.current;
  }

  version(): string | null {
    const r = this.db.prepare("SELECT value FROM settings WHERE key = 'till.catalogVersion'").get() as
      { value: string } | undefined;
    return r ? (JSON.parse(r.value) as string) : null;
  }

  productCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number }).n;
  }

  /**
   * Fetches every page and swaps the cache in one transaction, so a cut link in the middle of a refresh
   * leaves the previous catalogue whole. Returns false when the station's version is the one held.
   */
  async refresh(fetchPage: (afterId: number, limit: number) => Promise<CatalogRows>): Promise<boolean> {
    const first = await fetchPage(0, PAGE);
    if (first.version === this.version()) return false;
    const pages = [first];
    let next = first.nextAfterId;
    while (next !== null) {
      const page = await fetchPage(next, PAGE);
      pages.push(page);
      next = page.nextAfterId;
    }
    this.db.transaction(() => {
      // Customers' rows are personal data (loi 09-08): an account erased at the station must not survive on
      // the till's disk in the pages its rows are deleted from. Zeroed for that table only: doing so for the
      // whole catalogue would write it twice on every refresh.
      const secureDelete = this.db.pragma('secure_delete', { simple: true }) as number;
      this.db.pragma('secure_delete = ON');
      this.db.prepare('DELETE FROM customers').run();
      this.db.pragma(`secure_delete = ${secureDelete}`);
      for (const t of TABLES) this.db.prepare(`DELETE FROM ${t}`).run();
      this.db.prepare('DELETE FROM products_fts').run();
      this.db.prepare("DELETE FROM settings WHERE key <> 'till.catalogVersion'").run();
      insertRows(this.db, 'settings', first.settings ?? []);
      insertRows(this.db, 'cooperatives', first.cooperatives ?? []);
      insertRows(this.db, 'customers', first.customers ?? []);
      for (const p of pages) insertRows(this.db, 'products', p.products);
      for (const p of pages) insertRows(this.db, 'barcodes', p.barcodes);
      for (const p of pages) insertRows(this.db, 'stock_levels', p.stockLevels);
      const index = this.db.prepare('INSERT INTO products_fts (rowid, text) VALUES (?, ?)');
      for (const r of this.db
        .prepare(
          `SELECT p.id, p.name_fr, p.name_ar, p.sku, c.name_fr AS coop_name,
             (SELECT group_concat(code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes
           FROM products p JOIN cooperatives c ON c.id = p.cooperative_id`,
        )
        .all() as (SearchTextSource & { id: number })[]) {
        index.run(r.id, productSearchText(r));
      }
      this.db
        .prepare(
          "INSERT INTO settings (key, value) VALUES ('till.catalogVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(JSON.stringify(first.version));
    })();
    // The WAL still holds the pages as they were (the erased account's row with them) until a checkpoint:
    // copied back and emptied now rather than after SQLite's own 1,000 pages.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.current = new Store(this.db, { tillId: this.tillId });
    return true;
  }

  close(): void {
    this.db.close();
  }
}
