/**
 * The station's RSS around one 200 x 400 label sheet on the 5,000-product shop, without the hour-long
 * reports stage (bench/report-bench.ts has the same rows among many):
 *
 *   tsx bench/label-sheet-rss.ts [copies]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/open';
import { createUser } from '../db/services/users';
import { Store } from '../db/store';
import { buildStation } from '../server/build';
import { isEntryPoint } from '../server/entry-point';
import { benchDataDir } from './data/cache';
import { SHOP_PRODUCTS, benchScale, shopHistory } from './shop-history';
import { StationClient, startStation } from './station-client';

const PIN = '2468';

export async function labelSheetRss(copies = 400): Promise<Record<string, number>> {
  const history = shopHistory(benchScale());
  const dir = mkdtempSync(join(benchDataDir(), 'labels-rss-'));
  const file = join(dir, 'shop.db');
  copyFileSync(history.file, file);
  const db = openDatabase(file);
  const manager = createUser(new Store(db), null, { name: 'Bench manager', role: 'manager', pin: PIN }).id;
  db.close();
  const station = await startStation(await buildStation(), file, { readyTimeoutMs: 60_000 });
  try {
    const out: Record<string, number> = { start: station.rssMb() };
    const c = await new StationClient(station.port).login(manager, PIN);
    const items = Array.from({ length: 200 }, (_, i) => ({
      productId: 1 + ((i * 25) % SHOP_PRODUCTS),
      copies,
    }));
    const t = performance.now();
    await c.call('labels.sheet', { items, layout: '3x8' });
    out.sheetMs = performance.now() - t;
    out.afterSheet = station.rssMb();
    c.close();
    // The documents worker ends 10 s after its last document (api/report-workers.ts).
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      out.idle = station.rssMb();
    }
    return out;
  } finally {
    await station.stop();
    // A copy of the shop is 800 MB.
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  labelSheetRss(Number(process.argv[2] ?? 400)).then((r) => console.log(JSON.stringify(r)));
}
