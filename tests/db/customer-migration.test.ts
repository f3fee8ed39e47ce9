import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations';
import { sql as personalDataSql } from '../../db/migrations/017-customer-personal-data';
import { openDatabase, schemaVersion } from '../../db/open';
import { getCustomer, listCustomers } from '../../db/services/customers';
import { eraseCustomer, exportCustomerData } from '../../db/services/personal-data';
import { Store, type Actor } from '../../db/store';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A shop's file as the app before migration 017 left it: accounts with a phone and an ICE, and their sales. */
function olderShop(file: string): void {
  const db = new Database(file);
  const before = MIGRATIONS.indexOf(personalDataSql);
  expect(before).toBeGreaterThan(0);
  for (let v = 1; v <= before; v++) {
    db.exec(MIGRATIONS[v - 1]!);
    db.pragma(`user_version = ${v}`);
  }
  db.exec(`
    INSERT INTO tills (id, name) VALUES ('T1', 'Caisse 1');
    INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (1, 'Admin', 'admin', 'x', 1), (2, 'Youssef', 'cashier', 'x', 1);
    INSERT INTO cash_sessions (id, till_id, opened_by, opened_at, opening_float) VALUES (1, 'T1', 2, 1, 0);
    INSERT INTO customers (id, name, phone, ice, tier, active, created_at)
      VALUES (1, 'Hôtel Atlas', '0522 40 10 10', '001525879000062', 'wholesale', 1, 1000),
             (2, 'Épicerie Nour', NULL, NULL, 'semi', 1, 2000);
    INSERT INTO sales (id, client_id, till_id, receipt_no, session_id, cashier_id, customer_id, at, total, discount_total)
      VALUES (1, 'a', 'T1', 1, 1, 2, 1, 5000, 43200, 0), (2, 'b', 'T1', 2, 1, 2, 2, 6000, 10800, 0),
             (3, 'c', 'T1', 3, 1, 2, 1, 7000, 9600, 0);
  `);
  db.close();
}

describe('migration 017 on an older shop file', () => {
  it('keeps every account and sale, adds the personal-data columns empty, and the new rules hold', () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-customers-mig-'));
    const file = join(dir, 'shop.db');
    olderShop(file);
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      const store = new Store(db, { tillId: 'T1', now: () => 10_000 });
      const atlas = getCustomer(store, 1);
      expect(atlas).toMatchObject({
        name: 'Hôtel Atlas',
        phone: '0522 40 10 10',
        ice: '001525879000062',
        tier: 'wholesale',
        active: true,
        address: null,
        ifNumber: null,
        email: null,
        createdAt: 1000,
        updatedAt: null,
        erasedAt: null,
      });
      // No consent is presumed for accounts that existed before consent was recorded.
      expect(atlas.consents.every((c) => !c.given && c.at === null)).toBe(true);
      expect(listCustomers(store, '0522').map((c) => c.id)).toEqual([1]);
      expect(exportCustomerData(store, 1).sales.map((s) => s.id)).toEqual([1, 3]);
      // An account's sales are found through the new index, not by reading every sale.
      const plan = db
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM sales WHERE customer_id = ? ORDER BY at, id')
        .all(1) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' | ')).toContain('sales_customer');

      const admin: Actor = { userId: 1, role: 'admin' };
      eraseCustomer(store, admin, { customerId: 1, confirm: 'Hôtel Atlas' });
      expect(db.prepare('SELECT id, customer_id, total FROM sales ORDER BY id').all()).toEqual([
        { id: 1, customer_id: 1, total: 43200 },
        { id: 2, customer_id: 2, total: 10800 },
        { id: 3, customer_id: 1, total: 9600 },
      ]);
      expect(getCustomer(store, 1)).toMatchObject({ name: 'Client effacé #1', phone: null, ice: null });
      expect(getCustomer(store, 2).name).toBe('Épicerie Nour');
    } finally {
      db.close();
    }
  });
});
