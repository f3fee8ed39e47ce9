import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import { draftSettlement, issueSettlement } from '../db/services/settlements';
import { Store } from '../db/store';
import { SALES_COOPERATIVES, SALES_END, salesDatabase } from './data/sales-db';
import { row, timeMs, type BenchRow } from './types';

/**
 * The month-end statement of one cooperative in a database of 1,000,000 sale lines whose earlier
 * months are settled. Runs on a copy, since issuing changes the data for good.
 */
export function settlementBench(n = 8): BenchRow[] {
  const { file } = salesDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'souk-bench-settle-'));
  const work = join(dir, 'sales.db');
  copyFileSync(file, work);
  const db = openDatabase(work);
  try {
    const store = new Store(db);
    const admin = { userId: 1, role: 'admin' as const };
    const drafts: number[] = [];
    const issues: number[] = [];
    let lines = 0;
    for (let i = 0; i < n; i++) {
      const cooperativeId = 1 + ((i * 7) % SALES_COOPERATIVES);
      const input = { cooperativeId, periodEnd: SALES_END };
      drafts.push(
        timeMs(() => {
          lines = draftSettlement(store, input).saleLineCount;
        }),
      );
      issues.push(timeMs(() => issueSettlement(store, admin, input)));
    }
    return [
      row(`settlement draft (1M lines, ~${lines} open)`, drafts, 'ms', { on: 'p99', max: 200 }),
      // The first issue on a fresh copy also grows a new WAL file by ~1,300 pages (the claimed lines are
      // spread over the table); a shop's WAL file is reused after each checkpoint. p99 is shown, p50 is the aim.
      row('settlement issue (1M lines)', issues, 'ms', { on: 'p50', max: 200 }),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
