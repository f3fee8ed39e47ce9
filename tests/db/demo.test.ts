import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidGtin } from '../../core/barcode';
import { AppError } from '../../core/errors';
import { ensureDemoDatabase, seedDemo, type DemoSummary } from '../../db/demo/seed';
import { verifyJournal } from '../../db/journal';
import { openDatabase, type Db } from '../../db/open';
import { verifyUserPin } from '../../db/services/users';
import { Store } from '../../db/store';

const END_AT = Date.UTC(2026, 10, 20, 15, 42, 0);
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('demo seed', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let store: Store;
  let summary: DemoSummary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-demo-'));
    file = join(dir, 'data', 'demo.db');
    const result = await ensureDemoDatabase(file, { endAt: END_AT });
    expect(result.created).toBe(true);
    if (!result.summary) throw new Error('no summary');
    summary = result.summary;
    db = openDatabase(file);
    store = new Store(db);
  }, 120_000);

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const n = (sql: string, ...params: unknown[]): number =>
    (db.prepare(sql).get(...params) as { n: number | null }).n ?? 0;

  it('builds a shop of realistic size and says so in the summary', () => {
    expect(summary.counts.cooperatives).toBeGreaterThanOrEqual(12);
    expect(summary.counts.cooperatives).toBeLessThanOrEqual(16);
    const womensShare = summary.counts.womensCooperatives / summary.counts.cooperatives;
    expect(womensShare).toBeGreaterThan(0.3);
    expect(womensShare).toBeLessThan(0.45);
    expect(summary.counts.products).toBeGreaterThanOrEqual(270);
    expect(summary.counts.products).toBeLessThanOrEqual(340);
    expect(summary.counts.sales).toBeGreaterThanOrEqual(7 * 35);
    expect(summary.counts.sales).toBeLessThanOrEqual(7 * 80);
    expect(summary.counts.voids).toBe(7);
    expect(summary.counts.customerReturns).toBeGreaterThanOrEqual(7);
    expect(summary.counts.settlements).toBe(2);
    expect(summary.counts.cashSessions).toBe(7);
    expect(summary.counts.sales).toBe(n('SELECT COUNT(*) n FROM sales'));
    expect(summary.salesTotal).toBe(n('SELECT SUM(total) n FROM sales WHERE voided_at IS NULL'));
    expect(summary.to).toBeLessThanOrEqual(END_AT);
    expect(n('SELECT MAX(at) n FROM journal')).toBe(summary.to);
  });

  it('documents users whose PINs actually log in, with every language', () => {
    expect(summary.users.map((u) => u.role).sort()).toEqual([
      'admin',
      'cashier',
      'cashier',
      'cashier',
      'manager',
      'manager',
    ]);
    expect(new Set(summary.users.map((u) => u.language))).toEqual(new Set(['fr', 'ar', 'en']));
    for (const u of summary.users) {
      const row = db.prepare('SELECT id FROM users WHERE name = ?').get(u.name) as { id: number };
      expect(verifyUserPin(store, row.id, u.pin)?.role).toBe(u.role);
      expect(verifyUserPin(store, row.id, '9876')).toBeNull();
    }
  });

  it('has a configured shop, bilingual names, labels and valid Moroccan barcodes', () => {
    const shopJson = db.prepare("SELECT value FROM settings WHERE key = 'shop'").pluck().get() as string;
    const shop = JSON.parse(shopJson) as Record<string, string>;
    expect(shop.name).toBe('Souk Tadamoun — Boutique équitable');
    expect(shop.ice).toMatch(/^\d{15}$/);
    expect(shop.receiptFooter).toContain('شكرا');
    expect(n("SELECT COUNT(*) n FROM products WHERE name_ar = '' OR name_fr = ''")).toBe(0);
    const gtins = db.prepare("SELECT code FROM barcodes WHERE kind = 'gtin'").pluck().all() as string[];
    expect(gtins.length).toBeGreaterThan(100);
    for (const code of gtins) {
      expect(code.startsWith('611')).toBe(true);
      expect(isValidGtin(code)).toBe(true);
    }
    // Every product scans: a GS1 code, a shop label, or a scale reference for weighed goods.
    expect(
      n(
        'SELECT COUNT(*) n FROM products p WHERE scale_ref IS NULL AND NOT EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id)',
      ),
    ).toBe(0);
    expect(
      n("SELECT COUNT(*) n FROM products WHERE unit = 'kg' AND scale_ref GLOB '[0-9][0-9][0-9][0-9][0-9]'"),
    ).toBe(n("SELECT COUNT(*) n FROM products WHERE unit = 'kg'"));
    expect(n("SELECT COUNT(*) n FROM products WHERE unit = 'l'")).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) n FROM products WHERE quality_labels LIKE '%Argane IGP%'")).toBeGreaterThan(0);
    expect(
      n("SELECT COUNT(*) n FROM products WHERE quality_labels LIKE '%Safran de Taliouine AOP%'"),
    ).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) n FROM products WHERE terms_kind = 'fixed'")).toBeGreaterThan(0);
    expect(n('SELECT COUNT(DISTINCT vat_code) n FROM products')).toBeGreaterThanOrEqual(5);
    expect(n('SELECT COUNT(DISTINCT tier) n FROM customers')).toBe(3);
  });

  it('shows each paperwork feature without typing: an invoice, an account to invoice, consent, certificates', () => {
    const shopToday = new Date(END_AT + 3_600_000).toISOString().slice(0, 10);
    // The fiscal identity is complete: an invoice can be issued from the first minute.
    const invoicing = JSON.parse(
      db.prepare("SELECT value FROM settings WHERE key = 'invoicing'").pluck().get() as string,
    ) as { legalName: string; rcCourt: string };
    expect(invoicing.legalName).not.toBe('');
    expect(invoicing.rcCourt).toBe('Rabat');
    // Both wholesale accounts carry what an invoice needs; one already has its week invoiced, the other not.
    expect(
      n(
        "SELECT COUNT(*) n FROM customers WHERE tier = 'wholesale' AND ice IS NOT NULL AND address IS NOT NULL",
      ),
    ).toBe(2);
    const invoiced = db
      .prepare("SELECT buyer_name FROM invoices WHERE kind = 'invoice'")
      .pluck()
      .all() as string[];
    expect(invoiced).toEqual(['Épicerie fine Dar Zitoun']);
    expect(
      n(
        `SELECT COUNT(*) n FROM sales s JOIN customers c ON c.id = s.customer_id
         WHERE c.name = 'Hôtel Bouregreg Palace' AND s.voided_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM invoice_sales i WHERE i.sale_id = s.id)`,
      ),
    ).toBeGreaterThan(0);
    expect(n('SELECT COUNT(*) n FROM customer_consents WHERE given = 1')).toBe(1);
    // Certificates in every state the screens show: valid, ending within three weeks, ended.
    const ends = db.prepare('SELECT valid_to FROM certificates ORDER BY valid_to').pluck().all() as string[];
    expect(ends.filter((d) => d < shopToday)).toHaveLength(1);
    expect(ends.filter((d) => d >= shopToday && d <= addDays(shopToday, 21))).toHaveLength(1);
    expect(ends.filter((d) => d > addDays(shopToday, 90))).toHaveLength(2);
  });

  it('keeps the stock ledger exact and never negative', () => {
    const mismatches = n(`
      SELECT COUNT(*) n FROM (
        SELECT product_id, cooperative_id, SUM(qty) q FROM stock_movements GROUP BY product_id, cooperative_id
      ) m FULL OUTER JOIN stock_levels s USING (product_id, cooperative_id)
      WHERE m.q IS NOT s.on_hand`);
    expect(mismatches).toBe(0);
    expect(n('SELECT COUNT(*) n FROM stock_levels WHERE on_hand < 0')).toBe(0);
    expect(
      n(
        'SELECT COUNT(*) n FROM cooperatives c WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.cooperative_id = c.id)',
      ),
    ).toBe(0);
    expect(
      n(
        "SELECT COUNT(*) n FROM delivery_lines WHERE best_before < date(?, 'unixepoch', '+21 days')",
        END_AT / 1000,
      ),
    ).toBeGreaterThan(0);
    expect(
      n(
        "SELECT COUNT(*) n FROM stock_movements WHERE kind IN ('coop_return', 'adjustment', 'void', 'customer_return')",
      ),
    ).toBeGreaterThan(0);
  });

  it('numbers receipts and returns without gaps and balances every sale', () => {
    const receipts = db.prepare('SELECT receipt_no FROM sales ORDER BY receipt_no').pluck().all() as number[];
    expect(receipts).toEqual(receipts.map((_, i) => i + 1));
    const returns = db
      .prepare('SELECT return_no FROM customer_returns ORDER BY return_no')
      .pluck()
      .all() as number[];
    expect(returns).toEqual(returns.map((_, i) => i + 1));
    expect(n('SELECT COUNT(*) n FROM sale_lines WHERE payout + commission <> amount')).toBe(0);
    expect(n('SELECT COUNT(*) n FROM return_lines WHERE payout + commission <> amount')).toBe(0);
    expect(
      n(`SELECT COUNT(*) n FROM sales s WHERE total <> (SELECT SUM(amount) FROM sale_lines l WHERE l.sale_id = s.id)
           OR total <> (SELECT SUM(amount) FROM payments p WHERE p.sale_id = s.id)`),
    ).toBe(0);
    // The simulation exercises what a real week holds.
    expect(n("SELECT COUNT(*) n FROM sale_lines WHERE tier <> 'retail'")).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) n FROM sale_lines WHERE unit = 'kg'")).toBeGreaterThan(0);
    expect(
      n(
        'SELECT COUNT(*) n FROM (SELECT sale_id FROM payments WHERE sale_id IS NOT NULL GROUP BY sale_id HAVING COUNT(*) > 1)',
      ),
    ).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) n FROM payments WHERE method = 'cash' AND change > 0")).toBeGreaterThan(0);
    expect(n("SELECT COUNT(*) n FROM cash_movements WHERE kind = 'out'")).toBeGreaterThan(0);
  });

  it('settles mid-week exactly and leaves the last session open for the next sale', () => {
    const bad = n(`
      SELECT COUNT(*) n FROM settlements st WHERE net_sales <>
        COALESCE((SELECT SUM(amount) FROM sale_lines WHERE settlement_id = st.id), 0)
        - COALESCE((SELECT SUM(amount) FROM return_lines WHERE settlement_id = st.id), 0)
        OR payout <> COALESCE((SELECT SUM(payout) FROM sale_lines WHERE settlement_id = st.id), 0)
        - COALESCE((SELECT SUM(payout) FROM return_lines WHERE settlement_id = st.id), 0)`);
    expect(bad).toBe(0);
    expect(n('SELECT COUNT(*) n FROM sale_lines WHERE settlement_id IS NOT NULL')).toBeGreaterThan(0);
    expect(n('SELECT COUNT(*) n FROM sale_lines WHERE settlement_id IS NOT NULL AND voided = 1')).toBe(0);
    const open = db.prepare('SELECT id FROM cash_sessions WHERE closed_at IS NULL').pluck().all();
    expect(open).toEqual([summary.openSessionId]);
    expect(n('SELECT MAX(id) n FROM cash_sessions')).toBe(summary.openSessionId);
    expect(
      n('SELECT COUNT(*) n FROM cash_sessions WHERE closed_at IS NOT NULL AND counted_cash IS NULL'),
    ).toBe(0);
  });

  it('keeps the journal chain intact', () => {
    const v = verifyJournal(store);
    expect(v).toEqual({ ok: true, entries: summary.counts.journalEntries, brokenAt: null });
    expect(v.entries).toBeGreaterThan(summary.counts.sales);
  });

  it('is deterministic for a seed, different for another, and never overwrites', async () => {
    const totals = (d: Db) => d.prepare('SELECT total FROM sales ORDER BY id').pluck().all();
    const again = join(dir, 'again.db');
    const other = join(dir, 'other.db');
    const a = await ensureDemoDatabase(again, { endAt: END_AT });
    const b = await ensureDemoDatabase(other, { endAt: END_AT, seed: 7, days: 2 });
    expect(a.summary?.salesTotal).toBe(summary.salesTotal);
    expect(a.summary?.counts).toEqual(summary.counts);
    const db2 = openDatabase(again);
    try {
      expect(totals(db2)).toEqual(totals(db));
    } finally {
      db2.close();
    }
    expect(b.summary?.counts.cashSessions).toBe(2);
    expect(b.summary?.salesTotal).not.toBe(summary.salesTotal);
    expect(await ensureDemoDatabase(file)).toEqual({ created: false });
    let code = '';
    try {
      seedDemo(store, { endAt: END_AT });
    } catch (err) {
      code = err instanceof AppError ? err.code : 'other';
    }
    expect(code).toBe('CONFLICT');
  }, 120_000);
});
